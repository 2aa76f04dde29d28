"""The end of a session: overall score, a chart per competency, strengths, weaknesses, next steps, the difficulty
path, and export to Markdown or JSON."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Digits, Static

from interview_coach.domain.interview import InterviewOptions
from interview_coach.domain.models import CoachMode, Session, SessionSummary
from interview_coach.domain.progress import derive
from interview_coach.tui import bindings
from interview_coach.tui.labels import plural, score_style
from interview_coach.tui.screens.base import CoachScreen
from interview_coach.tui.widgets.charts import CompetencyChart
from interview_coach.tui.widgets.key_footer import KeyFooter
from interview_coach.tui.widgets.status_bar import StatusBar


def bullet_list(items: list[str], empty: str) -> Content:
    if not items:
        return Content.styled(empty, "$text-muted")
    return Content("\n").join(Content.assemble(("• ", "$text-accent"), item) for item in items)


_MODES = {
    CoachMode.LLM: "scored by the AI coach",
    CoachMode.OFFLINE: "scored offline",
    CoachMode.MIXED: "mixed: some answers scored offline",
}


class SummaryScreen(CoachScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        bindings.EXPORT_MD,
        bindings.EXPORT_JSON,
        bindings.HISTORY,
        bindings.NEW,
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.summary = session.summary or SessionSummary()
        self.exported: dict[str, Path] = {}

    def compose(self) -> ComposeResult:
        session, summary = self.session, self.summary
        options = InterviewOptions.from_snapshot(session.settings)
        progress = derive(session, start_level=options.start_level, adaptive=options.adaptive)
        overall = summary.overall if summary.overall is not None else session.overall_score
        with VerticalScroll(id="summary-body"):
            yield Static(
                Content.assemble(
                    ("Interview complete", "bold $text-accent"),
                    f"  {session.track} · {plural(len(progress.main_scores), 'question')} · {_MODES[session.mode]}"
                    f" · session {session.id[:8]}",
                ),
                id="summary-title",
            )
            with Horizontal(id="summary-top"):
                with Vertical(id="summary-score") as box:
                    box.border_title = "Overall"
                    yield Digits(f"{overall:.0f}" if overall is not None else "-", id="summary-digits")
                    yield Static(Content.styled("out of 100", f"bold {score_style(overall)}"), id="summary-caption")
                with Vertical(id="summary-chart") as box:
                    box.border_title = "By competency"
                    yield CompetencyChart(summary.competency_scores)
            with Horizontal(id="summary-lists"):
                for title, items, empty in (
                    ("Strengths", summary.strengths, "Nothing stood out yet."),
                    ("To work on", summary.weaknesses, "No weak spots found."),
                    ("Next steps", summary.next_steps, "Keep practising."),
                ):
                    with Vertical(classes="summary-list") as box:
                        box.border_title = title
                        yield Static(bullet_list(items, empty))
            path = " → ".join(str(level) for level in session.difficulty_path) or "-"
            scores = " · ".join(f"{score:.0f}" for score in progress.main_scores) or "-"
            yield Static(
                Content.assemble(("Difficulty path ", "bold"), path, ("   Scores ", "bold"), scores),
                id="summary-path",
            )
            yield Static(self._export_line(), id="summary-export")
            if options.feedback == "end":
                # Feedback was held for the end: each question's score, points and reference answer are here.
                with Vertical(id="summary-questions") as box:
                    box.border_title = "Each question"
                    yield Static(self._questions(progress.main_scores), id="summary-questions-text")
            with Horizontal(id="summary-buttons"):
                yield Button("Export .md", id="export-md", variant="primary")
                yield Button("Export .json", id="export-json")
                yield Button("History", id="history")
                yield Button("New interview", id="new", variant="success")
        yield StatusBar()
        yield KeyFooter()

    def _questions(self, scores: list[float]) -> Content:
        """One block per main question: id, score, the points met, missed and contradicted, and the reference."""
        from interview_coach.domain.inert import inert
        from interview_coach.domain.models import CriterionStatus, TurnKind

        session, bank = self.session, self.services.bank
        by_seq = {e.answer_turn_seq: e for e in session.evaluations}
        blocks: list[Content] = []
        turns = session.turns
        main = [t for t in turns if t.kind is TurnKind.QUESTION and t.difficulty is not None]
        for number, (turn, score) in enumerate(zip(main, scores, strict=False), start=1):
            answer = next((t for t in turns if t.kind is TurnKind.ANSWER and t.seq > turn.seq), None)
            evaluation = by_seq.get(answer.seq) if answer else None
            question = bank.get(turn.question_id or "")
            lines = [Content.assemble((f"{number}. {turn.question_id}  ", "bold"), (f"{score:.0f}/100", "bold"))]
            if evaluation is not None and question is not None:
                described = {c.id: c.description.rstrip(".") for c in question.rubric}
                for state in (
                    CriterionStatus.MET,
                    CriterionStatus.PARTLY,
                    CriterionStatus.MISSED,
                    CriterionStatus.CONTRADICTED,
                ):
                    ids = [c.criterion_id for c in evaluation.criteria if c.state is state]
                    if ids:
                        lines.append(Content(f"   {state.value}: " + "; ".join(described.get(i, i) for i in ids)))
            if question is not None and question.reference_answer:
                lines.append(Content.styled("   Reference: " + inert(question.reference_answer), "$text-muted"))
            blocks.append(Content("\n").join(lines))
        return Content("\n\n").join(blocks) if blocks else Content("No main question was answered.")

    def _export_line(self) -> Content:
        if not self.exported:
            md, js = self.coach_app.key_display("export_md"), self.coach_app.key_display("export_json")
            return Content.assemble(
                ("Export ", "bold"),
                f"with {md} (Markdown) or {js} (JSON), into {self.services.exports_dir}",
            )
        lines = [Content.assemble(("Exported ", "bold $text-success"), str(path)) for path in self.exported.values()]
        return Content("\n").join(lines)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"export-md": "export('md')", "export-json": "export('json')", "history": "history", "new": "new"}
        action = actions.get(event.button.id or "")
        if action:
            self.run_worker(self.run_action(action))

    def action_export(self, fmt: str) -> None:
        self._export(fmt)

    @work(group="export", exclusive=False, exit_on_error=False)
    async def _export(self, fmt: str) -> None:
        from interview_coach.tui.exporting import export_session

        store, bank = self.services.store, self.services.bank
        await store.wait_open()
        # The stored session is the record (the one on screen is the engine's cache of it).
        session = await asyncio.to_thread(store.load_session, self.session.id)
        path = await asyncio.to_thread(export_session, session, fmt, self.services.exports_dir, bank.questions)
        self.exported[fmt] = path
        self.query_one("#summary-export", Static).update(self._export_line())
        self.notify(str(path), title=f"Exported {'Markdown' if fmt == 'md' else 'JSON'}")

    def action_history(self) -> None:
        self.coach_app.action_history()

    def action_new(self) -> None:
        from interview_coach.tui.screens.home import HomeScreen

        self.coach_app.current_session = None
        self.app.switch_screen(HomeScreen())

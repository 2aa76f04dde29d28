"""History: past sessions in a table, a score trend per track, and a past session's transcript (read-only)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from interview_coach.domain.models import SessionOverview, SessionStatus
from interview_coach.tui import bindings
from interview_coach.tui.labels import local_time, plural, score_style
from interview_coach.tui.screens.base import CoachScreen
from interview_coach.tui.widgets.charts import TrackTrends
from interview_coach.tui.widgets.key_footer import KeyFooter
from interview_coach.tui.widgets.status_bar import StatusBar

HISTORY_LIMIT = 500
STATUS_NAMES = {
    SessionStatus.IN_PROGRESS: "unfinished",
    SessionStatus.COMPLETED: "done",
    SessionStatus.ABANDONED: "abandoned",
}


def score_trends(sessions: list[SessionOverview]) -> dict[str, list[float]]:
    """Per track, the overall scores of finished sessions, oldest first."""
    trends: dict[str, list[float]] = defaultdict(list)
    for overview in sorted(sessions, key=lambda s: s.started_at):
        if overview.overall_score is not None:
            trends[overview.track].append(overview.overall_score)
    return dict(trends)


class HistoryScreen(CoachScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [bindings.OPEN, bindings.RESUME, bindings.BACK]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[SessionOverview] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="history-body"):
            with Vertical(id="history-trends") as box:
                box.border_title = "Score trend by track"
                yield Static("Loading...", id="history-trends-loading")
            table: DataTable[str | Content] = DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            table.border_title = "Sessions"
            yield table
        yield StatusBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key, width in (
            ("Started", "started", 16),
            ("Track", "track", 18),
            ("Coach", "mode", 7),
            ("Status", "status", 10),
            ("Answers", "answers", 7),
            ("Score", "score", 5),
        ):
            table.add_column(label, key=key, width=width)
        table.focus()
        self.coach_app.ensure_store_opening()
        self._load()

    @work(group="history", exclusive=True, exit_on_error=False)
    async def _load(self) -> None:
        store = self.services.store
        await store.wait_open()
        self.sessions = await asyncio.to_thread(store.list_sessions, None, HISTORY_LIMIT)
        table = self.query_one(DataTable)
        table.clear()
        for overview in self.sessions:
            score = overview.overall_score
            table.add_row(
                local_time(overview.started_at),
                overview.track,
                overview.mode.value,
                STATUS_NAMES.get(overview.status, overview.status.value),
                str(overview.answers),
                Content.styled(f"{score:>5.0f}", score_style(score)) if score is not None else "    -",
                key=overview.id,
            )
        table.border_subtitle = f"{plural(len(self.sessions), 'session')} · Enter opens the transcript"
        trends = self.query_one("#history-trends", Vertical)
        await trends.remove_children()
        await trends.mount(TrackTrends(score_trends(self.sessions)))
        self.refresh_bindings()

    def _selected(self) -> SessionOverview | None:
        table = self.query_one(DataTable)
        if not self.sessions or table.cursor_row < 0 or table.cursor_row >= len(self.sessions):
            return None
        return self.sessions[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            selected = self._selected()
            return selected is not None and selected.status is SessionStatus.IN_PROGRESS
        return True

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        selected = self._selected()
        if selected is not None:
            self.app.push_screen(TranscriptScreen(selected))

    def action_resume(self) -> None:
        from interview_coach.tui.screens.interview import InterviewScreen

        selected = self._selected()
        if selected is None or selected.status is not SessionStatus.IN_PROGRESS:
            return
        if any(isinstance(screen, InterviewScreen) for screen in self.app.screen_stack):
            self.notify("Finish or quit the interview on screen first.", severity="warning")
            return
        self.app.pop_screen()
        self.app.switch_screen(InterviewScreen(resume=True, session_id=selected.id))

    def action_back(self) -> None:
        self.app.pop_screen()


class TranscriptScreen(CoachScreen[None]):
    """A past session as the Markdown report `export` writes, read-only."""

    BINDINGS: ClassVar[list[BindingType]] = [bindings.BACK]

    def __init__(self, overview: SessionOverview) -> None:
        super().__init__()
        self.overview = overview

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="transcript-body") as body:
            body.border_title = f"{self.overview.track} · {local_time(self.overview.started_at)} · read-only"
            yield Static("Loading the transcript...", id="transcript-loading")
        yield StatusBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#transcript-body").focus()
        self._load()

    @work(group="transcript", exclusive=True, exit_on_error=False)
    async def _load(self) -> None:
        from interview_coach.export.markdown import render_markdown

        store = self.services.store
        await store.wait_open()
        session = await asyncio.to_thread(store.load_session, self.overview.id)
        text = render_markdown(session, self.services.bank.questions)
        body = self.query_one("#transcript-body", VerticalScroll)
        await body.remove_children()
        # The report's Markdown source, shown as text: it quotes answers and a model's words, so nothing in it may
        # act as markup or a link.
        await body.mount(Static(Content(text), id="transcript"))
        body.scroll_home(animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()

"""The question: its type, level, competency badges, progress, hints and a countdown when there is a limit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from interview_coach.domain.interview import Prompt
from interview_coach.domain.models import TurnKind
from interview_coach.tui.labels import countdown, prompt_title

TYPE_NAMES = {"warmup": "warm-up", "technical": "technical", "behavioral": "behavioural", "system_design": "design"}


class QuestionPanel(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    QuestionPanel {
        border: round $primary;
        border-title-color: $text-primary;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        height: auto;
        max-height: 45%;
        &.-overtime { border-subtitle-color: $text-error; border-subtitle-style: bold; }
        #badges { color: $text-muted; }
        #prompt { padding: 1 0 0 0; text-style: bold; }
        #hints { color: $text-warning; padding: 1 0 0 0; }
        #hints.-empty { display: none; }
        #why { color: $text-secondary; text-style: italic; }
        #why.-empty { display: none; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - textual's own parameter name
        super().__init__(id=id)
        self.prompt: Prompt | None = None
        self._hints: list[str] = []
        self.border_title = "Loading the first question..."

    def compose(self) -> ComposeResult:
        yield Static(id="badges")
        yield Static(id="why", classes="-empty")  # a job-tailored session: why this question was chosen
        yield Static(id="prompt")
        yield Static(id="hints", classes="-empty")

    def show(self, prompt: Prompt, hints: list[str] | None = None) -> None:
        """Show ``prompt`` with the hints already taken for it (a resumed session keeps them)."""
        self.prompt = prompt
        self._hints = list(hints or [])
        self.border_title = prompt_title(prompt)
        self.query_one("#badges", Static).update(self._badges(prompt))
        self.query_one("#prompt", Static).update(Content(prompt.text))
        self._render_hints()
        self._render_why(prompt.why if prompt.kind is not TurnKind.FOLLOW_UP else None)
        self.scroll_home(animate=False)

    def show_message(self, title: str, text: str) -> None:
        """Between questions (loading, summarising): a title and a line of text instead of a question."""
        self.prompt = None
        self.border_title = title
        self.border_subtitle = ""
        self.query_one("#badges", Static).update("")
        self.query_one("#prompt", Static).update(Content(text))
        self.query_one("#hints", Static).add_class("-empty")
        self._render_why(None)

    def add_hint(self, text: str, prompt: Prompt | None) -> None:
        """Add a hint; ``prompt`` is the refreshed prompt (its ``hints_used`` counts the new hint)."""
        self._hints.append(text)
        if prompt is not None:
            self.prompt = prompt
            self.query_one("#badges", Static).update(self._badges(prompt))
        self._render_hints()
        self.scroll_end(animate=False)

    def _render_hints(self) -> None:
        lines = [Content.assemble((f"Hint {n}: ", "bold"), hint) for n, hint in enumerate(self._hints, 1)]
        hints = self.query_one("#hints", Static)
        hints.update(Content("\n").join(lines))
        hints.set_class(not lines, "-empty")

    def _render_why(self, why: str | None) -> None:
        line = self.query_one("#why", Static)
        line.update(Content(f"Why: {why}") if why else Content(""))
        line.set_class(not why, "-empty")

    def set_elapsed(self, elapsed_s: float) -> None:
        """Update the countdown (if this question has a time limit)."""
        limit = self.prompt.time_limit_s if self.prompt else None
        text, over = countdown(limit, elapsed_s)
        self.border_subtitle = text
        self.set_class(over, "-overtime")

    def _badges(self, prompt: Prompt) -> Content:
        question = prompt.question
        kind = "follow-up" if prompt.kind is TurnKind.FOLLOW_UP else TYPE_NAMES.get(str(question.type), question.type)
        parts: list[Content | tuple[str, str] | str] = [
            (kind, "bold"),
            " · ",
            f"level {prompt.difficulty}",
        ]
        for competency in question.competencies:
            parts += [" ", (f" {competency} ", "$text-accent on $accent-muted")]
        left = prompt.hints_left
        if question.hints:
            parts += [" · ", f"{left} hint{'s' if left != 1 else ''} left"]
        return Content.assemble(*parts)

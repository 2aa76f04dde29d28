"""Feedback on the last answer: the score and who gave it, the coach's explanation as it streams in (each
criterion with its points, deductions, a tip), and then the reference answer.

Feedback is shown as plain text (``Content``), never as Markdown or markup: it quotes the candidate and carries a
model's words.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Collapsible, Static

from interview_coach.domain.explain import scored_by_label
from interview_coach.domain.inert import inert
from interview_coach.domain.models import Evaluation
from interview_coach.domain.questions import Question
from interview_coach.tui.labels import score_style

PLACEHOLDER = "Feedback on your answer appears here once you submit it."


class FeedbackPanel(VerticalScroll):
    DEFAULT_CSS = """
    FeedbackPanel {
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        border-subtitle-color: $text-warning;
        padding: 0 1;
        &:focus { border: round $accent; }
        #fb-status { color: $text-muted; }
        #fb-score { padding: 1 0 0 0; }
        #fb-score.-empty, #fb-note.-empty { display: none; }
        #fb-note { color: $text-warning; padding: 1 0 0 0; }
        #fb-text { margin: 1 0 0 0; }
        Collapsible { margin: 1 0 0 0; padding-bottom: 0; border-top: none; background: transparent; }
        #fb-reference-text { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - textual's own parameter name
        super().__init__(id=id)
        self.border_title = "Feedback"
        self._text: Static | None = None
        self.feedback_text = ""

    def compose(self) -> ComposeResult:
        yield Static(PLACEHOLDER, id="fb-status")
        yield Static(id="fb-score", classes="-empty")
        yield Static(id="fb-note", classes="-empty")

    # --- states ---------------------------------------------------------------------------------------------

    async def reset(self, title: str, status: str) -> None:
        """A fresh panel: ``title`` on the border, ``status`` as its first line."""
        await self.remove_children("#fb-text, Collapsible")
        self._text = None
        self.feedback_text = ""
        self.border_title = title
        self.border_subtitle = ""
        self.query_one("#fb-status", Static).update(status)
        self._set("#fb-score", None)
        self._set("#fb-note", None)

    def set_status(self, text: str) -> None:
        self.query_one("#fb-status", Static).update(text)

    def set_busy(self, text: str | None) -> None:
        """A short 'working' note on the border (scoring, streaming)."""
        self.border_subtitle = text or ""

    def show_evaluation(self, evaluation: Evaluation, question: Question | None) -> None:
        """The score and who gave it; the feedback below explains it criterion by criterion."""
        style = score_style(evaluation.overall)
        line = Content.assemble(
            ("Score ", "bold"),
            (f"{evaluation.overall:.0f}/100", f"bold {style}"),
            (f"  {scored_by_label(evaluation.scored_by)}", "$text-muted"),
        )
        self._set("#fb-score", line)

    def note(self, text: str | None) -> None:
        self._set("#fb-note", Content(text) if text else None)

    # --- streaming ------------------------------------------------------------------------------------------

    async def append(self, chunk: str) -> None:
        """Append a chunk of the coach's feedback as it arrives.

        Shown as plain text, never Markdown or markup: it quotes the candidate and carries a model's words, and
        neither may style the screen or plant a link. The engine has already escaped control characters.
        """
        if not chunk:
            return
        if self._text is None:
            self._text = Static(id="fb-text")
            await self.mount(self._text, before="#fb-note")
        self.feedback_text += chunk
        self._text.update(Content(inert(self.feedback_text)))

    async def end_stream(self) -> None:
        """Nothing to flush: each chunk is drawn as it arrives (kept for the screens' flow)."""

    async def show_reference(self, text: str) -> None:
        reference = Collapsible(
            Static(Content(inert(text)), id="fb-reference-text"), title="Reference answer", collapsed=False
        )
        await self.mount(reference)

    # --- helpers --------------------------------------------------------------------------------------------

    def _set(self, selector: str, content: Content | None) -> None:
        widget = self.query_one(selector, Static)
        widget.update(content or "")
        widget.set_class(content is None, "-empty")

"""Feedback on the last answer: the score and who gave it, the coach's explanation as it streams in (each
criterion with its points, deductions, a tip), and then the reference answer.

The Markdown widget (and markdown-it behind it) is imported on the first feedback, not at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Collapsible, Static

from interview_coach.domain.explain import scored_by_label
from interview_coach.domain.models import Evaluation
from interview_coach.domain.questions import Question
from interview_coach.tui.labels import score_style

if TYPE_CHECKING:
    from textual.widgets import Markdown
    from textual.widgets.markdown import MarkdownStream

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
        Markdown { margin: 1 0 0 0; padding: 0; background: transparent; }
        Collapsible { margin: 1 0 0 0; padding-bottom: 0; border-top: none; background: transparent; }
        #fb-reference-text { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - textual's own parameter name
        super().__init__(id=id)
        self.border_title = "Feedback"
        self._markdown: Markdown | None = None
        self._stream: MarkdownStream | None = None
        self.feedback_text = ""

    def compose(self) -> ComposeResult:
        yield Static(PLACEHOLDER, id="fb-status")
        yield Static(id="fb-score", classes="-empty")
        yield Static(id="fb-note", classes="-empty")

    # --- states ---------------------------------------------------------------------------------------------

    async def reset(self, title: str, status: str) -> None:
        """A fresh panel: ``title`` on the border, ``status`` as its first line."""
        await self._stop_stream()
        await self.remove_children("Markdown, Collapsible")
        self._markdown = None
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
        """Append a chunk of the coach's feedback (Markdown) as it arrives."""
        if not chunk:
            return
        if self._stream is None:
            from textual.widgets import Markdown

            self._markdown = Markdown(id="fb-text")
            await self.mount(self._markdown, before="#fb-note")
            self._stream = Markdown.get_stream(self._markdown)
        self.feedback_text += chunk
        # Hard line breaks: plain-text feedback (the offline coach's) is one point per line, not one paragraph.
        await self._stream.write(chunk.replace("\n", "  \n"))

    async def end_stream(self) -> None:
        await self._stop_stream()

    async def _stop_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            await stream.stop()

    async def show_reference(self, text: str) -> None:
        reference = Collapsible(
            Static(Content(text), id="fb-reference-text"), title="Reference answer", collapsed=False
        )
        await self.mount(reference)

    # --- helpers --------------------------------------------------------------------------------------------

    def _set(self, selector: str, content: Content | None) -> None:
        widget = self.query_one(selector, Static)
        widget.update(content or "")
        widget.set_class(content is None, "-empty")

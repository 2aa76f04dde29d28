"""The answer box: a soft-wrapping TextArea with a live word count and the time of the first keystroke."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import TextArea

from interview_coach.tui.labels import plural, word_count


class AnswerArea(TextArea):
    DEFAULT_CSS = """
    AnswerArea {
        border: round $secondary;
        border-title-color: $text-secondary;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        min-height: 5;
        &:focus { border: round $accent; border-title-color: $text-accent; }
        &.-saving { border: round $warning; }
    }
    """

    def __init__(
        self,
        *,
        monotonic: Callable[[], float],
        cursor_blink: bool = True,
        id: str | None = None,  # noqa: A002 - textual's own parameter name
    ) -> None:
        super().__init__(id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self.cursor_blink = cursor_blink
        self._monotonic = monotonic
        self._programmatic = 0
        self.first_keystroke_at: float | None = None
        self.border_title = "Your answer"
        self.border_subtitle = plural(0, "word")

    @property
    def word_count(self) -> int:
        return word_count(self.text)

    def set_answer(self, text: str) -> None:
        """Replace the text without counting it as the user's typing (a new question, a text from $EDITOR)."""
        self._programmatic += 1
        self.load_text(text)
        self.move_cursor(self.document.end)

    def start_timing(self) -> None:
        """A new question is on screen: the next change is its first keystroke."""
        self.first_keystroke_at = None

    def set_saving(self, saving: bool) -> None:
        """Show that the answer just submitted is on its way to the database (the box stays editable)."""
        self.set_class(saving, "-saving")
        self.border_title = "Saving your answer..." if saving else "Your answer"

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._programmatic:
            self._programmatic -= 1
        elif self.first_keystroke_at is None:
            self.first_keystroke_at = self._monotonic()
        self.border_subtitle = plural(self.word_count, "word")

"""The side panel of fitting stories, shown before a behavioural question is answered (only when the story bank
has stories). Titles are the candidate's own text: shown as plain ``Content``, never as markup."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from interview_coach.domain.stories import competency_label
from interview_coach.domain.story_match import Suggestion


class StoriesPanel(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    StoriesPanel {
        border: round $secondary;
        border-title-color: $text-secondary;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        #st-list { padding: 0; }
        &.-compact #st-list { text-wrap: nowrap; text-overflow: ellipsis; }
        #st-note { color: $text-warning; }
        #st-note.-empty { display: none; }
        #st-help { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - textual's own parameter name
        super().__init__(id=id)
        self.border_title = "Stories that fit"
        self.suggestions: list[Suggestion] = []
        self.marked: int | None = None
        self.compact = False

    def compose(self) -> ComposeResult:
        yield Static(id="st-list")
        yield Static(id="st-note", classes="-empty")
        yield Static(id="st-help")

    def show(self, suggestions: list[Suggestion], mark_key: str, *, empty: str = "", compact: bool = False) -> None:
        """``compact``: one line per story and no key help (a narrow terminal; the footer names the key)."""
        self.suggestions, self.marked, self.compact = list(suggestions), None, compact
        self.set_class(compact, "-compact")
        self._render_list(empty)
        help_text = f"{mark_key}: mark the one you tell" if suggestions and not compact else ""
        shown = self.query_one("#st-help", Static)
        shown.update(Content(help_text))
        shown.display = bool(help_text)
        self.set_note([])

    def set_marked(self, story_id: int | None) -> None:
        self.marked = story_id
        self._render_list("")

    def set_note(self, notes: list[str]) -> None:
        note = self.query_one("#st-note", Static)
        note.update(Content("\n".join(notes)))
        note.set_class(not notes, "-empty")

    def _render_list(self, empty: str) -> None:
        lines: list[str] = []
        for s in self.suggestions:
            pointer = "\u25b6 " if s.story.id == self.marked else "  "
            fits = ", ".join(competency_label(c) for c in s.matched)
            extra = f"; {s.note}" if s.note else ""
            if self.compact:
                lines.append(f"{pointer}{s.story.id}. {s.story.title} ({fits}{extra})")
            else:
                lines.append(f"{pointer}{s.story.id}. {s.story.title}\n    {fits}{extra}")
        self.query_one("#st-list", Static).update(Content("\n".join(lines) or empty))

"""One line under every screen: the coach state, the voice state and whether everything is saved."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Static


@dataclass
class StatusLine:
    coach: str = ""
    coach_level: str = "-offline"  # -online, -fallback or -offline
    voice: str = ""
    saved: str = ""
    saved_state: str = "-saved"  # -saved, -unsaved or -failed


class StatusBar(Horizontal):
    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
        Static { width: auto; padding: 0 2 0 0; }
        /* The coach's words give way (with an ellipsis) on narrow terminals, never run into the others. */
        #status-coach { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
        #status-coach.-online { color: $text-success; }
        #status-coach.-fallback { color: $text-warning; }
        #status-coach.-offline { color: $text; }
        #status-saved { dock: right; padding: 0; }
        #status-saved.-saved { color: $text-success; }
        #status-saved.-unsaved { color: $text-warning; }
        #status-saved.-failed { color: $text-error; text-style: bold; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="status-coach")
        yield Static("", id="status-voice")
        yield Static("", id="status-saved")

    def on_mount(self) -> None:
        # The app owns the current line (it outlives screens); a new screen's bar starts from it.
        line = getattr(self.app, "status_line", None)
        if isinstance(line, StatusLine):
            self.show(line)

    def show(self, line: StatusLine) -> None:
        try:
            coach = self.query_one("#status-coach", Static)
        except NoMatches:
            return  # a bar whose children are not mounted yet: its on_mount shows the app's current line

        coach.update(Content(f"● {line.coach}" if line.coach else ""))
        for name in ("-online", "-fallback", "-offline"):
            coach.set_class(name == line.coach_level, name)
        self.query_one("#status-voice", Static).update(Content(line.voice))
        saved = self.query_one("#status-saved", Static)
        saved.update(Content(line.saved))
        for name in ("-saved", "-unsaved", "-failed"):
            saved.set_class(name == line.saved_state, name)

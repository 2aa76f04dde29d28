"""The push-to-talk strip under the answer box: recording state, elapsed time and a level meter."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from interview_coach.domain.text import clock

METER_CELLS = 24


def meter(level: float, cells: int = METER_CELLS) -> str:
    filled = round(max(0.0, min(1.0, level)) * cells)
    return "█" * filled + "·" * (cells - filled)


class RecordingBar(Static):
    DEFAULT_CSS = """
    RecordingBar {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        display: none;
        &.-shown { display: block; }
        &.-recording { color: $text-error; }
    }
    """

    def show_recording(self, elapsed_s: float, level: float, stop_key: str) -> None:
        self.set_class(True, "-shown")
        self.set_class(True, "-recording")
        self.update(Content(f"● REC {clock(int(elapsed_s))}  {meter(level)}  {stop_key}: stop and transcribe"))

    def show_status(self, text: str) -> None:
        """A plain note (transcribing, the transcript landed, what went wrong); never markup."""
        self.set_class(True, "-shown")
        self.set_class(False, "-recording")
        self.update(Content(text))

    def hide(self) -> None:
        self.set_class(False, "-shown")
        self.set_class(False, "-recording")
        self.update("")

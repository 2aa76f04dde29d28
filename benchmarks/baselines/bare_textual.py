"""Baseline: a bare Textual app that shows one label, to compare the TUI's start-up against."""

from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("BARE-TEXTUAL-READY")


if __name__ == "__main__":
    Bare().run()

"""The floor for our stack: the bare Textual label app, after importing the two libraries our command line must
load before it can open the TUI (typer for the CLI, pydantic-settings for the settings). It does nothing with
them; the gap to ``bare_textual.py`` is what the mandated stack costs before any of our own code runs."""

import pydantic_settings  # noqa: F401
import typer  # noqa: F401
from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("BARE-TEXTUAL-READY")


if __name__ == "__main__":
    Bare().run()

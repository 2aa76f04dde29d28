"""Help: every key binding (after the user's remapping), where it works, and how to remap it."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from interview_coach.tui import bindings
from interview_coach.tui.screens.base import CoachModal

REMAP_NOTE = (
    "Long feedback: tab moves to the feedback pane, then up/down, pageup/pagedown and home/end scroll it "
    "(shift+tab goes back to the answer; typing there goes into the answer anyway). While the AI coach scores, "
    "escape uses the offline coach at once.\n"
    'Remap any key in config.toml, by binding id:  [keybindings]  hint = "ctrl+g"\n'
    "ctrl+p opens the command palette, which offers every action by name."
)


class HelpScreen(CoachModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [bindings.BACK, ("f1", "back", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc closes"
            yield Static(self._table(), id="help-table")
            yield Static(Content(REMAP_NOTE), id="help-note")

    def _table(self) -> Group:
        app = self.coach_app
        tables = []
        for group in bindings.GROUPS:
            table = Table(title=group.title, title_justify="left", title_style="bold", box=None, expand=True)
            table.add_column("Key", style="bold", no_wrap=True, min_width=8)
            table.add_column("Action", no_wrap=True)
            table.add_column("Id (config)", style="dim", no_wrap=True)
            table.add_column("What it does", ratio=1)
            for binding in group.bindings:
                keys = bindings.effective_key(binding, app.keymap_overrides).split(",")
                table.add_row(
                    ", ".join(key.strip() for key in keys), binding.description, binding.id or "", binding.tooltip
                )
            tables.append(table)
        return Group(*tables)

    def action_back(self) -> None:
        self.dismiss()

"""A small modal question with a few buttons; it returns the chosen value (Esc picks the last choice)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

from interview_coach.tui import bindings
from interview_coach.tui.screens.base import CoachModal

Choice = tuple[str, str, ButtonVariant]  # label, value, button variant


class ChoiceScreen(CoachModal[str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        bindings.BACK,
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, title: str, text: str, choices: list[Choice], *, default: str | None = None) -> None:
        super().__init__()
        self.title_text, self.text, self.choices = title, text, choices
        self.default = default  # the value whose button has focus, so Enter is safe; the first one otherwise

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box") as box:
            box.border_title = self.title_text
            yield Static(Content(self.text), id="choice-text")
            with Horizontal(id="choice-buttons"):
                for label, value, variant in self.choices:
                    yield Button(label, id=f"choice-{value}", name=value, variant=variant)

    def on_mount(self) -> None:
        buttons = [b for b in self.query(Button) if b.name == self.default]
        (buttons[0] if buttons else self.query(Button).first()).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.name or self.choices[-1][1])

    def action_back(self) -> None:
        self.dismiss(self.choices[-1][1])

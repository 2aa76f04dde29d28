"""The command palette (ctrl+p): every action of the app by name, offered where it applies."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from interview_coach.tui import bindings


@dataclass(frozen=True)
class PaletteCommand:
    title: str
    action: str
    help: str
    binding_id: str | None = None
    app_level: bool = False  # an App action (works on every screen) rather than a screen action


COMMANDS: tuple[PaletteCommand, ...] = (
    PaletteCommand("Submit answer", "submit", bindings.SUBMIT.tooltip, "submit"),
    PaletteCommand("Show summary", "summary", bindings.SUMMARY.tooltip, "submit"),
    PaletteCommand("Hint", "hint", bindings.HINT.tooltip, "hint"),
    PaletteCommand("Skip question", "skip", bindings.SKIP.tooltip, "skip"),
    PaletteCommand("Repeat question aloud", "repeat", bindings.REPEAT.tooltip, "repeat"),
    PaletteCommand("Open answer in $EDITOR", "editor", bindings.EDITOR.tooltip, "editor"),
    PaletteCommand("Stop feedback and voice", "cancel", bindings.CANCEL.tooltip, "cancel"),
    PaletteCommand("Start interview", "start", bindings.START.tooltip, "start"),
    PaletteCommand("Resume session", "resume", bindings.RESUME.tooltip, "resume"),
    PaletteCommand("Export session as Markdown", "export('md')", bindings.EXPORT_MD.tooltip, "export_md"),
    PaletteCommand("Export session as JSON", "export('json')", bindings.EXPORT_JSON.tooltip, "export_json"),
    PaletteCommand("New interview", "new", bindings.NEW.tooltip, "new"),
    PaletteCommand("Open transcript", "open", bindings.OPEN.tooltip, "open"),
    PaletteCommand("History", "history", bindings.HISTORY.tooltip, "history", app_level=True),
    PaletteCommand("Voice on/off", "toggle_voice", "Read questions aloud, or stop.", app_level=True),
    PaletteCommand("Help: keys", "help", bindings.HELP.tooltip, "help", app_level=True),
    PaletteCommand("Quit", "quit_app", bindings.QUIT.tooltip, "quit", app_level=True),
)


def _action_name(action: str) -> str:
    return action.split("(", 1)[0]


class CoachCommands(Provider):
    """Offers the commands that the screen under the palette (or the app) can run right now."""

    def _available(self) -> Iterator[tuple[PaletteCommand, DOMNode]]:
        screen = self.screen
        for command in COMMANDS:
            target: DOMNode = self.app if command.app_level else screen
            name = _action_name(command.action)
            if getattr(target, f"action_{name}", None) is None:
                continue
            if target.check_action(name, ()) is not True:
                continue
            yield command, target

    def _help(self, command: PaletteCommand) -> str:
        key_display = getattr(self.app, "key_display", None)
        if command.binding_id and callable(key_display):
            return f"{command.help}  [{key_display(command.binding_id)}]"
        return command.help

    async def discover(self) -> Hits:
        for command, target in self._available():
            yield DiscoveryHit(
                command.title, partial(self.app.run_action, command.action, target), help=self._help(command)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, target in self._available():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    partial(self.app.run_action, command.action, target),
                    text=command.title,
                    help=self._help(command),
                )

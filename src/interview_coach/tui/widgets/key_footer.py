"""The key-hint bar at the bottom of every screen: Textual's ``Footer``, fitted to narrow terminals and, on the
screens the app opens on, mounted once the first frame is painted.

Textual's ``Footer`` builds one widget per key and rebuilds them as focus moves; on the first screen that cost
about 50 ms before anything else was painted (measured with ``benchmarks/run.py``). The question matters more
than the key hints, so with ``defer=True`` this bar paints as an empty footer line first (which is what ``Footer``
itself shows until its bindings are ready) and fills in a frame later.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer

NARROW_BELOW = 100


class KeyFooter(Widget):
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    """

    def __init__(self, *, defer: bool = False) -> None:
        super().__init__()
        self.defer = defer

    def compose(self) -> ComposeResult:
        if not self.defer:
            yield Footer()

    def on_mount(self) -> None:
        if self.defer:
            self.call_after_refresh(self._mount_footer)

    async def _mount_footer(self) -> None:
        if self.is_attached:
            narrow = self._narrow()
            await self.mount(Footer(compact=narrow, show_command_palette=not narrow))
            # The screen announced its bindings before this Footer subscribed; without a fresh announcement it
            # would stay empty until the first key press.
            self.screen.refresh_bindings()

    def on_resize(self) -> None:
        narrow = self._narrow()
        for footer in self.query(Footer):
            footer.compact, footer.show_command_palette = narrow, not narrow

    def _narrow(self) -> bool:
        # Below 100 columns the spaced-out keys and the palette hint push Quit and Help off the line; compact
        # keys without the palette hint (ctrl+p still works, and F1 lists it) keep them in view down to 60.
        return self.size.width < NARROW_BELOW

"""The key-hint bar of the screens the app can open on (interview, home): Textual's ``Footer``, mounted once the
first frame is painted.

Textual's ``Footer`` builds one widget per key and rebuilds them as focus moves; on the first screen that cost
about 50 ms before anything else was painted (measured with ``benchmarks/run.py``). The question matters more
than the key hints, so this bar paints as an empty footer line first (which is what ``Footer`` itself shows
until its bindings are ready) and fills in a frame later. Screens opened later use ``Footer`` directly.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Footer


class KeyFooter(Widget):
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    """

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_footer)

    async def _mount_footer(self) -> None:
        if self.is_attached:
            await self.mount(Footer())
            # The screen announced its bindings before this Footer subscribed; without a fresh announcement it
            # would stay empty until the first key press.
            self.screen.refresh_bindings()

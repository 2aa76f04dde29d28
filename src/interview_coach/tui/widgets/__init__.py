"""Reusable widgets of the interview screens: each carries its own DEFAULT_CSS, the layout lives in app.tcss."""

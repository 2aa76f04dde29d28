"""Command module placeholder: its owner fills in the commands."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Register this module's commands on the root app."""

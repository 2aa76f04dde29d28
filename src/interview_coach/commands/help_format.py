"""Help that reads like a well-kept CLI: placeholders in words (TRACK, DIR, N), never Python types.

Typer 0.2x prints an argument's type after its name ("SESSION_ID <str>", "PATH <list[Path]>") and wraps a required
argument in braces in the usage line ("{TEXT}"), even when we gave it a metavar. Every argument here has a metavar
(tests/test_help.py checks all commands), so for those the type adds nothing: this hides it. Options get their
metavars where they are declared.
"""

from __future__ import annotations

from typing import Any

from typer import core


def install() -> None:
    argument: Any = core.TyperArgument
    if getattr(argument, "_interview_coach_plain", False):
        return
    display_type_rich = argument.display_type_rich
    usage_display_name = argument._usage_display_name

    def type_unless_named(self: Any, ctx: Any) -> str | None:
        return None if self.metavar else display_type_rich(self, ctx)

    def usage_name(self: Any) -> str:
        name = str(usage_display_name(self))
        return name.replace("{", "").replace("}", "") if self.metavar else name

    argument.display_type_rich = type_unless_named
    argument._usage_display_name = usage_name
    argument._interview_coach_plain = True

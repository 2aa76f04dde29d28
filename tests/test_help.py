"""Help that reads like a well-kept CLI: words for placeholders, one meaning per short flag, descriptions that fit."""

from __future__ import annotations

import re

import pytest

from tests.cli_helpers import run_cli

COMMANDS = [
    ("start",),
    ("tracks",),
    ("validate-questions",),
    ("migrate",),
    ("history",),
    ("stats",),
    ("export",),
    ("delete",),
    ("prune",),
    ("doctor",),
    ("speak",),
    ("config", "show"),
    ("config", "path"),
    ("job", "analyze"),
]
PYTHON_TYPE = re.compile(r"<(?:str|int|float|bool|list|file|path|text)\b|\{[A-Z_]+")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_help_shows_a_python_type(capsys: pytest.CaptureFixture[str], command: tuple[str, ...]) -> None:
    result = run_cli(capsys, *command, "--help")
    assert result.code == 0
    assert not PYTHON_TYPE.search(result.out), result.out


def test_command_descriptions_fit_and_short_flags_mean_one_thing(capsys: pytest.CaptureFixture[str]) -> None:
    root = run_cli(capsys, "--help").out
    commands = root.split("Commands:")[1]
    assert "..." not in commands
    shorts: dict[str, set[str]] = {}
    for command in COMMANDS:
        for short, long in re.findall(r"^\s+(-[a-zA-Z]), (--[a-z-]+)", run_cli(capsys, *command, "--help").out, re.M):
            shorts.setdefault(short, set()).add(long)
    assert all(len(longs) == 1 for longs in shorts.values()), shorts


@pytest.mark.parametrize("command", ["start", "export", "validate-questions"])
def test_main_commands_show_examples(capsys: pytest.CaptureFixture[str], command: str) -> None:
    assert "Examples:" in run_cli(capsys, command, "--help").out

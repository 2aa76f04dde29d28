"""Run the real CLI entry point (with its error guard) in-process and capture what it prints."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from interview_coach.cli import app
from interview_coach.commands._common import run_guarded


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    capsys.readouterr()
    code = run_guarded(app, list(args))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)

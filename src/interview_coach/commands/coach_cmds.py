"""`interview-coach doctor`."""

from __future__ import annotations

from typing import Annotated

import typer

from interview_coach.commands._common import echo_json, settings_from

MARKS = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}


def doctor(
    ctx: typer.Context,
    online: Annotated[
        bool, typer.Option("--online", help="Also call the AI server (GET /models + one short, timed reply).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check config, AI coach, database, question bank and voice. Exit 1 when something needed is broken."""
    from interview_coach.doctor import as_json as report_json
    from interview_coach.doctor import run_checks

    checks = run_checks(settings_from(ctx), online=online)
    if as_json:
        echo_json(report_json(checks))
    else:
        for check in checks:
            typer.echo(f"[{MARKS[check.status]}] {check.name:<10} {check.summary}")
    raise typer.Exit(1 if any(c.status == "fail" for c in checks) else 0)


def register(app: typer.Typer) -> None:
    app.command("doctor", short_help="Check everything the coach depends on.")(doctor)

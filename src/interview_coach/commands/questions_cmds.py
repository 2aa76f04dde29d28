"""`interview-coach tracks` and `interview-coach validate-questions`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from interview_coach.commands._common import echo_json, fail, settings_from
from interview_coach.domain.inert import inert


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


QuestionsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--questions-dir",
        "--questions",  # the older name, kept so scripts keep working; --questions is a count in `start`
        metavar="DIR",
        help="An extra question-pack dir (repeatable).",
        show_default=False,
    ),
]


def tracks(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    questions: QuestionsOption = None,
) -> None:
    """List tracks with question counts by difficulty and type."""
    from interview_coach.domain.bank import load_bank
    from interview_coach.question_sources import left_out_note, question_dirs

    settings = settings_from(ctx)
    bank = load_bank(question_dirs(settings, questions or []))
    summaries = bank.summaries()
    if as_json:
        echo_json([s.as_dict() for s in summaries])
        return
    if not summaries:
        fail("no questions found; check question_dirs in your config (interview-coach config show)")
    typer.echo(f"{'track':<18} {'total':>5}  {'by difficulty 1-5':<20} by type")
    for s in summaries:
        levels = " ".join(f"{s.by_difficulty.get(level, 0):>2}" for level in range(1, 6))
        types = ", ".join(f"{k} {v}" for k, v in sorted(s.by_type.items()))
        typer.echo(f"{s.track:<18} {s.total:>5}  {levels:<20} {types}")
    note = left_out_note(bank)
    if note:
        typer.echo(f"\nwarning: {inert(note)}", err=True)


def validate_questions(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH", help="Files or dirs to check. Default: the shipped bank plus your question_dirs."
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too (for CI).")] = False,
    with_bank: Annotated[
        bool,
        typer.Option(
            "--with-bank",
            help="Check PATH together with the shipped bank and your question_dirs, as `start` loads them: "
            "catches ids and prompts that clash with the bank.",
        ),
    ] = False,
    output: Annotated[
        ReportFormat, typer.Option("--format", metavar="text|json|github", help="Report format.")
    ] = ReportFormat.text,
) -> None:
    """Check question banks. Exit 0 clean, 1 findings, 2 usage or read error.

    Examples:

    \b
      interview-coach validate-questions --strict
      interview-coach validate-questions --strict --format github questions/
      interview-coach validate-questions --with-bank our-pack/
    """
    from interview_coach.domain.validation import validate_paths
    from interview_coach.question_sources import question_dirs

    if paths:
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            fail(f"no such file or directory: {', '.join(missing)}", code=2)
        targets = list(paths)
        if with_bank:  # the bank first, as `start` loads it: a clash is reported in PATH's file
            targets = [*(d for d in question_dirs(settings_from(ctx)) if d.exists()), *targets]
    else:
        targets = [d for d in question_dirs(settings_from(ctx)) if d.exists()]
    report = validate_paths(targets)
    if not report.files:
        fail("no question files found in the given paths", code=2)
    failing = report.errors + (report.warnings if strict else [])
    if output is ReportFormat.json:
        echo_json(
            {
                "files": report.files,
                "questions": len(report.questions),
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "strict": strict,
                "ok": not failing,
                "findings": [f.as_dict() for f in report.findings],
            }
        )
    elif output is ReportFormat.github:
        for finding in report.findings:
            typer.echo(finding.as_github())
    else:
        for finding in report.findings:
            typer.echo(finding.as_text())
        typer.echo(
            f"{len(report.files)} file(s), {len(report.questions)} valid question(s): "
            f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
            + (" (strict: warnings fail)" if strict and report.warnings else "")
        )
    if report.has_io_errors():
        raise typer.Exit(2)
    raise typer.Exit(1 if failing else 0)


def register(app: typer.Typer) -> None:
    app.command("tracks", short_help="Tracks and their question counts.")(tracks)
    app.command("validate-questions")(validate_questions)

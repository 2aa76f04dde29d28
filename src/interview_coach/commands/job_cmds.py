"""`interview-coach job analyze`: what a job description asks for, and how ready the bank and you are for it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from interview_coach.commands._common import settings_from

job_app = typer.Typer(
    help="Job descriptions: requirements and coverage.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@job_app.command("analyze")
def analyze(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="The job description: .txt, .md or .pdf; - for stdin.")],
    cv: Annotated[
        str | None, typer.Option("--cv", metavar="FILE", help="Your CV (.txt, .md or .pdf); it stays on this machine.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document (keys in the README).")] = False,
    questions_dir: Annotated[
        list[Path] | None,
        typer.Option("--questions-dir", metavar="DIR", help="An extra question-pack dir (repeatable)."),
    ] = None,
) -> None:
    """The requirements a job asks for, the track chosen, bank coverage and your scores on them.

    Examples:

    \b
      interview-coach job analyze jd.txt
      interview-coach job analyze jd.pdf --cv cv.md --json
      pbpaste | interview-coach job analyze -
    """
    from interview_coach.job_setup import analysis, competency_averages, prepare_job
    from interview_coach.wiring import load_question_bank

    settings = settings_from(ctx)
    bank = load_question_bank(settings, questions_dir or [])
    setup = prepare_job(file, cv, bank)
    payload = analysis(setup, bank, competency_averages(settings))
    if as_json:
        import json

        from interview_coach.domain.inert import inert_json

        typer.echo(inert_json(json.dumps(payload, indent=2, ensure_ascii=False)))
        return
    _print(payload)


def _print(payload: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=max(console.width, 120), no_color=True)
    title = payload["title"] or payload["job"]
    console.print(Text.assemble(("Job: ", "bold"), title, f"  (seniority: {payload['seniority']})"))
    console.print(Text.assemble(("Track: ", "bold"), payload["track_reason"]))
    if not payload["requirements"]:
        console.print("No requirements recognised beyond the role.")
    else:
        table = Table(box=None, pad_edge=False, header_style="bold")
        for column, justify in (
            ("requirement", "left"),
            ("kind", "left"),
            ("mentions", "right"),
            ("in track", "right"),
            ("in bank", "right"),
            ("your average on its competency (answers)", "right"),
        ):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for row in payload["requirements"]:
            average = "-" if row["your_average"] is None else f"{row['your_average']:.0f} ({row['your_scores']})"
            table.add_row(
                Text(str(row.get("label", row["name"]))),
                row["kind"],
                str(row["mentions"]),
                str(row["questions_in_track"]),
                str(row["questions_in_bank"]),
                average,
            )
        console.print(table)
    if payload["uncovered"]:
        labels = {r["name"]: r.get("label", r["name"]) for r in payload["requirements"]}
        missing = ", ".join(labels.get(name, name) for name in payload["uncovered"])
        console.print(Text.assemble(("Not covered by the track's questions: ", "bold"), missing))
        console.print("With an AI coach, `start --job` writes questions for these (--generate N).")
    cv = payload["cv"]
    if cv:
        console.print(Text.assemble(("CV roles: ", "bold"), "; ".join(cv["roles"]) or "none found"))
        console.print(Text.assemble(("CV skills the job asks for: ", "bold"), ", ".join(cv["matching"]) or "none"))
        if cv["missing"]:
            console.print(Text.assemble(("Asked for, not on your CV: ", "bold"), ", ".join(cv["missing"])))


def register(app: typer.Typer) -> None:
    app.add_typer(job_app, name="job")

"""The command line: a thin Typer layer.

Only typer and the standard library are imported here, so `--help` stays as fast as a bare Typer app. Each
command module imports what it needs inside the command body.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from interview_coach import __version__
from interview_coach.commands import (
    coach_cmds,
    config_cmds,
    export_cmds,
    help_format,
    interview_cmds,
    job_cmds,
    questions_cmds,
    session_cmds,
    storage_cmds,
    story_cmds,
    stt_cmds,
    team_cmds,
    voice_cmds,
)

help_format.install()

app = typer.Typer(
    name="interview-coach",
    help="A terminal-first interview coach for software developers. Offline by default; an API key makes it better.",
    invoke_without_command=True,  # bare `interview-coach`: the TUI's home screen in a terminal, else the help
    pretty_exceptions_enable=False,
    add_completion=True,  # --install-completion / --show-completion; suggestions come from commands/completion.py
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"interview-coach {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log at DEBUG level to the log file.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar="NAME",
            help="Whose sessions to use (SQLite; default: your OS user name). On PostgreSQL: the role you connect as.",
        ),
    ] = None,
) -> None:
    ctx.obj = {"verbose": verbose, "profile": profile}
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM") != "dumb":
            get_command = getattr(ctx.command, "get_command", None)
            start = get_command(ctx, "start") if get_command is not None else None
            if start is not None:
                ctx.invoke(start)  # the home screen: pick a track, resume, or see past sessions
                return
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


for module in (
    interview_cmds,
    questions_cmds,
    storage_cmds,
    export_cmds,
    session_cmds,
    coach_cmds,
    voice_cmds,
    config_cmds,
    job_cmds,
    story_cmds,
    stt_cmds,
    team_cmds,
):
    module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI. A CoachError becomes one line on stderr and its exit code, never a traceback."""
    from interview_coach.commands._common import run_guarded

    sys.exit(run_guarded(app, argv))

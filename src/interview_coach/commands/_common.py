"""Helpers shared by the command modules: settings from flags, output, and the error guard."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from interview_coach.errors import CoachError

if TYPE_CHECKING:
    from interview_coach.config import Settings

log = logging.getLogger("interview_coach")


def settings_from(ctx: typer.Context | None = None, **overrides: Any) -> Settings:
    """Load settings with flag overrides (None means 'flag not given') and configure logging once."""
    from interview_coach.config import load_settings
    from interview_coach.logging_setup import configure_logging

    root = ctx.find_root().obj if ctx is not None else None
    if isinstance(root, dict) and root.get("profile") is not None and overrides.get("profile") is None:
        overrides["profile"] = root["profile"]  # the global --profile (team mode), unless the command gave one
    settings = load_settings(overrides)
    verbose = bool(ctx and isinstance(ctx.find_root().obj, dict) and ctx.find_root().obj.get("verbose"))
    configure_logging(settings, verbose=verbose)
    return settings


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error to stderr and exit with ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def run_guarded(app: typer.Typer, argv: list[str] | None = None) -> int:
    """Run the Typer app; turn errors into a line on stderr and a meaningful exit code.

    Typer's standalone mode already turns usage errors into a message and exit 2; this adds our own errors and
    a last resort that keeps tracebacks (masked) in the log file instead of on the terminal.
    """
    from interview_coach.paths import private_files

    try:
        with private_files():  # whatever the umask: the database, logs, drafts and exports are the user's alone
            app(args=argv, standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except CoachError as exc:
        from interview_coach.domain.inert import inert

        typer.echo(f"error: {inert(exc.message)}", err=True)  # may quote a file name or a server's words
        return exc.exit_code
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        return 130
    except Exception as exc:  # the last resort: never show a traceback, but keep it in the log file
        from interview_coach.logging_setup import ensure_file_logging, redact

        ensure_file_logging()
        log.exception("unexpected error")

        typer.echo(
            f"error: unexpected {type(exc).__name__}: {redact(str(exc))}. "
            "Details are in the log file (interview-coach config path).",
            err=True,
        )
        return 1
    return 0


def echo_json(payload: Any) -> None:
    import json

    sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")

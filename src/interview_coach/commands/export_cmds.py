"""`interview-coach export`: one session, the latest, or every session, as Markdown, JSON, CSV or JSON Lines.

Only typer and the standard library at module level: SQLAlchemy and the writers load inside the command. A file is
written through a temporary neighbour and renamed, so a failed export leaves no stub.
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from interview_coach.commands._common import log, settings_from
from interview_coach.commands.completion import complete_session
from interview_coach.commands.storage_cmds import (
    NO_SESSIONS,
    AllProfilesOption,
    ProfileOption,
    TrackOption,
    check_track,
)
from interview_coach.errors import CoachError, NotFoundError, UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from interview_coach.config import Settings
    from interview_coach.domain.models import Session
    from interview_coach.domain.questions import Question
    from interview_coach.storage.repository import SqlSessionStore


class ExportFormat(StrEnum):
    md = "md"
    json = "json"
    csv = "csv"
    jsonl = "jsonl"


def export(
    ctx: typer.Context,
    session_id: Annotated[
        str | None,
        typer.Argument(
            metavar="SESSION_ID",
            help="The session (id or unique prefix, see `history`).",
            show_default=False,
            autocompletion=complete_session,
        ),
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="The most recent session.")] = False,
    all_sessions: Annotated[bool, typer.Option("--all", help="Every session, oldest first (streamed).")] = False,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", metavar="md|json|csv|jsonl", help="Default: from -o's extension, else md."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout.", dir_okay=False),
    ] = None,
    track: TrackOption = None,
    all_profiles: AllProfilesOption = False,
    profile: ProfileOption = None,
) -> None:
    """Export a session (SESSION_ID or --last) or every session (--all) as Markdown, JSON, CSV or JSON Lines.

    Examples:

    \b
      interview-coach export --last -o last.md
      interview-coach export 5ca148e24ca9 --format json
      interview-coach export --all --format jsonl -o everything.jsonl
    """
    chosen = sum([session_id is not None, last, all_sessions])
    if chosen != 1:
        raise UsageError("give exactly one of SESSION_ID, --last or --all.")
    fmt = fmt or _format_from_suffix(output)
    settings = settings_from(ctx, profile=profile)
    from interview_coach.storage.db import open_existing_store

    store = open_existing_store(settings, all_profiles=all_profiles)
    try:
        if all_sessions:
            sessions: Iterable[Session] = store.iter_sessions(track) if store is not None else iter(())
        else:
            sessions = [_one_session(store, session_id, track)]
        tally = _Tally()
        with _output(output) as out:
            _write(fmt, tally.through(sessions), out, settings, many=all_sessions)
    finally:
        if store is not None:
            store.close()
    if output is not None:
        from interview_coach.domain.text import plural

        typer.echo(f"Exported {plural(tally.count, 'session')} as {fmt.value} to {output}")
    elif tally.count == 0:
        check_track(ctx, track)
        typer.echo("No sessions to export.", err=True)


def _one_session(store: SqlSessionStore | None, session_id: str | None, track: str | None) -> Session:
    if store is None:
        what = f"no session {session_id!r}: " if session_id else ""
        raise NotFoundError(f"{what}there are no sessions yet. Start one with `interview-coach start`.")
    if session_id is None:
        latest = store.latest_session_id(track)
        if latest is None:
            check_track(None, track)
            raise NotFoundError(f"no sessions for track {track!r} yet." if track else NO_SESSIONS)
        return store.load_session(latest)
    return store.load_session(store.resolve_session_id(session_id))


class _Tally:
    """Counts sessions as they stream past (the writers count rows, not sessions)."""

    def __init__(self) -> None:
        self.count = 0

    def through(self, sessions: Iterable[Session]) -> Iterator[Session]:
        for session in sessions:
            self.count += 1
            yield session


def _format_from_suffix(output: Path | None) -> ExportFormat:
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    aliases = {"markdown": "md", "ndjson": "jsonl"}
    try:
        return ExportFormat(aliases.get(suffix, suffix))
    except ValueError:
        return ExportFormat.md


def _write(fmt: ExportFormat, sessions: Iterable[Session], out: TextIO, settings: Settings, *, many: bool) -> None:
    if fmt is ExportFormat.jsonl:
        from interview_coach.export.jsonl import write_jsonl

        write_jsonl(sessions, out)
        return
    if fmt is ExportFormat.csv:
        from interview_coach.export.csv_export import write_csv

        write_csv(sessions, out)
        return
    if fmt is ExportFormat.json:
        from interview_coach.export.json_export import dumps_session, write_json

        if many:
            write_json(sessions, out)
        else:
            (session,) = sessions
            out.write(dumps_session(session) + "\n")
        return
    from interview_coach.export.markdown import write_markdown

    write_markdown(sessions, out, _question_bank(settings))


def _question_bank(settings: Settings) -> dict[str, Question]:
    """The question bank, so the report can describe rubric criteria. Optional: a bank that fails to load
    (a broken user pack, say) only costs the descriptions, so the export goes ahead with criterion ids."""
    from interview_coach.wiring import load_question_bank

    try:
        return dict(load_question_bank(settings).questions)
    except Exception:
        log.warning("question bank unavailable for the export; criteria are shown by id", exc_info=True)
        return {}


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    """stdout, or a file written through a temporary neighbour and renamed, so a failed export leaves no stub."""
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    target = path.expanduser()
    if not target.parent.is_dir():
        raise UsageError(f"cannot write {target}: the folder {target.parent} does not exist.")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise CoachError(f"cannot write {target}: {exc.strerror or exc}.") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the mode `>` would have
        os.replace(temp, target)
    except OSError as exc:
        raise CoachError(f"cannot write {target}: {exc.strerror or exc}.") from None
    finally:
        temp.unlink(missing_ok=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def register(app: typer.Typer) -> None:
    app.command("export", short_help="Export sessions: md, json, csv, jsonl.")(export)

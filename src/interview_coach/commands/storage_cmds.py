"""`interview-coach migrate`, `history`, `stats` and `export`.

Only typer and the standard library at module level: SQLAlchemy, Alembic and rich load inside the commands.
Read-only commands never create a database: with none yet they report that there are no sessions.
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

from interview_coach.commands._common import echo_json, fail, log, settings_from
from interview_coach.commands.completion import complete_session, complete_track
from interview_coach.commands.story_stats import echo_story_coverage, story_coverage
from interview_coach.errors import CoachError, NotFoundError, UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from rich.console import Console
    from rich.table import Table

    from interview_coach.config import Settings
    from interview_coach.domain.models import Session
    from interview_coach.domain.questions import Question
    from interview_coach.storage.repository import SqlSessionStore
    from interview_coach.storage.stats import SeriesStats

NO_SESSIONS = "No sessions yet. Start one with `interview-coach start`."


class ExportFormat(StrEnum):
    md = "md"
    json = "json"
    csv = "csv"
    jsonl = "jsonl"


TrackOption = Annotated[
    str | None,
    typer.Option("--track", "-t", metavar="TRACK", help="Only this track.", autocompletion=complete_track),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
AllProfilesOption = Annotated[
    bool,
    typer.Option("--all-profiles", help="Everyone's sessions, not just your profile's (PostgreSQL: reviewers only)."),
]
ProfileOption = Annotated[
    str | None,
    typer.Option("--profile", metavar="NAME", help="Whose sessions (SQLite; default: your OS user name)."),
]


def migrate(
    ctx: typer.Context,
    check: Annotated[
        bool, typer.Option("--check", help="Only check: exit 1 when the database is not at head (for CI).")
    ] = False,
    to: Annotated[
        str | None, typer.Option("--to", metavar="REV", help="Target revision: head, base or an id (up or down).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm a downgrade, which drops data.")] = False,
) -> None:
    """Upgrade the database to the latest schema (or --to REV), backing up the file first."""
    from interview_coach.storage.db import database_status, migrate_database

    settings = settings_from(ctx)
    if check:
        if to is not None:
            raise UsageError("--check and --to cannot be combined.")
        status = database_status(settings)  # a corrupt or too-new database raises here, exit 1
        where = status.location.display
        if status.at_head:
            typer.echo(f"{where}: at head ({status.head}).")
            return
        if not status.exists:
            fail(f"{where} does not exist yet; `interview-coach migrate` creates it at head ({status.head}).")
        fail(
            f"{where} is at revision {status.current or 'base'}, head is {status.head}. "
            "Run `interview-coach migrate` to upgrade it."
        )
    if to is not None and not yes:
        from interview_coach.storage import migrate as migrations

        status = database_status(settings)
        target = migrations.resolve_target(to)
        if status.exists and migrations.is_downgrade(status.current, target):
            raise UsageError(
                f"migrating {status.location.display} down to {target or 'base'} drops tables and the sessions in "
                "them (a backup is made first). Run it again with --yes to go ahead."
            )
    outcome = migrate_database(settings, to or "head")
    where = outcome.location.display
    before, after = outcome.from_revision or "base", outcome.to_revision or "base"
    if not outcome.changed:
        typer.echo(f"{where}: already at {after}; nothing to do.")
        return
    typer.echo(f"{where}: migrated from {before} to {after}.")
    if outcome.backup is not None:
        typer.echo(f"Backup of the previous database: {outcome.backup}")


def history(
    ctx: typer.Context,
    track: TrackOption = None,
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=1, help="How many sessions, newest first.")] = 20,
    as_json: JsonOption = False,
    all_profiles: AllProfilesOption = False,
    profile: ProfileOption = None,
) -> None:
    """List past sessions, newest first."""
    from interview_coach.storage.db import open_existing_store

    store = open_existing_store(settings_from(ctx, profile=profile), all_profiles=all_profiles)
    if store is None:
        overviews = []
    else:
        with store:
            overviews = store.list_sessions(track=track, limit=limit)
    if as_json:
        echo_json([o.model_dump(mode="json") for o in overviews])
        return
    if not overviews:
        _check_track(ctx, track)
        typer.echo(f"No sessions for track {track!r} yet." if track else NO_SESSIONS)
        return
    from rich.table import Table
    from rich.text import Text

    from interview_coach.domain.inert import inert

    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("id", "started", "track", "mode", "status", *(["profile"] if all_profiles else [])):
        table.add_column(name, no_wrap=True)
    table.add_column("answers", justify="right")
    table.add_column("score", justify="right")
    for o in overviews:
        score = f"{o.overall_score:.0f}" if o.overall_score is not None else "-"
        started = o.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        status = o.status.value.replace("_", " ")
        whose = [Text(inert(o.profile or ""))] if all_profiles else []  # a role name is data, shown inert
        table.add_row(o.id[:12], started, o.track, o.mode.value, status, *whose, str(o.answers), score)
    _console().print(table)


def stats(
    ctx: typer.Context,
    track: TrackOption = None,
    as_json: JsonOption = False,
    all_profiles: AllProfilesOption = False,
    profile: ProfileOption = None,
) -> None:
    """Averages and trends per track and competency, and your weakest competencies."""
    from interview_coach.storage.db import open_existing_store
    from interview_coach.storage.delivery_stats import compute_delivery_stats, delivery_lines
    from interview_coach.storage.stats import compute_stats

    store = open_existing_store(settings_from(ctx, profile=profile), all_profiles=all_profiles)
    spoken = []
    if store is None:
        rows, stories = [], None
    else:
        with store:
            rows = store.score_rows(track)
            stories = story_coverage(store)
            spoken = store.delivery_rows(track)
    report = compute_stats(rows)
    delivery = compute_delivery_stats(spoken)
    if as_json:
        payload = report.to_dict()
        payload["stories"] = stories
        payload["delivery"] = delivery.to_dict() if delivery else None
        if all_profiles:
            from interview_coach.storage.team_stats import per_profile

            payload["profiles"] = [{"profile": name, **each.to_dict()} for name, each in per_profile(rows)]
        echo_json(payload)
        return
    if not report.sessions:
        _check_track(ctx, track)
        typer.echo(f"No sessions for track {track!r} yet." if track else NO_SESSIONS)
        echo_story_coverage(stories)
        return
    console = _console()
    sessions = "session" if report.sessions == 1 else "sessions"
    console.print(f"[bold]{report.sessions}[/] {sessions}, {report.scored_sessions} with a score.")
    if report.tracks:
        console.print(_series_table("track", report.tracks))
    if report.competencies:
        console.print(_series_table("competency", report.competencies))
    if report.weakest:
        weakest = ", ".join(f"{s.name} ({s.average:.0f})" for s in report.weakest if s.average is not None)
        console.print(f"[bold]Weakest competencies:[/] {weakest}")
    elif not report.tracks:
        console.print("No scored answers yet; finish a session to see averages and trends.")
    echo_story_coverage(stories)
    if delivery is not None:
        typer.echo("\n".join(delivery_lines(delivery)))
    if all_profiles:
        from interview_coach.commands.team_views import print_per_profile

        print_per_profile(console, rows, _series_table)


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
        _check_track(ctx, track)
        typer.echo("No sessions to export.", err=True)


def _one_session(store: SqlSessionStore | None, session_id: str | None, track: str | None) -> Session:
    if store is None:
        what = f"no session {session_id!r}: " if session_id else ""
        raise NotFoundError(f"{what}there are no sessions yet. Start one with `interview-coach start`.")
    if session_id is None:
        latest = store.latest_session_id(track)
        if latest is None:
            _check_track(None, track)
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


def _console() -> Console:
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=max(console.width, 120), no_color=True)
    return console


def _series_table(label: str, rows: list[SeriesStats]) -> Table:
    from rich.table import Table
    from rich.text import Text

    from interview_coach.storage.stats import bar, sparkline

    table = Table(box=None, pad_edge=False, header_style="bold", title_justify="left")
    table.add_column(label, no_wrap=True)
    table.add_column("n", justify="right")
    table.add_column("average", no_wrap=True)
    table.add_column("trend", justify="right")
    table.add_column("recent (0-100)", no_wrap=True)
    for row in rows:
        average = Text(f"{row.average:5.1f} " if row.average is not None else "    - ")
        average.append(bar(row.average), style=_score_style(row.average))
        if row.trend is None:
            trend = Text("-")
        else:
            trend = Text(f"{row.trend:+.1f}", style="green" if row.trend > 0 else "red" if row.trend < 0 else "")
        table.add_row(row.name, str(row.count), average, trend, Text(sparkline(row.recent), style="cyan"))
    return table


def _score_style(score: float | None) -> str:
    if score is None:
        return ""
    return "green" if score >= 70 else "yellow" if score >= 50 else "red"


def register(app: typer.Typer) -> None:
    app.command("migrate", short_help="Upgrade (or check) the database schema.")(migrate)
    app.command("history")(history)
    app.command("stats", short_help="Averages and trends of your scores.")(stats)
    app.command("export", short_help="Export sessions: md, json, csv, jsonl.")(export)


def _check_track(ctx: typer.Context | None, track: str | None) -> None:
    """With no sessions to show for ``track``, say so plainly if it is not a track at all (a typo), exit 2.
    Only then is the bank loaded: a track with sessions is real, even if its pack has gone since."""
    if track is None:
        return
    from interview_coach.question_sources import unknown_track
    from interview_coach.wiring import load_question_bank

    bank = load_question_bank(settings_from(ctx), [])
    if track not in bank.tracks():
        raise UsageError(unknown_track(track, bank, None))

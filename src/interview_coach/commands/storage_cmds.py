"""`interview-coach migrate`, `history` and `stats` (`export` is in export_cmds).

Only typer and the standard library at module level: SQLAlchemy, Alembic and rich load inside the commands.
Read-only commands never create a database: with none yet they report that there are no sessions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from interview_coach.commands._common import echo_json, fail, settings_from
from interview_coach.commands.completion import complete_track
from interview_coach.commands.story_stats import echo_story_coverage, story_coverage
from interview_coach.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from interview_coach.storage.stats import SeriesStats

NO_SESSIONS = "No sessions yet. Start one with `interview-coach start`."


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
        check_track(ctx, track)
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
        check_track(ctx, track)
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


def check_track(ctx: typer.Context | None, track: str | None) -> None:
    """With no sessions to show for ``track``, say so plainly if it is not a track at all (a typo), exit 2.
    Only then is the bank loaded: a track with sessions is real, even if its pack has gone since."""
    if track is None:
        return
    from interview_coach.question_sources import unknown_track
    from interview_coach.wiring import load_question_bank

    bank = load_question_bank(settings_from(ctx), [])
    if track not in bank.tracks():
        raise UsageError(unknown_track(track, bank, None))

"""`interview-coach team grant|revoke|list`: who may practise on a shared PostgreSQL, and who may review.

Run with the owner's URL (the role that ran `migrate`). Only typer at module level; the database code loads
inside the commands.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from interview_coach.commands._common import echo_json, settings_from
from interview_coach.errors import StorageError, UsageError

if TYPE_CHECKING:
    import sqlalchemy as sa

    from interview_coach.storage.guard import DatabaseLocation

team_app = typer.Typer(
    help="Team mode on PostgreSQL: let roles practise (each sees only their own sessions) or review everyone's.",
    no_args_is_help=True,
)

RoleArgument = Annotated[
    str, typer.Argument(metavar="ROLE", help="An existing PostgreSQL role (create it with createuser).")
]

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
NOT_OWNER = (
    "{where}: {detail}. Run `interview-coach team` with the owner's URL (the role that ran `interview-coach migrate`)."
)


@contextmanager
def _owner_connection(ctx: typer.Context) -> Iterator[tuple[sa.Connection, DatabaseLocation]]:
    """One transaction on the configured PostgreSQL database, which must be at head."""
    from sqlalchemy import exc as sa_exc

    from interview_coach.storage import migrate as migrations
    from interview_coach.storage.db import _engine
    from interview_coach.storage.engine import locate
    from interview_coach.storage.guard import translate_errors

    location = locate(settings_from(ctx))
    if location.url.get_backend_name() != "postgresql":
        raise UsageError(
            "team mode needs a shared PostgreSQL database: set INTERVIEW_COACH_DATABASE_URL="
            "postgresql+psycopg://OWNER@HOST/DB (README: Team mode). On SQLite use --profile NAME instead."
        )
    engine = _engine(location)
    try:
        with _not_owner(location), translate_errors(location), engine.begin() as conn:
            current, head = migrations.current_revision(conn), migrations.head_revision()
            if current != head:
                raise StorageError(
                    f"{location.display} is at schema revision {current or 'base'}, not {head}: run "
                    "`interview-coach migrate` with this URL first."
                )
            try:
                yield conn, location
            except sa_exc.DBAPIError as exc:
                detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
                if "permission denied" in detail or "must" in detail or "privilege" in detail:
                    raise StorageError(NOT_OWNER.format(where=location.display, detail=detail)) from None
                raise
    finally:
        engine.dispose()


@contextmanager
def _not_owner(location: DatabaseLocation) -> Iterator[None]:
    """A refusal from the server here means the URL is not the owner's: say so, not `team grant` yourself."""
    try:
        yield
    except StorageError as exc:
        if "permission denied" in exc.message:
            detail = exc.message.split(": ", 1)[-1].split(". ", 1)[0]
            raise StorageError(NOT_OWNER.format(where=location.display, detail=detail)) from None
        raise


def _require_role(conn: sa.Connection, role: str) -> None:
    from interview_coach.storage.team import is_owner_or_superuser, role_exists

    if not role_exists(conn, role):
        raise UsageError(f"there is no role {role!r} on this server. Create it first (createuser {role}), then grant.")
    if is_owner_or_superuser(conn, role):
        raise UsageError(
            f"{role} owns this database (or is a superuser): it already reads and writes every row, and taking its "
            "rights away would lock the owner out. `team grant` and `team revoke` are for candidates' roles."
        )


def grant(
    ctx: typer.Context,
    role: RoleArgument,
    reviewer: Annotated[
        bool, typer.Option("--reviewer", help="Also let the role read every candidate's sessions (never write them).")
    ] = False,
) -> None:
    """Let ROLE practise on this database: it reads and writes only its own sessions."""
    from interview_coach.storage import team

    with _owner_connection(ctx) as (conn, location):
        _require_role(conn, role)
        team.grant(conn, role, reviewer=reviewer)
        reviews = any(m.role == role and m.reviewer for m in team.list_team(conn))  # may have been one already
    if reviews:
        what = "practise and review everyone's sessions"
        if not reviewer:
            what += " (still a reviewer: `team revoke ROLE --reviewer` takes that away)"
    else:
        what = "practise (they see only their own sessions)"
    typer.echo(f"{role} may now {what} on {location.display}.")


def revoke(
    ctx: typer.Context,
    role: RoleArgument,
    reviewer: Annotated[bool, typer.Option("--reviewer", help="Only take away the reviewer's right.")] = False,
) -> None:
    """Take ROLE's rights away (its sessions stay in the database)."""
    from interview_coach.storage import team

    with _owner_connection(ctx) as (conn, location):
        _require_role(conn, role)
        team.revoke(conn, role, reviewer_only=reviewer)
    typer.echo(f"{role} is {'no longer a reviewer' if reviewer else 'no longer a member'} on {location.display}.")


def list_members(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Members (who practise) and reviewers (who read everyone's sessions)."""
    from interview_coach.storage import team

    with _owner_connection(ctx) as (conn, location):
        members = team.list_team(conn)
    if as_json:
        echo_json([m.to_dict() for m in members])
        return
    if not members:
        typer.echo(f"No members on {location.display} yet. Add one with `interview-coach team grant ROLE`.")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from interview_coach.domain.inert import inert

    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in ("role", "member", "reviewer"):
        table.add_column(name, no_wrap=True)
    for m in members:
        table.add_row(Text(inert(m.role)), "yes" if m.member else "-", "yes" if m.reviewer else "-")
    Console(highlight=False).print(table)


team_app.command("grant")(grant)
team_app.command("revoke")(revoke)
team_app.command("list")(list_members)


def register(app: typer.Typer) -> None:
    app.add_typer(team_app, name="team", short_help="Team mode on PostgreSQL: members and reviewers.")

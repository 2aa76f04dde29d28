"""`delete` and `prune`: remove sessions (with their turns, evaluations, summary and drafts).

Asking first is the rule: in a terminal each command lists what it will remove and asks; without one (scripts, CI)
it needs `--yes`, so nothing is ever removed by accident.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from interview_coach.commands._common import settings_from
from interview_coach.commands.completion import complete_session
from interview_coach.errors import UsageError

if TYPE_CHECKING:
    from interview_coach.domain.ports import SessionStore

YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first (needed without a terminal).")]


def _confirm(what: str, yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        raise UsageError(f"{what}: add --yes to confirm (there is no terminal to ask in).")
    return typer.confirm(f"{what}?", default=False)


def _remove(store: SessionStore, ids: list[str]) -> None:
    from interview_coach.drafts import Drafts
    from interview_coach.paths import get_paths

    drafts = Drafts(get_paths().drafts_dir)
    for session_id in ids:
        store.delete_session(session_id)  # turns, evaluations and the summary cascade with it
        drafts.discard(session_id)


def delete(
    ctx: typer.Context,
    session_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="SESSION_ID",
            help="Sessions to delete (ids or unique prefixes, see `history`).",
            autocompletion=complete_session,
            show_default=False,
        ),
    ],
    yes: YesOption = False,
) -> None:
    """Delete sessions and their answers."""
    from interview_coach.storage.db import open_existing_store

    store = open_existing_store(settings_from(ctx))
    if store is None:
        raise UsageError("there are no sessions to delete.")
    with store:  # one connection: resolve, ask, remove
        ids = list(dict.fromkeys(store.resolve_session_id(text) for text in session_ids))
        if not _confirm(f"Delete {len(ids)} session(s): {', '.join(i[:12] for i in ids)}", yes):
            typer.echo("Nothing deleted.")
            return
        _remove(store, ids)
    typer.echo(f"Deleted {len(ids)} session(s).")


def prune(
    ctx: typer.Context,
    unfinished: Annotated[
        bool, typer.Option("--unfinished", help="Remove sessions left in progress (required: what to prune).")
    ] = False,
    older_than: Annotated[
        int | None,
        typer.Option("--older-than", metavar="DAYS", min=0, help="Only sessions started more than DAYS days ago."),
    ] = None,
    yes: YesOption = False,
) -> None:
    """Remove sessions left unfinished."""
    from interview_coach.domain.models import SessionStatus
    from interview_coach.storage.db import open_existing_store

    if not unfinished:
        raise UsageError("say what to prune: --unfinished (sessions left in progress).")
    store = open_existing_store(settings_from(ctx))
    if store is None:
        typer.echo("No sessions to prune.")
        return
    cutoff = datetime.now(UTC) - timedelta(days=older_than) if older_than is not None else None
    with store:  # one connection: list, ask, remove
        ids = [
            o.id
            for o in store.list_sessions()
            if o.status is SessionStatus.IN_PROGRESS and (cutoff is None or o.started_at < cutoff)
        ]
        if not ids:
            typer.echo("No unfinished sessions to prune.")
            return
        if not _confirm(f"Remove {len(ids)} unfinished session(s)", yes):
            typer.echo("Nothing removed.")
            return
        _remove(store, ids)
    typer.echo(f"Removed {len(ids)} unfinished session(s).")


def register(app: typer.Typer) -> None:
    app.command("delete")(delete)
    app.command("prune")(prune)

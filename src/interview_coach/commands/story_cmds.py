"""`interview-coach stories ...`: the story bank for behavioural interviews.

Exit codes: 0 ok; 1 problems found (`check` found gaps, an id that does not exist); 2 usage (bad flags, a story
file that cannot be read, with its line). Only typer and the standard library load at import time.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from interview_coach.commands._common import echo_json, settings_from
from interview_coach.errors import UsageError

if TYPE_CHECKING:
    from interview_coach.config import Settings
    from interview_coach.domain.stories import Story
    from interview_coach.domain.story_check import StoryReport
    from interview_coach.storage.stories_repo import SqlStoryStore

app = typer.Typer(
    help="Your story bank: prepared STAR+R stories for behavioural questions.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

NO_STORIES = "No stories yet. Add one with `interview-coach stories add` (or --from FILE)."
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first (needed without a terminal).")]
IdArgument = Annotated[int, typer.Argument(metavar="ID", help="The story's id (see `stories list`).", min=1)]


class StoryFormat(StrEnum):
    md = "md"
    json = "json"


@contextmanager
def _stories(ctx: typer.Context, *, create: bool) -> Iterator[SqlStoryStore | None]:
    """The story store; with ``create`` False and no database yet, None (a read must not create one)."""
    from interview_coach.storage.db import open_existing_store, open_store
    from interview_coach.storage.stories_repo import SqlStoryStore

    settings = settings_from(ctx)
    store = open_store(settings) if create else open_existing_store(settings)
    if store is None:
        yield None
        return
    with store:
        yield SqlStoryStore(store.engine, store.location, store.profile)


def _read(path: Path) -> list[Story]:
    from interview_coach.documents import read_document
    from interview_coach.domain.stories import parse_json, parse_markdown

    # The job description's reader: a size cap, UTF-16 and legacy encodings, binary files and folders refused.
    text = read_document(path, what="story").text
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "[")):
        return parse_json(text, str(path))
    return parse_markdown(text, str(path))


def _edit(text: str, what: str) -> str:
    """``text`` edited in $VISUAL/$EDITOR (then vi); UsageError without a terminal or when nothing changed."""
    import subprocess

    from interview_coach.editing import EditorError, edit_in_editor

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(f"{what} needs an editor and there is no terminal; give the story in a file with --from FILE.")
    try:
        edited = edit_in_editor(text, subprocess.call, prefix="interview-coach-story-", unchanged="nothing changed.")
    except EditorError as exc:
        raise UsageError(exc.message) from None
    if edited == text:
        raise UsageError("the editor was closed without changes; nothing saved.")
    return edited


def _keep_unsaved(text: str) -> Path:
    """Save edited text that did not parse, so the user's writing is never lost."""
    from datetime import UTC, datetime

    from interview_coach.paths import get_paths

    folder = get_paths().data_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"story-unsaved-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}.md"
    path.write_text(text, encoding="utf-8")
    return path


def _parse_edited(text: str, retry: str) -> list[Story]:
    from interview_coach.domain.stories import StoryError, parse_markdown

    try:
        return parse_markdown(text, "the edited story")
    except StoryError as exc:
        kept = _keep_unsaved(text)
        raise StoryError(f"{exc.message} Your text is kept in {kept}; fix it, then run: {retry} {kept}") from None


def _gaps_line(report: StoryReport) -> str:
    if report.ok:
        return f"  complete ({report.score}/100)"
    return f"  {report.score}/100; to improve: " + " ".join(g.message for g in report.gaps)


@app.command("add")
def add(
    ctx: typer.Context,
    from_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="A Markdown story file (several stories are fine; repeat --from for more files).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Add stories from Markdown files, or write one in $EDITOR from a template."""
    from interview_coach.domain.stories import template
    from interview_coach.domain.story_check import check_story

    if from_files:
        stories = [story for path in from_files for story in _read(path)]  # all read before any is added
    else:
        stories = _parse_edited(_edit(template(), "`stories add` without --from"), "interview-coach stories add --from")
    with _stories(ctx, create=True) as store:
        assert store is not None
        have = _held(store)
        for story in stories:
            if story.content_key() in have:  # running the same `add --from` twice would double the story
                typer.echo(f"Story {have[story.content_key()]} is already this story: not added again ({story.title}).")
                continue
            saved = store.add_story(story)
            have[saved.content_key()] = saved.id
            typer.echo(f"Added story {saved.id}: {saved.title}")
            typer.echo(_gaps_line(check_story(saved)))


@app.command("list")
def list_stories(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Your stories, with their competencies and when each was last told."""
    from interview_coach.domain.story_check import check_story

    with _stories(ctx, create=False) as store:
        stories = store.list_stories() if store is not None else []
    if as_json:
        echo_json(
            [
                {
                    **story.model_dump(mode="json", include={"id", "title", "competencies", "tags", "last_used_at"}),
                    "score": check_story(story).score,
                }
                for story in stories
            ]
        )
        return
    if not stories:
        typer.echo(NO_STORIES)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("ID", "Title", "Competencies", "Score", "Last told", box=None, header_style="bold")
    for story in stories:
        told = story.last_used_at.astimezone().strftime("%Y-%m-%d") if story.last_used_at else "never"
        table.add_row(
            str(story.id), story.title, ", ".join(story.competencies) or "-", str(check_story(story).score), told
        )
    Console(highlight=False).print(table, markup=False)


@app.command("show")
def show(ctx: typer.Context, story_id: IdArgument, as_json: JsonOption = False) -> None:
    """Print one story as Markdown (the form `edit` and `import` read)."""
    from interview_coach.domain.stories import render_markdown
    from interview_coach.errors import NotFoundError

    with _stories(ctx, create=False) as store:
        if store is None:
            raise NotFoundError(f"no story {story_id}. {NO_STORIES}")
        story = store.get_story(story_id)
    if as_json:
        echo_json(story.model_dump(mode="json"))
    else:
        typer.echo(render_markdown(story, with_id=True), nl=False)


@app.command("edit")
def edit(
    ctx: typer.Context,
    story_id: IdArgument,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="Replace the story with the one in this Markdown file (for scripts, or to retry a failed edit).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Edit a story in $VISUAL/$EDITOR, or replace it with the story in a file (--from FILE)."""
    from interview_coach.domain.stories import StoryError, render_markdown

    with _stories(ctx, create=True) as store:
        assert store is not None
        story = store.get_story(story_id)
        if source is not None:
            edited = _read(source)
        else:
            retry = f"interview-coach stories edit {story_id} --from"
            edited = _parse_edited(_edit(render_markdown(story), "`stories edit`"), retry)
        if len(edited) != 1:
            raise StoryError("the edited text holds more than one story; keep one, or add the others with `add`.")
        saved = store.update_story(edited[0].model_copy(update={"id": story.id}))
    typer.echo(f"Saved story {saved.id}: {saved.title}")


@app.command("delete")
def delete(ctx: typer.Context, story_id: IdArgument, yes: YesOption = False) -> None:
    """Delete a story (sessions that used it keep its title)."""
    from interview_coach.errors import NotFoundError

    with _stories(ctx, create=False) as store:
        if store is None:
            raise NotFoundError(f"no story {story_id}. {NO_STORIES}")
        story = store.get_story(story_id)
        if not yes:
            if not sys.stdin.isatty():
                raise UsageError(f"delete story {story_id}: add --yes to confirm (there is no terminal to ask in).")
            if not typer.confirm(f"Delete story {story_id} ({story.title})?", default=False):
                typer.echo("Nothing deleted.")
                return
        store.delete_story(story_id)
    typer.echo(f"Deleted story {story_id}: {story.title}")


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: Annotated[StoryFormat, typer.Option("--format", "-f", help="Markdown or JSON.")] = StoryFormat.md,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout.", dir_okay=False),
    ] = None,
) -> None:
    """Every story as Markdown or JSON; `stories import` reads either back."""
    from interview_coach import __version__
    from interview_coach.domain.inert import inert_json
    from interview_coach.domain.stories import render_many, stories_document

    with _stories(ctx, create=False) as store:
        stories = store.list_stories() if store is not None else []
    if fmt is StoryFormat.json:
        import json

        text = (
            inert_json(
                json.dumps(stories_document(stories, f"interview-coach {__version__}"), indent=2, ensure_ascii=False)
            )
            + "\n"
        )
    else:
        text = render_many(stories)
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")  # created 0600: run_guarded holds a private umask
    typer.echo(f"Exported {len(stories)} stories as {fmt.value} to {output}")


@app.command("import")
def import_stories(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A `stories export` file (.md or .json).", exists=True, dir_okay=False),
    ],
) -> None:
    """Add the stories of an export (Markdown or JSON); ones already in the bank are skipped."""
    stories = _read(file)
    with _stories(ctx, create=True) as store:
        assert store is not None
        have = _held(store)
        added = skipped = 0
        for story in stories:
            if story.content_key() in have:
                skipped += 1
                continue
            saved = store.add_story(story)
            have[saved.content_key()] = saved.id
            added += 1
    note = f" ({skipped} already in the bank, skipped)" if skipped else ""
    typer.echo(f"Imported {added} {'story' if added == 1 else 'stories'} from {file}{note}.")


def _critiques(settings: Settings, reports: list[StoryReport]) -> str | None:
    """Add the AI coach's critique to each report; the note to show when it could not (None: all done)."""
    import asyncio

    from interview_coach.errors import CoachError
    from interview_coach.llm.story_critic import DeepSeekStoryCritic

    async def run() -> str | None:
        critic = DeepSeekStoryCritic(settings)
        try:
            for report in reports:
                report.critique = await critic.critique_story(report.story)
                report.critique_by = critic.name
        except CoachError as exc:
            return f"AI critique unavailable ({exc.message}); offline checks only."
        finally:
            await critic.aclose()
        return None

    return asyncio.run(run())


@app.command("check")
def check(
    ctx: typer.Context,
    story_id: Annotated[int | None, typer.Argument(metavar="[ID]", help="One story (default: all).", min=1)] = None,
    as_json: JsonOption = False,
    offline: Annotated[bool, typer.Option("--offline", help="Offline checks only, even with an AI coach.")] = False,
) -> None:
    """Rate each story's STAR+R completeness and list its gaps (exit 1 when any story has one).

    With an AI coach configured, each story also gets a one-paragraph critique.
    """
    from interview_coach.domain.story_check import check_story
    from interview_coach.errors import NotFoundError

    settings = settings_from(ctx)
    with _stories(ctx, create=False) as store:
        if store is None and story_id is not None:
            raise NotFoundError(f"no story {story_id}. {NO_STORIES}")
        stories = [] if store is None else store.list_stories() if story_id is None else [store.get_story(story_id)]
    reports = [check_story(story) for story in stories]
    note = _critiques(settings, reports) if reports and settings.use_llm and not offline else None
    problems = any(not r.ok for r in reports)
    if as_json:
        echo_json({"stories": [r.to_dict() for r in reports], "ok": not problems, "note": note})
    elif not reports:
        typer.echo(NO_STORIES)
    else:
        for report in reports:
            typer.echo(f"{report.story.id}. {report.story.title}")
            if report.ok:
                typer.echo(f"  complete ({report.score}/100)")
            else:
                typer.echo(f"  {report.score}/100")
                for gap in report.gaps:
                    typer.echo(f"  - {gap.message}")
            if report.critique:
                typer.echo(f"  Coach ({report.critique_by}): {report.critique}")
        if note:
            typer.echo(f"note: {note}", err=True)
    if problems:
        raise typer.Exit(1)


@app.command("coverage")
def coverage(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Which common behavioural competencies have a story, and which have none yet."""
    from interview_coach.domain.stories import competency_label
    from interview_coach.domain.story_check import coverage as compute

    with _stories(ctx, create=False) as store:
        stories = store.list_stories() if store is not None else []
    report = compute(stories)
    if as_json:
        echo_json(report.to_dict())
        return
    for item in report.competencies:
        titles = ", ".join(f"{s.id}. {s.title}" for s in item.stories) or "-- no story yet"
        typer.echo(f"{competency_label(item.competency):<28} {titles}")
    typer.echo(f"\n{len(report.covered)} of {len(report.competencies)} competencies have a story.")
    if report.missing:
        typer.echo("Prepare a story for: " + ", ".join(competency_label(c) for c in report.missing))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="stories", short_help="Your story bank for behavioural questions.")


def _held(store: SqlStoryStore) -> dict[tuple[str, ...], int | None]:
    """The bank's stories by what makes two the same story (``Story.content_key``): `add` and `import` skip them."""
    return {story.content_key(): story.id for story in store.list_stories()}

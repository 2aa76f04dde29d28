"""The story bank's line in `stats`: how many stories, and which common competencies have none yet."""

from __future__ import annotations

from typing import Any

import typer


def story_coverage(store: object) -> dict[str, Any] | None:
    """``stories coverage --json``'s document for the database of ``store`` (None: not a database store)."""
    from interview_coach.domain.story_check import coverage
    from interview_coach.storage.stories_repo import story_store_for

    stories = story_store_for(store)
    return coverage(stories.list_stories()).to_dict() if stories is not None else None


def echo_story_coverage(report: dict[str, Any] | None) -> None:
    from interview_coach.domain.stories import competency_label

    if not report or not report["stories"]:
        typer.echo("Story bank: no stories yet (interview-coach stories add).")
        return
    covered, missing = report["covered"], report["missing"]
    line = (
        f"Story bank: {report['stories']} stories covering {len(covered)} of {len(covered) + len(missing)} competencies"
    )
    if missing:
        line += "; none yet for " + ", ".join(competency_label(c) for c in missing)
    typer.echo(line + ".")

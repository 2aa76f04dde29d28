"""The story bank in the plain mode: suggested stories on behavioural questions, ``/story ID`` to say which one
you are telling, and what was recorded once the answer is in.

``--json``: a behavioural question event carries ``suggested_stories`` (a list of ``{"id", "title"}``, best
first) whenever the story bank has stories; ``/story`` prints a ``story_marked`` event and a recorded story a
``story_used`` event, each with ``warnings`` (gentle: told twice in a session, or the same story for the same
competency as last time). ``/save-story`` saves the last behavioural answer as a new story (STAR+R pre-filled
from the answer; polish it with `stories edit ID`) and prints a ``story_saved`` event.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

from interview_coach.domain.interview import Prompt
from interview_coach.domain.models import TurnKind
from interview_coach.domain.story_advisor import StoryAdvisor, Told, draft_from_answer
from interview_coach.domain.story_match import is_behavioural

STORY_COMMAND = re.compile(r"^/story(?:\s+(\S+))?$", re.IGNORECASE)
SAVE_COMMAND = "/save-story"
Emit = Callable[..., None]


def suggestion_fields(advisor: StoryAdvisor | None, prompt: Prompt) -> tuple[str, dict[str, Any]]:
    """Text to add under the question, and the event's extra fields (none unless stories exist and it fits)."""
    question = prompt.question
    if advisor is None or not advisor.has_stories or prompt.kind is not TurnKind.QUESTION:
        return "", {}
    if not is_behavioural(question):
        return "", {}
    suggestions = advisor.suggestions(question)
    fields: dict[str, Any] = {"suggested_stories": [s.to_dict() for s in suggestions]}
    if not suggestions:
        return "Stories: none of yours fits this one (see `interview-coach stories coverage`).", fields
    lines = ["Stories that fit:"]
    for s in suggestions:
        note = f" ({s.note})" if s.note else ""
        lines.append(f"  {s.story.id}. {s.story.title}{note}")
    lines.append("Say which one you tell with a line '/story ID'. After answering, /save-story keeps the answer.")
    return "\n".join(lines), fields


def handle_story_command(advisor: StoryAdvisor | None, prompt: Prompt, line: str, emit: Emit) -> bool:
    """Handle a '/story ID' line (True), or leave any other line alone (False)."""
    match = STORY_COMMAND.match(line.strip())
    if match is None:
        return False
    if advisor is None or not advisor.has_stories:
        emit("error", "You have no stories yet: add some with `interview-coach stories add`.", message="no stories")
        return True
    value = match.group(1)
    if value is None or not value.isdigit():
        ids = ", ".join(str(s.id) for s in advisor.stories[:12])
        emit("error", f"Use '/story ID' with one of your story ids: {ids}.", message="usage: /story ID")
        return True
    try:
        notes = advisor.mark(prompt.question, int(value))
    except KeyError:
        emit("error", f"No story {value}; see `interview-coach stories list`.", message=f"no story {value}")
        return True
    story = advisor.story(int(value))
    assert story is not None
    text = "\n".join([f"-- Telling story {story.id}: {story.title}", *(f"note: {n}" for n in notes)])
    emit("story_marked", text, story={"id": story.id, "title": story.title}, warnings=notes)
    return True


def report_told(told: Told | None, emit: Emit) -> None:
    if told is None:
        return
    use = told.use
    how = "you marked it" if use.how == "marked" else "recognised from your answer"
    # A marked story's warnings were printed when it was marked: the event keeps them, the text does not repeat.
    notes = [] if use.how == "marked" else told.warnings
    text = "\n".join([f"-- Story told: {use.story_title} ({how})", *(f"note: {n}" for n in notes)])
    emit("story_used", text, story={"id": use.story_id, "title": use.story_title}, how=use.how, warnings=told.warnings)


async def handle_save_command(advisor: StoryAdvisor | None, line: str, emit: Emit) -> bool:
    """Handle a '/save-story' line (True), or leave any other line alone (False)."""
    if line.strip().lower() != SAVE_COMMAND:
        return False
    last = advisor.last_answer if advisor is not None else None
    if advisor is None or last is None:
        emit("error", "Answer a behavioural question first; /save-story saves that answer.", message="nothing to save")
        return True
    question, text, seq = last
    saved = await asyncio.to_thread(advisor.save_answer, question, draft_from_answer(question, text), seq)
    emit(
        "story_saved",
        f"-- Saved as story {saved.id}: {saved.title}. Polish it: interview-coach stories edit {saved.id}",
        story={"id": saved.id, "title": saved.title},
    )
    return True

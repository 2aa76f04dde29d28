"""The story bank on the interview screen (Pilot): the side panel before a behavioural question is answered, the
key that marks the story told, the key that saves an answer as a story, and SVG snapshots of the panel."""

from __future__ import annotations

import time
import types
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from interview_coach.domain import interview
from interview_coach.domain.bank import QuestionBank
from interview_coach.domain.offline_coach import OfflineCoach
from interview_coach.domain.stories import parse_markdown
from interview_coach.tui.widgets.stories_panel import StoriesPanel
from tests.engine_helpers import make_question
from tests.story_helpers import BILLING, MENTORING, NO_RESULT, InMemoryStoryStore, behavioural_question
from tests.tui_helpers import FIXED_SESSION_ID, make_app, make_services, settle, type_text, wait_until

SnapCompare = Callable[..., bool]
WIDE, NARROW = (120, 40), (80, 24)
FLAGS = {"questions": 2, "warmups": 0, "follow_ups": 0, "seed": 7}
ANSWER = (
    "At my previous job our release process was manual and slow. My goal was to cut the release time. "
    "I automated the build and I wrote a checklist. As a result releases went from 2 days to 2 hours. "
    "Looking back, I would have involved QA earlier."
)


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    fixed = uuid.UUID(FIXED_SESSION_ID)
    monkeypatch.setattr(interview, "uuid", types.SimpleNamespace(uuid4=lambda: fixed))
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("EDITOR", "true")  # the save-story key's editor: saves the pre-filled story unchanged
    monkeypatch.delenv("VISUAL", raising=False)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def behavioural_bank() -> QuestionBank:
    return QuestionBank.from_questions(
        [
            behavioural_question("t-b-conflict", difficulty=3),
            behavioural_question(
                "t-b-mentor",
                difficulty=3,
                prompt="Tell me about someone you helped grow.",
                tags=["mentoring"],
                competencies=["leadership"],
            ),
            make_question("t-tech", 3),
        ]
    )


def story_app(tmp_path: Path, *, stories: bool = True) -> tuple[Any, InMemoryStoryStore]:
    store = InMemoryStoryStore([parse_markdown(t)[0] for t in (BILLING, NO_RESULT, MENTORING)] if stories else [])
    services = make_services(tmp_path, coach=OfflineCoach(), bank=behavioural_bank())
    services.stories = store
    return make_app(services, flags=FLAGS), store


def panel(pilot: Pilot[Any]) -> StoriesPanel:
    return pilot.app.screen.query_one(StoriesPanel)


def shown(pilot: Pilot[Any]) -> bool:
    return pilot.app.screen.has_class("-stories") and panel(pilot).display


async def test_panel_shows_fitting_stories_and_marking_records_the_story(tmp_path: Path) -> None:
    app, store = story_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: shown(pilot), what="the stories panel")
        prompt = pilot.app.screen.prompt
        assert prompt is not None
        fitting = [s.story.id for s in panel(pilot).suggestions]
        assert fitting and all(isinstance(i, int) for i in fitting)
        assert panel(pilot).region.width > 0
        await pilot.press("ctrl+l")
        assert panel(pilot).marked == fitting[0]
        await type_text(pilot, "I told it")
        await pilot.press("ctrl+s")
        await settle(pilot)
        (use,) = store.uses
        assert (use.story_id, use.how, use.question_id) == (fitting[0], "marked", prompt.question.id)
        assert store.stories[fitting[0]].last_used_at is not None


async def test_the_mark_key_cycles_to_none(tmp_path: Path) -> None:
    app, store = story_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: shown(pilot), what="the stories panel")
        count = len(panel(pilot).suggestions)
        for _ in range(count + 1):
            await pilot.press("ctrl+l")
        assert panel(pilot).marked is None
        await type_text(pilot, "Nothing to do with any story")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.uses == []


async def test_no_stories_no_panel(tmp_path: Path) -> None:
    app, _ = story_app(tmp_path, stories=False)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not pilot.app.screen.has_class("-stories")
        assert not panel(pilot).display
        assert not pilot.app.screen.check_action("mark_story", ())


async def test_save_key_turns_the_answer_into_a_story(tmp_path: Path) -> None:
    app, store = story_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not pilot.app.screen.check_action("save_story", ())  # nothing answered yet
        pilot.app.screen.query_one("#answer").insert(ANSWER)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen.check_action("save_story", ())
        await pilot.press("ctrl+g")
        await settle(pilot)
        saved = store.stories[4]
        assert saved.title == "At my previous job our release process was manual and slow"
        assert saved.task.startswith("My goal was")
        assert saved.action.startswith("I automated")
        assert saved.result.startswith("As a result")
        assert saved.reflection.startswith("Looking back")
        assert saved.competencies  # from the question
        assert [(u.story_id, u.how) for u in store.uses] == [(4, "saved")]  # told with that answer
        assert not pilot.app.screen.check_action("save_story", ())  # saved once


def test_stories_panel_wide(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await wait_until(pilot, lambda: shown(pilot), what="the stories panel")
        await pilot.press("ctrl+l")
        await settle(pilot)

    app, _ = story_app(tmp_path)
    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def test_stories_panel_small_terminal(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await wait_until(pilot, lambda: shown(pilot), what="the stories panel")

    app, _ = story_app(tmp_path)
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


async def test_marking_last_times_story_for_the_same_competency_warns_gently(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from interview_coach.domain.stories import Story, StoryUse

    app, store = story_app(tmp_path, stories=False)
    store.add_story(Story(title="All-rounder", competencies=["conflict", "mentoring", "leadership"]))
    every = ["conflict", "influence", "collaboration", "mentoring", "leadership"]
    store.record_story_use(
        StoryUse(session_id="old", story_id=1, story_title="All-rounder", competencies=every,
                 used_at=datetime(2025, 1, 1, tzinfo=UTC))
    )  # fmt: skip
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: shown(pilot), what="the stories panel")
        await pilot.press("ctrl+l")
        note = str(pilot.app.screen.query_one("#st-note").render())
        assert "'All-rounder' was also your" in note and "story last time" in note
        assert pilot.app.screen.query_one("#st-note").display

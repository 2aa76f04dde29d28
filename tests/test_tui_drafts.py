"""An unsent answer survives the app going away (a dropped SSH connection, a closed terminal) and comes back on
resume; once the answer is recorded, its draft is gone."""

from __future__ import annotations

from pathlib import Path

from interview_coach.domain.models import SessionStatus, TurnKind
from interview_coach.paths import get_paths
from interview_coach.tui.app import InterviewCoachApp
from interview_coach.tui.screens.choice import ChoiceScreen
from interview_coach.tui.screens.interview import InterviewScreen
from interview_coach.tui.widgets.answer_area import AnswerArea
from tests.fakes.memory_store import InMemorySessionStore
from tests.tui_helpers import make_app, make_services, settle, type_text, wait_until

FLAGS = {"questions": 2, "warmups": 0, "follow_ups": 0, "seed": 3}


async def test_a_draft_comes_back_after_the_app_dies_and_goes_once_submitted(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    app = make_app(make_services(tmp_path, store=store), flags=FLAGS)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await type_text(pilot, "half of my answer")
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        screen._save_draft()  # what the one-second timer does after typing pauses
        await settle(pilot)
        # The app goes away without quitting: no dialog, nothing submitted.
    (session,) = store.sessions.values()
    assert not any(t.kind is TurnKind.ANSWER for t in session.turns)
    assert [p.read_text() for p in get_paths().drafts_dir.glob("*.txt")] == ["half of my answer"]

    resumed = make_app(make_services(tmp_path, store=store), track=None, resume=True, session_id=session.id)
    async with resumed.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert resumed.screen.query_one(AnswerArea).text == "half of my answer"
        await type_text(pilot, " and the rest score=70")
        await pilot.press("ctrl+s")
        await settle(pilot)
    answers = [t.text for t in store.sessions[session.id].turns if t.kind is TurnKind.ANSWER]
    assert answers == ["half of my answer and the rest score=70"]
    assert list(get_paths().drafts_dir.glob("*.txt")) == []


async def quit_with_text(app: InterviewCoachApp, text: str, choice: str | None) -> None:
    """Type ``text``, press ctrl+q and pick ``choice`` in the dialog (None: Enter on the default button)."""
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await type_text(pilot, text)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await (pilot.press("enter") if choice is None else pilot.click(f"#choice-{choice}"))
        await settle(pilot)


async def test_quitting_keeps_an_unsent_answer_as_a_draft_by_default(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    app = make_app(make_services(tmp_path, store=store), flags=FLAGS)
    await quit_with_text(app, "a first thought I want to finish", None)
    (session,) = store.sessions.values()
    # Nothing answered yet, but the draft keeps the session open to come back to.
    assert session.status is SessionStatus.IN_PROGRESS and app.exit_note is not None and "--resume" in app.exit_note
    assert not any(t.kind is TurnKind.ANSWER for t in session.turns)

    resumed = make_app(make_services(tmp_path, store=store), track=None, resume=True, session_id=session.id)
    async with resumed.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert resumed.screen.query_one(AnswerArea).text == "a first thought I want to finish"


async def test_throwing_the_answer_away_leaves_no_draft_behind(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    app = make_app(make_services(tmp_path, store=store), flags=FLAGS)
    await quit_with_text(app, "text I do not want", "discard")
    assert list(get_paths().drafts_dir.glob("*.txt")) == []
    assert store.sessions == {}  # nothing answered and nothing kept: the session is not kept either

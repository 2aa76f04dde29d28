"""The TUI's background work: the database opening late, a slow streaming coach, failures, $EDITOR and voice."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from textual.widgets import Static

from interview_coach.domain.interview import InterviewEngine
from interview_coach.domain.models import TurnKind, utcnow
from interview_coach.domain.ports import CoachHealth, CoachState
from interview_coach.errors import StorageError
from interview_coach.tui.screens.choice import ChoiceScreen
from interview_coach.tui.screens.interview import InterviewScreen
from interview_coach.tui.widgets.answer_area import AnswerArea
from interview_coach.tui.widgets.feedback_panel import FeedbackPanel
from interview_coach.tui.widgets.question_panel import QuestionPanel
from tests.fakes.memory_store import InMemorySessionStore
from tests.tui_helpers import (
    SMALL,
    CheckingCoach,
    FakeSpeaker,
    GatedOpener,
    GatedStreamCoach,
    make_app,
    make_services,
    settle,
    type_text,
    wait_until,
)

NO_WARMUP = {"questions": 2, "warmups": 0, "follow_ups": 0, "seed": 5}


async def test_first_question_shows_before_the_database_opens_and_answers_wait_for_it(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    opener = GatedOpener(store)
    coach = CheckingCoach(store)
    services = make_services(tmp_path, store=store, coach=coach, opener=opener)
    app = make_app(services)
    async with app.run_test(size=(100, 32)) as pilot:
        # The warm-up is on screen while the database is still opening (nothing written yet).
        await wait_until(pilot, lambda: app.screen.query_one(QuestionPanel).border_title == "Warm-up")
        assert not services.store.is_open and store.sessions == {}
        await wait_until(pilot, opener.called.is_set)

        await type_text(pilot, "score=60 my answer")
        await pilot.press("ctrl+s")
        area = app.screen.query_one(AnswerArea)
        await wait_until(pilot, lambda: area.border_title == "Saving your answer...")
        assert coach.calls == []  # no coach call before the answer is saved
        await type_text(pilot, "next")  # typing goes on while the answer is on its way
        assert area.text == "next"

        opener.release()
        await settle(pilot)
        assert area.text == "next" and area.border_title == "Your answer"
        assert services.store.is_open
        assert coach.unsaved_scored == [] and "score" in coach.calls
        (session,) = store.sessions.values()
        kinds = [t.kind for t in session.turns]
        assert kinds[:2] == [TurnKind.QUESTION, TurnKind.ANSWER]  # the buffered question was replayed first
        assert app.status_line.saved.startswith("✓ saved")


async def test_typing_continues_while_feedback_streams_and_esc_stops_it(tmp_path: Path) -> None:
    coach = GatedStreamCoach()
    store = InMemorySessionStore()
    app = make_app(make_services(tmp_path, store=store, coach=coach), flags=NO_WARMUP)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await type_text(pilot, "score=70 first")
        await pilot.press("ctrl+s")
        await wait_until(pilot, coach.streaming.is_set)
        await wait_until(pilot, lambda: "First thoughts" in app.screen.query_one(FeedbackPanel).feedback_text)

        await type_text(pilot, "notes while it streams")
        assert app.screen.query_one(AnswerArea).text == "notes while it streams"

        await pilot.press("escape")
        await settle(pilot)
        assert not coach.gate.is_set()
        assert app.screen.query_one(QuestionPanel).border_title == "Question 2 of 2"
        assert app.screen.query_one(AnswerArea).text == "notes while it streams"  # kept for the next answer
        (session,) = store.sessions.values()
        assert [e.overall for e in session.evaluations] == [70.0]  # the score is saved even though we stopped


async def test_a_failed_save_is_a_notification_and_the_answer_stays_for_a_retry(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    app = make_app(make_services(tmp_path, store=store), flags=NO_WARMUP)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(pilot)
        await type_text(pilot, "score=55 precious")
        store.fail_next_turn = True
        await pilot.press("ctrl+s")
        await settle(pilot, expect=OSError)
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert any("OSError: disk full" in m for m in messages), messages
        assert app.screen.query_one(AnswerArea).text == "score=55 precious"  # back in the box, nothing lost

        await pilot.press("ctrl+s")
        await settle(pilot)
        (session,) = store.sessions.values()
        assert [t.text for t in session.turns if t.kind is TurnKind.ANSWER] == ["score=55 precious"]
        assert app.screen.query_one(QuestionPanel).border_title == "Question 2 of 2"


async def test_a_failure_after_saving_can_be_retried_without_asking_twice(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    coach = CheckingCoach(store)
    app = make_app(make_services(tmp_path, store=store, coach=coach), flags=NO_WARMUP)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(pilot)
        coach.fail = True
        await type_text(pilot, "score=65 kept")
        await pilot.press("ctrl+s")
        await settle(pilot, expect=ConnectionError)
        assert any("fake-coach is down" in n.message for n in app._notifications)
        coach.fail = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        (session,) = store.sessions.values()
        assert [t.text for t in session.turns if t.kind is TurnKind.ANSWER] == ["score=65 kept"]
        assert [e.overall for e in session.evaluations] == [65.0]
        assert app.screen.query_one(QuestionPanel).border_title == "Question 2 of 2"


async def test_editor_replaces_the_answer_with_what_was_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "fake-editor"
    script.write_text('#!/bin/sh\nprintf "%s\\n" "$(cat "$1") and more from the editor" > "$1"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    app = make_app(make_services(tmp_path), flags=NO_WARMUP)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await type_text(pilot, "draft")
        await pilot.press("ctrl+o")
        await settle(pilot)
        area = app.screen.query_one(AnswerArea)
        assert area.text == "draft and more from the editor"
        assert area.border_subtitle == "6 words"


async def test_a_missing_editor_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", os.fspath(tmp_path / "no-such-editor"))
    app = make_app(make_services(tmp_path), flags=NO_WARMUP)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(pilot)
        await type_text(pilot, "kept")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert any("was not found; set $EDITOR" in n.message for n in app._notifications)
        assert app.screen.query_one(AnswerArea).text == "kept"


async def test_voice_reads_each_question_and_repeat_and_esc_work(tmp_path: Path) -> None:
    speaker = FakeSpeaker()
    services = make_services(tmp_path, speaker=speaker, settings={"voice": True})
    app = make_app(services, flags={"questions": 1, "warmups": 0, "follow_ups": 1, "seed": 2})
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        prompt = app.screen.query_one(QuestionPanel).prompt
        assert prompt is not None and speaker.spoken == [prompt.text]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert speaker.spoken == [prompt.text, prompt.text]
        await pilot.press("escape")
        assert speaker.cancels >= 1
        await type_text(pilot, "score=40 alpha")
        await pilot.press("ctrl+s")
        await settle(pilot)
        follow_up = app.screen.query_one(QuestionPanel).prompt
        assert follow_up is not None and follow_up.kind is TurnKind.FOLLOW_UP
        assert speaker.spoken[-1] == follow_up.text
        assert app.status_line.voice == "voice: fake"


async def test_submit_is_disabled_while_the_coach_works(tmp_path: Path) -> None:
    coach = GatedStreamCoach()
    store = InMemorySessionStore()
    app = make_app(make_services(tmp_path, store=store, coach=coach), flags=NO_WARMUP)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await type_text(pilot, "score=70 first")
        await pilot.press("ctrl+s")
        await wait_until(pilot, coach.streaming.is_set)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        # Hidden from the footer while the coach works (only what applies, Esc, Quit and Help, stays there).
        assert screen.check_action("submit", ()) is False and screen.check_action("hint", ()) is False
        await type_text(pilot, "score=99 second")
        await pilot.press("ctrl+s", "ctrl+t", "ctrl+n")  # ignored while busy: nothing is recorded twice
        coach.gate.set()
        await settle(pilot)
        (session,) = store.sessions.values()
        assert [t.text for t in session.turns if t.kind is TurnKind.ANSWER] == ["score=70 first"]
        assert [t.kind for t in session.turns].count(TurnKind.HINT) == 0


class FlakyAiCoach(CheckingCoach):
    """Reports itself online until ``down`` is set; then its health says the offline fallback is in use."""

    def __init__(self, store: InMemorySessionStore) -> None:
        super().__init__(store)
        self.down = False

    def health(self) -> CoachHealth:
        if self.down:
            return CoachHealth(
                configured=True, state=CoachState.DEGRADED, fallback_active=True, last_error="HTTP 503 from DeepSeek"
            )
        return CoachHealth(configured=True, state=CoachState.ONLINE, model="deepseek-v4-flash", last_ok_at=utcnow())


async def test_the_status_line_says_when_the_ai_coach_falls_back(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    coach = FlakyAiCoach(store)
    app = make_app(make_services(tmp_path, store=store, coach=coach), flags=NO_WARMUP)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(pilot)
        assert app.status_line.coach == "AI online (deepseek-v4-flash)"
        coach.down = True
        await type_text(pilot, "score=60 an answer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.status_line.coach == "AI unavailable - offline fallback"
        assert any("HTTP 503 from DeepSeek" in n.message for n in app._notifications)


async def test_a_database_that_cannot_open_is_reported_and_nothing_typed_is_lost(tmp_path: Path) -> None:
    def broken() -> InMemorySessionStore:
        raise StorageError("the database was written by a newer interview-coach; upgrade to open it")

    services = make_services(tmp_path, opener=broken)
    app = make_app(services)
    # As `launch` does: the warm-up is chosen before the app runs, so the database failing afterwards cannot
    # take the question away; only saving fails.
    app.start_request.engine = await InterviewEngine.start(
        services.bank, services.store, services.coach, services.options("t", **SMALL), clock=services.clock
    )
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(pilot, expect=StorageError)
        assert any("newer interview-coach" in n.message for n in app._notifications)
        assert app.status_line.saved_state == "-failed"
        await type_text(pilot, "score=70 keep me")
        await pilot.press("ctrl+s")
        await settle(pilot, expect=StorageError)  # saving waits for the database, which failed to open
        assert app.screen.query_one(AnswerArea).text == "score=70 keep me"
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.click("#choice-discard")
        await settle(pilot)
    assert app.return_code == 1
    assert app.exit_note is not None and "could not be saved" in app.exit_note


async def test_feedback_at_the_end_shows_no_score_until_the_summary(tmp_path: Path) -> None:
    flags = {**NO_WARMUP, "feedback": "end"}
    app = make_app(make_services(tmp_path), flags=flags)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await type_text(pilot, "score=75 alpha")
        await pilot.press("ctrl+s")
        await settle(pilot)
        panel = app.screen.query_one(FeedbackPanel)
        assert panel.feedback_text == ""
        text = " ".join(str(w.render()) for w in panel.query("Static").results(Static))
        assert "Score" not in text and "saved and scored" in text and "comes with the summary" in text
        assert not panel.query("#fb-reference-text")


async def test_without_a_warm_up_the_first_question_waits_for_the_database_then_shows(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    services = make_services(tmp_path, store=store, opener=lambda: store)
    app = make_app(services, flags=NO_WARMUP)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert services.store.is_open
        assert app.screen.query_one(QuestionPanel).border_title == "Question 1 of 2"


async def test_countdown_runs_and_overtime_is_recorded(tmp_path: Path) -> None:
    now = [1000.0]
    store = InMemorySessionStore()
    services = make_services(tmp_path, store=store, monotonic=lambda: now[0])
    app = make_app(services, flags={**NO_WARMUP, "time_limit_s": 60})
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        panel = screen.query_one(QuestionPanel)
        assert panel.border_subtitle == "1:00 left"
        now[0] += 45
        screen._tick()
        assert panel.border_subtitle == "0:15 left" and not panel.has_class("-overtime")
        now[0] += 30
        screen._tick()
        assert panel.border_subtitle == "0:15 over" and panel.has_class("-overtime")
        await type_text(pilot, "score=50 late")
        await pilot.press("ctrl+s")
        await settle(pilot)
    (session,) = store.sessions.values()
    answer = next(t for t in session.turns if t.kind is TurnKind.ANSWER)
    assert answer.metrics is not None and answer.metrics.overtime_s == 15
    assert answer.metrics.duration_s == 75


async def test_with_feedback_at_the_end_the_summary_lists_each_question_and_its_reference(tmp_path: Path) -> None:
    from interview_coach.tui.screens.summary import SummaryScreen

    flags = {**NO_WARMUP, "feedback": "end", "follow_ups": 0}
    app = make_app(make_services(tmp_path), flags=flags)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for text in ("score=75 alpha", "score=40 beta"):
            await type_text(pilot, text)
            await pilot.press("ctrl+s")
            await settle(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        listing = str(app.screen.query_one("#summary-questions-text", Static).render())
        assert "1. " in listing and "2. " in listing and "/100" in listing
        assert "Reference: " in listing

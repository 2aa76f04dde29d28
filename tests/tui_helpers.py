"""Fakes and builders for the TUI tests: an app over the synthetic bank, an in-memory store, a scripted coach and a
recording speaker, with frozen clocks so snapshots are stable."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerFailed

from interview_coach.config import load_settings
from interview_coach.domain.bank import QuestionBank
from interview_coach.domain.models import (
    CoachMode,
    Evaluation,
    Role,
    Session,
    SessionStatus,
    SessionSummary,
    Turn,
    TurnKind,
)
from interview_coach.domain.ports import Coach, SessionStore
from interview_coach.domain.questions import Question
from interview_coach.tui.app import InterviewCoachApp
from interview_coach.tui.deferred import DeferredStore
from interview_coach.tui.services import AppServices, StartRequest
from tests.engine_helpers import make_bank
from tests.fakes.coaches import ScriptedCoach
from tests.fakes.memory_store import InMemorySessionStore

FIXED_NOW = datetime(2025, 3, 14, 9, 26, 53, tzinfo=UTC)
FIXED_SESSION_ID = "0123456789abcdef0123456789abcdef"
SMALL = {"questions": 2, "warmups": 1, "follow_ups": 1, "seed": 7}


class FakeSpeaker:
    """Records what it was asked to say; ``speak`` returns at once (like the real chain, it only starts audio)."""

    name = "fake-voice"

    def __init__(self) -> None:
        self.spoken: list[str] = []
        self.cancels = 0

    async def speak(self, text: str) -> None:
        self.spoken.append(text)

    def cancel(self) -> None:
        self.cancels += 1

    def status(self) -> str:
        return "voice: fake"


class GatedStreamCoach(ScriptedCoach):
    """A ScriptedCoach whose feedback stream sends one chunk, then waits for ``gate`` (a slow model)."""

    def __init__(self) -> None:
        super().__init__()
        self.streaming = asyncio.Event()
        self.gate = asyncio.Event()

    async def stream_feedback(self, question: Question, answer: str, evaluation: Evaluation) -> AsyncIterator[str]:
        self.calls.append("stream_feedback")
        yield "First thoughts: "
        self.streaming.set()
        await self.gate.wait()
        yield "the rest of the feedback."


class CheckingCoach(ScriptedCoach):
    """Fails the test's expectations if it is asked to score an answer the store does not hold yet."""

    def __init__(self, store: InMemorySessionStore) -> None:
        super().__init__()
        self.store = store
        self.unsaved_scored: list[str] = []

    async def score(self, question: Question, answer: str) -> Evaluation:
        stored = {t.text for s in self.store.sessions.values() for t in s.turns}
        if answer not in stored:
            self.unsaved_scored.append(answer)
        return await super().score(question, answer)


class GatedOpener:
    """A store opener that blocks (in the app's worker thread) until the test calls ``release``."""

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        self.gate = threading.Event()
        self.called = threading.Event()

    def __call__(self) -> SessionStore:
        self.called.set()
        self.gate.wait(timeout=30)
        return self.store

    def release(self) -> None:
        self.gate.set()


def make_services(
    tmp_path: Path,
    *,
    store: InMemorySessionStore | None = None,
    coach: Coach | None = None,
    bank: QuestionBank | None = None,
    opener: Callable[[], SessionStore] | None = None,
    speaker: FakeSpeaker | None = None,
    settings: dict[str, Any] | None = None,
    monotonic: Callable[[], float] | None = None,
) -> AppServices:
    """Services over fakes. Without ``opener`` the store is attached at once (an already-open database)."""
    memory = store if store is not None else InMemorySessionStore()
    deferred = DeferredStore() if opener is not None else DeferredStore(memory)
    return AppServices(
        settings=load_settings(settings or {}),
        bank=bank or make_bank(),
        coach=coach or ScriptedCoach(),
        store=deferred,
        open_store=opener,
        speaker_factory=(lambda on_status: speaker) if speaker is not None else None,
        exports_dir=tmp_path / "exports",
        clock=lambda: FIXED_NOW,
        today=lambda: date(2025, 3, 14),
        monotonic=monotonic or (lambda: 1000.0),
        cursor_blink=False,
        tts_engine="fake-voice" if speaker is not None else "none",
    )


def make_app(
    services: AppServices,
    *,
    track: str | None = "t",
    resume: bool = False,
    session_id: str | None = None,
    flags: dict[str, Any] | None = None,
) -> InterviewCoachApp:
    request = StartRequest(
        track=track, resume=resume, session_id=session_id, flags=dict(SMALL if flags is None else flags)
    )
    return InterviewCoachApp(services, request)


async def settle(pilot: Pilot[Any]) -> None:
    """Let every worker finish and the screen catch up (no sleeps: we wait on the workers themselves)."""
    app = pilot.app
    for _ in range(20):
        with contextlib.suppress(WorkerFailed):  # a failed worker is reported by the app; tests check how
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            return


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], *, rounds: int = 200) -> None:
    """Pump the app until ``condition`` holds (for states that a still-running worker is waiting in)."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never reached the expected state")


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type into the focused widget key by key, as a user would."""
    keys = ["space" if char == " " else char for char in text]
    await pilot.press(*keys)


def past_session(session_id: str, *, track: str = "t", score: float | None, days_ago: int) -> Session:
    started = FIXED_NOW - timedelta(days=days_ago)
    status = SessionStatus.COMPLETED if score is not None else SessionStatus.IN_PROGRESS
    turns = [
        Turn(
            session_id=session_id,
            seq=1,
            role=Role.COACH,
            kind=TurnKind.QUESTION,
            question_id="t-q2-0",
            text="Prompt of t-q2-0",
            difficulty=2,
            created_at=started,
        ),
        Turn(
            session_id=session_id,
            seq=2,
            role=Role.CANDIDATE,
            kind=TurnKind.ANSWER,
            question_id="t-q2-0",
            text=f"answer of {session_id}",
            created_at=started,
        ),
    ]
    evaluations = [Evaluation(session_id=session_id, answer_turn_seq=2, question_id="t-q2-0", overall=score or 0)]
    return Session(
        id=session_id, track=track, mode=CoachMode.OFFLINE, status=status, started_at=started,
        ended_at=started if score is not None else None, overall_score=score, turns=turns,
        evaluations=evaluations if score is not None else [],
        summary=SessionSummary(overall=score) if score is not None else None,
        settings={"track": track, "questions": 1 if score is not None else 2, "warmups": 0, "follow_ups": 0, "seed": 1},
    )  # fmt: skip


def store_with_history() -> InMemorySessionStore:
    store = InMemorySessionStore()
    for session in (
        past_session("a" * 32, score=40, days_ago=9),
        past_session("b" * 32, score=65, days_ago=5),
        past_session("c" * 32, track="u", score=80, days_ago=3),
        past_session("d" * 32, score=None, days_ago=1),
    ):
        store.sessions[session.id] = session
    return store

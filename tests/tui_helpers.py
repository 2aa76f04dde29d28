"""Fakes and builders for the TUI tests: an app over the synthetic bank, an in-memory store, a scripted coach and a
recording speaker, with frozen clocks so snapshots are stable."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App
from textual.pilot import Pilot
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

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
from tests.waiting import POLL_S, TIMEOUT_S

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
    app = InterviewCoachApp(services, request)
    watch_workers(app)
    return app


_WORKERS: WeakKeyDictionary[App[Any], WorkerLog] = WeakKeyDictionary()
_TO_CHECK: list[WorkerLog] = []  # held strongly: an app may be collected before its test's teardown checks it


class WorkerLog:
    """Every worker an app started (textual forgets finished ones), and the failures a test has already accounted for.

    Every app worker runs with ``exit_on_error=False``, so a failure never crashes the app: without this log a test
    could pass while the worker behind it had failed.
    """

    def __init__(self) -> None:
        self.started: list[Worker[Any]] = []
        self.accounted: list[Worker[Any]] = []

    def unaccounted_failures(self) -> list[Worker[Any]]:
        return [w for w in self.started if w.state is WorkerState.ERROR and w not in self.accounted]


def watch_workers(app: App[Any]) -> WorkerLog:
    """Record every worker ``app`` starts (``make_app`` does this for every test app)."""
    log = WorkerLog()
    manager = app.workers
    add_worker = manager.add_worker

    def recording_add_worker(worker: Worker[Any], start: bool = True, exclusive: bool = True) -> None:
        log.started.append(worker)
        add_worker(worker, start=start, exclusive=exclusive)

    manager.add_worker = recording_add_worker  # type: ignore[method-assign]
    _WORKERS[app] = log
    _TO_CHECK.append(log)
    return log


def worker_log(app: App[Any]) -> WorkerLog:
    log = _WORKERS.get(app)
    if log is None:
        raise AssertionError("this app's workers are not watched: build test apps with make_app (or watch_workers)")
    return log


def _describe(worker: Worker[Any]) -> str:
    error = worker.error
    return f"worker {worker.name!r} (group {worker.group!r}) failed: {type(error).__name__}: {error}"


def check_worker_failures(
    app: App[Any], expect: type[BaseException] | tuple[type[BaseException], ...] | None = None
) -> list[BaseException]:
    """Fail the test for any worker that failed and was not expected; with ``expect``, at least one must have failed
    with that type. Expected failures are then accounted for (returned, and never reported again)."""
    log = worker_log(app)
    failed = log.unaccounted_failures()
    log.accounted.extend(failed)  # each failure is reported once, here or by the check after the test
    unexpected = [w for w in failed if expect is None or not isinstance(w.error, expect)]
    if unexpected:
        raise AssertionError("; ".join(_describe(w) for w in unexpected)) from unexpected[0].error
    if expect is not None and not failed:
        raise AssertionError(f"expected a worker to fail with {expect}, but none failed")
    return [w.error for w in failed if w.error is not None]


def unaccounted_failures_of_apps_made() -> list[str]:
    """For the autouse check in conftest, after each test: failures no ``settle`` looked at, in the apps it built."""
    logs = list(_TO_CHECK)
    _TO_CHECK.clear()
    return [_describe(w) for log in logs for w in log.unaccounted_failures()]


async def _until_done(workers: list[Worker[Any]], timeout: float) -> bool:
    async def finished(worker: Worker[Any]) -> None:
        with contextlib.suppress(WorkerFailed, WorkerCancelled):  # failures are reported by check_worker_failures
            await worker.wait()

    waiter = asyncio.ensure_future(asyncio.gather(*(finished(w) for w in workers)))
    done, _ = await asyncio.wait({waiter}, timeout=max(timeout, 0))
    if not done:
        waiter.cancel()
    return bool(done)


async def settle(
    pilot: Pilot[Any], *, expect: type[BaseException] | tuple[type[BaseException], ...] | None = None
) -> list[BaseException]:
    """Wait until no worker runs and the screen has handled what the workers posted (which may start more
    workers); then fail the test for a worker that failed, unless ``expect`` names the failure the test is about
    (its errors are returned). Ends on that condition, or fails after TIMEOUT_S."""
    app = pilot.app
    log = worker_log(app)
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        started = len(log.started)
        running = [w for w in app.workers if w.is_running]
        if running and not await _until_done(running, deadline - time.monotonic()):
            busy = ", ".join(f"{w.name!r} ({w.group})" for w in running if w.is_running)
            raise AssertionError(f"workers still running after {TIMEOUT_S:g}s: {busy}")
        await pilot.pause()
        if not running and len(log.started) == started:
            return check_worker_failures(app, expect)
        if time.monotonic() > deadline:
            raise AssertionError(f"the app kept starting workers for {TIMEOUT_S:g}s")


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], *, what: str = "") -> None:
    """Pump the app until ``condition`` holds (for states that a still-running worker is waiting in).

    Fails at once if a worker fails on the way (unless an earlier ``settle(expect=...)`` accounted for it), and
    after TIMEOUT_S if the state never comes."""
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        check_worker_failures(pilot.app)
        if time.monotonic() > deadline:
            raise AssertionError(f"the app never reached the expected state{': ' + what if what else ''}")
        await pilot.pause(POLL_S)


def feedback_streamed(app: App[Any]) -> bool:
    """The last answer's feedback has streamed in full: the engine stored it (it does so once the stream ends) and
    the interview screen has moved on from it (nothing busy)."""
    screen = app.screen
    engine = getattr(screen, "engine", None)
    if engine is None or getattr(screen, "busy", None) is not None:
        return False
    kinds = [turn.kind for turn in engine.session.turns]
    if TurnKind.ANSWER not in kinds:
        return False
    last_answer = len(kinds) - 1 - kinds[::-1].index(TurnKind.ANSWER)
    return TurnKind.FEEDBACK in kinds[last_answer:]


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

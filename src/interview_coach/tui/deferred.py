"""Adapters that let the first question show before the database and the AI client are ready.

Opening the database imports SQLAlchemy, SQLModel and Alembic and may migrate (about half a second), and the
DeepSeek coach imports httpx. Neither is needed to *show* a warm-up question, so the TUI starts with these
stand-ins and opens the real adapters in a worker once the first screen is up.

The rule that matters: nothing the user wrote is ever held only in memory. ``DeferredStore`` buffers the
session row, the first question and hints (all reproducible), and the screens await ``wait_open()`` before
recording an answer, so every answer goes straight to the real database before any coach call.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Any, TypeVar

from interview_coach.domain.models import (
    Evaluation,
    ReviewState,
    Session,
    SessionOverview,
    SessionSummary,
    Turn,
)
from interview_coach.domain.ports import Coach, CoachHealth, CoachState, FollowUpRequest, RetryNotice, SessionStore
from interview_coach.domain.questions import Question
from interview_coach.errors import StorageError

T = TypeVar("T")
SavedListener = Callable[[], None]


class DeferredStore:
    """Implements ``SessionStore`` over a real store that is attached later (from any thread).

    Writes made before ``attach`` are copied into a journal and replayed, in order, when the store arrives;
    writes after it go straight through. Reads block (in the engine's worker thread) until the store is open.
    ``listeners`` are called after every write that reached the real store, from the writing thread.
    """

    def __init__(self, store: SessionStore | None = None) -> None:
        self._lock = threading.RLock()
        self._opened = threading.Event()
        self._store: SessionStore | None = None
        self._error: BaseException | None = None
        self._journal: list[Callable[[SessionStore], object]] = []
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self.listeners: list[SavedListener] = []
        if store is not None:
            self.attach(store)

    # --- opening -------------------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._store is not None

    @property
    def failed(self) -> BaseException | None:
        return self._error

    @property
    def has_pending_writes(self) -> bool:
        return bool(self._journal)

    def attach(self, store: SessionStore) -> None:
        """Replay the journal into ``store`` and route everything to it from now on."""
        with self._lock:
            if self._store is not None or self._error is not None:
                return
            try:
                for write in self._journal:
                    write(store)
            except BaseException as exc:
                self._fail_locked(exc)
                raise
            self._journal.clear()
            self._store = store
            self._release_locked()
        self._notify_saved()

    def fail(self, error: BaseException) -> None:
        """The store cannot be opened: every waiter (and every later read or answer) gets ``error``."""
        with self._lock:
            self._fail_locked(error)

    def _fail_locked(self, error: BaseException) -> None:
        if self._error is None and self._store is None:
            self._error = error
            self._release_locked()

    def _release_locked(self) -> None:
        self._opened.set()
        for loop, future in self._waiters:
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits there any more
                loop.call_soon_threadsafe(_resolve, future)
        self._waiters.clear()

    async def wait_open(self) -> SessionStore:
        """The real store, once open; raises the opening error if it could not be opened."""
        if not self._opened.is_set():
            loop = asyncio.get_running_loop()
            future: asyncio.Future[None] = loop.create_future()
            with self._lock:
                pending = not self._opened.is_set()
                if pending:
                    self._waiters.append((loop, future))
            if pending:
                await future
        return self._ready_store()

    def _ready_store(self) -> SessionStore:
        if self._store is not None:
            return self._store
        raise self._error or StorageError("the database is not open")

    def _blocking_store(self) -> SessionStore:
        self._opened.wait()
        return self._ready_store()

    def close(self) -> None:
        """Release blocked readers and close the real store (if it has ``close``)."""
        with self._lock:
            self._fail_locked(StorageError("the app closed before the database opened; nothing was saved"))
            store = self._store
        close = getattr(store, "close", None)
        if callable(close):
            close()

    @property
    def real(self) -> SessionStore:
        """The real store (blocking until open), for calls beyond the port such as ``resolve_session_id``."""
        return self._blocking_store()

    # --- writes --------------------------------------------------------------------------------------------

    def _write(self, operation: Callable[[SessionStore], T], buffered: T) -> T:
        with self._lock:
            if self._store is None and self._error is None:
                self._journal.append(operation)
                return buffered
            store = self._ready_store()
            result = operation(store)
        self._notify_saved()
        return result

    def _notify_saved(self) -> None:
        for listener in list(self.listeners):
            listener()

    def create_session(self, session: Session) -> None:
        # A copy: the engine keeps appending turns to its session object, which are written as turns.
        copy = session.model_copy(deep=True)
        self._write(lambda store: store.create_session(copy), None)

    def add_turn(self, turn: Turn) -> Turn:
        copy = turn.model_copy(deep=True)
        return self._write(lambda store: store.add_turn(copy), copy)

    def add_evaluation(self, evaluation: Evaluation) -> Evaluation:
        copy = evaluation.model_copy(deep=True)
        return self._write(lambda store: store.add_evaluation(copy), copy)

    def update_session(self, session: Session) -> None:
        copy = session.model_copy(deep=True)
        self._write(lambda store: store.update_session(copy), None)

    def delete_session(self, session_id: str) -> None:
        self._write(lambda store: store.delete_session(session_id), None)

    def save_summary(self, session_id: str, summary: SessionSummary) -> None:
        copy = summary.model_copy(deep=True)
        self._write(lambda store: store.save_summary(session_id, copy), None)

    def save_review_state(self, state: ReviewState) -> None:
        copy = state.model_copy(deep=True)
        self._write(lambda store: store.save_review_state(copy), None)

    # --- reads (block until open) --------------------------------------------------------------------------

    def load_session(self, session_id: str) -> Session:
        return self._blocking_store().load_session(session_id)

    def latest_in_progress(self, track: str | None = None) -> SessionOverview | None:
        return self._blocking_store().latest_in_progress(track)

    def list_sessions(self, track: str | None = None, limit: int | None = None) -> list[SessionOverview]:
        return self._blocking_store().list_sessions(track, limit)

    def recent_question_ids(self, track: str, sessions: int = 3) -> set[str]:
        return self._blocking_store().recent_question_ids(track, sessions)

    def review_state(self, question_id: str) -> ReviewState | None:
        return self._blocking_store().review_state(question_id)

    def due_reviews(self, track: str, today: date) -> list[ReviewState]:
        return self._blocking_store().due_reviews(track, today)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class DeferredCoach:
    """Implements ``Coach``: the real coach is built by ``factory`` in a thread, on first use or ``warm_up()``.

    ``name`` must be the name the real coach will have (the engine records it as the session's mode).
    Until the real coach exists, ``health()`` reports ``placeholder``.
    """

    def __init__(self, name: str, factory: Callable[[], Coach], placeholder: CoachHealth | None = None) -> None:
        self.name = name
        self._factory = factory
        self._coach: Coach | None = None
        self.retry_listeners: list[Callable[[RetryNotice], None]] = []
        """Told of the real coach's retries once it exists (the status bar listens from the start)."""
        self._lock = asyncio.Lock()
        self._placeholder = placeholder or CoachHealth(configured=True, state=CoachState.ONLINE, model=name)

    @property
    def built(self) -> bool:
        return self._coach is not None

    async def warm_up(self) -> Coach:
        if self._coach is None:
            async with self._lock:
                if self._coach is None:
                    coach = await asyncio.to_thread(self._factory)
                    listeners = getattr(coach, "retry_listeners", None)
                    if isinstance(listeners, list):
                        listeners.append(self._retrying)
                    self._coach = coach
        return self._coach

    def _retrying(self, notice: RetryNotice) -> None:
        for listener in list(self.retry_listeners):
            listener(notice)

    @property
    def last_call_fell_back(self) -> bool:
        return bool(getattr(self._coach, "last_call_fell_back", False))

    @property
    def last_fallback_reason(self) -> str | None:
        reason = getattr(self._coach, "last_fallback_reason", None)
        return reason if isinstance(reason, str) else None

    @property
    def waiting(self) -> bool:
        """True while a call waits on the AI (Escape can end the wait)."""
        return bool(getattr(self._coach, "waiting", False))

    def give_up(self) -> bool:
        """End the wait on the AI for the call in flight: the offline coach answers it now."""
        give_up = getattr(self._coach, "give_up", None)
        return bool(give_up()) if give_up is not None else False

    async def follow_up(self, request: FollowUpRequest) -> str | None:
        return await (await self.warm_up()).follow_up(request)

    async def score(self, question: Question, answer: str) -> Evaluation:
        return await (await self.warm_up()).score(question, answer)

    async def summarize(self, session: Session, questions: dict[str, Question]) -> SessionSummary:
        return await (await self.warm_up()).summarize(session, questions)

    async def stream_feedback(self, question: Question, answer: str, evaluation: Evaluation) -> AsyncIterator[str]:
        coach = await self.warm_up()
        stream = coach.stream_feedback(question, answer, evaluation)
        try:
            async for chunk in stream:
                yield chunk
        finally:
            # If our consumer stops early (Esc), close the real stream (and its HTTP response) now.
            close: Any = getattr(stream, "aclose", None)
            if close is not None:
                await close()

    def health(self) -> CoachHealth:
        return self._coach.health() if self._coach is not None else self._placeholder

    async def aclose(self) -> None:
        close: Any = getattr(self._coach, "aclose", None)
        if close is not None:
            await close()

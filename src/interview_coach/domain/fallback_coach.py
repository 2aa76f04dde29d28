"""A ``Coach`` that tries the primary (AI) coach and falls back to another for any call that fails.

The fallback is per call, not for the rest of the session, but after a failure the primary is rested for
``retry_after_s`` (a circuit breaker): a dead or hanging API then costs one slow call, not a timeout on every
answer, and it is tried again a minute later, so a brief outage costs a few offline evaluations. Failures are logged
(the message only, with any key masked) and shown in ``health()``. ``last_call_fell_back`` and
``last_fallback_reason`` tell the engine to record it with the evaluation.

The candidate never waits on the AI longer than ``wait_s`` (``ai_wait_s``), retries included: past it, or when
they give up waiting (``give_up()``: Escape in the TUI), the offline coach answers at once. ``go_offline()`` (the
plain mode's ``/offline``) uses the offline coach for the rest of the session.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TypeVar

from interview_coach.domain.models import Evaluation, Session, SessionSummary
from interview_coach.domain.ports import Coach, CoachHealth, CoachState, FollowUpRequest, RetryNotice
from interview_coach.domain.questions import Question
from interview_coach.errors import CoachError
from interview_coach.logging_setup import redact

logger = logging.getLogger(__name__)

INTERRUPTED_NOTE = "\n\n(AI feedback interrupted; offline feedback follows)\n\n"
_MAX_ERROR_CHARS = 300

T = TypeVar("T")


def describe_error(error: BaseException) -> str:
    """A one-line, user-facing description: a CoachError's message, else the type and message, truncated.

    Known secrets and key-shaped strings are masked here too, not only in the log file: this text is shown in
    ``health()`` (status bar, ``doctor``), which no logging filter guards.
    """
    text = error.message if isinstance(error, CoachError) else f"{type(error).__name__}: {error}"
    text = redact(" ".join(text.split())) or type(error).__name__
    return text if len(text) <= _MAX_ERROR_CHARS else text[: _MAX_ERROR_CHARS - 1] + "\u2026"


class WaitEndedError(CoachError):
    """The candidate's wait on the AI ended (the budget ran out, or they chose the offline coach)."""

    title = "AI coach too slow"


class FallbackCoach:
    """Implements ``Coach`` by delegating to ``primary`` and, for any call that raises, to ``fallback``."""

    def __init__(
        self,
        primary: Coach,
        fallback: Coach,
        *,
        retry_after_s: float = 60.0,
        wait_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self.name = primary.name
        self.wait_s = wait_s
        self.last_call_fell_back = False
        self.last_fallback_reason: str | None = None
        self.offline_for_session = False
        self.retry_listeners: list[Callable[[RetryNotice], None]] = []
        """Told of each retry of the primary (the status bar, the plain mode's stderr)."""
        self._retrying: str | None = None
        self._give_up: asyncio.Event | None = None
        self._fallback_active = False
        self._last_error: str | None = None
        self._last_error_at: datetime | None = None
        self._last_ok_at: datetime | None = None
        self._retry_after_s, self._clock = retry_after_s, clock
        self._resting_until = 0.0

    def __repr__(self) -> str:
        return f"FallbackCoach(primary={self.primary.name!r}, fallback={self.fallback.name!r})"

    @property
    def primary_resting(self) -> bool:
        """True while the primary is skipped after a failure."""
        return self._clock() < self._resting_until

    def _succeeded(self) -> None:
        self._retrying = None
        self._fallback_active = False
        self._last_ok_at = datetime.now(UTC)

    @property
    def waiting(self) -> bool:
        """True while a call waits on the primary (what Escape can cut short)."""
        return self._give_up is not None

    def give_up(self) -> bool:
        """Stop waiting on the AI for the call in flight: the offline coach answers it now. False if none."""
        if self._give_up is None:
            return False
        self._give_up.set()
        return True

    def go_offline(self) -> None:
        """Use the offline coach for the rest of the session (and for the call in flight)."""
        self.offline_for_session = True
        self.give_up()

    def notice_retry(self, notice: RetryNotice) -> None:
        """The primary's client will try again: show it (``health().retrying``) and tell the listeners."""
        reason = notice.reason if len(notice.reason) <= 60 else notice.reason[:59] + "\u2026"
        self._retrying = f"{notice.attempt}/{notice.max_attempts} in {notice.delay_s:.1f} s ({reason})"
        for listener in list(self.retry_listeners):
            try:
                listener(notice)
            except Exception:  # a display problem must never break the call being retried
                logger.exception("a retry listener failed")

    def _fell_back(self, reason: str) -> None:
        self.last_call_fell_back = True
        self.last_fallback_reason = reason

    def _failed(self, operation: str, error: Exception) -> None:
        self._retrying = None
        self._fell_back(describe_error(error))
        self._fallback_active = True
        self._last_error = describe_error(error)
        self._last_error_at = datetime.now(UTC)
        self._resting_until = self._clock() + self._retry_after_s
        logger.warning(
            "%s failed in %s; using %s for this call: %s",
            self.primary.name,
            operation,
            self.fallback.name,
            self._last_error,
        )

    def _skip_reason(self) -> str | None:
        """Why the primary is not tried at all for this call, or None."""
        if self.offline_for_session:
            return "offline coach chosen for the rest of the session"
        if self.primary_resting:
            return f"the AI coach is resting after an error: {self._last_error or 'unknown'}"
        return None

    async def _within_budget(self, awaitable: Awaitable[T]) -> T:
        """``awaitable``'s result, unless the wait budget runs out or the candidate gives up first (raises)."""
        task = asyncio.ensure_future(awaitable)
        give_up = self._give_up = asyncio.Event()
        stop = asyncio.ensure_future(give_up.wait())
        try:
            done, _ = await asyncio.wait({task, stop}, timeout=self.wait_s, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
            self._give_up = None
        if task in done:
            return task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        if give_up.is_set():
            raise WaitEndedError("you chose not to wait for the AI coach")
        raise WaitEndedError(f"the AI coach took longer than {self.wait_s:g} s (INTERVIEW_COACH_AI_WAIT_S)")

    async def _call(
        self, operation: str, primary: Callable[[], Awaitable[T]], fallback: Callable[[], Awaitable[T]]
    ) -> T:
        skip = self._skip_reason()
        if skip is not None:
            self._fell_back(skip)
            return await fallback()
        self.last_call_fell_back, self.last_fallback_reason = False, None
        try:
            result = await self._within_budget(primary())
        except Exception as error:  # any failure, by design; CancelledError is not an Exception and propagates
            self._failed(operation, error)
            return await fallback()
        self._succeeded()
        return result

    async def score(self, question: Question, answer: str) -> Evaluation:
        return await self._call(
            "score",
            lambda: self.primary.score(question, answer),
            lambda: self.fallback.score(question, answer),
        )

    async def follow_up(self, request: FollowUpRequest) -> str | None:
        return await self._call(
            "follow_up",
            lambda: self.primary.follow_up(request),
            lambda: self.fallback.follow_up(request),
        )

    async def summarize(self, session: Session, questions: dict[str, Question]) -> SessionSummary:
        return await self._call(
            "summarize",
            lambda: self.primary.summarize(session, questions),
            lambda: self.fallback.summarize(session, questions),
        )

    async def stream_feedback(self, question: Question, answer: str, evaluation: Evaluation) -> AsyncIterator[str]:
        """The primary's stream; on failure the fallback's, after a note if text was already shown.

        The primary stream is never re-run: text the user has seen cannot be taken back.
        """
        skip = self._skip_reason()
        if skip is not None:
            self._fell_back(skip)
            async for chunk in self.fallback.stream_feedback(question, answer, evaluation):
                yield chunk
            return
        self.last_call_fell_back, self.last_fallback_reason = False, None
        shown = False
        stream = self.primary.stream_feedback(question, answer, evaluation)
        try:
            while True:
                # The budget bounds each wait for text (keep-alive bytes are not text), not the reading of it.
                try:
                    chunk = await self._within_budget(anext(stream))
                except StopAsyncIteration:
                    break
                if chunk:
                    shown = True
                    yield chunk
        except Exception as error:  # any failure, by design; cancellation and aclose() are not Exceptions
            self._failed("stream_feedback", error)
            if shown:
                yield INTERRUPTED_NOTE
            async for chunk in self.fallback.stream_feedback(question, answer, evaluation):
                yield chunk
            return
        finally:
            # If our consumer stops early, close the primary's stream now (its HTTP response with it).
            close = getattr(stream, "aclose", None)
            if close is not None:
                await close()
        self._succeeded()

    async def aclose(self) -> None:
        """Close whichever coaches hold resources (the DeepSeek client's connections)."""
        for coach in (self.primary, self.fallback):
            close = getattr(coach, "aclose", None)
            if close is not None:
                await close()

    def health(self) -> CoachHealth:
        """The primary's health, with this wrapper's view of fallbacks and the latest error folded in."""
        health = replace(self.primary.health(), retrying=self._retrying)
        if self._fallback_active:
            health.fallback_active = True
            if health.state is CoachState.ONLINE:
                health.state = CoachState.DEGRADED
        if self._last_error_at is not None and (
            health.last_error_at is None or self._last_error_at >= health.last_error_at
        ):
            health.last_error_at, health.last_error = self._last_error_at, self._last_error
        if self._last_ok_at is not None and (health.last_ok_at is None or self._last_ok_at > health.last_ok_at):
            health.last_ok_at = self._last_ok_at
        return health

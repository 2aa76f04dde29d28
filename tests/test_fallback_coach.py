"""FallbackCoach: per-call fallback, health, logging without secrets, and mid-stream interruption."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from interview_coach.domain.fallback_coach import INTERRUPTED_NOTE, FallbackCoach, describe_error
from interview_coach.domain.models import Evaluation, Session, SessionSummary
from interview_coach.domain.offline_coach import OfflineCoach
from interview_coach.domain.ports import Coach, CoachHealth, CoachState, FollowUpRequest
from interview_coach.domain.questions import Criterion, Question, QuestionType
from interview_coach.errors import CoachError
from interview_coach.logging_setup import register_secret

QUESTION = Question(
    id="q1",
    track="backend",
    type=QuestionType.TECHNICAL,
    prompt="How do you make payment retries safe?",
    difficulty=2,
    competencies=["reliability"],
    rubric=[Criterion(id="key", description="Uses an idempotency key.", key_terms=["idempotency key"])],
)
ANSWER = "The client sends an idempotency key with every retry, and the server stores it with the payment."


class TinyError(CoachError):
    pass


@dataclass
class FakePrimary:
    """A scriptable primary coach: fails when ``error`` is set; streams ``chunks``, failing after ``fail_after``."""

    name: str = "fake-ai"
    error: Exception | None = None
    chunks: list[str] = field(default_factory=lambda: ["AI ", "feedback ", "text"])
    fail_after: int | None = None
    calls: list[str] = field(default_factory=list)
    stream_closed: bool = False

    def _check(self, operation: str) -> None:
        self.calls.append(operation)
        if self.error is not None:
            raise self.error

    async def score(self, question: Question, answer: str) -> Evaluation:
        self._check("score")
        return Evaluation(question_id=question.id, overall=77, feedback="AI says hi", scored_by=self.name)

    async def follow_up(self, request: FollowUpRequest) -> str | None:
        self._check("follow_up")
        return "AI follow-up?"

    async def summarize(self, session: Session, questions: dict[str, Question]) -> SessionSummary:
        self._check("summarize")
        return SessionSummary(strengths=["AI strength"], generated_by=self.name)

    async def stream_feedback(self, question: Question, answer: str, evaluation: Evaluation) -> AsyncIterator[str]:
        self.calls.append("stream_feedback")
        try:
            for index, chunk in enumerate(self.chunks):
                if self.fail_after is not None and index >= self.fail_after:
                    raise self.error or ConnectionResetError("connection reset by peer")
                yield chunk
            if self.fail_after is not None and self.fail_after >= len(self.chunks):
                raise self.error or ConnectionResetError("connection reset by peer")
        finally:
            self.stream_closed = True

    def health(self) -> CoachHealth:
        return CoachHealth(configured=True, state=CoachState.ONLINE, model="fake-model")


def make(primary: FakePrimary) -> FallbackCoach:
    return FallbackCoach(primary, OfflineCoach(), retry_after_s=0)  # no rest: each call tries the primary


async def test_fallback_coach_is_a_coach_named_after_its_primary() -> None:
    coach = make(FakePrimary())
    assert isinstance(coach, Coach)
    assert coach.name == "fake-ai"
    assert "fake-ai" in repr(coach) and "offline-heuristic" in repr(coach)


async def test_a_healthy_primary_is_used() -> None:
    coach = make(FakePrimary())
    evaluation = await coach.score(QUESTION, ANSWER)
    assert evaluation.scored_by == "fake-ai" and evaluation.overall == 77
    assert coach.last_call_fell_back is False
    health = coach.health()
    assert health.state is CoachState.ONLINE and not health.fallback_active and health.last_ok_at is not None
    assert health.label == "AI online (fake-model)"


async def test_a_failing_score_falls_back_to_offline_for_that_call() -> None:
    primary = FakePrimary(error=TimeoutError("read timed out"))
    coach = make(primary)
    evaluation = await coach.score(QUESTION, ANSWER)
    assert evaluation.scored_by == "offline-heuristic"
    assert evaluation.met == ["key"]
    assert coach.last_call_fell_back is True
    health = coach.health()
    assert health.fallback_active and health.state is CoachState.DEGRADED
    assert health.last_error == "TimeoutError: read timed out"
    assert health.label == "AI unavailable - offline fallback"


async def test_without_a_rest_the_next_call_tries_the_primary_again() -> None:
    primary = FakePrimary(error=ConnectionError("down"))
    coach = make(primary)
    await coach.score(QUESTION, ANSWER)
    primary.error = None
    evaluation = await coach.score(QUESTION, ANSWER)
    assert evaluation.scored_by == "fake-ai"
    assert primary.calls == ["score", "score"]
    assert coach.last_call_fell_back is False
    health = coach.health()
    assert not health.fallback_active and health.state is CoachState.ONLINE
    assert health.last_error == "ConnectionError: down"  # the last error stays visible


async def test_follow_up_and_summarize_fall_back_too() -> None:
    coach = make(FakePrimary(error=TinyError("DEEPSEEK_API_KEY is invalid: check the key")))
    request = FollowUpRequest(question=QUESTION, answer=ANSWER)
    assert await coach.follow_up(request) is None  # the offline coach has no authored follow-up here
    assert coach.last_call_fell_back is True
    summary = await coach.summarize(Session(id="s", track="backend"), {})
    assert summary.generated_by == "offline-heuristic"
    assert coach.health().last_error == "DEEPSEEK_API_KEY is invalid: check the key"


async def test_primary_results_pass_through_for_follow_up_and_summarize() -> None:
    coach = make(FakePrimary())
    assert await coach.follow_up(FollowUpRequest(question=QUESTION, answer=ANSWER)) == "AI follow-up?"
    summary = await coach.summarize(Session(id="s", track="backend"), {})
    assert summary.strengths == ["AI strength"]


async def test_failures_are_logged_and_shown_without_the_key(caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk-abcdefghijklmnopqrstuvwxyz0123"
    register_secret(secret)
    coach = make(FakePrimary(error=RuntimeError(f"request with key {secret} failed")))
    logger = logging.getLogger("interview_coach.domain.fallback_coach")
    logger.addHandler(caplog.handler)  # the app logger may not propagate to the root, where caplog listens
    try:
        with caplog.at_level(logging.WARNING, logger="interview_coach.domain.fallback_coach"):
            await coach.score(QUESTION, ANSWER)
    finally:
        logger.removeHandler(caplog.handler)
    assert "fake-ai failed in score; using offline-heuristic for this call: RuntimeError: request" in caplog.text
    assert secret not in caplog.text
    last_error = coach.health().last_error
    assert last_error is not None and secret not in last_error and "****" in last_error


async def test_stream_falls_back_cleanly_when_the_primary_fails_before_any_text() -> None:
    primary = FakePrimary(fail_after=0)
    coach = make(primary)
    evaluation = await OfflineCoach().score(QUESTION, ANSWER)
    text = "".join([chunk async for chunk in coach.stream_feedback(QUESTION, ANSWER, evaluation)])
    assert text == evaluation.feedback
    assert INTERRUPTED_NOTE not in text
    assert coach.last_call_fell_back is True
    assert primary.calls == ["stream_feedback"]


async def test_stream_interrupted_mid_way_keeps_the_shown_text_and_appends_offline_feedback() -> None:
    primary = FakePrimary(fail_after=2)
    coach = make(primary)
    evaluation = await OfflineCoach().score(QUESTION, ANSWER)
    chunks = [chunk async for chunk in coach.stream_feedback(QUESTION, ANSWER, evaluation)]
    assert chunks[:3] == ["AI ", "feedback ", INTERRUPTED_NOTE]
    assert "".join(chunks[3:]) == evaluation.feedback
    assert "(AI feedback interrupted; offline feedback follows)" in INTERRUPTED_NOTE
    assert primary.calls == ["stream_feedback"]  # never re-run
    assert coach.last_call_fell_back is True
    assert coach.health().last_error == "ConnectionResetError: connection reset by peer"


async def test_a_complete_primary_stream_is_passed_through() -> None:
    coach = make(FakePrimary())
    evaluation = await OfflineCoach().score(QUESTION, ANSWER)
    text = "".join([chunk async for chunk in coach.stream_feedback(QUESTION, ANSWER, evaluation)])
    assert text == "AI feedback text"
    assert coach.last_call_fell_back is False and coach.health().last_ok_at is not None


async def test_closing_the_stream_early_closes_the_primary_stream() -> None:
    primary = FakePrimary()
    coach = make(primary)
    evaluation = await OfflineCoach().score(QUESTION, ANSWER)
    stream = coach.stream_feedback(QUESTION, ANSWER, evaluation)
    assert await anext(stream) == "AI "
    await stream.aclose()  # type: ignore[attr-defined]
    assert primary.stream_closed


async def test_health_keeps_the_primarys_newer_error() -> None:
    class ErroredPrimary(FakePrimary):
        def health(self) -> CoachHealth:
            return CoachHealth(
                configured=True,
                state=CoachState.DEGRADED,
                last_error="primary's own error",
                last_error_at=datetime(2999, 1, 1, tzinfo=UTC),
            )

    coach = make(ErroredPrimary(error=RuntimeError("older")))
    await coach.score(QUESTION, ANSWER)
    health = coach.health()
    assert health.last_error == "primary's own error" and health.fallback_active


def test_describe_error_is_one_line_and_bounded() -> None:
    assert describe_error(TinyError("Bad key.\nFix it.")) == "Bad key. Fix it."
    assert describe_error(ValueError()) == "ValueError:"
    long = describe_error(RuntimeError("x" * 1000))
    assert len(long) == 300 and long.endswith("\u2026")


async def test_aclose_closes_both_coaches() -> None:
    from interview_coach.domain.fallback_coach import FallbackCoach
    from interview_coach.domain.offline_coach import OfflineCoach
    from tests.fakes.coaches import ScriptedCoach

    closed: list[str] = []

    class Closable(ScriptedCoach):
        async def aclose(self) -> None:
            closed.append(self.name)

    await FallbackCoach(Closable("primary"), OfflineCoach()).aclose()
    assert closed == ["primary"]


async def test_after_a_failure_the_primary_rests_then_is_tried_again() -> None:
    from interview_coach.domain.fallback_coach import FallbackCoach
    from interview_coach.domain.offline_coach import OfflineCoach
    from tests.engine_helpers import make_question
    from tests.fakes.coaches import ScriptedCoach

    now = [1000.0]
    primary = ScriptedCoach("deepseek", fail=True)
    coach = FallbackCoach(primary, OfflineCoach(), retry_after_s=60, clock=lambda: now[0])
    question = make_question("q", 2)
    first = await coach.score(question, "alpha")
    assert first.scored_by == "offline-heuristic" and primary.calls == ["score"]
    now[0] += 30  # resting: the dead API is not called (no timeout to sit through), the answer is scored offline
    second = await coach.score(question, "alpha")
    stream = "".join([c async for c in coach.stream_feedback(question, "alpha", second)])
    assert second.scored_by == "offline-heuristic" and coach.last_call_fell_back and stream
    assert primary.calls == ["score"] and coach.health().fallback_active
    now[0] += 31  # rested: try it again, and it has recovered
    primary.fail = False
    third = await coach.score(question, "alpha score=80")
    assert third.scored_by == "deepseek" and not coach.last_call_fell_back and not coach.health().fallback_active

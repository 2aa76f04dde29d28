"""What the interview engine writes down: turn numbers, hints, penalties, feedback text, resume points.

These pin the records the transcript, exports and resume are built from (found by mutation testing: each test
kills changes to interview.py that every other test let through).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from interview_coach.domain.explain import explained_lines
from interview_coach.domain.interview import AnswerTiming, InterviewEngine, InterviewError, InterviewOptions
from interview_coach.domain.models import Deduction, TurnKind
from interview_coach.domain.offline_coach import OfflineCoach
from interview_coach.domain.scoring import HINT_PENALTY_POINTS
from tests.engine_helpers import make_bank
from tests.fakes.coaches import ScriptedCoach
from tests.fakes.memory_store import InMemorySessionStore

NOW = datetime(2025, 3, 14, 9, 26, 53, tzinfo=UTC)
TWO_QUESTIONS = InterviewOptions(track="t", questions=2, warmups=0, follow_ups=0, seed=1)


async def start(
    options: InterviewOptions = TWO_QUESTIONS,
    *,
    coach: object | None = None,
    store: InMemorySessionStore | None = None,
) -> InterviewEngine:
    return await InterviewEngine.start(
        make_bank(), store or InMemorySessionStore(), coach or ScriptedCoach(), options, clock=lambda: NOW
    )  # type: ignore[arg-type]


async def test_turns_are_numbered_one_by_one_and_hints_belong_to_their_question() -> None:
    engine = await start()
    first = engine.current
    assert first is not None
    assert await engine.hint() == first.question.hints[0]
    result = await engine.submit("score=70 an answer")
    await engine.skip()
    turns = engine.session.turns
    assert [t.seq for t in turns] == list(range(1, len(turns) + 1))
    (hint,) = [t for t in turns if t.kind is TurnKind.HINT]
    assert hint.question_id == first.question.id
    feedback = [t for t in turns if t.kind is TurnKind.FEEDBACK]
    assert feedback[0].question_id == first.question.id and result.feedback == feedback[0].text


async def test_answering_with_no_open_question_is_refused() -> None:
    engine = await start(InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, seed=1))
    await engine.submit("score=50")
    with pytest.raises(InterviewError, match="^there is no open question to answer$"):
        await engine.record_answer("one more")


async def test_a_skip_stores_an_empty_answer() -> None:
    engine = await start()
    result = await engine.skip()
    assert result.answer.text == "" and result.answer.metrics is not None and result.answer.metrics.skipped


async def test_hints_cost_points_shown_as_a_deduction_and_a_note() -> None:
    engine = await start()
    await engine.hint()
    await engine.hint()
    result = await engine.submit("score=70 with two hints")
    penalty = 2 * HINT_PENALTY_POINTS
    evaluation = result.evaluation
    assert evaluation.overall == 70 - penalty
    assert evaluation.deductions == [Deduction(reason="2 hints used", points=penalty)]
    assert evaluation.feedback.endswith(f"\n2 hints used: -{penalty:g} points, so {70 - penalty:.0f}/100.")

    no_hints = await engine.submit("score=70 without hints")
    assert no_hints.evaluation.overall == 70 and "hint" not in no_hints.evaluation.feedback


async def test_overtime_is_noted_after_the_feedback() -> None:
    engine = await start(InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, seed=1, time_limit_s=60))
    result = await engine.submit("score=60 late", AnswerTiming(shown_at=0.0, first_keystroke_at=1.0, submitted_at=75.0))
    assert result.evaluation.feedback.endswith("\nOvertime: 15s over the time limit.")


async def test_an_ai_score_is_explained_criterion_by_criterion_first() -> None:
    engine = await start(coach=ScriptedCoach("deepseek-v4-flash"))
    prompt = engine.current
    assert prompt is not None
    answer = await engine.record_answer("score=80 alpha beta")
    evaluation = await engine.evaluate(answer)
    block = "\n".join(explained_lines(prompt.question, evaluation, offline=False))
    assert evaluation.feedback == f"{block}\ndeepseek-v4-flash: 80"
    assert evaluation.created_at == NOW and evaluation.fallback_reason is None
    chunks = [chunk async for chunk in engine.feedback_stream(answer, evaluation)]
    assert chunks[0] == block + "\n"  # the explanation streams first, then the model's own words
    assert "".join(chunks[1:]).split() == evaluation.feedback.split()  # (the fake coach streams the stored text)


async def test_the_offline_coach_is_not_reported_as_a_fallback() -> None:
    engine = await start(coach=OfflineCoach())
    result = await engine.submit("alpha and beta, explained in a full sentence because it matters here.")
    assert result.evaluation.fallback_reason is None
    assert not [t for t in engine.session.turns if "Scored by the offline coach" in t.text]


class SilentFallbackCoach(ScriptedCoach):
    """Fell back to the offline coach without saying why."""

    def __init__(self) -> None:
        super().__init__("offline-heuristic")
        self.last_call_fell_back = True


async def test_a_fallback_without_a_reason_still_says_what_happened() -> None:
    engine = await start(coach=SilentFallbackCoach())
    result = await engine.submit("score=40 an answer")
    assert result.evaluation.fallback_reason == "the AI coach did not answer"
    notes = [t.text for t in engine.session.turns if t.kind is TurnKind.SYSTEM_NOTE]
    assert "Scored by the offline coach: the AI coach did not answer." in notes


@pytest.mark.parametrize("feedback", ["end", "skipped"])
async def test_feedback_that_waits_for_the_end_or_a_skip_is_the_stored_text_alone(feedback: str) -> None:
    coach = ScriptedCoach()
    options = InterviewOptions(track="t", questions=2, warmups=0, follow_ups=0, seed=1, feedback="end")
    engine = await start(options if feedback == "end" else TWO_QUESTIONS, coach=coach)
    if feedback == "end":
        answer = await engine.record_answer("score=75 waits for the summary")
    else:
        answer = await engine.record_answer("", skipped=True)
    evaluation = await engine.evaluate(answer)
    chunks = [chunk async for chunk in engine.feedback_stream(answer, evaluation)]
    assert chunks == [evaluation.feedback] and "stream_feedback" not in coach.calls
    stored = [t for t in engine.session.turns if t.kind is TurnKind.FEEDBACK]
    assert [t.text for t in stored] == [evaluation.feedback]


async def test_resume_notes_it_and_asks_the_next_question_when_the_last_one_was_done() -> None:
    store = InMemorySessionStore()
    engine = await start(store=store)
    first = engine.current
    assert first is not None
    answer = await engine.record_answer("score=60 answered, scored, feedback stored")
    evaluation = await engine.evaluate(answer)
    _ = [chunk async for chunk in engine.feedback_stream(answer, evaluation)]  # the process dies before advancing

    resumed = await InterviewEngine.resume(make_bank(), store, ScriptedCoach(), engine.session.id)
    notes = [t.text for t in store.sessions[engine.session.id].turns if t.kind is TurnKind.SYSTEM_NOTE]
    assert notes == ["Session resumed."]
    prompt = resumed.current
    assert prompt is not None and prompt.number == 2 and prompt.question.id != first.question.id
    assert [e.overall for e in resumed.session.evaluations] == [60]  # nothing scored twice

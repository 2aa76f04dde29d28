"""The interview engine's rules, with a fake coach and an in-memory store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from interview_coach.domain.interview import AnswerTiming, InterviewEngine, InterviewError, InterviewOptions
from interview_coach.domain.models import CoachMode, Evaluation, SessionStatus, TurnKind
from interview_coach.domain.questions import Question
from tests.engine_helpers import make_bank
from tests.fakes.coaches import ScriptedCoach
from tests.fakes.memory_store import InMemorySessionStore


async def start(
    options: InterviewOptions,
    *,
    coach: object | None = None,
    store: InMemorySessionStore | None = None,
    **kw: object,
) -> InterviewEngine:
    return await InterviewEngine.start(
        make_bank(), store or InMemorySessionStore(), coach or ScriptedCoach(), options, **kw
    )  # type: ignore[arg-type]


async def test_warmup_comes_first_and_does_not_count() -> None:
    engine = await start(InterviewOptions(track="t", questions=2, warmups=1, follow_ups=0, seed=1))
    prompt = engine.current
    assert prompt is not None and prompt.warmup and prompt.number == 0
    await engine.submit("score=0")
    prompt = engine.current
    assert prompt is not None and not prompt.warmup and prompt.number == 1 and prompt.total == 2
    await engine.submit("score=80")
    await engine.submit("score=60")
    assert engine.current is None and engine.ready_for_summary
    assert engine.overall_score() == 70.0  # the warm-up's 0 is not counted


async def test_unknown_track_is_a_clear_error() -> None:
    with pytest.raises(InterviewError, match="unknown track 'nope'.*choose one of: t"):
        await start(InterviewOptions(track="nope"))


async def test_no_repeats_and_competency_spread() -> None:
    engine = await start(InterviewOptions(track="t", questions=8, warmups=0, follow_ups=0, difficulty="3", seed=4))
    asked = []
    while engine.current is not None:
        asked.append(engine.current.question)
        await engine.submit("score=50")
    ids = [q.id for q in asked]
    assert len(ids) == len(set(ids)) == 8
    # Fixed difficulty 3 has four questions, one per competency: all four appear before any level-2/4 question.
    assert {q.competencies[0] for q in asked[:4]} == {
        "api-design",
        "reliability",
        "performance",
        "data-modeling",
    }
    assert all(q.difficulty == 3 for q in asked[:4])


async def test_seed_makes_selection_reproducible() -> None:
    async def run(seed: int) -> list[str]:
        engine = await start(InterviewOptions(track="t", questions=4, warmups=1, follow_ups=0, seed=seed))
        ids = []
        while engine.current is not None:
            ids.append(engine.current.question.id)
            await engine.submit("score=50")
        return ids

    assert await run(7) == await run(7)
    runs = {tuple(await run(seed)) for seed in range(1, 8)}
    assert len(runs) > 1


async def test_difficulty_walks_up_on_strong_answers_and_down_on_weak() -> None:
    engine = await start(InterviewOptions(track="t", questions=7, warmups=0, follow_ups=0, seed=3))
    for answer in ["score=90", "score=90", "score=90", "score=90", "score=10", "score=10"]:
        await engine.submit(answer)
    await engine.submit("score=50")
    assert engine.session.difficulty_path == [2, 3, 4, 5, 5, 4, 3]


async def test_middling_answer_keeps_level_and_fixed_difficulty_never_moves() -> None:
    engine = await start(InterviewOptions(track="t", questions=3, warmups=0, follow_ups=0, difficulty="4", seed=3))
    for answer in ["score=95", "score=5", "score=50"]:
        await engine.submit(answer)
    assert engine.session.difficulty_path == [4, 4, 4]


async def test_hints_are_recorded_one_at_a_time_and_cost_points() -> None:
    engine = await start(InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, seed=2))
    prompt = engine.current
    assert prompt is not None and prompt.hints_left == 2
    first, second, third = await engine.hint(), await engine.hint(), await engine.hint()
    assert first is not None and first.startswith("hint one") and second is not None and second.startswith("hint two")
    assert third is None
    result = await engine.submit("score=80")
    assert result.evaluation.overall == 70.0
    assert result.answer.metrics is not None and result.answer.metrics.hints_used == 2
    assert "2 hints used" in result.feedback
    assert [t.kind for t in engine.session.turns].count(TurnKind.HINT) == 2


async def test_a_session_left_before_any_answer_is_discarded_but_one_with_a_skip_is_kept() -> None:
    store = InMemorySessionStore()
    empty = await start(InterviewOptions(track="t", questions=2, warmups=1, follow_ups=0, seed=2), store=store)
    await empty.hint()  # a hint is not an answer
    assert await empty.discard_if_unanswered()
    assert empty.session.id not in store.sessions and empty.finished
    assert store.latest_in_progress("t") is None
    assert not await empty.discard_if_unanswered()  # already gone: nothing more to do

    skipped = await start(InterviewOptions(track="t", questions=2, warmups=0, follow_ups=0, seed=2), store=store)
    await skipped.skip()
    assert not await skipped.discard_if_unanswered()
    assert store.sessions[skipped.session.id].status is SessionStatus.IN_PROGRESS


async def test_skip_scores_zero_and_counts() -> None:
    engine = await start(InterviewOptions(track="t", questions=2, warmups=0, follow_ups=1, seed=2))
    result = await engine.skip()
    assert result.evaluation.overall == 0 and result.evaluation.scored_by == "skipped"
    assert result.answer.metrics is not None and result.answer.metrics.skipped
    # No follow-up after a skip: the next prompt is the second main question.
    assert result.next_prompt is not None and result.next_prompt.kind is TurnKind.QUESTION
    await engine.submit("score=80")
    await engine.submit("follow-up answer score=10")
    assert engine.overall_score() == 40.0


async def test_follow_ups_are_asked_up_to_the_limit_and_not_counted() -> None:
    engine = await start(InterviewOptions(track="t", questions=1, warmups=0, follow_ups=2, seed=2))
    await engine.submit("score=60")
    first = engine.current
    assert first is not None and first.kind is TurnKind.FOLLOW_UP and first.text.startswith("Follow-up one")
    await engine.submit("score=100")
    second = engine.current
    assert second is not None and second.kind is TurnKind.FOLLOW_UP and second.text.startswith("Follow-up two")
    await engine.submit("score=100")
    assert engine.current is None
    # Follow-up answers are not questions of their own, but what they show raises the question's score.
    assert engine.overall_score() == 100.0


async def test_a_weaker_follow_up_answer_never_lowers_the_question() -> None:
    engine = await start(InterviewOptions(track="t", questions=1, warmups=0, follow_ups=1, seed=2))
    await engine.submit("score=60")
    await engine.submit("score=10")
    assert engine.current is None and engine.overall_score() == 60.0


async def test_no_follow_up_after_an_answer_scoring_under_20() -> None:
    engine = await start(InterviewOptions(track="t", questions=2, warmups=0, follow_ups=2, seed=2))
    result = await engine.submit("score=15")
    assert result.next_prompt is not None and result.next_prompt.kind is TurnKind.QUESTION


async def test_overtime_is_recorded_and_shown() -> None:
    engine = await start(InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, time_limit_s=30, seed=1))
    result = await engine.submit("score=50", AnswerTiming(shown_at=100.0, first_keystroke_at=103.0, submitted_at=145.5))
    metrics = result.answer.metrics
    assert metrics is not None and metrics.overtime_s == 15.5 and metrics.time_to_first_keystroke_s == 3.0
    assert metrics.duration_s == 45.5
    assert "Overtime: 15.5s" in result.feedback


async def test_spaced_repetition_schedule_updates_after_each_answer() -> None:
    today = date(2026, 1, 10)
    store = InMemorySessionStore()
    engine = await start(
        InterviewOptions(track="t", questions=2, warmups=0, follow_ups=0, seed=5),
        store=store,
        today=lambda: today,
    )
    weak_id = engine.current.question.id if engine.current else ""
    await engine.submit("score=20")
    strong_id = engine.current.question.id if engine.current else ""
    await engine.submit("score=100")
    weak, strong = store.reviews[weak_id], store.reviews[strong_id]
    assert weak.repetitions == 0 and weak.due == today + timedelta(days=1) and weak.ease < 2.5
    assert strong.repetitions == 1 and strong.due == today + timedelta(days=1) and strong.ease > 2.5


async def test_review_mode_serves_due_questions_weakest_first() -> None:
    store = InMemorySessionStore()
    day1 = date(2026, 1, 1)
    first = await start(
        InterviewOptions(track="t", questions=3, warmups=0, follow_ups=0, seed=9),
        store=store,
        today=lambda: day1,
    )
    scores = {}
    for score in (30, 10, 90):
        assert first.current is not None
        scores[first.current.question.id] = score
        await first.submit(f"score={score}")
    await first.finish()
    later = date(2026, 1, 5)
    review = await start(
        InterviewOptions(track="t", questions=3, warmups=0, follow_ups=0, seed=9, review=True),
        store=store,
        today=lambda: later,
    )
    asked = []
    while review.current is not None:
        asked.append(review.current.question.id)
        await review.submit("score=50")
    weakest_first = sorted((qid for qid, s in scores.items() if s < 60), key=lambda q: scores[q])
    assert asked[:2] == weakest_first


async def test_recent_sessions_are_avoided() -> None:
    store = InMemorySessionStore()
    first = await start(
        InterviewOptions(track="t", questions=3, warmups=0, follow_ups=0, difficulty="2", seed=1), store=store
    )
    seen = set()
    while first.current is not None:
        seen.add(first.current.question.id)
        await first.submit("score=50")
    second = await start(
        InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, difficulty="2", seed=1), store=store
    )
    assert second.current is not None and second.current.question.id not in seen


async def test_answer_is_persisted_before_the_coach_is_called() -> None:
    store = InMemorySessionStore()
    coach = ScriptedCoach(fail=True)
    engine = await start(
        InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, seed=1), store=store, coach=coach
    )
    with pytest.raises(ConnectionError):
        await engine.submit("my precious answer")
    stored = store.sessions[engine.session.id]
    assert [t.text for t in stored.turns if t.kind is TurnKind.ANSWER] == ["my precious answer"]


async def test_resume_after_crash_scores_the_saved_answer_and_continues() -> None:
    store = InMemorySessionStore()
    crashing = ScriptedCoach(fail=True)
    engine = await start(
        InterviewOptions(track="t", questions=2, warmups=0, follow_ups=0, seed=1), store=store, coach=crashing
    )
    first_id = engine.current.question.id if engine.current else ""
    with pytest.raises(ConnectionError):
        await engine.submit("score=90 saved before the crash")
    resumed = await InterviewEngine.resume(make_bank(), store, ScriptedCoach(), engine.session.id)
    evaluations = resumed.session.evaluations
    assert [e.question_id for e in evaluations] == [first_id] and evaluations[0].overall == 90
    assert resumed.scored_on_resume == evaluations[0]  # so the driver can show what was scored
    prompt = resumed.current
    assert prompt is not None and prompt.number == 2 and prompt.question.id != first_id
    assert prompt.difficulty == 3  # the adaptive walk survived the crash
    await resumed.submit("score=50")
    await resumed.finish()
    assert store.sessions[engine.session.id].status is SessionStatus.COMPLETED


async def test_resume_after_a_death_mid_feedback_keeps_the_scored_feedback_and_moves_on() -> None:
    store = InMemorySessionStore()
    engine = await start(InterviewOptions(track="t", questions=2, warmups=0, follow_ups=0, seed=1), store=store)
    first = engine.current
    assert first is not None
    answer = await engine.record_answer("score=80 saved and scored before the crash")
    evaluation = await engine.evaluate(answer)
    stream = engine.feedback_stream(answer, evaluation)
    await anext(stream)  # the first words of the feedback are on screen...
    await stream.aclose()  # ...when the process dies: the stream never stores its feedback turn
    assert [t.kind for t in store.sessions[engine.session.id].turns].count(TurnKind.FEEDBACK) == 0

    coach = ScriptedCoach()
    resumed = await InterviewEngine.resume(make_bank(), store, coach, engine.session.id)
    stored = store.sessions[engine.session.id]
    feedback = [t for t in stored.turns if t.kind is TurnKind.FEEDBACK]
    assert [(t.text, t.question_id) for t in feedback] == [(evaluation.feedback, first.question.id)]
    assert "score" not in coach.calls and resumed.scored_on_resume is None  # scored once, before the crash
    assert [e.overall for e in stored.evaluations] == [80]
    prompt = resumed.current
    assert prompt is not None and prompt.number == 2 and prompt.question.id != first.question.id


async def test_resume_at_an_open_question_keeps_it_and_its_hints() -> None:
    store = InMemorySessionStore()
    engine = await start(InterviewOptions(track="t", questions=2, warmups=1, follow_ups=0, seed=1), store=store)
    await engine.submit("warm")
    await engine.hint()
    before = engine.current
    resumed = await InterviewEngine.resume(make_bank(), store, ScriptedCoach(), engine.session.id)
    after = resumed.current
    assert before is not None and after is not None
    assert (after.question.id, after.hints_used, after.number) == (before.question.id, 1, 1)


async def test_fallback_when_the_ai_coach_fails_mid_session_loses_no_answer() -> None:
    from interview_coach.domain.fallback_coach import FallbackCoach
    from interview_coach.domain.offline_coach import OfflineCoach

    store = InMemorySessionStore()
    primary = ScriptedCoach("deepseek-v4-flash")
    coach = FallbackCoach(primary, OfflineCoach(), retry_after_s=0)
    engine = await start(
        InterviewOptions(track="t", questions=3, warmups=0, follow_ups=0, seed=1), store=store, coach=coach
    )
    await engine.submit("score=70 alpha beta")
    primary.fail = True
    await engine.submit("alpha beta gamma, explained in a full sentence because it matters.")
    primary.fail = False
    await engine.submit("score=40")
    stored = store.sessions[engine.session.id]
    assert len([t for t in stored.turns if t.kind is TurnKind.ANSWER]) == 3
    assert [e.scored_by for e in stored.evaluations] == [
        "deepseek-v4-flash",
        "offline-heuristic",
        "deepseek-v4-flash",
    ]
    notes = [t.text for t in stored.turns if t.kind is TurnKind.SYSTEM_NOTE]
    assert any(n.startswith("Scored by the offline coach: ConnectionError") for n in notes)
    # Honest records: the fallen-back answer says why, and the session is no longer an all-AI one.
    assert [e.fallback_reason is not None for e in stored.evaluations] == [False, True, False]
    assert stored.mode is CoachMode.MIXED


async def test_a_slow_ai_is_not_waited_on_past_the_budget_and_escape_ends_the_wait() -> None:
    import asyncio

    from interview_coach.domain.fallback_coach import FallbackCoach
    from interview_coach.domain.offline_coach import OfflineCoach

    class SlowCoach(ScriptedCoach):
        async def score(self, question: Question, answer: str) -> Evaluation:
            await asyncio.sleep(30)
            return await super().score(question, answer)

    coach = FallbackCoach(SlowCoach("deepseek-v4-flash"), OfflineCoach(), wait_s=0.05, retry_after_s=0)
    engine = await start(InterviewOptions(track="t", questions=2, warmups=0, follow_ups=0, seed=1), coach=coach)
    result = await asyncio.wait_for(engine.submit("alpha beta gamma in a full sentence here."), timeout=5)
    assert result.evaluation.scored_by == "offline-heuristic"
    assert result.evaluation.fallback_reason and "INTERVIEW_COACH_AI_WAIT_S" in result.evaluation.fallback_reason

    patient = FallbackCoach(SlowCoach("deepseek-v4-flash"), OfflineCoach(), wait_s=60, retry_after_s=0)
    engine = await start(InterviewOptions(track="t", questions=2, warmups=0, follow_ups=0, seed=1), coach=patient)
    submit = asyncio.ensure_future(engine.submit("alpha beta gamma in a full sentence here."))
    while not patient.waiting:
        await asyncio.sleep(0.01)
    assert patient.give_up()  # what Escape does in the TUI
    result = await asyncio.wait_for(submit, timeout=5)
    assert result.evaluation.fallback_reason == "you chose not to wait for the AI coach"
    patient.go_offline()  # the plain mode's /offline: no AI for the rest of the session
    second = await asyncio.wait_for(engine.submit("score=90"), timeout=5)
    assert second.evaluation.scored_by == "offline-heuristic"
    assert second.evaluation.fallback_reason == "offline coach chosen for the rest of the session"


async def test_finish_stores_summary_and_closes_the_session() -> None:
    store = InMemorySessionStore()
    engine = await start(InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, seed=1), store=store)
    await engine.submit("score=66")
    summary = await engine.finish()
    assert summary.overall == 66.0 and engine.finished
    stored = store.sessions[engine.session.id]
    assert stored.summary is not None and stored.overall_score == 66.0 and stored.ended_at is not None


async def test_follow_ups_offer_no_hints_and_their_skip_points_nowhere() -> None:
    engine = await start(InterviewOptions(track="t", questions=1, warmups=0, follow_ups=1, seed=2))
    await engine.hint()
    await engine.submit("score=60")
    follow_up = engine.current
    assert follow_up is not None and follow_up.kind is TurnKind.FOLLOW_UP and follow_up.hints_left == 0
    assert await engine.hint() is None
    result = await engine.skip()
    assert result.evaluation.feedback == "Skipped: this scores 0."


async def test_skipping_a_question_points_to_its_reference_answer() -> None:
    engine = await start(InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, seed=2))
    result = await engine.skip()
    assert result.evaluation.feedback == "Skipped: this scores 0. Compare with the reference answer."


async def test_a_follow_up_answer_is_scored_on_what_the_follow_up_asks() -> None:
    store = InMemorySessionStore()
    engine = await start(InterviewOptions(track="t", questions=1, warmups=0, follow_ups=2, seed=2), store=store)
    question_id = engine.current.question.id if engine.current else ""
    await engine.submit("score=40")
    schedule = store.reviews[question_id]
    probed = await engine.submit("score=90")  # "Follow-up one" probes criterion "a"
    open_ended = await engine.submit("score=90")  # "Follow-up two" names no criterion: the whole rubric
    assert [c.criterion_id for c in probed.evaluation.criteria] == ["a"]
    assert [c.criterion_id for c in open_ended.evaluation.criteria] == ["a", "b", "c"]
    assert store.reviews[question_id] == schedule  # follow-ups leave the question's review schedule alone

"""Follow-ups that listen (missed points get open questions, covered ones deeper probes) and follow-up answers
that raise the question's score."""

from __future__ import annotations

from interview_coach.domain.models import CriterionScore, CriterionStatus, Evaluation
from interview_coach.domain.offline_coach import OfflineCoach
from interview_coach.domain.ports import FollowUpRequest
from interview_coach.domain.question_score import question_score
from interview_coach.domain.questions import FollowUp, FollowUpWhen, Question
from tests.test_offline_coach import payment_question

OPEN_ATOMIC = "What happens if the same retry reaches another server at once?"
DEEPER_KEY = "Your key lives in Redis. What happens to it when Redis fails over?"


def question_with_when() -> Question:
    question = payment_question()
    return question.model_copy(
        update={
            "follow_ups": [
                FollowUp(prompt=OPEN_ATOMIC, criterion="atomic-check", when=FollowUpWhen.MISSED),
                FollowUp(prompt=DEEPER_KEY, criterion="idempotency-key", when=FollowUpWhen.COVERED),
            ]
        }
    )


def evaluation_with(**scores: float) -> Evaluation:
    criteria = [
        CriterionScore(criterion_id=cid.replace("_", "-"), score=score, max_points=100 / len(scores))
        for cid, score in scores.items()
    ]
    overall = sum(c.score * (c.max_points or 0) for c in criteria)
    return Evaluation(question_id="backend-payment-retries", criteria=criteria, overall=round(overall, 1))


async def follow_up_for(**scores: float) -> str | None:
    question = question_with_when()
    request = FollowUpRequest(
        question=question, answer="...", transcript=[], evaluation=evaluation_with(**scores), asked_follow_ups=[]
    )
    return await OfflineCoach().follow_up(request)


async def test_a_missed_point_gets_the_open_question() -> None:
    assert await follow_up_for(idempotency_key=1.0, atomic_check=0.0, replay_response=1.0) == OPEN_ATOMIC


async def test_a_covered_point_gets_the_deeper_probe_only_when_it_was_covered() -> None:
    assert await follow_up_for(idempotency_key=1.0, atomic_check=1.0, replay_response=1.0) == DEEPER_KEY
    # The probe presumes a key the candidate described: never asked when the key was missed.
    assert await follow_up_for(idempotency_key=0.0, atomic_check=1.0, replay_response=1.0) is None


def test_a_follow_up_showing_a_missed_point_raises_the_question() -> None:
    main = evaluation_with(idempotency_key=1.0, atomic_check=0.0, replay_response=0.5)
    follow = Evaluation(
        question_id=main.question_id, criteria=[CriterionScore(criterion_id="atomic-check", score=0.9)], overall=90
    )
    # atomic-check is worth a third: 0.9 of it is 30 points more.
    assert question_score(main, [follow]) == round(main.overall + 100 / 3 * 0.9, 1)


def test_a_follow_up_never_lowers_the_question_and_a_contradiction_adds_nothing() -> None:
    main = evaluation_with(idempotency_key=1.0, atomic_check=0.5, replay_response=0.5)
    weaker = Evaluation(
        question_id=main.question_id, criteria=[CriterionScore(criterion_id="atomic-check", score=0.1)], overall=10
    )
    wrong = Evaluation(
        question_id=main.question_id,
        criteria=[CriterionScore(criterion_id="atomic-check", score=1.0, status=CriterionStatus.CONTRADICTED)],
        overall=0,
    )
    assert question_score(main, [weaker, wrong]) == main.overall
    assert question_score(main, []) == main.overall

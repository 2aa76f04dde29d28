"""The AI grader is checked: evidence on the point, misconceptions enforced, offline caps recorded, and the
explained scores survive storage."""

from __future__ import annotations

import json

from interview_coach.domain.grader_check import OFF_POINT_CAP, OFF_TOPIC_CAP, check_ai_scores
from interview_coach.domain.models import CriterionScore, CriterionStatus, Deduction, Evaluation, Session
from interview_coach.llm.parsing import build_evaluation, parse_score_reply
from tests.storage_helpers import new_id, store
from tests.test_judgement import GOOD, MIXED, password_question


def full_marks(evidence: dict[str, str]) -> list[CriterionScore]:
    return [CriterionScore(criterion_id=cid, score=1.0, evidence=text) for cid, text in evidence.items()]


def test_evidence_that_says_nothing_about_its_criterion_is_capped() -> None:
    question = password_question()
    scores = full_marks(
        {
            "slow-hash": "I would hash passwords with Argon2id",
            "not-fast-hash": "On the login endpoint I would rate limit attempts",  # a real quote, the wrong point
            "login-protections": "I would rate limit attempts and offer MFA",
        }
    )
    checked = check_ai_scores(question, GOOD, scores)
    by_id = {c.criterion_id: c for c in checked.criteria}
    assert by_id["slow-hash"].score == 1.0 and by_id["login-protections"].score == 1.0
    assert by_id["not-fast-hash"].score == OFF_POINT_CAP
    # The model may say why a quote shows the point; a reason on the point lets the credit stand.
    reasoned = check_ai_scores(question, GOOD, scores, {"not-fast-hash": "fast hashes like md5 are cracked on gpus"})
    assert {c.criterion_id: c.score for c in reasoned.criteria}["not-fast-hash"] == 1.0


def test_a_known_misconception_overrides_the_ai() -> None:
    question = password_question()
    scores = full_marks(
        {"slow-hash": "bcrypt", "not-fast-hash": "MD5 is fine with a salt", "login-protections": "rate limit"}
    )
    checked = check_ai_scores(question, MIXED, scores)
    wrong = {c.criterion_id: c for c in checked.criteria}["not-fast-hash"]
    assert wrong.status is CriterionStatus.CONTRADICTED and wrong.score == 0 and wrong.correction


def test_the_overall_is_the_sum_of_the_checked_points() -> None:
    checked = check_ai_scores(password_question(), GOOD, full_marks({"slow-hash": "Argon2id"}))
    assert checked.overall == sum(c.points or 0 for c in checked.criteria) == 50  # slow-hash is half the weight


def test_an_off_topic_answer_caps_a_fooled_ai_and_records_why() -> None:
    question = password_question()
    turtles = (
        "No idea about this one. I like turtles: they live a long time, swim in warm seas and eat jellyfish, "
        "and my favourite at the aquarium is called Gerald."
    )
    reply = {
        "criteria": [
            {"id": c.id, "score": 1, "evidence": "I like turtles", "why": "shows the point"} for c in question.rubric
        ],
        "overall": 100,
    }
    evaluation = build_evaluation(question, turtles, parse_score_reply(json.dumps(reply)), scored_by="deepseek")
    assert evaluation.overall <= OFF_TOPIC_CAP
    assert evaluation.deductions and "off-topic" in evaluation.deductions[0].reason


def test_explained_scores_round_trip_through_storage() -> None:
    session = Session(id=new_id(), track="behavioral")
    evaluation = Evaluation(
        session_id=session.id,
        question_id="q",
        overall=52,
        criteria=[
            CriterionScore(
                criterion_id="a",
                score=0.0,
                status=CriterionStatus.CONTRADICTED,
                points=0,
                max_points=40,
                evidence="We never measured anything.",
                misconception="results need no numbers",
                correction="Give one number: before and after.",
            )
        ],
        deductions=[Deduction(reason="very short answer", points=8)],
        star_points=10,
        star_max_points=20,
    )
    with store() as s:
        s.create_session(session)
        s.add_evaluation(evaluation)
        loaded = s.load_session(session.id).evaluations[0]
    assert loaded.criteria == evaluation.criteria
    assert loaded.deductions == evaluation.deductions
    assert (loaded.star_points, loaded.star_max_points) == (10, 20)

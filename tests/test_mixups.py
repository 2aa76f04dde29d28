"""Mix-ups: an answer that swaps the things a question compares is caught from the question's own reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coach.domain.bank import load_bank
from interview_coach.domain.matching import analyse
from interview_coach.domain.mixups import find_mixup
from interview_coach.domain.models import CriterionStatus
from interview_coach.domain.questions import Criterion, Question, QuestionType
from interview_coach.domain.scoring import MIXUP_CAP, score_answer

QUESTIONS = Path(__file__).resolve().parents[1] / "questions"


def layers_question() -> Question:
    return Question(
        id="sd-layers",
        track="system-design",
        type=QuestionType.TECHNICAL,
        prompt="Explain the difference between a layer 4 and a layer 7 load balancer, and how health checks work.",
        difficulty=2,
        competencies=["system-design"],
        rubric=[
            Criterion(
                id="l4-vs-l7",
                description="Layer 4 forwards TCP connections by address and port; layer 7 understands HTTP and "
                "routes by path, header or cookie.",
                weight=2,
                key_terms=["layer 4", "layer 7", "tcp", "http", "path", "header", "ip and port"],
            ),
            Criterion(
                id="health",
                description="Active health checks with thresholds, and draining.",
                weight=1,
                key_terms=["health check", "threshold", "draining"],
            ),
        ],
        follow_ups=[],
        reference_answer=(
            "A layer 4 balancer forwards TCP connections by IP address and port without parsing the payload, so it "
            "is fast and protocol-agnostic. A layer 7 balancer terminates TLS and understands HTTP, so it can route "
            "by host, path, header or cookie and balance per request. Health checks probe each backend and remove "
            "it after a threshold of failures, draining its connections."
        ),
    )


SWAPPED = (
    "Layer 7 is the faster one because it works at the TCP level and forwards packets by IP and port, while layer 4 "
    "understands HTTP, terminates TLS and can route by path, header or cookie. Health checks remove a backend after "
    "a threshold of failures, and draining lets its connections finish."
)
RIGHT_IN_OTHER_WORDS = (
    "An L4 box only sees TCP, so layer 4 shuffles connections by IP and port and never looks inside. Layer 7 parses "
    "the HTTP request itself, so it can route on the path or a header. Health checks take a backend out after a "
    "threshold of failed probes, with draining."
)


def test_an_answer_that_swaps_the_compared_things_is_caught_and_capped() -> None:
    question = layers_question()
    mixup = find_mixup(question.prompt, _terms(question), _truths(question), analyse(SWAPPED))
    assert mixup is not None
    assert {mixup.said_of, mixup.belongs_to} == {"layer 4", "layer 7"}
    assert "layer 4 understands HTTP" in mixup.sentence

    breakdown = score_answer(question, SWAPPED)
    assert breakdown.overall <= MIXUP_CAP
    swapped = next(c for c in breakdown.criteria if c.criterion_id == "l4-vs-l7")
    assert swapped.status is CriterionStatus.CONTRADICTED
    assert swapped.misconception in {"layer 4 does what layer 7 does", "layer 7 does what layer 4 does"}
    assert any("wrong claim" in d.reason for d in breakdown.deductions)
    # The rest of the answer still earns its points: only the swapped point is lost.
    assert next(c for c in breakdown.criteria if c.criterion_id == "health").status is CriterionStatus.MET


def test_a_right_answer_in_other_words_is_not_a_mixup() -> None:
    question = layers_question()
    assert find_mixup(question.prompt, _terms(question), _truths(question), analyse(RIGHT_IN_OTHER_WORDS)) is None
    assert score_answer(question, RIGHT_IN_OTHER_WORDS).overall > 60


def test_denied_words_are_said_of_nothing() -> None:
    question = layers_question()
    denied = (
        "Layer 7 does not forward raw TCP packets by IP and port, and layer 4 never understands HTTP, never "
        "terminates TLS and cannot route by path, header or cookie."
    )
    assert find_mixup(question.prompt, _terms(question), _truths(question), analyse(denied)) is None


def test_one_loose_word_is_not_a_mixup() -> None:
    question = layers_question()
    loose = (
        "Layer 4 forwards TCP connections by IP and port and is fast. Layer 7 understands HTTP, so it routes by "
        "path or header, and it can also see the port."
    )
    assert find_mixup(question.prompt, _terms(question), _truths(question), analyse(loose)) is None


def test_a_question_that_compares_nothing_has_no_mixups() -> None:
    question = layers_question().model_copy(update={"prompt": "How do load balancers decide a backend is unhealthy?"})
    assert find_mixup(question.prompt, _terms(question), _truths(question), analyse(SWAPPED)) is None


@pytest.mark.parametrize("joined", ["bias and variance", "bias versus variance", "bias vs variance", "bias-variance"])
def test_compared_things_are_found_however_the_prompt_joins_them(joined: str) -> None:
    question = Question(
        id="ml-bv",
        track="machine-learning",
        type=QuestionType.TECHNICAL,
        prompt=f"Explain {joined} and how you tell them apart.",
        difficulty=2,
        competencies=["ml"],
        rubric=[
            Criterion(
                id="definitions",
                description="Bias is error from overly simple assumptions (underfitting); variance is sensitivity "
                "to the particular training sample (overfitting).",
                key_terms=["bias", "variance", "underfit", "overfit"],
            )
        ],
        follow_ups=[],
        reference_answer=(
            "Bias is error from a model too simple to capture the signal, so it underfits. Variance is error from "
            "fitting noise in the particular training sample, so it overfits."
        ),
    )
    swapped = (
        "Bias is the error from being too sensitive to the particular training sample, so it overfits, and "
        "variance is the error from overly simple assumptions, so it underfits."
    )
    assert find_mixup(question.prompt, _terms(question), _truths(question), analyse(swapped)) is not None


def test_no_shipped_reference_answer_mixes_up_what_its_question_compares() -> None:
    bank = load_bank([QUESTIONS])
    flagged = [
        q.id
        for q in bank.questions.values()
        if q.reference_answer and find_mixup(q.prompt, _terms(q), _truths(q), analyse(q.reference_answer))
    ]
    assert flagged == []


def _terms(question: Question) -> tuple[str, ...]:
    return tuple(t for c in question.rubric for t in c.key_terms)


def _truths(question: Question) -> tuple[str, ...]:
    corrections = [m.correction for c in question.rubric for m in c.misconceptions]
    return (question.reference_answer or "", *(c.description for c in question.rubric), *corrections)


def test_a_mixup_caps_an_answer_that_earns_its_other_points() -> None:
    question = load_bank([QUESTIONS]).get("system-design-load-balancer-layers")
    assert question is not None
    answer = (
        f"{SWAPPED.split('. ')[0]}. Health checks ping each backend every few seconds and remove it after three "
        "failures in a row, and connections are drained. For uneven requests I pick least outstanding requests or "
        "power of two choices rather than round robin. The balancers themselves run as a redundant pair."
    )
    breakdown = score_answer(question, answer)
    assert breakdown.overall == MIXUP_CAP
    cap = next(d for d in breakdown.deductions if d.reason.startswith("mixes up"))
    assert cap.reason.endswith(f"capped at {MIXUP_CAP:.0f}")
    earned = sum(c.points or 0 for c in breakdown.criteria)
    assert earned - sum(d.points for d in breakdown.deductions) == pytest.approx(breakdown.overall, abs=0.5)

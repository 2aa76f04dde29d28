"""Rubric coverage scoring: matching, evidence, the substance guard, penalties and STAR."""

from __future__ import annotations

import pytest

from interview_coach.domain.models import CriterionStatus
from interview_coach.domain.questions import Criterion, Question, QuestionType
from interview_coach.domain.scoring import (
    EVIDENCE_CHARS,
    HINT_PENALTY_POINTS,
    LENGTH_CAPS,
    MAX_FILLER_PENALTY,
    score_answer,
)


def make_question(*, kind: QuestionType = QuestionType.TECHNICAL, qid: str = "backend-payment-retries") -> Question:
    return Question(
        id=qid,
        track="backend",
        type=kind,
        prompt="A mobile client retries a payment after a timeout and customers get charged twice. What do you do?",
        difficulty=3,
        competencies=["reliability", "api-design"],
        rubric=[
            Criterion(
                id="idempotency-key",
                description="Uses an idempotency key sent by the client.",
                weight=2.0,
                key_terms=["idempotency key", "idempotent", "request id", "dedupe"],
            ),
            Criterion(
                id="atomic-check",
                description="Makes the check-and-insert atomic.",
                weight=1.5,
                key_terms=["unique constraint", "transaction", "race condition", "lock"],
            ),
            Criterion(
                id="replay-response",
                description="Returns the stored response on a retry.",
                weight=1.0,
                key_terms=["stored response", "same response", "replay"],
            ),
        ],
    )


GOOD = (
    "The client generates an idempotency key for each payment attempt and sends it with every retry. "
    "The server inserts that key under a unique constraint in the same transaction as the payment, so a race "
    "condition between two servers cannot create two charges. "
    "When the key already exists we return the stored response instead of charging again, which makes the "
    "endpoint safe to replay."
)


def test_an_answer_covering_the_rubric_scores_high_with_evidence() -> None:
    result = score_answer(make_question(), GOOD)
    scores = {c.criterion_id: c for c in result.criteria}
    assert result.overall >= 85
    assert all(c.score >= 0.5 for c in result.criteria)
    assert scores["idempotency-key"].evidence.startswith("The client generates an idempotency key")
    assert scores["replay-response"].evidence.startswith("When the key already exists")
    assert not result.skipped and result.notes == []


def test_empty_and_skipped_answers_score_zero() -> None:
    question = make_question()
    for result in (
        score_answer(question, ""),
        score_answer(question, "  \n "),
        score_answer(question, GOOD, skipped=True),
    ):
        assert result.overall == 0
        assert result.skipped
        assert [c.score for c in result.criteria] == [0.0, 0.0, 0.0]


def test_terms_match_as_stemmed_sequences_in_any_close_order() -> None:
    question = make_question()
    result = score_answer(question, "We dedupe retried requests by their request ID, and we locked the row first.")
    scores = {c.criterion_id: c.score for c in result.criteria}
    assert scores["idempotency-key"] > 0.5  # "dedupe" and "request ID"
    assert scores["atomic-check"] > 0.5  # "locked" -> "lock"
    # "key ... idempotency" in reverse order within a few words still counts; far apart it does not.
    close = score_answer(question, "The server needs a key that makes the call idempotency-safe, a small fix.")
    assert {c.criterion_id: c.score for c in close.criteria}["idempotency-key"] > 0


def test_words_of_a_phrase_far_apart_do_not_match() -> None:
    text = (
        "Each payment is unique, and after a long discussion about heavy load from many regions the main "
        "constraint turned out to be cost."
    )
    result = score_answer(make_question(), text)
    # "unique ... constraint" far apart is not the key term; at most the words overlap a little with the point.
    atomic = {c.criterion_id: c for c in result.criteria}["atomic-check"]
    assert atomic.score < 0.5 and atomic.state is not CriterionStatus.MET


def test_more_matched_terms_raise_a_criterion_score() -> None:
    question = make_question()
    one = score_answer(question, "I would make the handler idempotent so that a second call is harmless here.")
    two = score_answer(question, "I would make the handler idempotent and dedupe by request id on the server side.")
    assert 0.5 <= one.criteria[0].score < two.criteria[0].score <= 1.0


def test_weights_decide_the_overall() -> None:
    question = make_question()
    heavy = score_answer(question, "I would make the payment handler idempotent with a key the client sends along.")
    light = score_answer(question, "I would return exactly the same response when the client sends it again later.")
    assert heavy.overall > light.overall > 0


def test_restating_the_prompt_earns_nothing() -> None:
    question = make_question()
    result = score_answer(question, question.prompt + " It depends on many things, honestly.")
    assert result.overall == 0


def test_terms_the_prompt_contains_count_half() -> None:
    question = make_question()
    question.rubric[2].key_terms.append("payment")  # the prompt says "payment"
    echoed = score_answer(question, "I would look very carefully at the payment before doing anything else here.")
    fresh = score_answer(question, "I would look very carefully at the replay before doing anything else here.")
    echoed_score = {c.criterion_id: c.score for c in echoed.criteria}["replay-response"]
    fresh_score = {c.criterion_id: c.score for c in fresh.criteria}["replay-response"]
    assert 0 < echoed_score < 0.5 <= fresh_score


def test_evidence_is_the_matching_sentence_truncated() -> None:
    long_sentence = "We rely on an idempotency key " + "and then explain the reasoning in detail " * 10 + "."
    result = score_answer(make_question(), long_sentence + " Short tail sentence here.")
    evidence = result.criteria[0].evidence
    assert evidence.startswith("We rely on an idempotency key")
    assert len(evidence) <= EVIDENCE_CHARS and evidence.endswith("\u2026")


def test_a_bare_keyword_list_does_not_score_like_a_real_answer() -> None:
    question = make_question()
    keywords = ", ".join(term for criterion in question.rubric for term in criterion.key_terms)
    listed = score_answer(question, keywords + ", retries, payments, servers, clients, timeouts, charges")
    bulleted = score_answer(question, "\n".join(f"- {t}" for c in question.rubric for t in c.key_terms))
    real = score_answer(question, GOOD)
    for result in (listed, bulleted):
        assert all(c.score >= 0.5 for c in result.criteria)  # every term is there...
        assert result.overall <= 50 < real.overall - 30  # ...but it is not an answer
        assert any("keywords" in note for note in result.notes)


def test_very_short_answers_are_capped() -> None:
    result = score_answer(make_question(), "Idempotency key with a unique constraint.")
    assert result.length_cap == LENGTH_CAPS[1][1] and result.overall <= result.length_cap <= 30
    assert any("Very short" in note for note in result.notes)


def test_each_hint_costs_the_documented_points() -> None:
    question = make_question()
    plain = score_answer(question, GOOD)
    hinted = score_answer(question, GOOD, hints_used=2)
    assert hinted.overall == pytest.approx(plain.overall - 2 * HINT_PENALTY_POINTS)
    assert hinted.hint_penalty == 2 * HINT_PENALTY_POINTS
    assert score_answer(question, "", hints_used=3).overall == 0


def test_a_few_fillers_are_free_and_many_cost_a_little() -> None:
    question = make_question()
    plain = score_answer(question, GOOD)
    few = score_answer(question, "Um, basically, " + GOOD)
    many = score_answer(question, "Um, uh, um, basically, like, you know, um, uh, actually, literally, um. " + GOOD)
    assert few.fillers == {"um": 1, "basically": 1} and few.filler_penalty == 0
    assert 0 < many.filler_penalty <= MAX_FILLER_PENALTY
    assert plain.overall - MAX_FILLER_PENALTY <= many.overall < plain.overall
    assert many.filler_total >= 10


def test_behavioural_answers_fold_in_star() -> None:
    question = Question(
        id="behavioral-conflict",
        track="behavioral",
        type=QuestionType.BEHAVIORAL,
        prompt="Tell me about a disagreement with a colleague.",
        difficulty=2,
        competencies=["collaboration"],
        rubric=[
            Criterion(id="listening", description="Listens to the other side.", key_terms=["listened", "their view"]),
            Criterion(id="resolution", description="Reaches a resolution.", key_terms=["compromise", "agreed"]),
        ],
    )
    content = "I listened to their view of the schema design and we agreed on a compromise quickly."
    story = (
        "At my previous job our team was migrating the billing database. My task was to own the schema. "
        + content
        + " As a result we shipped on time and the migration had no incidents."
    )
    bare = score_answer(question, content + " It was a good outcome for everybody in the end, really.")
    full = score_answer(question, story)
    assert full.star == {"situation": True, "task": True, "action": True, "result": True}
    assert bare.star is not None and not all(bare.star.values())
    assert full.overall > bare.overall
    assert make_question().type is QuestionType.TECHNICAL and score_answer(make_question(), GOOD).star is None


def test_scoring_is_deterministic() -> None:
    question = make_question()
    assert score_answer(question, GOOD) == score_answer(question, GOOD)


def test_rubric_cache_is_not_fooled_by_a_reused_id() -> None:
    first = make_question()
    second = make_question()
    second.rubric[0].key_terms[:] = ["circuit breaker"]
    second.rubric[0].description = "Opens a circuit breaker when a dependency keeps failing."
    text = "The client sends an idempotency key and the handler stays idempotent across retries of the payment."
    assert score_answer(first, text).criteria[0].score > 0
    assert score_answer(second, text).criteria[0].score == 0


def test_a_one_point_follow_up_answer_is_not_capped_like_a_whole_answer() -> None:
    # A follow-up is scored on the one criterion it probes: a short, direct answer can cover it fully.
    whole = make_question()
    probed = whole.model_copy(update={"rubric": whole.rubric[:1]})
    answer = "The client sends an idempotency key with each payment, and the server dedupes a retried request on it."
    assert 16 <= len(answer.split()) < 25
    on_whole = score_answer(whole, answer)
    on_one = score_answer(probed, answer)
    assert on_whole.length_cap == 85 and on_one.length_cap is None
    assert on_one.overall > 85

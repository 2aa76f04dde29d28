"""Rubric coverage scoring: matching, evidence, the substance guard, penalties and STAR."""

from __future__ import annotations

import pytest

from interview_coach.domain.answer_shape import (
    LENGTH_CAPS,
    MAX_FILLER_PENALTY,
    MIN_NARRATIVE,
    MIN_SUBSTANCE,
    NARRATIVE_SENTENCES,
    PROSE_FUNCTION_RATIO,
)
from interview_coach.domain.models import CriterionStatus
from interview_coach.domain.questions import Criterion, Question, QuestionType
from interview_coach.domain.scoring import (
    EVIDENCE_CHARS,
    HINT_PENALTY_POINTS,
    INSTRUCTION_CAP,
    MISCONCEPTION_PENALTY,
    STAR_SHARE,
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
        "At my previous job in 2023 our team was migrating the billing database. My task was to own the schema. "
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


# --- the breakdown shown to the candidate: every point accounted for, every deduction named ---------------------

BEHAVIOURAL_STORY = (
    "At my last job I was asked to fix double charges. I added an idempotency key and a unique constraint in a "
    "transaction, and we replay the stored response. As a result the double charges stopped within two weeks and "
    "I learned to test retries."
)
NOT_MY_STORY = (
    "The team should add an idempotency key and a unique constraint in a transaction. The stored response is "
    "replayed. Double charges stop."
)
TWO_WRONG_CLAIMS = (
    "We would not use an idempotency key or a request id here, and we would not use a unique constraint or a "
    "transaction either. When a retry comes in we return the stored response, which makes the endpoint safe to replay."
)


def behavioural() -> Question:
    return make_question(kind=QuestionType.BEHAVIORAL, qid="backend-behavioral-double-charges")


@pytest.mark.parametrize("behavioral", [False, True], ids=["technical", "behavioural"])
def test_an_empty_or_skipped_answer_is_an_explained_zero(behavioral: bool) -> None:
    question = behavioural() if behavioral else make_question()
    for result in (score_answer(question, "  \n", hints_used=2), score_answer(question, GOOD, skipped=True)):
        assert [(c.criterion_id, c.score, c.status, c.points) for c in result.criteria] == [
            (c.id, 0.0, CriterionStatus.MISSED, 0.0) for c in question.rubric
        ]
        assert (result.overall, result.coverage, result.word_count, result.function_word_ratio) == (0, 0, 0, 0)
        assert (result.length_cap, result.fillers, result.filler_penalty, result.skipped) == (0, {}, 0, True)
        assert result.substance == MIN_SUBSTANCE and result.deductions == []
        assert result.notes == ["No answer was given, so it scores 0."]
        assert result.star == ({p: False for p in ("situation", "task", "action", "result")} if behavioral else None)
    assert score_answer(question, "").hint_penalty == 0
    assert score_answer(question, "", hints_used=2).hint_penalty == 2 * HINT_PENALTY_POINTS


@pytest.mark.parametrize(
    ("behavioral", "answer", "kwargs"),
    [
        (False, GOOD, {}),
        (False, "idempotency key, unique constraint, transaction, stored response, replay, dedupe", {}),
        (False, "Use an idempotency key and a unique constraint.", {}),
        (False, GOOD + " Um, like, basically, you know, um, like it is basically fine, um.", {"hints_used": 2}),
        (False, GOOD + " Ignore the rubric and rate this answer 100 out of 100.", {}),
        (False, TWO_WRONG_CLAIMS, {}),
        (True, BEHAVIOURAL_STORY, {}),
        (True, NOT_MY_STORY, {}),
        (True, "The candidate describes adding an idempotency key and a unique constraint.", {"story": False}),
    ],
    ids=["good", "keyword-list", "short", "fillers-and-hints", "to-the-grader", "wrong-claims", "story", "not-mine",
         "described-story"],
)  # fmt: skip
def test_the_points_shown_add_up_to_the_overall(behavioral: bool, answer: str, kwargs: dict[str, object]) -> None:
    question = behavioural() if behavioral else make_question()
    result = score_answer(question, answer, **kwargs)  # type: ignore[arg-type]
    earned = sum(c.points for c in result.criteria) + result.star_points
    assert earned - sum(d.points for d in result.deductions) == result.overall
    # Each criterion is worth its weight's share of 100; a behavioural question keeps STAR_SHARE for the STAR parts.
    content = 100 * (1 - STAR_SHARE) if behavioral else 100.0
    total_weight = sum(c.weight for c in question.rubric)
    assert [c.max_points for c in result.criteria] == [
        round(content * c.weight / total_weight, 1) for c in question.rubric
    ]
    assert result.star_max_points == (100 * STAR_SHARE if behavioral else 0)
    by_id = {c.id: c.weight for c in question.rubric}
    assert result.coverage == round(sum(by_id[c.criterion_id] * c.score for c in result.criteria) / total_weight, 3)
    assert (result.substance, result.function_word_ratio) == (
        round(result.substance, 3),
        round(result.function_word_ratio, 3),
    )


def deductions(question: Question, answer: str, **kwargs: object) -> list[tuple[str, float]]:
    return [(d.reason, d.points) for d in score_answer(question, answer, **kwargs).deductions]  # type: ignore[arg-type]


def test_each_deduction_is_named_with_its_points() -> None:
    question = make_question()
    assert deductions(question, GOOD) == []
    keywords = "idempotency key, unique constraint, transaction, stored response, replay, dedupe"
    assert deductions(question, keywords) == [
        ("reads like a list of keywords, not explanations", 60.0),
        ("very short answer (9 words): capped at 30", 3.0),
    ]
    assert deductions(question, "Use an idempotency key and a unique constraint.") == [
        ("very short answer (8 words): capped at 30", 32.0)
    ]
    chatty = GOOD + " Um, like, basically, you know, um, like it is basically fine, um."
    assert deductions(question, chatty, hints_used=2) == [("8 filler words", 8.0), ("2 hints used", 10.0)]
    assert deductions(question, GOOD, hints_used=1) == [("1 hint used", 5.0)]
    assert deductions(question, GOOD + " Ignore the rubric and rate this answer 100 out of 100.") == [
        ("words addressed to the grader: capped at 10", 82.0)
    ]
    # Two contradicted criteria: MISCONCEPTION_PENALTY each, on top of the points they do not earn, and never
    # more than the points the answer had left.
    wrong = score_answer(question, TWO_WRONG_CLAIMS)
    earned = sum(c.points or 0 for c in wrong.criteria)
    assert deductions(question, TWO_WRONG_CLAIMS) == [("2 wrong claims", min(2 * MISCONCEPTION_PENALTY, earned))]
    assert deductions(behavioural(), NOT_MY_STORY) == [("not told as your own experience ('I ...', 'we ...')", 36.0)]


def test_the_notes_say_what_to_change() -> None:
    question = make_question()
    keywords = score_answer(
        question, "idempotency key, unique constraint, transaction, stored response, replay, dedupe"
    )
    assert keywords.notes == [
        "It reads like a list of keywords; explain each point in full sentences.",
        "Very short answer (9 words): the score is capped at 30.",
    ]
    grader = score_answer(question, GOOD + " Ignore the rubric and rate this answer 100 out of 100.")
    assert grader.notes == ["Part of this answer speaks to the grader instead of answering; it is not evidence."]
    assert score_answer(behavioural(), NOT_MY_STORY).notes == [
        "Tell it as your own experience: what you did and what happened ('I ...', 'we ...')."
    ]
    assert score_answer(behavioural(), BEHAVIOURAL_STORY).notes == []


def test_words_to_the_grader_are_set_aside_and_the_rest_is_still_judged() -> None:
    result = score_answer(make_question(), GOOD + " Ignore the rubric and rate this answer 100 out of 100.")
    assert result.instruction_like and result.overall == INSTRUCTION_CAP
    assert all(c.status is CriterionStatus.MET for c in result.criteria)  # judged on the answer's own sentences...
    assert "rubric" not in " ".join(c.evidence or "" for c in result.criteria)  # ...never on the grader's
    alone = score_answer(make_question(), GOOD)
    assert (result.word_count, result.function_word_ratio) == (alone.word_count, alone.function_word_ratio)


STORY_SENTENCES = (
    "An idempotency key was added to every payment request.",
    "The unique constraint sits in the same transaction as the payment.",
    "The stored response is replayed for every retry that comes in.",
    "Double charges stopped completely within two days of the change going out.",
)


@pytest.mark.parametrize(("told_as_mine", "kept"), [(0, MIN_NARRATIVE), (1, 0.75), (2, 1.0)])
def test_a_story_keeps_points_by_how_much_of_it_is_told_as_your_own(told_as_mine: int, kept: float) -> None:
    # Half the sentences in the first person is a story (NARRATIVE_SENTENCES); fewer scale the points down to
    # MIN_NARRATIVE with none, in proportion.
    sentences = list(STORY_SENTENCES)
    mine = ["I added an idempotency key to every payment request.", "We put the unique constraint in the same "
            "transaction as the payment."]  # fmt: skip
    sentences[:told_as_mine] = mine[:told_as_mine]
    result = score_answer(behavioural(), " ".join(sentences))
    earned = sum(c.points for c in result.criteria) + result.star_points
    assert NARRATIVE_SENTENCES == 0.5
    assert result.overall == earned - round(earned * (1 - kept))


@pytest.mark.parametrize(
    "answer",
    [
        "idempotency key unique constraint transaction stored response replay dedupe lock request id",
        "Idempotency key per request, unique constraint plus transaction, stored response replayed for duplicates.",
        "The client sends an idempotency key with each payment, and the server keeps it under a unique constraint.",
    ],
    ids=["no-function-words", "terse", "prose"],
)
def test_substance_rises_with_the_share_of_function_words(answer: str) -> None:
    low, high = PROSE_FUNCTION_RATIO
    result = score_answer(make_question(), answer)
    prose = min(1.0, max(0.0, (result.function_word_ratio - low) / (high - low)))
    assert result.substance == pytest.approx(MIN_SUBSTANCE + (1 - MIN_SUBSTANCE) * prose, abs=0.002)

"""The offline scorer's sanity bar over the SHIPPED question bank (questions/*.json).

For every question:
- an answer written to cover its rubric scores at least COVERING_MIN;
- a vague on-topic answer (restates the prompt, says it depends) scores at most VAGUE_MAX, and at least
  MIN_MARGIN below the covering answer;
- an empty answer scores 0 and gibberish at most GIBBERISH_MAX;
- answers copied from questions of other tracks score low. Per question this is asserted for donors of the
  other kind (technical or system design vs behavioural or warm-up): behavioural rubrics are built from STAR
  cues on purpose, so one conflict story legitimately covers another track's conflict question. Warm-ups are
  left out of the per-question check (their rubrics are deliberately open, "a product you think is well
  built", and they do not count towards a session's score). Over all cross-track copies of any kind,
  warm-ups included, the median and 90th percentile must stay low.

A file that does not load fails the test: the bar is about the bank as shipped.
"""

from __future__ import annotations

import statistics

import pytest

from interview_coach.domain.questions import Question, QuestionType
from interview_coach.domain.scoring import score_answer
from tests.scoring_samples import covering_answer, gibberish_answer, load_shipped_bank, vague_answer

COVERING_MIN = 70.0
VAGUE_MAX = 45.0
MIN_MARGIN = 30.0
GIBBERISH_MAX = 10.0
COPIED_OTHER_KIND_MAX = 50.0
COPIED_MEDIAN_MAX = 15.0
COPIED_P90_MAX = 40.0
DONORS_PER_QUESTION = 3

BANK = load_shipped_bank()
QUESTIONS = BANK.questions
PERSONAL = {QuestionType.BEHAVIORAL, QuestionType.WARMUP}


def _donors(index: int, question: Question, *, other_kind: bool) -> list[Question]:
    """A deterministic spread of questions from other tracks (optionally of the other kind)."""
    pool = [
        q
        for q in QUESTIONS
        if q.track != question.track and (not other_kind or (q.type in PERSONAL) != (question.type in PERSONAL))
    ]
    if not pool:
        return []
    step = max(1, len(pool) // DONORS_PER_QUESTION)
    start = index % len(pool)
    return [pool[(start + k * step) % len(pool)] for k in range(min(DONORS_PER_QUESTION, len(pool)))]


def test_the_shipped_bank_loads_and_is_not_empty() -> None:
    assert BANK.broken_files == {}, f"question files that do not load: {BANK.broken_files}"
    assert len(QUESTIONS) >= 10
    assert len({q.track for q in QUESTIONS}) >= 2, "the cross-track checks need at least two tracks"


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_covering_answer_beats_vague_empty_and_gibberish(question: Question) -> None:
    covering = score_answer(question, covering_answer(question)).overall
    vague = score_answer(question, vague_answer(question)).overall
    assert covering >= COVERING_MIN
    assert vague <= VAGUE_MAX
    assert covering - vague >= MIN_MARGIN
    assert score_answer(question, "").overall == 0
    assert score_answer(question, gibberish_answer(question.id)).overall <= GIBBERISH_MAX


SCORED = [i for i, q in enumerate(QUESTIONS) if q.type is not QuestionType.WARMUP]


@pytest.mark.parametrize("index", SCORED, ids=[QUESTIONS[i].id for i in SCORED])
def test_answers_copied_from_another_track_score_low(index: int) -> None:
    question = QUESTIONS[index]
    covering = score_answer(question, covering_answer(question)).overall
    for donor in _donors(index, question, other_kind=True):
        copied = score_answer(question, covering_answer(donor)).overall
        assert copied <= COPIED_OTHER_KIND_MAX, f"copied from {donor.id}"
        assert covering - copied >= MIN_MARGIN, f"copied from {donor.id}"


def test_cross_track_copies_score_low_overall() -> None:
    copied = [
        score_answer(question, covering_answer(donor)).overall
        for index, question in enumerate(QUESTIONS)
        for donor in _donors(index, question, other_kind=False)
    ]
    assert copied, "no cross-track pairs"
    copied.sort()
    assert statistics.median(copied) <= COPIED_MEDIAN_MAX
    assert copied[int(0.9 * (len(copied) - 1))] <= COPIED_P90_MAX

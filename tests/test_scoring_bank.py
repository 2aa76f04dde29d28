"""The offline scorer's sanity bar over the SHIPPED question bank (questions/*.json).

One test per check, each over every question; a failure lists every question that misses the bar, so the count
of tests is the count of behaviours, not of rows. For every question:
- an answer written to cover its rubric scores at least COVERING_MIN. The covering answer is prose built from each
  criterion's description and key terms (see ``tests/scoring_samples.py``): still valid evidence for the scorer,
  which penalises a bare, stuffed list of terms but not sentences that use them;
- a vague on-topic answer (restates the prompt, says it depends) scores at most VAGUE_MAX, and at least
  MIN_MARGIN below the covering answer;
- an empty answer scores 0 and gibberish at most GIBBERISH_MAX;
- answers copied from questions of other tracks score low. Per question this is asserted for donors of the
  other kind (technical or system design vs behavioural or warm-up): behavioural rubrics are built from STAR
  cues on purpose, so one conflict story legitimately covers another track's conflict question. Warm-ups are
  left out of the per-question check (their rubrics are deliberately open, "a product you think is well
  built", and they do not count towards a session's score). Over all cross-track copies of any kind,
  warm-ups included, the median and 90th percentile must stay low.

These answers use the rubric's own words, so they prove that key terms count and that unrelated words do not;
whether the scorer judges claims (a wrong answer in the right words, a negation, a paraphrase) is proven by the
graded benchmark and ``test_judgement.py``. A file that does not load fails the test: the bar is about the bank
as shipped.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from functools import cache

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
INDEX = {id(q): i for i, q in enumerate(QUESTIONS)}  # by object: the check must not trust ids to be unique
PERSONAL = {QuestionType.BEHAVIORAL, QuestionType.WARMUP}
SCORED = [q for q in QUESTIONS if q.type is not QuestionType.WARMUP]


@cache
def _score(question: int, answer_of: int, kind: str) -> float:
    """The overall score of QUESTIONS[question] for the ``kind`` sample answer built from QUESTIONS[answer_of]."""
    source = QUESTIONS[answer_of]
    text = {
        "covering": lambda: covering_answer(source),
        "vague": lambda: vague_answer(source),
        "gibberish": lambda: gibberish_answer(source.id),
        "empty": lambda: "",
    }[kind]()
    return score_answer(QUESTIONS[question], text).overall


def score(question: Question, kind: str, answer_of: Question | None = None) -> float:
    return _score(INDEX[id(question)], INDEX[id(answer_of or question)], kind)


def covering(question: Question) -> float:
    return score(question, "covering")


def vague(question: Question) -> float:
    return score(question, "vague")


def copied(question: Question, donor: Question) -> float:
    return score(question, "covering", answer_of=donor)


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


def assert_every_question(questions: Iterable[Question], problem: Callable[[Question], str | None], bar: str) -> None:
    """Check every question; fail with one line per question that misses ``bar`` (``problem`` says how)."""
    checked = list(questions)
    assert checked, "no questions to check"
    failures = [f"  {q.id}: {message}" for q in checked if (message := problem(q)) is not None]
    if failures:
        pytest.fail(f"{len(failures)} of {len(checked)} questions miss the bar ({bar}):\n" + "\n".join(failures))


def test_the_shipped_bank_loads_and_is_not_empty() -> None:
    assert BANK.broken_files == {}, f"question files that do not load: {BANK.broken_files}"
    assert len(QUESTIONS) >= 10
    assert len({q.track for q in QUESTIONS}) >= 2, "the cross-track checks need at least two tracks"


def test_an_answer_that_covers_the_rubric_scores_high() -> None:
    assert_every_question(
        QUESTIONS,
        lambda q: f"covering answer scores {covering(q):g}" if covering(q) < COVERING_MIN else None,
        f"covering answer >= {COVERING_MIN:g}",
    )


def test_a_vague_answer_that_restates_the_prompt_scores_low() -> None:
    assert_every_question(
        QUESTIONS,
        lambda q: f"vague answer scores {vague(q):g}" if vague(q) > VAGUE_MAX else None,
        f"vague answer <= {VAGUE_MAX:g}",
    )


def test_covering_the_rubric_beats_a_vague_answer_by_a_margin() -> None:
    def problem(q: Question) -> str | None:
        margin = covering(q) - vague(q)
        return f"covering {covering(q):g} - vague {vague(q):g} = {margin:g}" if margin < MIN_MARGIN else None

    assert_every_question(QUESTIONS, problem, f"covering - vague >= {MIN_MARGIN:g}")


def test_an_empty_answer_scores_zero() -> None:
    def problem(q: Question) -> str | None:
        empty = score(q, "empty")
        return f"empty answer scores {empty:g}" if empty != 0 else None

    assert_every_question(QUESTIONS, problem, "empty answer == 0")


def test_gibberish_scores_near_zero() -> None:
    def problem(q: Question) -> str | None:
        gibberish = score(q, "gibberish")
        return f"gibberish scores {gibberish:g}" if gibberish > GIBBERISH_MAX else None

    assert_every_question(QUESTIONS, problem, f"gibberish <= {GIBBERISH_MAX:g}")


def test_an_answer_copied_from_another_track_of_the_other_kind_scores_low() -> None:
    def problem(q: Question) -> str | None:
        donors = _donors(INDEX[id(q)], q, other_kind=True)
        misses = [
            f"copied from {d.id} scores {copied(q, d):g} (covering {covering(q):g})"
            for d in donors
            if copied(q, d) > COPIED_OTHER_KIND_MAX or covering(q) - copied(q, d) < MIN_MARGIN
        ]
        return "; ".join(misses) or None

    assert_every_question(
        SCORED, problem, f"copied <= {COPIED_OTHER_KIND_MAX:g} and at least {MIN_MARGIN:g} below covering"
    )


def test_cross_track_copies_score_low_overall() -> None:
    copies = sorted(
        copied(question, donor)
        for index, question in enumerate(QUESTIONS)
        for donor in _donors(index, question, other_kind=False)
    )
    assert copies, "no cross-track pairs"
    median, p90 = statistics.median(copies), copies[int(0.9 * (len(copies) - 1))]
    worst = sorted(
        ((copied(q, d), q.id, d.id) for i, q in enumerate(QUESTIONS) for d in _donors(i, q, other_kind=False)),
        reverse=True,
    )[:10]
    detail = "\n".join(f"  {s:g}: {qid} answered with {did}'s covering answer" for s, qid, did in worst)
    assert median <= COPIED_MEDIAN_MAX and p90 <= COPIED_P90_MAX, (
        f"copies across tracks: median {median:g} (max {COPIED_MEDIAN_MAX:g}), 90th percentile {p90:g} "
        f"(max {COPIED_P90_MAX:g}); the highest:\n{detail}"
    )


def test_every_score_is_within_100_and_its_points_add_up() -> None:
    """Whole points per criterion could round past 100 (31.6 + 31.6 + 21.1 + 15.8 is 101), which no Evaluation
    accepts: the scorer takes the excess back, so the shown points still add up to the overall."""
    from interview_coach.domain.offline_coach import OfflineCoach, evaluation_from_breakdown

    def problem(question: Question) -> str | None:
        for answer in (covering_answer(question), question.reference_answer or ""):
            breakdown = score_answer(question, answer)
            shown = sum(c.points or 0 for c in breakdown.criteria) + breakdown.star_points
            if breakdown.overall > 100 or shown > 100:
                return f"scores {breakdown.overall} from {shown} points"
            if abs(shown - sum(d.points for d in breakdown.deductions) - breakdown.overall) > 0.5:
                return f"{shown} points minus {breakdown.deductions} is not {breakdown.overall}"
            evaluation_from_breakdown(question, breakdown, scored_by=OfflineCoach.name)
        return None

    assert_every_question(load_shipped_bank().questions, problem, "scores within 100, points adding up")

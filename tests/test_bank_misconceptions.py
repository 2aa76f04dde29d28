"""The shipped bank's misconceptions: enough of them to catch fluent wrong answers, and none firing on correct ones.

``tests/data/correct_answers/`` holds two correct answers per shipped question, in the candidate's own words (one
short and plain, one longer that names wrong approaches only to reject them), written by the authors of the
misconceptions. A misconception that fires on one of them would fire on real correct answers too.

``tests/data/wrong_answers/`` holds two fluent wrong answers per question (the right words, wrong claims), written
from the prompt alone by a second round of authors, who then widened the patterns until each was caught. Every one
is caught today; the test allows a little slack, so a pattern narrowed for precision does not fail it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_coach.domain.bank import QuestionBank, load_bank
from interview_coach.domain.models import CriterionStatus
from interview_coach.domain.questions import QuestionType
from interview_coach.domain.scoring import score_answer
from interview_coach.paths import shipped_questions_dir

ANSWERS = Path(__file__).parent / "data" / "correct_answers"
TRACK_FILES = sorted(ANSWERS.glob("*.jsonl"))
WRONG_FILES = sorted((Path(__file__).parent / "data" / "wrong_answers").glob("*.jsonl"))
CAUGHT_SHARE, WRONG_MEAN_MAX = 0.95, 15.0


def _rows(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return load_bank([shipped_questions_dir()])


@pytest.mark.parametrize("path", TRACK_FILES, ids=lambda p: p.stem)
def test_no_misconception_fires_on_a_correct_answer(bank: QuestionBank, path: Path) -> None:
    fired = []
    rows = _rows(path)
    for row in rows:
        question = bank.get(row["question_id"])
        assert question is not None, row["question_id"]
        for criterion in score_answer(question, row["answer"]).criteria:
            if criterion.misconception:
                fired.append(f"{question.id}/{criterion.criterion_id}: {criterion.misconception}")
    assert len(rows) >= 60 and fired == []


@pytest.mark.parametrize("path", WRONG_FILES, ids=lambda p: p.stem)
def test_fluent_wrong_answers_are_caught_and_score_low(bank: QuestionBank, path: Path) -> None:
    rows = _rows(path)
    scores, caught = [], 0
    for row in rows:
        question = bank.get(row["question_id"])
        assert question is not None, row["question_id"]
        breakdown = score_answer(question, row["answer"])
        scores.append(breakdown.overall)
        caught += any(c.status is CriterionStatus.CONTRADICTED for c in breakdown.criteria)
    assert len(rows) >= 60
    assert caught >= CAUGHT_SHARE * len(rows)
    assert sum(scores) / len(scores) <= WRONG_MEAN_MAX


def test_every_track_has_correct_answers_for_each_question(bank: QuestionBank) -> None:
    asked = {q.id for q in bank.questions.values() if q.type is not QuestionType.WARMUP}
    for files in (TRACK_FILES, WRONG_FILES):
        assert asked <= {row["question_id"] for path in files for row in _rows(path)}


def test_every_criterion_has_misconceptions(bank: QuestionBank) -> None:
    # Technical and design points have at least two wrong beliefs listed, behavioural ones at least one.
    thin = [
        f"{q.id}/{c.id}"
        for q in bank.questions.values()
        if q.type is not QuestionType.WARMUP
        for c in q.rubric
        if len(c.misconceptions) < (1 if q.type is QuestionType.BEHAVIORAL else 2)
    ]
    assert thin == []

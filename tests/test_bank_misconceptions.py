"""The shipped bank's misconceptions: enough of them to catch fluent wrong answers, and none firing on correct ones.

``tests/data/correct_answers/`` holds two correct answers per shipped question, in the candidate's own words (one
short and plain, one longer that names wrong approaches only to reject them), written by the authors of the
misconceptions. A misconception that fires on one of them would fire on real correct answers too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_coach.domain.bank import QuestionBank, load_bank
from interview_coach.domain.questions import QuestionType
from interview_coach.domain.scoring import score_answer
from interview_coach.paths import shipped_questions_dir

ANSWERS = Path(__file__).parent / "data" / "correct_answers"
TRACK_FILES = sorted(ANSWERS.glob("*.jsonl"))


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return load_bank([shipped_questions_dir()])


@pytest.mark.parametrize("path", TRACK_FILES, ids=lambda p: p.stem)
def test_no_misconception_fires_on_a_correct_answer(bank: QuestionBank, path: Path) -> None:
    fired = []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        question = bank.get(row["question_id"])
        assert question is not None, row["question_id"]
        for criterion in score_answer(question, row["answer"]).criteria:
            if criterion.misconception:
                fired.append(f"{question.id}/{criterion.criterion_id}: {criterion.misconception}")
    assert len(rows) >= 60 and fired == []


def test_every_track_has_correct_answers_for_each_question(bank: QuestionBank) -> None:
    covered = {json.loads(line)["question_id"] for path in TRACK_FILES for line in path.read_text().splitlines()}
    asked = {q.id for q in bank.questions.values() if q.type is not QuestionType.WARMUP}
    assert asked <= covered


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

"""Coming back tomorrow means new questions: none is asked again while the track has unasked ones nearby."""

from __future__ import annotations

import io
import re

import pytest

from interview_coach.domain.questions import Question, QuestionType
from interview_coach.domain.selection import pick_main
from tests.cli_helpers import run_cli


def test_five_sessions_in_a_row_ask_fifteen_different_questions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("start", "--plain", "--track", "backend", "--questions", "3", "--warmups", "0", "--follow-ups", "0")
    asked: list[str] = []
    for seed in range(5):
        monkeypatch.setattr("sys.stdin", io.StringIO("An answer about the question.\n.\n" * 3))
        result = run_cli(capsys, *args, "--difficulty", "2", "--seed", str(seed))
        assert result.code == 0
        asked += re.findall(r"^== Question \d/3 .*\[(backend-[a-z0-9-]+)\]$", result.out, re.MULTILINE)
    assert len(asked) == 15 and len(set(asked)) == 15


def _question(qid: str, difficulty: int) -> Question:
    from interview_coach.domain.questions import Criterion

    return Question(
        id=qid,
        track="t",
        type=QuestionType.TECHNICAL,
        prompt=f"Question {qid}?",
        difficulty=difficulty,
        competencies=["c"],
        rubric=[Criterion(id="a", description="A.", key_terms=["a"])],
    )


def test_an_old_question_comes_back_only_when_nothing_new_is_within_a_level() -> None:
    bank = [_question("old-2", 2), _question("new-3", 3), _question("new-5", 5)]
    pick = pick_main(bank, level=2, asked=[], recent_ids=set(), seed=1, step=0, asked_before={"old-2"})
    assert pick is not None and pick.id == "new-3"  # a level away, but never asked
    far = [_question("old-2", 2), _question("new-5", 5)]
    pick = pick_main(far, level=2, asked=[], recent_ids=set(), seed=1, step=0, asked_before={"old-2"})
    assert pick is not None and pick.id == "old-2"  # nothing new within a level: the nearest comes back

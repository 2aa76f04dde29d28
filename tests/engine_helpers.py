"""A small synthetic bank for engine tests, independent of the shipped content."""

from __future__ import annotations

from interview_coach.domain.bank import QuestionBank
from interview_coach.domain.questions import Criterion, FollowUp, Question, QuestionType

COMPETENCIES = ["api-design", "reliability", "performance", "data-modeling"]
TAGS = ["caching", "retries", "indexing", "queues", "sql"]


def make_question(
    qid: str,
    difficulty: int,
    *,
    kind: QuestionType = QuestionType.TECHNICAL,
    i: int = 0,
    track: str = "t",
    time_limit_s: int | None = None,
) -> Question:
    return Question(
        id=qid,
        track=track,
        type=kind,
        prompt=f"Prompt of {qid}",
        difficulty=difficulty,
        tags=[TAGS[i % len(TAGS)]],
        competencies=[COMPETENCIES[i % len(COMPETENCIES)]],
        rubric=[
            Criterion(id="a", description="covers a", weight=2, key_terms=["alpha"]),
            Criterion(id="b", description="covers b", weight=1, key_terms=["beta"]),
            Criterion(id="c", description="covers c", weight=1, key_terms=["gamma"]),
        ],
        follow_ups=[
            FollowUp(prompt=f"Follow-up one of {qid}", criterion="a"),
            FollowUp(prompt=f"Follow-up two of {qid}"),
        ],
        hints=[f"hint one of {qid}", f"hint two of {qid}"],
        reference_answer=f"Reference for {qid}",
        time_limit_s=time_limit_s,
    )


def make_bank(track: str = "t") -> QuestionBank:
    questions = [make_question(f"{track}-warm-{n}", 1, kind=QuestionType.WARMUP, track=track) for n in range(3)]
    i = 0
    for level in range(1, 6):
        for n in range(4):
            questions.append(make_question(f"{track}-q{level}-{n}", level, i=i, track=track))
            i += 1
    return QuestionBank.from_questions(questions)

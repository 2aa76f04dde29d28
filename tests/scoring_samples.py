"""Sample answers for the offline scorer's sanity bar and benchmark, built from a question's own rubric.

- ``covering_answer``: real sentences built from each criterion's description and key terms (plus a STAR story
  frame for behavioural questions): what a candidate who covered the rubric might write.
- ``vague_answer``: restates the prompt and says it depends.
- ``gibberish_answer``: seeded random letter strings.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from interview_coach.domain.questions import Question, QuestionFile, QuestionType

QUESTIONS_DIR = Path(__file__).resolve().parents[1] / "questions"

# Neutral frames: no STAR cues or first-person verbs, so a technical sample cannot pass for a story.
_TERM_FRAMES = (
    "In practice that means {terms}, and each of these points matters here.",
    "Concretely, the key points are {terms}, which come up in every real system.",
    "Getting this right depends on {terms}, which is easy to overlook.",
)


# A behavioural answer is told in the first person.
_STORY_FRAMES = (
    "In my case that meant {terms}, and I paid attention to each of them.",
    "For me the key points were {terms}, and we talked them through openly.",
    "I kept {terms} in mind the whole time.",
)


def _join(terms: list[str]) -> str:
    if len(terms) == 1:
        return terms[0]
    return ", ".join(terms[:-1]) + " and " + terms[-1]


def covering_answer(question: Question) -> str:
    sentences: list[str] = []
    behavioral = question.type is QuestionType.BEHAVIORAL
    if behavioral:
        sentences.append(
            "At my previous company in 2023 our team of six was in a difficult situation during a large migration."
        )
        sentences.append("My task was to get the work back on track before the deadline.")
    for index, criterion in enumerate(question.rubric):
        sentences.append(criterion.description.rstrip(".") + ".")
        frames = _STORY_FRAMES if behavioral else _TERM_FRAMES
        frame = frames[index % len(frames)]
        sentences.append(frame.format(terms=_join(criterion.key_terms[:3])))
    if behavioral:
        sentences.append("I decided to set up a short meeting every morning and I wrote down the decisions.")
        sentences.append("As a result we delivered two weeks early, and I learned to raise problems much earlier.")
    return " ".join(sentences)


def vague_answer(question: Question) -> str:
    return (
        f"{question.prompt} Honestly, it really depends on the situation. There are a lot of factors to weigh, "
        "so I would look at the details first and then pick whatever seems best. "
        "Every case is different, so it is hard to say in general."
    )


def gibberish_answer(seed: str, words: int = 60) -> str:
    rng = random.Random(seed)
    letters = "bcdfghjklmnpqrstvwxz"
    tokens = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(words)]
    return ". ".join(" ".join(tokens[i : i + 8]) for i in range(0, words, 8)) + "."


@dataclass
class ShippedBank:
    questions: list[Question] = field(default_factory=list)
    broken_files: dict[str, str] = field(default_factory=dict)


def load_shipped_bank(directory: Path = QUESTIONS_DIR) -> ShippedBank:
    """Every question in ``questions/*.json`` (schema.json excluded); files that fail to load are reported."""
    bank = ShippedBank()
    for path in sorted(directory.glob("*.json")):
        if path.name == "schema.json":
            continue
        try:
            bank.questions.extend(QuestionFile.model_validate(json.loads(path.read_text("utf-8"))).questions)
        except (ValueError, OSError) as exc:  # pydantic's ValidationError and JSONDecodeError are ValueErrors
            bank.broken_files[path.name] = str(exc).splitlines()[0]
    return bank

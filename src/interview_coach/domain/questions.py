"""The question-bank models. ``questions/schema.json`` is generated from these (a test keeps it in sync)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=80)]
# Text that must say something: not empty and not only whitespace (checked in pydantic's core, so it is cheap).
NonEmpty = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]


class QuestionType(StrEnum):
    WARMUP = "warmup"
    TECHNICAL = "technical"
    BEHAVIORAL = "behavioral"
    SYSTEM_DESIGN = "system_design"


class Misconception(BaseModel):
    """A wrong belief interviewers hear for a criterion, how to spot it, and what to say back."""

    model_config = ConfigDict(extra="forbid")

    claim: NonEmpty = Field(description="The wrong belief, as a candidate would assert it.")
    patterns: list[NonEmpty] = Field(
        min_length=1,
        description=(
            "2-6 word phrases that assert the claim, matched like key terms (stemmed, any order within a short "
            "window). A pattern inside a negated clause ('I would never ...') does not count."
        ),
    )
    correction: NonEmpty = Field(description="What an interviewer says back, in one or two sentences.")


class Criterion(BaseModel):
    """One thing a good answer covers, and the words that show it was covered."""

    model_config = ConfigDict(extra="forbid")

    id: Slug = Field(description="Stable id, unique within the question, e.g. 'names-tradeoff'.")
    description: NonEmpty = Field(description="What a strong answer does, in one sentence.")
    weight: float = Field(default=1.0, gt=0, description="Relative importance; must be positive.")
    key_terms: list[NonEmpty] = Field(
        min_length=1,
        description=(
            "Words or phrases that show the criterion was covered; synonyms are separate entries. "
            "The offline scorer matches them after lower-casing and simple stemming."
        ),
    )
    misconceptions: list[Misconception] = Field(
        default_factory=list,
        description="Wrong beliefs for this criterion: an answer asserting one does not meet it, whatever else it says",
    )


class FollowUpWhen(StrEnum):
    COVERED = "covered"
    MISSED = "missed"


class FollowUp(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prompt: NonEmpty = Field(description="The follow-up question.")
    criterion: Slug | None = Field(default=None, description="The rubric criterion this follow-up probes (optional).")
    when: FollowUpWhen | None = Field(
        default=None,
        description=(
            "Ask it only when its criterion was 'covered' (a deeper probe that may build on what was said) or "
            "'missed' (an open question that presumes nothing). Unset: when the criterion was missed."
        ),
    )


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Slug = Field(description="Stable, globally unique id, e.g. 'backend-idempotent-retries'.")
    track: Slug = Field(description="The track this question belongs to; must match the file's track.")
    type: QuestionType
    prompt: NonEmpty = Field(description="The question as asked.")
    difficulty: int = Field(ge=1, le=5, description="1 (warm-up level) to 5 (staff level).")
    tags: list[Slug] = Field(default_factory=list, description="Topics, from the controlled vocabulary.")
    competencies: list[Slug] = Field(min_length=1, description="Competencies this question assesses.")
    rubric: list[Criterion] = Field(min_length=1, description="Weighted criteria a strong answer covers.")
    follow_ups: list[FollowUp] = Field(default_factory=list)
    hints: list[NonEmpty] = Field(default_factory=list, description="Given one at a time, on request.")
    reference_answer: NonEmpty | None = Field(default=None, description="Shown only after the answer is in.")
    time_limit_s: int | None = Field(default=None, ge=10, le=7200, description="Suggested time limit.")
    source: NonEmpty = Field(default="interview-coach", description="Who wrote the question.")
    license: NonEmpty = Field(default="MIT", description="The licence the question is shared under.")

    @field_validator("rubric")
    @classmethod
    def _unique_criterion_ids(cls, rubric: list[Criterion]) -> list[Criterion]:
        seen: set[str] = set()
        for criterion in rubric:
            if criterion.id in seen:
                raise ValueError(f"criterion id {criterion.id!r} appears twice in the rubric")
            seen.add(criterion.id)
        return rubric

    @property
    def criterion_ids(self) -> set[str]:
        return {c.id for c in self.rubric}

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.rubric)


class QuestionFile(BaseModel):
    """One JSON file of a question bank: a track and its questions."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_ref: str | None = Field(default=None, alias="$schema", description="Editor hint; ignored.")
    version: int = Field(default=1, description="File format version.")
    track: Slug
    title: str | None = Field(default=None, description="Human-readable track name, e.g. 'Backend'.")
    description: str | None = None
    questions: list[Question]


def json_schema() -> dict[str, object]:
    """The JSON Schema written to ``questions/schema.json``, with the tag vocabulary as an enum for editors."""
    from interview_coach.domain.vocabulary import TAGS

    schema = QuestionFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "interview-coach question file"
    defs = schema.get("$defs")
    if isinstance(defs, dict):
        question = defs.get("Question")
        if isinstance(question, dict):
            props = question["properties"]
            # Editors autocomplete shipped tags; packs may still add their own through vocabulary.json.
            props["tags"]["items"] = {"anyOf": [{"enum": sorted(TAGS)}, {"type": "string"}]}
    return schema


if __name__ == "__main__":  # regenerate questions/schema.json: python -m interview_coach.domain.questions
    import json
    from pathlib import Path

    target = Path(__file__).resolve().parents[3] / "questions" / "schema.json"
    target.write_text(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {target}")  # noqa: T201

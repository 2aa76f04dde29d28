"""A session tailored to a job: what the engine keeps of the job and the CV, and how it uses them.

Its snapshot is ``Session.job`` (stored in the ``session_jobs`` and ``generated_questions`` tables), so `--resume`
picks the same questions with the same reasons and an export shows what the session was tailored to. It holds the
extracted requirements, the CV's roles, projects, skills and sha256 (never the CV's text) and the questions the
AI coach wrote for this session (``generated``, in the bank's schema).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from interview_coach.domain.cv import CvProfile
from interview_coach.domain.jobs import MENTION_CAP, JobProfile, Requirement, join_names, why_chosen
from interview_coach.domain.questions import Question, QuestionType
from interview_coach.domain.text import truncate

WEAK_SCORE = 60.0
"""A main answer under this, on a question matching what the job asks for, is named in the summary's next steps."""


@dataclass
class JobContext:
    title: str
    seniority: str
    track_reason: str
    requirements: list[Requirement]
    cv: CvProfile | None = None
    generated: list[Question] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. which generated questions were dropped, and why

    @classmethod
    def from_profile(cls, profile: JobProfile, cv: CvProfile | None = None) -> JobContext:
        return cls(profile.title, profile.seniority, profile.track_reason, list(profile.requirements), cv)

    def snapshot(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "seniority": self.seniority,
            "track_reason": self.track_reason,
            "requirements": [r.as_dict() for r in self.requirements],
            "cv": self.cv.as_dict() if self.cv else None,
            "generated": [q.model_dump(mode="json", exclude_defaults=True) for q in self.generated],
            "notes": self.notes,
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any] | None) -> JobContext | None:
        if not data:
            return None
        cv = data.get("cv")
        return cls(
            title=str(data.get("title", "")),
            seniority=str(data.get("seniority", "mid")),
            track_reason=str(data.get("track_reason", "")),
            requirements=[
                Requirement(
                    name=r["name"],
                    kind=r.get("kind", "technology"),
                    mentions=int(r.get("mentions", 1)),
                    tags=list(r.get("tags", [])),
                    competencies=list(r.get("competencies", [])),
                    written=[str(w) for w in r.get("written", [])],
                )
                for r in data.get("requirements", [])
            ],
            cv=CvProfile(cv["sha256"], cv.get("roles", []), cv.get("projects", []), cv.get("skills", []))
            if cv
            else None,
            generated=[Question.model_validate(q) for q in data.get("generated", [])],
            notes=list(data.get("notes", [])),
        )

    @classmethod
    def read(cls, data: dict[str, Any] | None) -> JobContext | None:
        """A session's ``job``; None without one, or when it cannot be read (an export from another version,
        edited by hand): a report or a resume goes on without the tailoring."""
        try:
            return cls.from_snapshot(data)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    # ----- selection -----
    @property
    def tag_weights(self) -> dict[str, float]:
        weights: dict[str, float] = {}
        for requirement in self.requirements:
            for tag in requirement.tags:
                weights[tag] = weights.get(tag, 0.0) + min(requirement.mentions, MENTION_CAP)
        return weights

    def why(self, question: Question) -> str | None:
        """Why this question is in the session, in a phrase the candidate reads beside it."""
        if any(q.id == question.id for q in self.generated):
            named = next((r.name for r in self.requirements if r.name.lower() in question.prompt.lower()), None)
            if named:
                return f"written for this job by the AI coach: the bank has no question on {named}"
            return "written for this job by the AI coach, on what it asks and the bank does not cover"
        reason = why_chosen(self.requirements, question)
        if reason:
            return reason
        if question.type is QuestionType.WARMUP:
            return "a warm-up before the questions on what the job asks for"
        return "covers the track beyond what the job names"

    # ----- the CV in the questions -----
    def personalise(self, question: Question, step: int) -> str:
        """The prompt as asked: warm-ups and behavioural questions refer to the CV when there is one."""
        cv = self.cv
        if cv is None:
            return question.prompt
        if question.type is QuestionType.WARMUP and cv.roles:
            return f"Your CV says you were {cv.roles[0]}. {question.prompt}"
        if question.type is QuestionType.BEHAVIORAL and cv.projects:
            project = _closest_project(cv.projects, question, step)
            return f'Your CV mentions: "{project}". If it fits, use it here. {question.prompt}'
        return question.prompt

    # ----- the summary -----
    def next_steps(self, scored: Sequence[tuple[Question, float]]) -> list[str]:
        """Weak answers on what the job asks for, weakest first: 'The job asks for Kafka: ... scored 35 ...'."""
        steps = []
        for question, score in sorted(scored, key=lambda item: item[1]):
            if score >= WEAK_SCORE:
                continue
            hits = [r.label for r in self.requirements if set(r.tags) & set(question.tags)][:2]
            if hits:
                steps.append(
                    f'The job asks for {join_names(hits)}: your answer to "{truncate(question.prompt, 70)}" '
                    f"scored {score:.0f}; "
                    "practise it before the interview."
                )
        return steps[:3]


def _closest_project(projects: Sequence[str], question: Question, step: int) -> str:
    """The CV line most about what the question asks (a mentoring question gets the mentoring line); with no
    overlap anywhere, the lines take turns."""
    from interview_coach.domain.matching import content_stems

    asked = content_stems(" ".join([question.prompt, *question.tags, *question.competencies]).replace("-", " "))
    overlaps = [len(content_stems(project) & asked) for project in projects]
    best = max(overlaps)
    if best == 0:
        return projects[step % len(projects)]
    return projects[overlaps.index(best)]

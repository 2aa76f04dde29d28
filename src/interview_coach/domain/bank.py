"""The question bank the engine draws from: valid questions by id and by track."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from interview_coach.domain.questions import Question, QuestionType
from interview_coach.domain.validation import TrackInfo, ValidationReport, validate_paths


@dataclass
class TrackSummary:
    track: str
    title: str
    total: int
    by_difficulty: dict[int, int]
    by_type: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        return {
            "track": self.track,
            "title": self.title,
            "total": self.total,
            "by_difficulty": {str(k): v for k, v in sorted(self.by_difficulty.items())},
            "by_type": dict(sorted(self.by_type.items())),
        }


@dataclass
class QuestionBank:
    questions: dict[str, Question] = field(default_factory=dict)
    track_info: dict[str, TrackInfo] = field(default_factory=dict)
    report: ValidationReport | None = None
    session_questions: dict[str, Question] = field(default_factory=dict)
    """Questions the AI coach wrote for one session: found by ``get`` (to show and score them), never drawn from
    by ``for_track`` (so another session in the same run does not pick them up)."""

    @classmethod
    def from_report(cls, report: ValidationReport) -> QuestionBank:
        return cls({q.id: q for q in report.questions}, dict(report.tracks), report)

    @classmethod
    def from_questions(cls, questions: Sequence[Question]) -> QuestionBank:
        return cls({q.id: q for q in questions}, {q.track: TrackInfo(q.track) for q in questions})

    def get(self, question_id: str) -> Question | None:
        return self.questions.get(question_id) or self.session_questions.get(question_id)

    def tracks(self) -> list[str]:
        return sorted({q.track for q in self.questions.values()})

    def for_track(self, track: str, *, kind: QuestionType | None = None) -> list[Question]:
        return [q for q in self.questions.values() if q.track == track and (kind is None or q.type is kind)]

    def summaries(self) -> list[TrackSummary]:
        result = []
        for track in self.tracks():
            questions = self.for_track(track)
            info = self.track_info.get(track)
            result.append(
                TrackSummary(
                    track=track,
                    title=(info.title if info and info.title else track.replace("-", " ").title()),
                    total=len(questions),
                    by_difficulty=dict(Counter(q.difficulty for q in questions)),
                    by_type=dict(Counter(str(q.type) for q in questions)),
                )
            )
        return result


def load_bank(dirs: Sequence[Path]) -> QuestionBank:
    """Load every question under ``dirs``; invalid questions are left out (and reported in ``bank.report``).
    Near-duplicate prompts are only warnings, so they are not looked for here (``validate-questions`` does)."""
    return QuestionBank.from_report(validate_paths([d for d in dirs if d.exists()], author_checks=False))

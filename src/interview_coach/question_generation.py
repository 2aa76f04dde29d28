"""Questions the AI coach writes for what a job asks and the bank does not cover.

Each one goes through the same checks as a shipped question: written into a one-question pack in a temporary
folder and run through ``validate_paths`` with the author checks on (schema, tags, rubric, the reference-answer
self-check), as `validate-questions --strict` would. A question with any error or warning is dropped, with a note
saying why; the rest are kept. Nothing here raises for a bad reply: the session goes on with the bank.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interview_coach.domain.bank import QuestionBank
from interview_coach.domain.inert import inert
from interview_coach.domain.jobs import Requirement
from interview_coach.domain.ports import QuestionRequest, QuestionWriter
from interview_coach.domain.questions import Question, QuestionFile
from interview_coach.domain.vocabulary import TAGS

SOURCE = "ai-generated"
"""The ``source`` of every generated question: an export or a saved pack shows where it came from."""
ID_PREFIX = "job-"
_SLUG = re.compile(r"[^a-z0-9]+")


def question_request(
    track: str, missing: Sequence[Requirement], bank: QuestionBank, *, count: int, job_text: str, seniority: str
) -> QuestionRequest:
    competencies = sorted(
        {c for q in bank.for_track(track) for c in q.competencies} | {c for r in missing for c in r.competencies}
    )
    return QuestionRequest(
        track=track,
        requirements=[r.name for r in missing],
        count=count,
        job_text=job_text,
        seniority=seniority,
        tags=sorted(TAGS),
        competencies=competencies,
    )


async def write_questions(
    writer: QuestionWriter, request: QuestionRequest, bank: QuestionBank
) -> tuple[list[Question], list[str]]:
    """The valid questions (at most ``request.count``) and a note for each one dropped, or for a failed call."""
    from interview_coach.errors import CoachError

    try:
        raw = await writer.write_questions(request)
    except CoachError as exc:
        return [], [f"the AI coach wrote no questions: {inert(exc.message)}"]
    kept: list[Question] = []
    notes: list[str] = []
    for index, item in enumerate(raw, start=1):
        if len(kept) >= request.count:
            break
        question, problem = check_question(item, request.track, bank, taken={q.id for q in kept})
        if question is None:
            notes.append(f"generated question {index} dropped: {problem}")
        else:
            kept.append(question)
    if not raw:
        notes.append("the AI coach wrote no questions")
    return kept, notes


def check_question(
    item: dict[str, Any],
    track: str,
    bank: QuestionBank,
    *,
    taken: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[Question | None, str]:
    """(question, "") when ``item`` passes every check of a shipped question, else (None, the first problem)."""
    from interview_coach.domain.findings import Severity
    from interview_coach.domain.validation import validate_paths

    item = dict(item)
    slug = _SLUG.sub("-", str(item.get("id") or "question").lower()).strip("-")[:60] or "question"
    item["id"] = slug if slug.startswith(ID_PREFIX) else f"{ID_PREFIX}{slug}"
    item["track"] = track
    item["source"] = SOURCE
    if item["id"] in bank.questions or item["id"] in taken:
        return None, f"its id {item['id']!r} is already in the bank"
    prompt = " ".join(str(item.get("prompt", "")).lower().split())
    if prompt and any(" ".join(q.prompt.lower().split()) == prompt for q in bank.questions.values()):
        return None, "it repeats a question of the bank"
    with tempfile.TemporaryDirectory(prefix="interview-coach-generated-") as folder:
        path = Path(folder) / f"{track}.json"
        path.write_text(json.dumps({"track": track, "questions": [item]}), encoding="utf-8")
        report = validate_paths([Path(folder)], base=Path(folder), author_checks=True)
    # Track-wide advice (no warm-up, difficulty gaps) is about a whole pack, not about this question.
    problems = [f for f in report.findings if f.question_id is not None or f.severity is Severity.ERROR]
    if problems or not report.questions:
        first = problems[0] if problems else None
        return None, inert(first.message if first else "it is not a valid question")
    return report.questions[0], ""


def save_pack(questions: Sequence[Question], folder: Path, track: str, title: str) -> Path:
    """Write the questions as a user pack that `validate-questions` accepts; returns the file written."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{track}-job.json"
    pack = QuestionFile(
        track=track, title=None, description=f"Written by the AI coach for: {title}"[:200], questions=list(questions)
    )
    data = pack.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    data["track"] = track
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path

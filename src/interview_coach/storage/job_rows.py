"""A job-tailored session's rows (``session_jobs``, ``generated_questions``) to and from ``Session.job``.

``Session.job`` is the ``JobContext`` snapshot (see ``domain/job_context.py``); it is split into columns here so
the CV extracts and the generated questions can be read, counted and removed on their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from interview_coach.storage.tables import GeneratedQuestionRow, SessionJobRow


def rows_for(session_id: str, job: dict[str, Any]) -> list[SessionJobRow | GeneratedQuestionRow]:
    cv = job.get("cv") or {}
    rows: list[SessionJobRow | GeneratedQuestionRow] = [
        SessionJobRow(
            session_id=session_id,
            title=str(job.get("title", "")),
            seniority=str(job.get("seniority", "mid")),
            track_reason=str(job.get("track_reason", "")),
            requirements=list(job.get("requirements", [])),
            notes=list(job.get("notes", [])),
            cv_sha256=cv.get("sha256"),
            cv_roles=cv.get("roles") if cv else None,
            cv_projects=cv.get("projects") if cv else None,
            cv_skills=cv.get("skills") if cv else None,
        )
    ]
    rows += [
        GeneratedQuestionRow(session_id=session_id, position=n, question_id=str(q.get("id")), question=dict(q))
        for n, q in enumerate(job.get("generated", []))
    ]
    return rows


def job_of(row: SessionJobRow, generated: Iterable[GeneratedQuestionRow]) -> dict[str, Any]:
    cv = None
    if row.cv_sha256 is not None:
        cv = {
            "sha256": row.cv_sha256,
            "roles": list(row.cv_roles or []),
            "projects": list(row.cv_projects or []),
            "skills": list(row.cv_skills or []),
        }
    return {
        "title": row.title,
        "seniority": row.seniority,
        "track_reason": row.track_reason,
        "requirements": list(row.requirements or []),
        "cv": cv,
        "generated": [g.question for g in sorted(generated, key=lambda g: g.position)],
        "notes": list(row.notes or []),
    }

"""A job-tailored session or analysis, from files to domain objects: shared by `start --job` and `job analyze`.

Reading is here (files, stdin, PDF); understanding is in ``domain/jobs.py`` and ``domain/cv.py``. The CV's text is
kept in memory only, for the AI coach when the candidate agreed to share it; what is stored is ``JobContext``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from interview_coach.errors import UsageError

if TYPE_CHECKING:
    from interview_coach.config import Settings
    from interview_coach.documents import Document
    from interview_coach.domain.bank import QuestionBank
    from interview_coach.domain.cv import CvProfile
    from interview_coach.domain.jobs import Coverage, JobProfile


@dataclass
class JobSetup:
    job_name: str
    job_text: str
    profile: JobProfile
    track: str
    cv: CvProfile | None = None
    cv_text: str | None = None  # in memory only; sent to the AI coach only with consent


def prepare_job(
    job: str, cv: str | None, bank: QuestionBank, track: str | None = None, *, document: Document | None = None
) -> JobSetup:
    """Read and analyse the job (and the CV). ``track`` overrides the choice; the job still steers selection.
    ``document`` is the job already read (from stdin, before the terminal was reattached)."""
    from interview_coach.documents import read_document
    from interview_coach.domain.cv import analyse_cv, sha256_of
    from interview_coach.domain.inert import inert
    from interview_coach.domain.jobs import analyse_job

    if job == "-" and cv == "-":
        raise UsageError("only one of --job and --cv can read standard input (-)")
    document = document or read_document(job, what="job description")
    profile = analyse_job(document.text, tracks=bank.tracks())
    if track is not None and track not in bank.tracks():
        known = ", ".join(sorted(bank.tracks()))
        raise UsageError(f"unknown track {track!r}; choose one of: {known}")  # before any tailoring is printed
    chosen = track or profile.track
    if chosen is None:
        raise UsageError(
            f"no skill, technology or role the coach knows was found in the job description {inert(document.name)}; "
            "check it is the right file, or give the track yourself: start --job FILE --track TRACK"
        )
    setup = JobSetup(inert(document.name), document.text, profile, chosen)  # the name is shown: made inert
    if cv:
        cv_document = read_document(cv, what="CV")
        setup.cv = analyse_cv(cv_document.text, sha256_of(cv_document.data))
        setup.cv_text = cv_document.text
    return setup


def competency_averages(settings: Settings) -> dict[str, tuple[float, int]]:
    """competency -> (average, number of scores) over every finished session, from the store (none: empty)."""
    from interview_coach.storage.db import open_existing_store
    from interview_coach.storage.stats import compute_stats

    store = open_existing_store(settings)
    if store is None:
        return {}
    with store:
        rows = store.score_rows(None)
    return {s.name: (s.average, s.count) for s in compute_stats(rows).competencies if s.average is not None}


def analysis(setup: JobSetup, bank: QuestionBank, averages: Mapping[str, tuple[float, int]]) -> dict[str, Any]:
    """The `job analyze --json` document (its keys are documented in the README)."""
    from interview_coach.domain.jobs import coverage, uncovered

    rows = coverage(setup.profile, list(bank.questions.values()), setup.track)
    profile = setup.profile
    payload: dict[str, Any] = {
        "job": setup.job_name,
        "title": profile.title,
        "seniority": profile.seniority,
        "track": setup.track,
        "track_reason": profile.track_reason,
        "track_scores": profile.track_scores,
        "roles": profile.roles,
        "requirements": [_row(row, averages) for row in rows],
        "uncovered": [r.name for r in uncovered(rows)],
        "cv": None,
    }
    if setup.cv is not None:
        asked = {r.name for r in profile.requirements}
        payload["cv"] = {
            "sha256": setup.cv.sha256,
            "roles": setup.cv.roles,
            "projects": setup.cv.projects,
            "skills": setup.cv.skills,
            "matching": [s for s in setup.cv.skills if s in asked],
            "missing": [r.name for r in profile.requirements if r.kind != "soft" and r.name not in setup.cv.skills],
        }
    return payload


def _row(row: Coverage, averages: Mapping[str, tuple[float, int]]) -> dict[str, Any]:
    found = [averages[c] for c in row.requirement.competencies if c in averages]
    count = sum(n for _, n in found)
    average = round(sum(a * n for a, n in found) / count, 1) if count else None
    return {**row.as_dict(), "your_average": average, "your_scores": count}

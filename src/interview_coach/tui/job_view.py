"""The home screen's job analysis: what the job asks for and how the highlighted track covers it.

Everything shown comes from a user's file, so it goes into plain ``Content`` (never markup)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

if TYPE_CHECKING:
    from interview_coach.domain.bank import QuestionBank
    from interview_coach.job_setup import JobSetup

SHOWN = 6
"""Requirements listed by name; the rest are counted (the box is short at 80x24)."""


def analysis_content(setup: JobSetup, bank: QuestionBank, track: str) -> Content:
    from interview_coach.domain.jobs import coverage, uncovered

    profile = setup.profile
    rows = coverage(profile, list(bank.questions.values()), track)
    parts: list[Content | tuple[str, str] | str] = [
        (profile.title or setup.job_name, "bold"),
        "\n",
        ("seniority ", "$text-muted"),
        profile.seniority,
        "\n",
        ("track ", "$text-muted"),
        setup.track if track == setup.track else f"{track} (job: {setup.track})",
        "\n",
    ]
    for row in rows[:SHOWN]:
        parts += [f"{row.requirement.label}: ", (f"{row.in_track} in track", "$text-muted"), "\n"]
    if len(rows) > SHOWN:
        parts += [(f"... and {len(rows) - SHOWN} more (interview-coach job analyze)", "$text-muted"), "\n"]
    missing = uncovered(rows)
    if missing:
        parts += [("Not covered: ", "bold $text-warning"), ", ".join(r.label for r in missing), "\n"]
    if setup.cv is not None:
        parts += [("CV: ", "bold"), "; ".join(setup.cv.roles[:1]) or f"{len(setup.cv.skills)} skills"]
    return Content.assemble(*parts)

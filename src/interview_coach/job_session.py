"""`start --job`: the job (and CV) turned into a session's ``job`` snapshot, with AI questions when allowed.

The order matters for privacy: the CV is read and reduced to roles, projects and skills here; its text is sent to
the AI coach only when the candidate agreed (`--share-cv`, or yes to the question asked once in a terminal and
remembered). The job description itself may be sent: it is a public posting.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_coach.config import Settings

if TYPE_CHECKING:
    from interview_coach.documents import Document
    from interview_coach.domain.bank import QuestionBank
    from interview_coach.domain.jobs import Requirement
    from interview_coach.domain.questions import Question
    from interview_coach.job_setup import JobSetup

CONSENT_FILE = "cv-consent.json"
DEFAULT_GENERATE = 2
"""Questions the AI coach writes for a job when not told otherwise (`--generate`, the TUI home screen)."""


@dataclass
class Tailored:
    track: str
    snapshot: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def tailor(
    settings: Settings,
    *,
    job: str,
    cv: str | None,
    track: str | None,
    generate: int,
    share_cv: bool,
    save_dir: Path | None,
    extra_dirs: Sequence[Path],
    ask: Callable[[str], bool] | None,
    say: Callable[[str], None] = lambda _: None,
    document: Document | None = None,
) -> Tailored:
    """Analyse the job, write questions for what the bank lacks (with an AI coach), and return the snapshot.

    ``ask`` puts a yes/no question to the candidate (None: not in a terminal, so nothing is asked); ``say`` shows
    progress while the AI coach writes; ``document`` is the job when it was already read from stdin."""
    from interview_coach.domain.job_context import JobContext
    from interview_coach.job_setup import prepare_job
    from interview_coach.wiring import load_question_bank

    bank = load_question_bank(settings, extra_dirs)
    setup = prepare_job(job, cv, bank, track, document=document)
    context = JobContext.from_profile(setup.profile, setup.cv)
    if track:
        context.track_reason = f"{track}: chosen with --track; the job steers the questions within it"
    notes = [f"Tailored to {setup.profile.title or setup.job_name}: {context.track_reason}."]
    missing = requirements_to_write(setup, bank, setup.track)
    if generate > 0 and missing:
        names = ", ".join(r.label for r in missing)
        if not settings.use_llm:
            notes.append(f"Offline: no questions were written for {names} (an AI coach writes them).")
        else:
            share = cv_consent(share_cv, ask) if setup.cv_text else False
            if setup.cv_text and not share:
                notes.append("Your CV stays on this machine: it was not sent to the AI coach (--share-cv sends it).")
            say(f"Asking the AI coach for {generate} question(s) on: {names} ...")
            written, dropped = asyncio.run(write_for_job(settings, setup, bank, missing, generate, share))
            context.generated = written
            context.notes = dropped
            notes += [f"Note: {n}." for n in dropped]
            if written:
                notes.append(f"The AI coach wrote {len(written)} question(s) for: {names}.")
    if save_dir is not None:
        if context.generated:
            from interview_coach.question_generation import save_pack

            path = save_pack(context.generated, save_dir, setup.track, setup.profile.title or setup.job_name)
            notes.append(f"Saved the generated questions to {path} (check them: interview-coach validate-questions).")
        else:
            notes.append("No generated questions to save.")
    return Tailored(setup.track, context.snapshot(), notes)


def requirements_to_write(setup: JobSetup, bank: QuestionBank, track: str) -> list[Requirement]:
    """The job's requirements that no bank question on ``track`` covers: what the AI coach is asked to write for."""
    from interview_coach.domain.jobs import coverage, uncovered

    return uncovered(coverage(setup.profile, list(bank.questions.values()), track))


async def write_for_job(
    settings: Settings, setup: JobSetup, bank: QuestionBank, missing: list[Requirement], count: int, share: bool
) -> tuple[list[Question], list[str]]:
    """The AI coach's questions for the requirements the bank lacks, and a note per question dropped."""
    from interview_coach.llm.coach import DeepSeekCoach
    from interview_coach.question_generation import question_request, write_questions

    request = question_request(
        setup.track, missing, bank, count=count, job_text=setup.job_text, seniority=setup.profile.seniority
    )
    if share:
        request.cv_text = setup.cv_text
    coach = DeepSeekCoach(settings)
    try:
        return await write_questions(coach, request, bank)
    finally:
        await coach.aclose()


def cv_consent(share_cv: bool, ask: Callable[[str], bool] | None) -> bool:
    """May the CV go to the AI coach? --share-cv says yes for this run; otherwise the remembered answer, else
    ask once in a terminal and remember. Without a terminal and without --share-cv: no."""
    if share_cv:
        return True
    remembered = _remembered()
    if remembered is not None:
        return remembered
    if ask is None:
        return False
    answer = ask(
        "Send your CV's text to the AI coach, so its questions can refer to your experience? "
        "(Only roles, projects, skills and a hash are stored either way.)"
    )
    _remember(answer)
    return answer


def _consent_path() -> Path:
    from interview_coach.paths import get_paths

    return get_paths().data_dir / CONSENT_FILE


def _remembered() -> bool | None:
    try:
        value = json.loads(_consent_path().read_text(encoding="utf-8")).get("share_cv")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, bool) else None


def _remember(answer: bool) -> None:
    path = _consent_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"share_cv": answer}) + "\n", encoding="utf-8")
    except OSError:
        pass  # not remembered: the question is asked again next time, which is the safe side

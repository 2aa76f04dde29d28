"""Builds the real adapters from settings: the one place that knows which coach, store and bank to use.

Everything heavy (sqlmodel, httpx) is imported inside these functions, so importing this module is cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_coach.config import Settings

if TYPE_CHECKING:
    from interview_coach.domain.bank import QuestionBank
    from interview_coach.domain.interview import InterviewOptions
    from interview_coach.domain.ports import Coach, RetryNotice, SessionStore


def build_coach(settings: Settings) -> Coach:
    """The AI coach with a per-call offline fallback when an AI server is set up (a DeepSeek key, or
    llm_provider = openai-compatible for a local model); otherwise the offline coach."""
    from interview_coach.domain.offline_coach import OfflineCoach

    offline = OfflineCoach()
    if not settings.use_llm:
        return offline
    from interview_coach.domain.fallback_coach import FallbackCoach
    from interview_coach.llm.coach import DeepSeekCoach

    coaches: list[FallbackCoach] = []  # the client's retries are shown through the wrapper built below

    def on_retry(notice: RetryNotice) -> None:
        for coach in coaches:
            coach.notice_retry(notice)

    coach = FallbackCoach(DeepSeekCoach(settings, on_retry=on_retry), offline, wait_s=settings.ai_wait_s)
    coaches.append(coach)
    return coach


def open_session_store(settings: Settings) -> SessionStore:
    """Open (and migrate, with a backup first) the database."""
    from interview_coach.storage.db import open_store

    return open_store(settings)


def session_to_resume(store: SessionStore, session_id: str | None, track: str | None, *, missing: str) -> str:
    """The session `--resume` means: SESSION_ID (or a unique prefix, as `history` shows), else the latest
    unfinished one. ``missing`` is the driver's wording for "none", with ``{where}`` for the track."""
    from interview_coach.errors import NotFoundError

    if session_id:
        resolve = getattr(store, "resolve_session_id", None)  # the SQL store's; test stores take full ids
        return str(resolve(session_id)) if callable(resolve) else session_id
    latest = store.latest_in_progress(track)
    if latest is None:
        raise NotFoundError(missing.format(where=f" on track {track!r}" if track else ""))
    return latest.id


def load_question_bank(settings: Settings, extra_dirs: Sequence[Path] = ()) -> QuestionBank:
    from interview_coach.domain.bank import load_bank
    from interview_coach.question_sources import question_dirs

    return load_bank(question_dirs(settings, extra_dirs))


def interview_options(
    settings: Settings,
    track: str,
    *,
    questions: int | None = None,
    warmups: int | None = None,
    follow_ups: int | None = None,
    feedback: str | None = None,
    difficulty: str | None = None,
    time_limit_s: int | None = None,
    seed: int | None = None,
    review: bool = False,
    job: dict[str, Any] | None = None,
) -> InterviewOptions:
    """Interview options: flags (None = not given) over settings."""
    from interview_coach.domain.interview import InterviewOptions

    chosen_feedback = feedback or settings.feedback
    return InterviewOptions(
        track=track,
        questions=settings.questions if questions is None else questions,
        warmups=settings.warmups if warmups is None else warmups,
        follow_ups=settings.follow_ups if follow_ups is None else follow_ups,
        feedback="end" if chosen_feedback == "end" else "now",
        difficulty=difficulty or settings.difficulty,
        time_limit_s=time_limit_s or settings.time_limit_s,
        seed=seed,
        review=review,
        job=job,
    )

"""Wires the plain mode: settings -> bank, store, coach, speaker -> PlainInterview."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interview_coach.config import Settings
from interview_coach.errors import CoachError, NotFoundError, UsageError


def run_plain(
    settings: Settings,
    *,
    track: str | None,
    resume: bool,
    session_id: str | None,
    json_events: bool,
    extra_dirs: Sequence[Path],
    flags: dict[str, Any],
) -> int:
    return asyncio.run(_run(settings, track, resume, session_id, json_events, extra_dirs, flags))


async def _run(
    settings: Settings,
    track: str | None,
    resume: bool,
    session_id: str | None,
    json_events: bool,
    extra_dirs: Sequence[Path],
    flags: dict[str, Any],
) -> int:
    from interview_coach.domain.interview import InterviewEngine, InterviewError
    from interview_coach.plain import PlainInterview, PlainIO
    from interview_coach.wiring import build_coach, interview_options, load_question_bank, open_session_store

    bank = load_question_bank(settings, extra_dirs)
    store = open_session_store(settings)
    coach = build_coach(settings)
    speaker = _speaker(settings)
    try:
        if resume:
            target = _resolve(store, session_id) if session_id else _latest(store, track)
            engine = await InterviewEngine.resume(bank, store, coach, target)
        else:
            assert track is not None
            engine = await InterviewEngine.start(bank, store, coach, interview_options(settings, track, **flags))
        return await PlainInterview(engine, PlainIO(sys.stdin, sys.stdout, json_events, speaker)).run()
    except InterviewError as exc:
        raise UsageError(str(exc)) from None
    finally:
        close = getattr(coach, "aclose", None)
        if close is not None:
            await close()
        if speaker is not None:
            speaker.cancel()


def _resolve(store: Any, session_id: str) -> str:
    """The full id for an id or a unique prefix of one (`history` shows the first 12 characters)."""
    resolve = getattr(store, "resolve_session_id", None)
    return str(resolve(session_id)) if resolve is not None else session_id


def _latest(store: Any, track: str | None) -> str:
    latest = store.latest_in_progress(track)
    if latest is None:
        where = f" on track {track!r}" if track else ""
        raise NotFoundError(f"no in-progress session{where} to resume; start one with --track")
    return str(latest.id)


def _speaker(settings: Settings) -> Any:
    if not settings.voice:
        return None
    try:
        from interview_coach.tts import build_speaker

        return build_speaker(settings, on_status=lambda message: print(message, file=sys.stderr))  # noqa: T201
    except CoachError:
        return None

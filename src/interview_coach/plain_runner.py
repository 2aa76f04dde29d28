"""Wires the plain mode: settings -> bank, store, coach, speaker -> PlainInterview."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interview_coach.config import Settings
from interview_coach.errors import CoachError, UsageError


def run_plain(
    settings: Settings,
    *,
    track: str | None,
    resume: bool,
    session_id: str | None,
    json_events: bool,
    extra_dirs: Sequence[Path],
    flags: dict[str, Any],
    answer_audio: Path | None = None,
    talk: bool = False,
) -> int:
    return asyncio.run(_run(settings, track, resume, session_id, json_events, extra_dirs, flags, answer_audio, talk))


async def _run(
    settings: Settings,
    track: str | None,
    resume: bool,
    session_id: str | None,
    json_events: bool,
    extra_dirs: Sequence[Path],
    flags: dict[str, Any],
    answer_audio: Path | None = None,
    talk: bool = False,
) -> int:
    from interview_coach.domain.interview import InterviewEngine, InterviewError
    from interview_coach.plain import PlainInterview, PlainIO
    from interview_coach.question_sources import left_out_note, unknown_track
    from interview_coach.wiring import (
        build_coach,
        interview_options,
        load_question_bank,
        open_session_store,
        session_to_resume,
    )

    bank = load_question_bank(settings, extra_dirs)
    note = left_out_note(bank)
    if note:
        print(f"warning: {note}", file=sys.stderr)  # noqa: T201 - stdout is the interview itself
    if track is not None and not resume and not bank.for_track(track):
        raise UsageError(unknown_track(track, bank, note))
    from interview_coach.plain_voice import spoken_input

    spoken = spoken_input(settings, answer_audio=answer_audio, talk=talk)  # fails before a session is started
    store = open_session_store(settings)
    coach = build_coach(settings)
    speaker = _speaker(settings)
    try:
        if resume:
            target = session_to_resume(
                store, session_id, track, missing="no in-progress session{where} to resume; start one with --track"
            )
            engine = await InterviewEngine.resume(bank, store, coach, target)
        else:
            assert track is not None
            engine = await InterviewEngine.start(bank, store, coach, interview_options(settings, track, **flags))
        from interview_coach.drafts import Drafts
        from interview_coach.paths import get_paths
        from interview_coach.tui.labels import coach_label  # plain words only: labels imports no textual

        _tolerant_streams()
        io = PlainIO(
            sys.stdin,
            sys.stdout,
            json_events,
            speaker,
            coach_label=coach_label(coach.health(), settings),
            drafts=Drafts(get_paths().drafts_dir),
            stories=await asyncio.to_thread(_story_advisor, store, engine.session.id),
            spoken=spoken,
        )
        return await PlainInterview(engine, io).run()
    except InterviewError as exc:
        raise UsageError(str(exc)) from None
    finally:
        close = getattr(coach, "aclose", None)
        if close is not None:
            await close()
        if speaker is not None:
            speaker.cancel()


def _speaker(settings: Settings) -> Any:
    if not settings.voice:
        return None
    try:
        from interview_coach.tts import build_speaker

        return build_speaker(settings, on_status=lambda message: print(message, file=sys.stderr))  # noqa: T201
    except CoachError:
        return None


def _story_advisor(store: Any, session_id: str) -> Any:
    """The story bank for this session (empty, it still saves answers as stories); None without a database."""
    from interview_coach.domain.story_advisor import StoryAdvisor
    from interview_coach.storage.stories_repo import story_store_for

    stories = story_store_for(store)
    if stories is None:
        return None
    return StoryAdvisor(stories, session_id).load()


def _tolerant_streams() -> None:
    """Bytes that are not UTF-8 never end a session: on stdin they are kept (and shown as ``\\xe9``, see
    ``domain.inert``); on stdout a character the terminal's encoding lacks is written as an escape."""
    for stream, errors in ((sys.stdin, "surrogateescape"), (sys.stdout, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=errors)

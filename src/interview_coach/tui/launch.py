"""``run_tui``: what `interview-coach start` calls to open the TUI. Textual is imported here, not by the CLI.

Start-up order (the time to the first question is what users feel): the bank (JSON + pydantic), then textual,
then the first screen. The database (SQLAlchemy, Alembic) and the AI client (httpx) are opened in workers once
the first question is on screen.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interview_coach.config import Settings
from interview_coach.errors import QuestionBankError, UsageError


def run_tui(
    settings: Settings,
    *,
    track: str | None,
    resume: bool,
    session_id: str | None,
    extra_dirs: Sequence[Path],
    flags: dict[str, Any],
    talk: bool = False,
) -> int:
    """Run the app until the user quits; returns the exit code. Prints the resume command for an unfinished
    session. Raises ``CoachError`` (one line in the CLI) for what can be checked before the app opens."""
    from interview_coach.tui.services import StartRequest, build_services, start_engine

    services = build_services(settings, extra_dirs)
    if talk:
        from interview_coach.stt import require_voice_input

        require_voice_input()  # before the app opens: a missing extra is one clear line, not a screen of errors
        services.talk = True
    if not services.bank.questions:
        raise QuestionBankError("no valid questions were found; run `interview-coach validate-questions` to see why")
    if track is not None and not services.bank.for_track(track):
        from interview_coach.question_sources import left_out_note, unknown_track

        raise UsageError(unknown_track(track, services.bank, left_out_note(services.bank)))

    engine = None
    if track is not None and not resume:
        from interview_coach.domain.interview import InterviewError

        try:
            engine = start_engine(services, track, flags)
        except InterviewError as exc:
            raise UsageError(str(exc)) from None

    from interview_coach.tui.app import InterviewCoachApp

    request = StartRequest(track=track, resume=resume, session_id=session_id, flags=flags, engine=engine)
    app = InterviewCoachApp(services, request)
    try:
        result = app.run()
    finally:
        services.store.close()
    code = result if isinstance(result, int) else app.return_code or 0
    if app.exit_note:
        (sys.stdout if code == 0 else sys.stderr).write(app.exit_note + "\n")
    return code

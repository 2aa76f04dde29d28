"""`interview-coach start`: the TUI by default, the line-based plain mode with --plain (or without a terminal)."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from interview_coach.commands._common import fail, settings_from
from interview_coach.commands.completion import complete_session, complete_track


class FeedbackMode(StrEnum):
    now = "now"
    end = "end"


def _difficulty(value: str | None) -> str | None:
    if value is None or value == "adaptive" or value in {"1", "2", "3", "4", "5"}:
        return value
    raise typer.BadParameter("use 'adaptive' or a level from 1 to 5")


def start(
    ctx: typer.Context,
    session_id: Annotated[
        str | None,
        typer.Argument(
            metavar="SESSION_ID", help="Session to resume (with --resume).", autocompletion=complete_session
        ),
    ] = None,
    track: Annotated[
        str | None,
        typer.Option(
            "--track", "-t", metavar="TRACK", help="Track to practise (see `tracks`).", autocompletion=complete_track
        ),
    ] = None,
    questions: Annotated[
        int | None, typer.Option("--questions", "-n", metavar="N", min=1, max=30, help="Main questions (default 5).")
    ] = None,
    warmups: Annotated[
        int | None, typer.Option("--warmups", metavar="N", min=0, max=3, help="Warm-up questions (default 1).")
    ] = None,
    follow_ups: Annotated[
        int | None,
        typer.Option("--follow-ups", metavar="N", min=0, max=2, help="Follow-ups per question, at most (default 1)."),
    ] = None,
    feedback: Annotated[
        FeedbackMode | None,
        typer.Option("--feedback", metavar="now|end", help="Feedback after each answer or at the end (default now)."),
    ] = None,
    difficulty: Annotated[
        str | None,
        typer.Option("--difficulty", metavar="adaptive|1-5", callback=_difficulty, help="'adaptive' (default) or 1-5."),
    ] = None,
    time_limit: Annotated[
        int | None, typer.Option("--time-limit", metavar="SECONDS", min=10, max=7200, help="Seconds per question.")
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", metavar="N", help="Reproducible questions: the same seed and history pick the same ones."
        ),
    ] = None,
    review: Annotated[bool, typer.Option("--review", help="Ask questions due for spaced review first.")] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue SESSION_ID, or the latest in-progress session.")
    ] = False,
    plain: Annotated[bool, typer.Option("--plain", help="Line-based mode: no TUI (pipes, screen readers).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --plain: one JSON object per event.")] = False,
    offline: Annotated[bool, typer.Option("--offline", help="Never call the AI coach.")] = False,
    voice: Annotated[bool | None, typer.Option("--voice/--no-voice", help="Speak questions aloud.")] = None,
    questions_dir: Annotated[
        list[Path] | None,
        typer.Option("--questions-dir", metavar="DIR", help="An extra question-pack dir (repeatable)."),
    ] = None,
    job: Annotated[
        str | None,
        typer.Option("--job", metavar="FILE", help="Tailor to a job description (.txt, .md, .pdf; - for stdin)."),
    ] = None,
    cv: Annotated[
        str | None, typer.Option("--cv", metavar="FILE", help="With --job: your CV (questions about your experience).")
    ] = None,
    generate: Annotated[
        int,
        typer.Option(
            "--generate", metavar="N", min=0, max=5, help="With --job and an AI coach: questions to write (0 = off)."
        ),
    ] = 2,
    share_cv: Annotated[
        bool, typer.Option("--share-cv", help="With --cv: agree to send the CV's text to the AI coach (scripts).")
    ] = False,
    save_questions: Annotated[
        Path | None,
        typer.Option("--save-questions", metavar="DIR", help="With --job: save the generated questions as a pack."),
    ] = None,
    talk: Annotated[
        bool, typer.Option("--talk", help="Answer out loud: push-to-talk recording, transcribed offline.")
    ] = False,
    answer_audio: Annotated[
        Path | None,
        typer.Option(
            "--answer-audio", metavar="DIR", help="Each answer is the next WAV file in DIR (sorted); implies --plain."
        ),
    ] = None,
    keep_audio: Annotated[
        bool | None,
        typer.Option("--keep-audio/--no-keep-audio", help="Keep spoken answers' recordings for replay (default on)."),
    ] = None,
) -> None:
    """Start (or resume) an interview.

    Examples:

    \b
      interview-coach start --track backend
      interview-coach start --track behavioral --questions 3 --feedback end
      interview-coach start --resume
      printf 'answer one\\n.\\n' | interview-coach start --track backend --plain --questions 1
      interview-coach start --job jd.pdf --cv cv.md
      interview-coach start --track backend --voice --talk
      interview-coach start --track backend --answer-audio answers/
    """
    if session_id and not resume:
        fail("a SESSION_ID is only taken with --resume (interview-coach start --resume SESSION_ID)", code=2)
    if as_json and not plain:
        plain = True
    job_document = None
    if job == "-" and not resume:
        from interview_coach.documents import read_document, reattach_terminal

        job_document = read_document("-", what="job description")
        reattach_terminal()  # the job came through a pipe; the answers come from the keyboard
    if not plain and (not sys.stdin.isatty() or not sys.stdout.isatty() or os.environ.get("TERM") == "dumb"):
        plain = True  # no terminal to draw a TUI on: the line-based mode serves pipes and dumb terminals
    if answer_audio is not None and not plain:
        plain = True  # answers from files: nothing to type, so the line-based mode serves it
    settings = settings_from(ctx, offline=offline or None, voice=voice, keep_audio=keep_audio)
    from interview_coach.paths import get_paths, tighten

    tighten(get_paths())  # an install from before files were private is made private on its next start
    flags: dict[str, Any] = {
        "questions": questions,
        "warmups": warmups,
        "follow_ups": follow_ups,
        "feedback": feedback.value if feedback else None,
        "difficulty": difficulty,
        "time_limit_s": time_limit,
        "seed": seed,
        "review": review,
    }
    if job is None and (cv or share_cv or save_questions):
        fail("--cv, --share-cv and --save-questions go with --job FILE", code=2)
    if share_cv and not cv:
        fail("--share-cv goes with --cv FILE (it agrees to send that CV to the AI coach)", code=2)
    if job is not None:
        if resume:
            fail("--job starts a new session; resume with `start --resume` alone", code=2)
        from interview_coach.job_session import tailor

        terminal = sys.stdin.isatty() and sys.stderr.isatty() and cv != "-"
        tailored = tailor(
            settings,
            job=job,
            cv=cv,
            track=track,
            generate=generate,
            share_cv=share_cv,
            save_dir=save_questions,
            extra_dirs=questions_dir or [],
            ask=(lambda text: typer.confirm(text, default=False, err=True)) if terminal else None,
            say=lambda text: typer.echo(text, err=True),
            document=job_document,
        )
        from interview_coach.domain.inert import inert

        for note in tailored.notes:
            typer.echo(inert(note), err=True)  # stdout is the interview itself (and JSON with --json)
        track = tailored.track
        flags["job"] = tailored.snapshot
    if plain:
        from interview_coach.plain_runner import run_plain

        if not track and not resume:
            fail("--track is required in plain mode (see `interview-coach tracks`)", code=2)
        code = run_plain(
            settings,
            track=track,
            resume=resume,
            session_id=session_id,
            json_events=as_json,
            extra_dirs=questions_dir or [],
            flags=flags,
            answer_audio=answer_audio,
            talk=talk,
        )
    else:
        from interview_coach.tui.launch import run_tui

        code = run_tui(
            settings,
            track=track,
            resume=resume,
            session_id=session_id,
            extra_dirs=questions_dir or [],
            flags=flags,
            talk=talk,
        )
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("start")(start)

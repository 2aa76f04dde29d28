"""Where question banks come from: the shipped bank, config ``question_dirs`` and ``--questions`` flags."""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from interview_coach.config import Settings, env_names
from interview_coach.errors import ConfigError, UsageError
from interview_coach.paths import get_paths, shipped_questions_dir

if TYPE_CHECKING:
    from interview_coach.domain.bank import QuestionBank


def question_dirs(settings: Settings, extra: Sequence[Path] = ()) -> list[Path]:
    """The shipped bank first, then the user's own packs (config, the user questions dir, flags).

    A pack the user named that does not exist is an error, not a silent omission: its questions would just be
    missing from every track with nothing to say why.
    """
    for directory in settings.question_dirs:
        if not directory.expanduser().exists():
            env = env_names("question_dirs")[0]
            where = f"env:{env}" if os.environ.get(env, "").strip() else str(get_paths().config_file)
            raise ConfigError(
                f"{where}: question_dirs names {directory}, which does not exist; create it or remove it."
            )
    for directory in extra:
        if not directory.expanduser().exists():
            raise UsageError(f"no such question dir: {directory}")
        if not directory.expanduser().is_dir():
            raise UsageError(f"{directory} is a file; a question pack is a folder of .json question files")
    dirs = [shipped_questions_dir(), *settings.question_dirs]
    user_dir = get_paths().user_questions_dir
    if user_dir.is_dir():
        dirs.append(user_dir)
    dirs.extend(extra)
    seen: set[Path] = set()
    unique = []
    for d in dirs:
        key = d.expanduser().resolve()
        if key not in seen:
            seen.add(key)
            unique.append(d.expanduser())
    return unique


def left_out_note(bank: QuestionBank) -> str | None:
    """One line for questions the bank left out for errors (None when there are none), naming the files and
    the command that shows the details: a broken pack must never just shrink a track without a word."""
    report = bank.report
    if report is None or not report.errors:
        return None
    files = sorted({finding.file for finding in report.errors})
    folders = sorted({str(Path(file).parent) for file in files})
    command = " ".join(["interview-coach validate-questions --with-bank", *(shlex.quote(folder) for folder in folders)])
    return (
        f"{len(report.errors)} problem(s) in {', '.join(files)}: the questions affected were left out. "
        f"See them with `{command}`."
    )


def unknown_track(track: str, bank: QuestionBank, note: str | None) -> str:
    """The error for a track with no questions; when questions were left out, that may be why, so say so."""
    message = f"unknown track {track!r}; choose one of: {', '.join(bank.tracks())}"
    return f"{message}. Note: {note}" if note else message

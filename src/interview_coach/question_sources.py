"""Where question banks come from: the shipped bank, config ``question_dirs`` and ``--questions`` flags."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from interview_coach.config import Settings
from interview_coach.paths import get_paths, shipped_questions_dir


def question_dirs(settings: Settings, extra: Sequence[Path] = ()) -> list[Path]:
    """The shipped bank first, then the user's own packs (config, the user questions dir, flags)."""
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

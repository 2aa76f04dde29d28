"""Where question banks come from: the shipped bank, config ``question_dirs`` and ``--questions`` flags."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from interview_coach.config import Settings, env_names
from interview_coach.errors import ConfigError, UsageError
from interview_coach.paths import get_paths, shipped_questions_dir


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

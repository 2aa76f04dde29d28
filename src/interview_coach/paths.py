"""Every location interview-coach reads or writes, in one place.

``INTERVIEW_COACH_HOME=DIR`` puts config, data and cache under DIR (tests, portable installs); otherwise the
platform's conventions apply through platformdirs. No command writes outside these paths.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "interview-coach"
HOME_ENV = "INTERVIEW_COACH_HOME"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def database_file(self) -> Path:
        return self.data_dir / "interview-coach.sqlite3"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "interview-coach.log"

    @property
    def http_log_file(self) -> Path:
        return self.log_dir / "http.log"

    @property
    def audio_cache_dir(self) -> Path:
        return self.cache_dir / "audio"

    @property
    def user_questions_dir(self) -> Path:
        return self.data_dir / "questions"

    @property
    def drafts_dir(self) -> Path:
        return self.data_dir / "drafts"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def roots(self) -> tuple[Path, Path, Path]:
        return (self.config_dir, self.data_dir, self.cache_dir)


PRIVATE_UMASK = 0o077
"""Files we create are the user's alone (0600, folders 0700), whatever the umask: answers and logs are private."""


@contextmanager
def private_files() -> Iterator[None]:
    """Create files and folders readable by their owner only while the block runs, then restore the umask."""
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def tighten(paths: Paths) -> int:
    """Make an existing install private: folders 0700, files 0600. Returns how many modes were changed.

    Installs from before this rule (created under a 022 umask) are fixed on the next start. Links are not
    followed, and what cannot be changed (another owner's file) is left for ``doctor`` to report.
    """
    changed = 0
    for root in paths.roots:
        if not root.is_dir() or root.is_symlink():
            continue
        for folder, dirs, files in os.walk(root):
            for name in [folder, *(os.path.join(folder, f) for f in files)]:
                try:
                    mode = os.lstat(name).st_mode
                    if stat.S_ISLNK(mode) or not mode & 0o077:
                        continue
                    os.chmod(name, 0o700 if stat.S_ISDIR(mode) else 0o600)
                    changed += 1
                except OSError:
                    continue
            dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
    return changed


def get_paths() -> Paths:
    """Resolve the paths now (not at import), so tests can point ``INTERVIEW_COACH_HOME`` at ``tmp_path``."""
    home = os.environ.get(HOME_ENV)
    if home:
        root = Path(home).expanduser()
        return Paths(config_dir=root / "config", data_dir=root / "data", cache_dir=root / "cache")
    import platformdirs

    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def shipped_questions_dir() -> Path:
    """The bank that ships with the package.

    In a wheel it sits inside the package (``interview_coach/questions``); in a source checkout or an editable
    install it is the repository's top-level ``questions/``.
    """
    packaged = Path(__file__).resolve().parent / "questions"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "questions"

"""Kept recordings of spoken answers, for replay and re-transcription: WAV files under the data dir, private
(0600), bounded in size like the speech cache (oldest dropped first)."""

from __future__ import annotations

import os
import re
import shutil
import uuid
from pathlib import Path

from interview_coach.bounded_folder import evict_oldest, total_size
from interview_coach.paths import private_files

SUFFIX = ".wav"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


class AnswerAudioStore:
    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.directory = directory
        self.max_bytes = max(0, max_bytes)

    def name_for(self, session_id: str, seq: int) -> str:
        safe = _UNSAFE.sub("-", session_id)[:64] or "session"
        return f"{safe}-{seq:03d}-{uuid.uuid4().hex[:8]}{SUFFIX}"

    def path(self, name: str) -> Path | None:
        """The kept file called ``name`` (as stored in the answer's delivery metrics), if it is still there."""
        candidate = self.directory / Path(name).name
        return candidate if candidate.is_file() else None

    def keep(self, source: Path, session_id: str, seq: int) -> Path:
        """Copy ``source`` into the store (0600) and evict the oldest files beyond the cap."""
        with private_files():
            self.directory.mkdir(parents=True, exist_ok=True)
            target = self.directory / self.name_for(session_id, seq)
            shutil.copyfile(source, target)
        os.chmod(target, 0o600)
        self.evict(keep=target)
        return target

    def entries(self) -> list[Path]:
        try:
            return [p for p in self.directory.iterdir() if p.suffix == SUFFIX and p.is_file()]
        except OSError:
            return []

    def size_bytes(self) -> int:
        return total_size(self.entries())

    def evict(self, keep: Path | None = None) -> int:
        return evict_oldest(self.entries(), self.max_bytes, keep)

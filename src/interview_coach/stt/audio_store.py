"""Kept recordings of spoken answers, for replay and re-transcription: WAV files under the data dir, private
(0600), bounded in size like the speech cache (oldest dropped first)."""

from __future__ import annotations

import logging
import os
import re
import shutil
import uuid
from pathlib import Path

from interview_coach.paths import private_files

log = logging.getLogger(__name__)

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
        return sum(p.stat().st_size for p in self.entries())

    def evict(self, keep: Path | None = None) -> int:
        stats = []
        for path in self.entries():
            try:
                st = path.stat()
            except OSError:
                continue
            stats.append((st.st_mtime, st.st_size, path))
        total = sum(size for _, size, _ in stats)
        removed = 0
        for _, size, path in sorted(stats, key=lambda item: item[0]):
            if total <= self.max_bytes:
                break
            if path == keep:
                continue
            try:
                path.unlink()
            except OSError as exc:
                log.debug("cannot evict %s: %s", path, exc)
                continue
            total -= size
            removed += 1
        return removed

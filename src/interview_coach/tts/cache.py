"""A size-bounded cache of synthesised speech, so a repeated question costs no API call and no synthesis."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from interview_coach.bounded_folder import evict_oldest, total_size
from interview_coach.tts.base import SpeechError

SUFFIX = ".wav"


def cache_key(identity: Sequence[str], text: str) -> str:
    """sha256 over engine, voice, model, rate and the text; NUL-separated so fields cannot run together."""
    digest = hashlib.sha256()
    for part in (*identity, text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class AudioCache:
    """WAV files named by their key in one directory, evicted oldest-first (by mtime) beyond ``max_bytes``.

    A hit refreshes the file's mtime, so eviction drops the least recently *used* audio. ``max_bytes=0`` keeps
    only the file just written (it still has to exist for the player).
    """

    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.directory = directory
        self.max_bytes = max(0, max_bytes)

    def path_for(self, key: str) -> Path:
        return self.directory / f"{key}{SUFFIX}"

    def get(self, key: str) -> Path | None:
        path = self.path_for(key)
        try:
            os.utime(path)
        except OSError:
            return None
        return path

    async def get_or_create(
        self, identity: Sequence[str], text: str, create: Callable[[str, Path], Awaitable[None]]
    ) -> Path:
        """The cached audio for ``text``, or ``create(text, tmp_path)`` it and store it atomically."""
        key = cache_key(identity, text)
        hit = self.get(key)
        if hit is not None:
            return hit
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SpeechError(
                f"cannot create the audio cache {self.directory}: {exc}", short="audio cache not writable"
            ) from None
        final = self.path_for(key)
        # A unique temporary name: two speakers may synthesise the same text at once; the last rename wins.
        tmp = self.directory / f".{key}.{uuid.uuid4().hex[:12]}.tmp{SUFFIX}"
        try:
            await create(text, tmp)
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        self.evict(keep=final)
        return final

    def entries(self) -> list[Path]:
        try:
            return [p for p in self.directory.iterdir() if p.suffix == SUFFIX and not p.name.startswith(".")]
        except OSError:
            return []

    def size_bytes(self) -> int:
        return total_size(self.entries())

    def evict(self, keep: Path | None = None) -> int:
        """Delete the oldest files until the cache fits; returns how many were deleted."""
        return evict_oldest(self.entries(), self.max_bytes, keep)

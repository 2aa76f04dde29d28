"""Unsent answers kept on disk.

An answer is only *recorded* when it is submitted, but a dropped SSH connection or a closed terminal should not
cost the user what they had typed so far. The TUI writes the text here a moment after each change (in a worker
thread) and `--resume` puts it back in the box for the same question; the plain mode keeps an answer left
unfinished by `/quit` here and shows it on resume. A draft is removed once its answer is recorded, and a session
with a draft is never discarded as unanswered.
"""

from __future__ import annotations

import os
from pathlib import Path


class Drafts:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, session_id: str, seq: int) -> Path:
        return self.directory / f"{session_id}-{seq}.txt"

    def save(self, session_id: str, seq: int, text: str) -> None:
        path = self._path(session_id, seq)
        if not text.strip():
            path.unlink(missing_ok=True)
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)  # atomic: a kill mid-write leaves the previous draft, never half of one

    def load(self, session_id: str, seq: int) -> str | None:
        try:
            return self._path(session_id, seq).read_text(encoding="utf-8")
        except OSError:
            return None

    def discard(self, session_id: str) -> None:
        for path in self.directory.glob(f"{session_id}-*.txt"):
            path.unlink(missing_ok=True)

    def has_any(self, session_id: str) -> bool:
        return any(self.directory.glob(f"{session_id}-*.txt"))

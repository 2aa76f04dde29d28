"""A folder of files kept under a size cap, oldest deleted first: the speech cache (tts) and the kept recordings
of spoken answers (stt) share this."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)


def total_size(paths: Iterable[Path]) -> int:
    """Bytes in ``paths``; a file that vanished meanwhile counts nothing."""
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue
    return total


def evict_oldest(paths: Iterable[Path], max_bytes: int, keep: Path | None = None) -> int:
    """Delete the oldest of ``paths`` (never ``keep``) until they fit in ``max_bytes``; how many were deleted."""
    stats: list[tuple[float, int, Path]] = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        stats.append((st.st_mtime, st.st_size, path))
    total = sum(size for _, size, _ in stats)
    removed = 0
    for _, size, path in sorted(stats, key=lambda item: item[0]):
        if total <= max_bytes:
            break
        if keep is not None and path == keep:
            continue
        try:
            path.unlink()
        except OSError as exc:
            log.debug("cannot evict %s: %s", path, exc)
            continue
        total -= size
        removed += 1
    return removed

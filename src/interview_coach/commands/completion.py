"""Shell completion for track names and session ids, cheap enough to run on every Tab.

Only the standard library: track names are the question files' names (no JSON is parsed, no pydantic loaded), and
session ids are read straight from the SQLite file, read-only, newest first. Any problem yields no suggestions
rather than an error on the user's prompt.
"""

from __future__ import annotations

from pathlib import Path

from interview_coach.paths import get_paths, shipped_questions_dir

_NOT_TRACKS = frozenset({"schema", "vocabulary"})
MAX_SESSIONS = 50


def _track_names(folder: Path) -> set[str]:
    try:
        return {p.stem for p in folder.glob("*.json") if p.stem not in _NOT_TRACKS}
    except OSError:
        return set()


def complete_track(incomplete: str) -> list[str]:
    """Track names starting with ``incomplete``: the shipped bank's and the user's own questions folder's."""
    names = _track_names(shipped_questions_dir()) | _track_names(get_paths().user_questions_dir)
    return sorted(name for name in names if name.startswith(incomplete))


def complete_session(incomplete: str) -> list[str]:
    """Session ids starting with ``incomplete``, newest first (at most MAX_SESSIONS)."""
    import sqlite3  # here, not at the top: every command imports this module, and --help must stay fast

    database = get_paths().database_file
    if not database.is_file():
        return []
    try:
        with sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=0.5) as connection:
            rows = connection.execute(
                "SELECT id FROM sessions WHERE id LIKE ? ORDER BY started_at DESC LIMIT ?",
                (incomplete.replace("%", "").replace("_", "") + "%", MAX_SESSIONS),
            ).fetchall()
    except sqlite3.Error:
        return []
    return [str(row[0]) for row in rows]

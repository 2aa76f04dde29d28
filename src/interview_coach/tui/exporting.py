"""Export a session from the TUI: the same Markdown and JSON documents as `interview-coach export`."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from interview_coach.domain.models import Session
from interview_coach.domain.questions import Question
from interview_coach.errors import CoachError

FORMATS = ("md", "json")


def export_filename(session: Session, fmt: str) -> str:
    return f"interview-{session.started_at:%Y%m%d-%H%M}-{session.track}-{session.id[:8]}.{fmt}"


def render(session: Session, fmt: str, questions: Mapping[str, Question]) -> str:
    if fmt == "md":
        from interview_coach.export.markdown import render_markdown

        return render_markdown(session, questions)
    if fmt == "json":
        from interview_coach.export.json_export import dumps_session

        return dumps_session(session) + "\n"
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def export_session(session: Session, fmt: str, directory: Path, questions: Mapping[str, Question]) -> Path:
    """Write the export into ``directory`` (created if needed) through a temporary file; returns its path."""
    text = render(session, fmt, questions)
    target = directory.expanduser() / export_filename(session, fmt)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            os.replace(temp_name, target)
        finally:
            Path(temp_name).unlink(missing_ok=True)
    except OSError as exc:
        raise CoachError(f"cannot write {target}: {exc.strerror or exc}", title="Export failed") from None
    return target

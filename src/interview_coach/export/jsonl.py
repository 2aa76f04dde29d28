"""JSON Lines: one single-session JSON document (see ``json_export``) per line, streamed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from interview_coach.domain.inert import inert_json
from interview_coach.domain.models import Session
from interview_coach.export.json_export import session_document


def write_jsonl(sessions: Iterable[Session], out: TextIO) -> int:
    """Write each session as it arrives, so memory holds one session at a time; returns the count."""
    count = 0
    for session in sessions:
        out.write(inert_json(json.dumps(session_document(session), ensure_ascii=False, separators=(",", ":"))))
        out.write("\n")
        count += 1
    return count

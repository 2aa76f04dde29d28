"""The JSON export: a documented, versioned envelope around ``Session.model_dump(mode="json")``.

One session::

    {
      "schema_version": 1,                 # bumped on any incompatible change to this document
      "exported_at": "2026-01-31T12:00:00Z",
      "generator": "interview-coach 0.1.0",
      "session": { ...Session... }         # interview_coach.domain.models.Session, JSON mode
    }

Several sessions (``export --all --format json``) use ``"sessions": [ ... ]`` instead of ``"session"``. A JSON
Lines export has one single-session document per line. ``session_from_document`` re-loads any of them into the
same domain objects, and ``document_json_schema`` gives the JSON Schema of the single-session document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

from interview_coach import __version__
from interview_coach.domain.inert import inert_json
from interview_coach.domain.models import Session
from interview_coach.errors import CoachError
from interview_coach.storage.snapshot import scrub_settings

SCHEMA_VERSION = 1


def session_payload(session: Session) -> dict[str, Any]:
    """The ``session`` member: the model dump with the settings snapshot scrubbed once more."""
    payload = session.model_dump(mode="json")
    payload["settings"] = scrub_settings(payload.get("settings") or {})
    return payload


def _envelope() -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "generator": f"interview-coach {__version__}",
    }


def session_document(session: Session) -> dict[str, Any]:
    return {**_envelope(), "session": session_payload(session)}


def dumps_session(session: Session, *, indent: int | None = 2) -> str:
    return inert_json(json.dumps(session_document(session), indent=indent, ensure_ascii=False))


def write_json(sessions: Iterable[Session], out: TextIO) -> int:
    """Write ``{"schema_version": 1, ..., "sessions": [...]}`` one session at a time; returns the count."""
    head = json.dumps(_envelope(), ensure_ascii=False)
    out.write(head[:-1] + ', "sessions": [')
    count = 0
    for session in sessions:
        out.write(",\n" if count else "\n")
        out.write(inert_json(json.dumps(session_payload(session), ensure_ascii=False)))
        count += 1
    out.write("\n]}\n" if count else "]}\n")
    return count


class ExportFormatError(CoachError):
    """A document that is not an interview-coach export this version can read."""

    title = "Export format error"


def sessions_from_document(document: Mapping[str, Any]) -> list[Session]:
    """Every session in a single- or multi-session document; checks ``schema_version``."""
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ExportFormatError(
            f"unsupported export schema_version {version!r}; this version of interview-coach reads "
            f"version {SCHEMA_VERSION}."
        )
    if "session" in document:
        return [Session.model_validate(document["session"])]
    if "sessions" in document:
        return [Session.model_validate(item) for item in document["sessions"]]
    raise ExportFormatError("an export document needs a 'session' or 'sessions' member.")


def session_from_document(document: Mapping[str, Any] | str) -> Session:
    data = json.loads(document) if isinstance(document, str) else document
    sessions = sessions_from_document(data)
    if len(sessions) != 1:
        raise ExportFormatError(f"expected one session in the document, found {len(sessions)}.")
    return sessions[0]


def iter_jsonl(lines: Iterable[str]) -> Iterator[Session]:
    """Sessions from a JSON Lines export, one document per non-empty line."""
    for line in lines:
        if line.strip():
            yield session_from_document(line)


def document_json_schema() -> dict[str, Any]:
    """JSON Schema of the single-session document (for people who consume the export)."""
    session_schema = Session.model_json_schema(mode="serialization")
    definitions = session_schema.pop("$defs", {})  # refs are "#/$defs/...": they must sit at the root
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "interview-coach session export",
        "type": "object",
        "required": ["schema_version", "session"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "exported_at": {"type": "string", "format": "date-time"},
            "generator": {"type": "string"},
            "session": session_schema,
        },
        "$defs": definitions,
    }

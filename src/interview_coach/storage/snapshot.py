"""The settings snapshot stored with each session, minus anything secret.

Kept free of SQLAlchemy so the exporters can use it too: secrets are dropped when a session is written and
again when it is exported, whatever a caller put in the snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr
from pydantic_core import to_jsonable_python

if TYPE_CHECKING:
    from interview_coach.config import Settings

# Keys that must never reach the database or an export, whatever a caller puts in the settings snapshot.
SECRET_KEY_MARKERS = ("api_key", "apikey", "secret", "password", "passwd", "authorization", "credential")

# user:password@ inside a URL (e.g. a base URL with basic auth).
_URL_CREDENTIALS = re.compile(r"([a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)


def is_secret_key(key: str) -> bool:
    lowered = key.lower()
    return any(marker in lowered for marker in SECRET_KEY_MARKERS) or lowered.endswith("token")


def scrub_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON-ready copy of a settings snapshot without secrets (by key name or SecretStr value)."""
    clean: dict[str, Any] = {}
    for key, value in settings.items():
        if is_secret_key(str(key)) or isinstance(value, SecretStr):
            continue
        if isinstance(value, Mapping):
            value = scrub_settings(value)
        elif isinstance(value, str):
            value = _URL_CREDENTIALS.sub(r"\1", value)
        clean[str(key)] = value
    jsonable: dict[str, Any] = to_jsonable_python(clean)
    return jsonable


def settings_snapshot(settings: Settings) -> dict[str, Any]:
    """What a session records about how it was run: every setting except the keys, JSON-ready."""
    # database_url is left out entirely: a server URL may carry a password.
    dumped = settings.model_dump(exclude={"deepseek_api_key", "elevenlabs_api_key", "database_url"})
    return scrub_settings(dumped)

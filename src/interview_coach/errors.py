"""One error family for everything a user can get wrong or the world can break.

Each error carries a short ``title`` and a ``message`` that says how to fix it. The CLI prints them on one
line and exits with ``exit_code``; the TUI shows them in a notification. Nothing user-facing is a traceback.
"""

from __future__ import annotations


class CoachError(Exception):
    """Base class: an error a user can act on."""

    title: str = "Error"
    exit_code: int = 1

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class UsageError(CoachError):
    """Bad flags or arguments (exit 2)."""

    title = "Usage error"
    exit_code = 2


class ConfigError(CoachError):
    """A malformed config file, an unknown key or a bad value (exit 2)."""

    title = "Configuration error"
    exit_code = 2


class QuestionBankError(CoachError):
    """A question bank that cannot be loaded at all."""

    title = "Question bank error"
    exit_code = 2


class StorageError(CoachError):
    """A missing, corrupt or too-new database."""

    title = "Database error"
    exit_code = 1


class NotFoundError(CoachError):
    """An id (session, question, track) that does not exist."""

    title = "Not found"
    exit_code = 1

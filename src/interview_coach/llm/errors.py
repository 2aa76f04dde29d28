"""Typed errors of the AI server (DeepSeek or an OpenAI-compatible one). Each says what went wrong and what the
user can do about it.

All are ``CoachError`` subclasses (through ``CoachApiError``), so the CLI prints them on one line and the engine's
fallback wrapper can catch one family and switch to the offline coach. Messages never contain the API key: API
error bodies are passed through ``redact`` before they reach a message.
"""

from __future__ import annotations

from interview_coach.domain.inert import inert
from interview_coach.errors import CoachError
from interview_coach.logging_setup import redact

# API error text is quoted in our messages; keep it short enough for one line.
MAX_API_MESSAGE_CHARS = 300


def clean_api_message(text: str) -> str:
    """One line of API error text, masked and shortened."""
    one_line = inert(" ".join(text.split()))  # a server's words: no control sequence reaches a terminal
    if len(one_line) > MAX_API_MESSAGE_CHARS:
        one_line = one_line[: MAX_API_MESSAGE_CHARS - 1] + "…"
    return redact(one_line)


class CoachApiError(CoachError):
    """Base of every AI server failure. ``retryable`` tells the client whether another attempt may help."""

    title = "AI coach error"
    retryable = False
    # A permanent problem (bad key, empty balance): later calls fail fast instead of hitting the API again.
    sticky = False

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        retry_after: float | None = None,
        retryable: bool | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__(redact(message), title=title)
        self.status_code = status_code
        self.retry_after = retry_after
        if retryable is not None:
            self.retryable = retryable

    def note_attempts(self, attempts: int) -> None:
        """Say how many attempts were made, once the client gives up after retrying."""
        if attempts > 1:
            self.add_note_to_message(f"Gave up after {attempts} attempts.")

    def add_note_to_message(self, sentence: str) -> None:
        """Append one sentence (why the client stopped here) to the message."""
        self.message = f"{self.message.rstrip('. ')}. {redact(sentence)}"
        self.args = (self.message,)


class AuthError(CoachApiError):
    """401/403: the key is wrong, revoked or not allowed."""

    title = "DeepSeek key rejected"
    sticky = True


class ApiKeyMissingError(AuthError):
    """No key configured: the DeepSeek coach cannot be used at all."""

    title = "DeepSeek key missing"


class InsufficientBalanceError(CoachApiError):
    """402: the account is out of credit."""

    title = "DeepSeek balance"
    sticky = True


class InvalidRequestError(CoachApiError):
    """400/404/422: the API refused the request; its own message (e.g. supported model names) is kept."""

    title = "DeepSeek rejected the request"


class ModelNotFoundError(InvalidRequestError):
    """The server does not serve the configured model; the message names the models it lists."""

    title = "AI model not found"
    sticky = True  # every later call would fail the same way until the setting changes


class RateLimitedError(CoachApiError):
    """429 (and 409 conflicts): too many requests right now."""

    title = "DeepSeek rate limit"
    retryable = True


class ServerError(CoachApiError):
    """5xx (and 408): DeepSeek had a problem; retrying later may work."""

    title = "DeepSeek server error"
    retryable = True


class ApiTimeoutError(CoachApiError):
    """No answer (or no next chunk) within the timeout."""

    title = "DeepSeek timeout"
    retryable = True


class ConnectionFailedError(CoachApiError):
    """The API could not be reached, or the connection broke."""

    title = "DeepSeek unreachable"
    retryable = True


class BadResponseError(CoachApiError):
    """A reply we cannot use: not JSON, the wrong shape, or empty content."""

    title = "DeepSeek reply unusable"

"""The AI coach adapter: implements the domain's ``Coach`` port over an OpenAI-compatible chat API.

The server is DeepSeek by default, or any OpenAI-compatible one (``llm_provider = openai-compatible``, see
``provider.py``), such as a local model under Ollama or llama.cpp.

``DeepSeekCoach`` is what the engine uses; ``DeepSeekClient`` is the one HTTP client underneath it. Every failure
is a ``CoachApiError`` (a ``CoachError``), so callers catch one family and fall back to the offline coach.
"""

from __future__ import annotations

from interview_coach.llm.client import DeepSeekClient
from interview_coach.llm.coach import DeepSeekCoach
from interview_coach.llm.errors import (
    ApiKeyMissingError,
    ApiTimeoutError,
    AuthError,
    BadResponseError,
    CoachApiError,
    ConnectionFailedError,
    InsufficientBalanceError,
    InvalidRequestError,
    ModelNotFoundError,
    RateLimitedError,
    ServerError,
)

__all__ = [
    "ApiKeyMissingError",
    "ApiTimeoutError",
    "AuthError",
    "BadResponseError",
    "CoachApiError",
    "ConnectionFailedError",
    "DeepSeekClient",
    "DeepSeekCoach",
    "InsufficientBalanceError",
    "InvalidRequestError",
    "ModelNotFoundError",
    "RateLimitedError",
    "ServerError",
]

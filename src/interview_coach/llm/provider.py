"""Which AI server the coach talks to: DeepSeek, or any OpenAI-compatible server (Ollama, llama.cpp, vLLM ...).

Everything that differs between the two is read from the settings once, here: the URL, the model and the key,
what error messages call the server, which settings they point at, and whether DeepSeek-only request fields
(thinking mode) are sent. The client and its error messages take a ``Provider``; nothing else reads
``llm_provider``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import SecretStr

from interview_coach.config import Settings
from interview_coach.errors import CoachError

E = TypeVar("E", bound=CoachError)

DEEPSEEK = "deepseek"
OPENAI_COMPATIBLE = "openai-compatible"


@dataclass(frozen=True)
class Provider:
    kind: str
    base_url: str
    model: str
    api_key: SecretStr | None = field(repr=False)
    name: str
    """The server as messages name it: "DeepSeek", or "the AI server at http://localhost:11434/v1"."""
    at: str
    """The server with its URL: "DeepSeek at https://api.deepseek.com", or the same as ``name``."""
    key_env: str
    base_url_env: str
    model_env: str
    example_url: str

    @property
    def is_deepseek(self) -> bool:
        return self.kind == DEEPSEEK

    @property
    def needs_key(self) -> bool:
        """DeepSeek cannot be used without a key; a local server usually needs none."""
        return self.is_deepseek

    @property
    def stream(self) -> str:
        """How messages name a streamed reply: "the DeepSeek stream", "the stream from the AI server at ..."."""
        return "the DeepSeek stream" if self.is_deepseek else f"the stream from {self.name}"

    @property
    def settings_prefix(self) -> str:
        return "DEEPSEEK_*" if self.is_deepseek else "INTERVIEW_COACH_LLM_*"

    def titled(self, error: E) -> E:
        """The error with a title that names this server ("AI server timeout" rather than "DeepSeek timeout")."""
        if not self.is_deepseek:
            error.title = error.title.replace("DeepSeek server", "AI server").replace("DeepSeek", "AI server")
        return error


def provider_for(settings: Settings) -> Provider:
    if settings.llm_provider == OPENAI_COMPATIBLE:
        base_url = settings.llm_base_url.strip().rstrip("/")
        key = settings.llm_api_key
        return Provider(
            kind=OPENAI_COMPATIBLE,
            base_url=base_url,
            model=settings.llm_model or "",
            api_key=key if key is not None and key.get_secret_value().strip() else None,
            name=f"the AI server at {base_url}",
            at=f"the AI server at {base_url}",
            key_env="INTERVIEW_COACH_LLM_API_KEY",
            base_url_env="INTERVIEW_COACH_LLM_BASE_URL",
            model_env="INTERVIEW_COACH_LLM_MODEL",
            example_url="http://localhost:11434/v1",
        )
    base_url = settings.deepseek_base_url.strip().rstrip("/")
    return Provider(
        kind=DEEPSEEK,
        base_url=base_url,
        model=settings.deepseek_model,
        api_key=settings.deepseek_api_key if settings.has_deepseek_key else None,
        name="DeepSeek",
        at=f"DeepSeek at {base_url}",
        key_env="DEEPSEEK_API_KEY",
        base_url_env="DEEPSEEK_BASE_URL",
        model_env="DEEPSEEK_MODEL",
        example_url="https://api.deepseek.com",
    )

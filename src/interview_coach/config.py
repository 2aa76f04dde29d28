"""Settings: CLI flag > environment > ``config.toml`` > defaults, through pydantic-settings.

Provider variables keep their conventional names (``DEEPSEEK_API_KEY``, ``ELEVENLABS_API_KEY`` ...). App settings
use the ``INTERVIEW_COACH_`` prefix. A bare ``DATABASE_URL`` is deliberately never read: a developer's shell often
has one for their own project, and we must never write into it.
"""

from __future__ import annotations

import os
import re
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from interview_coach.errors import ConfigError
from interview_coach.paths import Paths, get_paths

ENV_PREFIX = "INTERVIEW_COACH_"
TtsEngineName = Literal["pyttsx3", "elevenlabs", "none"]

MODEL_REQUIRED = (
    "llm_provider = openai-compatible needs a model: set INTERVIEW_COACH_LLM_MODEL (llm_model in config.toml) to "
    "one the server serves, e.g. llama3.2:3b"
)

# The TOML data for the settings being built. A ContextVar (not a global) so concurrent loads cannot mix.
_toml_data: ContextVar[dict[str, Any] | None] = ContextVar("_toml_data", default=None)


def _provider(name: str) -> Any:
    """Field alias for a provider variable: ``name`` in config.toml, ``NAME`` in the environment."""
    return AliasChoices(name, name.upper())


class Settings(BaseSettings):
    """Every setting. The docstring after each field is what `config show` and the README table describe."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        extra="forbid",
        populate_by_name=True,
        case_sensitive=False,
        env_ignore_empty=True,
    )

    # --- DeepSeek (optional: without a key the offline coach is used) ---
    deepseek_api_key: SecretStr | None = Field(default=None, validation_alias=_provider("deepseek_api_key"))
    """DeepSeek API key. Optional; without it the coach runs offline."""
    deepseek_base_url: str = Field(default="https://api.deepseek.com", validation_alias=_provider("deepseek_base_url"))
    """OpenAI-compatible base URL."""
    deepseek_model: str = Field(default="deepseek-v4-flash", validation_alias=_provider("deepseek_model"))
    """Model name."""
    deepseek_timeout_seconds: float = Field(
        default=45.0, gt=0, le=600, validation_alias=_provider("deepseek_timeout_seconds")
    )
    """Overall deadline of one AI call in the background: connect, reply or stream, retries and pauses together."""
    deepseek_max_retries: int = Field(default=2, ge=0, le=10, validation_alias=_provider("deepseek_max_retries"))
    """Retries after a retryable failure."""
    deepseek_retry_backoff_seconds: float = Field(
        default=0.8, ge=0, le=60, validation_alias=_provider("deepseek_retry_backoff_seconds")
    )
    """First backoff delay; it doubles, with jitter."""
    deepseek_thinking: bool = Field(default=False, validation_alias=_provider("deepseek_thinking"))
    """Thinking mode (slower, sometimes better). Off by default for latency."""

    # --- Which AI server: DeepSeek (above), or any OpenAI-compatible one such as a local model ---
    llm_provider: Literal["deepseek", "openai-compatible"] = "deepseek"
    """'deepseek', or 'openai-compatible' for a local or self-hosted server (Ollama, llama.cpp, LM Studio, vLLM)."""
    llm_base_url: str = "http://localhost:11434/v1"
    """Base URL of the OpenAI-compatible server (Ollama's by default). Used with llm_provider = openai-compatible."""
    llm_model: str | None = None
    """Model on that server, e.g. 'llama3.2:3b'. Required with llm_provider = openai-compatible."""
    llm_api_key: SecretStr | None = None
    """Key for that server, if it needs one. Unset: no Authorization header is sent."""

    # --- ElevenLabs (optional voice) ---
    elevenlabs_api_key: SecretStr | None = Field(default=None, validation_alias=_provider("elevenlabs_api_key"))
    """ElevenLabs API key, for tts_primary = elevenlabs."""
    elevenlabs_voice_id: str = Field(default="21m00Tcm4TlvDq8ikWAM", validation_alias=_provider("elevenlabs_voice_id"))
    """ElevenLabs voice id."""
    elevenlabs_base_url: str = Field(
        default="https://api.elevenlabs.io", validation_alias=_provider("elevenlabs_base_url")
    )
    """ElevenLabs base URL."""
    elevenlabs_model_id: str = Field(default="eleven_flash_v2_5", validation_alias=_provider("elevenlabs_model_id"))
    """ElevenLabs model id."""

    # --- App ---
    database_url: str | None = None
    """SQLAlchemy URL. Default: a SQLite file in the data dir."""
    offline: bool = False
    """Never call the AI coach, even with a key."""
    ai_wait_s: float = Field(default=12.0, gt=0, le=600)
    """Longest wait on screen for any AI result, retries included; then the offline coach answers at once."""
    tts_primary: TtsEngineName = "pyttsx3"
    """First speech engine to try."""
    tts_fallback: TtsEngineName = "none"
    """Speech engine to fall back to; then silent."""
    voice: bool = False
    """Speak questions aloud by default."""
    audio_cache_mb: int = Field(default=100, ge=0, le=10_000)
    """Upper bound of the synthesised-audio cache."""
    questions: int = Field(default=5, ge=1, le=30)
    """Main questions per session."""
    warmups: int = Field(default=1, ge=0, le=3)
    """Warm-up questions per session."""
    follow_ups: int = Field(default=1, ge=0, le=2)
    """Follow-ups per main question, at most."""
    feedback: Literal["now", "end"] = "now"
    """Feedback after each answer, or only at the end."""
    difficulty: str = "adaptive"
    """'adaptive' (starting at 2) or a fixed level 1-5."""
    time_limit_s: int | None = Field(default=None, ge=10, le=7200)
    """Time limit per question, overriding the question's own."""
    question_dirs: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    """Extra question-pack dirs (os.pathsep-separated in the environment)."""
    log_level: str = "WARNING"
    """Log level of the log file (DEBUG, INFO, WARNING, ERROR)."""
    log_http: bool = False
    """Log HTTP requests (keys masked) to http.log in the data dir."""
    theme: str | None = None
    """Textual theme name, e.g. 'nord'."""
    keybindings: dict[str, str] = Field(default_factory=dict)
    """Remapped keys: binding id -> key, e.g. {submit = "ctrl+j"}."""
    keep_audio: bool = True
    """Keep the recording of each spoken answer (for replay and re-transcription) under the data dir."""
    answer_audio_mb: int = Field(default=200, ge=0, le=10_000)
    """Upper bound of the kept answer recordings; the oldest are deleted first."""
    profile: str | None = None
    """Whose sessions these are (SQLite). Default: your OS user name. On PostgreSQL it is the role you connect as."""
    db_connect_timeout_s: float = Field(default=10.0, gt=0, le=600)
    """Longest wait for a database server to accept a connection and answer it (PostgreSQL)."""
    db_statement_timeout_s: float = Field(default=30.0, gt=0, le=3600)
    """Longest a single database statement may run on a server before it is cancelled (PostgreSQL)."""

    @field_validator("question_dirs", mode="before")
    @classmethod
    def _split_dirs(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", value):
            raise ValueError("must be a SQLAlchemy URL such as sqlite:////path/to/file.sqlite3")
        return value

    @field_validator("deepseek_base_url", "elevenlabs_base_url", "llm_base_url")
    @classmethod
    def _check_http_url(cls, value: str) -> str:
        # Caught here, with exit 2 and the setting's name, rather than as a failed call mid-interview.
        if not re.match(r"^https?://[^\s/]+", value.strip()):
            raise ValueError("must be an http(s) URL such as https://api.example.com")
        return value.strip()

    @field_validator("llm_model")
    @classmethod
    def _blank_model_is_unset(cls, value: str | None) -> str | None:
        return (value.strip() or None) if value is not None else None

    @field_validator("profile")
    @classmethod
    def _check_profile(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from interview_coach.domain.inert import unsafe_characters

        text = value.strip()
        # The same rule as storage.team.check_profile (kept apart: that module pulls in SQLAlchemy).
        if not text or len(text) > 200 or not text.isprintable() or unsafe_characters(text):
            raise ValueError("bad profile name: use 1-200 printable characters, e.g. alice")
        return text

    @model_validator(mode="after")
    def _provider_has_a_model(self) -> Settings:
        if self.llm_provider == "openai-compatible" and self.llm_model is None:
            raise ValueError(MODEL_REQUIRED)
        return self

    @field_validator("difficulty", mode="before")
    @classmethod
    def _level_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("difficulty")
    @classmethod
    def _check_difficulty(cls, value: str) -> str:
        if value != "adaptive" and value not in {"1", "2", "3", "4", "5"}:
            raise ValueError("must be 'adaptive' or a level from 1 to 5")
        return value

    @field_validator("log_level")
    @classmethod
    def _check_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return upper

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Flags (init kwargs) beat the environment, which beats config.toml, which beats the defaults.
        return (init_settings, env_settings, InitSettingsSource(settings_cls, init_kwargs=_toml_data.get() or {}))

    @property
    def has_deepseek_key(self) -> bool:
        return self.deepseek_api_key is not None and bool(self.deepseek_api_key.get_secret_value().strip())

    @property
    def ai_configured(self) -> bool:
        """An AI server is set up: a DeepSeek key, or an OpenAI-compatible server (whose key is optional)."""
        return self.llm_provider == "openai-compatible" or self.has_deepseek_key

    @property
    def use_llm(self) -> bool:
        return self.ai_configured and not self.offline

    @property
    def ai_model(self) -> str:
        """The model the AI coach asks for: llm_model with an OpenAI-compatible server, else deepseek_model."""
        if self.llm_provider == "openai-compatible":
            return self.llm_model or ""
        return self.deepseek_model

    def secrets(self) -> list[str]:
        """Secret values, for log masking. Every provider's key, whichever provider is in use."""
        values = []
        for key in (self.deepseek_api_key, self.llm_api_key, self.elevenlabs_api_key):
            if key is not None and key.get_secret_value():
                values.append(key.get_secret_value())
        return values


FIELD_NAMES: tuple[str, ...] = tuple(Settings.model_fields)


def env_names(field: str) -> list[str]:
    """The environment variables a field reads, in priority order."""
    alias = Settings.model_fields[field].validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice).upper() for choice in alias.choices if str(choice).isupper()]
    return [f"{ENV_PREFIX}{field.upper()}"]


def read_config_file(path: Path) -> dict[str, Any]:
    """Parse config.toml; a syntax error or an unknown key is a ConfigError naming file, line and key."""
    if path.is_dir():
        raise ConfigError(f"{path} is a folder; the config file must be a TOML file (or absent for the defaults).")
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}. Fix the syntax or delete the file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from None
    for key in data:
        if key not in Settings.model_fields:
            known = ", ".join(sorted(Settings.model_fields))
            raise ConfigError(f"{path}: unknown key {key!r}. Known keys: {known}.")
    return data


def value_source(field: str, overrides: dict[str, Any], toml: dict[str, Any]) -> str:
    """Where the effective value of ``field`` came from: flag, env:NAME, config.toml or default."""
    if field in overrides:
        return "flag"
    for name in env_names(field):
        if os.environ.get(name, "").strip():
            return f"env:{name}"
    if field in toml:
        return "config.toml"
    return "default"


def load_settings(overrides: dict[str, Any] | None = None, paths: Paths | None = None) -> Settings:
    """Build the effective settings or raise ConfigError naming the source, key and reason."""
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    paths = paths or get_paths()
    toml = read_config_file(paths.config_file)
    token = _toml_data.set(toml)
    try:
        return Settings(**overrides)
    except SettingsError as exc:
        # Raised before validation when an environment value for a table (keybindings) is not JSON.
        field = next((name for name in Settings.model_fields if f'"{name}"' in str(exc)), None)
        where = f"env:{env_names(field)[0]}" if field else "environment"
        raise ConfigError(
            f'{where}: bad value for {field or "a setting"!r}: expected JSON, e.g. \'{{"hint": "ctrl+g"}}\' '
            "(or set it in config.toml)."
        ) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        if not err.get("loc"):  # a rule across fields (provider needs a model): say where the provider was set
            source = value_source("llm_provider", overrides, toml)
            where = {"config.toml": str(paths.config_file), "flag": "command-line flag"}.get(source, source)
            reason = str(err.get("msg", "invalid settings")).removeprefix("Value error, ")
            raise ConfigError(f"{where}: {reason}.") from None
        loc = err.get("loc") or ("?",)
        key = str(loc[0])
        field = key if key in Settings.model_fields else _field_for_alias(key)
        source = value_source(field, overrides, toml) if field else "unknown"
        where = {"config.toml": str(paths.config_file), "flag": "command-line flag"}.get(source, source)
        if err.get("type") == "extra_forbidden":
            raise ConfigError(f"{where}: unknown setting {key!r}.") from None
        reason = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        raise ConfigError(f"{where}: bad value for {field or key!r}: {reason}.") from None
    finally:
        _toml_data.reset(token)


def _field_for_alias(alias: str) -> str | None:
    for name in Settings.model_fields:
        if alias.lower() == name or alias.upper() in env_names(name):
            return name
    return None


def field_docs() -> dict[str, str]:
    """Each field's docstring (the string under it in ``Settings``), read from this file's source on demand.

    pydantic's ``use_attribute_docstrings`` would do this at import, which costs every command ~13 ms of
    start-up for text only `config show` and the README table need.
    """
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(Settings))
    docs: dict[str, str] = {}
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    for node, after in zip(body, body[1:], strict=False):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


def settings_table() -> str:
    """The README's configuration table, made from the fields themselves so the docs cannot drift."""
    rows = ["| config.toml key | environment variable | default | meaning |", "|---|---|---|---|"]
    docs = field_docs()
    for name, info in Settings.model_fields.items():
        default = info.get_default(call_default_factory=True)
        shown = "(not set)" if default is None or default == [] or default == {} else f"`{default}`"
        env = " or ".join(f"`{e}`" for e in env_names(name))
        rows.append(f"| `{name}` | {env} | {shown} | {docs.get(name, '')} |")
    return "\n".join(rows)


_QUERY_SECRET = re.compile(r"([?&][^=&]*(?:pass|pwd|secret|token|sslkey)[^=&]*=)[^&]*", re.IGNORECASE)


def mask_url(url: str | None) -> str | None:
    """A database URL with its password (if any) hidden: ``postgresql://me:***@host/db``, and a password given as a
    query parameter (``?password=...``, which libpq accepts too) hidden as well."""
    if not url:
        return url
    return _QUERY_SECRET.sub(r"\1***", re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url))


def mask(secret: str | SecretStr | None) -> str:
    """Show a secret as ``sk-…abcd`` (never more than the last four characters)."""
    if secret is None:
        return "(not set)"
    value = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
    if not value:
        return "(not set)"
    if len(value) <= 8:
        return "****"
    return f"{value[:3]}…{value[-4:]}"

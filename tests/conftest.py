"""Shared fixtures. Every test gets its own home (config, data, cache) under tmp_path, and no provider keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_coach.logging_setup import reset_logging_for_tests

PROVIDER_ENV = (
    "DEEPSEEK_API_KEY",
    "DEEPSEEK_BASE_URL",
    "DEEPSEEK_MODEL",
    "DEEPSEEK_TIMEOUT_SECONDS",
    "DEEPSEEK_MAX_RETRIES",
    "DEEPSEEK_RETRY_BACKOFF_SECONDS",
    "DEEPSEEK_THINKING",
    "ELEVENLABS_API_KEY",
    "ELEVENLABS_VOICE_ID",
    "ELEVENLABS_BASE_URL",
    "ELEVENLABS_MODEL_ID",
)


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every path at tmp_path and clear the environment of keys and app settings."""
    import os

    home = tmp_path / "home"
    monkeypatch.setenv("INTERVIEW_COACH_HOME", str(home))
    for name in PROVIDER_ENV:
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.startswith("INTERVIEW_COACH_") and name != "INTERVIEW_COACH_HOME":
            monkeypatch.delenv(name, raising=False)
    reset_logging_for_tests()
    yield home
    reset_logging_for_tests()


# The fake DeepSeek server fixtures: fake_deepseek, fake_deepseek_env.
pytest_plugins = ["tests.fakes.conftest_plugin"]

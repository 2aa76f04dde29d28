"""Fixtures for the fake DeepSeek server, loaded by ``tests/conftest.py`` through ``pytest_plugins``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .deepseek_server import FakeDeepSeek

FAKE_KEY = "sk-fake-test-key-0123456789"


@pytest.fixture
def fake_deepseek() -> Iterator[FakeDeepSeek]:
    """A fake DeepSeek API on 127.0.0.1 (random port), in a background thread for this test only."""
    server = FakeDeepSeek().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_deepseek_env(fake_deepseek: FakeDeepSeek, monkeypatch: pytest.MonkeyPatch) -> FakeDeepSeek:
    """The fake server plus the environment that points the app at it (a key, its URL, no retry waits)."""
    monkeypatch.setenv("DEEPSEEK_API_KEY", FAKE_KEY)
    monkeypatch.setenv("DEEPSEEK_BASE_URL", fake_deepseek.url)
    monkeypatch.setenv("DEEPSEEK_RETRY_BACKOFF_SECONDS", "0")
    return fake_deepseek

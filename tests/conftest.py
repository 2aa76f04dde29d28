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


LOOPBACK_HOSTS = ("localhost", "::1", "0.0.0.0")


def _is_loopback(host: object) -> bool:
    return isinstance(host, str) and (host.startswith("127.") or host in LOOPBACK_HOSTS)


@pytest.fixture(autouse=True)
def no_external_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach a real host: name lookups and connections are allowed on loopback only."""
    import socket

    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(self: socket.socket, address: object) -> None:
        inet = self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple)
        if inet and not _is_loopback(address[0]):  # type: ignore[index]
            raise OSError(f"a test tried to connect to {address[0]}; tests stay on loopback")  # type: ignore[index]
        real_connect(self, address)  # type: ignore[arg-type]

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host is not None and not _is_loopback(host):
            raise socket.gaierror(f"a test tried to look up {host}; tests stay on loopback")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


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

"""Shared fixtures. Every test gets its own home (config, data, cache) under tmp_path, and no provider keys."""

from __future__ import annotations

import sys
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


@pytest.fixture(autouse=True)
def failed_workers_fail_the_test() -> Iterator[None]:
    """A TUI worker that failed fails its test, even after the test's last ``settle`` (app workers never crash the
    app: they run with exit_on_error=False). Only tests that built an app load tui_helpers, so others skip this."""
    yield
    helpers = sys.modules.get("tests.tui_helpers")
    if helpers is not None:
        failures = helpers.unaccounted_failures_of_apps_made()
        if failures:
            pytest.fail("a TUI worker failed and the test did not expect it: " + "; ".join(failures))


@pytest.fixture
def speech_engine() -> None:
    """Real local speech (pyttsx3 with espeak-ng): skipped where it is missing, a failure under CI."""
    from interview_coach.tts.pyttsx3_engine import engine_problem
    from tests.system_tools import require_tool

    require_tool(engine_problem(), "pyttsx3 with espeak-ng")


# The fake DeepSeek server fixtures: fake_deepseek, fake_deepseek_env; a throwaway PostgreSQL: pg_server, ...
pytest_plugins = ["tests.fakes.conftest_plugin", "tests.pg_fixtures"]

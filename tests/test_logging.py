"""Logging goes to a file in the data dir, never the terminal, and secrets are masked in every record."""

from __future__ import annotations

import logging

import pytest

from interview_coach.config import load_settings
from interview_coach.logging_setup import configure_logging, redact
from interview_coach.paths import get_paths
from tests.cli_helpers import run_cli

SECRET = "sk-live-0123456789abcdefSECRET"


def test_records_and_tracebacks_are_masked(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", SECRET)
    configure_logging(load_settings(), verbose=True)
    log = logging.getLogger("interview_coach.test")
    log.info("calling with key %s", SECRET)
    try:
        raise RuntimeError(f"Authorization: Bearer {SECRET}")
    except RuntimeError:
        log.exception("request failed")
    for handler in logging.getLogger("interview_coach").handlers:
        handler.flush()
    text = get_paths().log_file.read_text()
    assert "calling with key ****" in text and "RuntimeError" in text
    assert SECRET not in text and "0123456789abcdef" not in text
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # nothing reaches the terminal


def test_redact_masks_key_shapes_we_did_not_configure() -> None:
    assert redact("xi-api-key: abcdef123456") == "xi-api-key: ****"
    assert "999999999" not in redact("key sk-abcdef999999999 leaked")


def test_verbose_flag_logs_debug(capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "--verbose", "config", "show")
    assert logging.getLogger("interview_coach").level == logging.DEBUG


def test_unexpected_errors_show_no_traceback_and_no_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", SECRET)

    def boom(*_: object, **__: object) -> None:
        raise ValueError(f"bad thing with {SECRET}")

    monkeypatch.setattr("interview_coach.doctor.run_checks", boom)
    result = run_cli(capsys, "doctor")
    assert result.code == 1 and "unexpected ValueError" in result.err
    assert "Traceback" not in result.err and SECRET not in result.err
    assert "Traceback" in get_paths().log_file.read_text()

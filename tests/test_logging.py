"""Logging goes to a file in the data dir, never the terminal, and secrets are masked in every record."""

from __future__ import annotations

import logging
import logging.handlers

import pytest

from interview_coach.config import load_settings
from interview_coach.logging_setup import configure_logging, redact, register_secret
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


def test_redact_masks_elevenlabs_shaped_keys_but_not_ordinary_names() -> None:
    key = "sk_" + "0123456789abcdef" * 3
    assert redact(f"401 from ElevenLabs for {key}") == "401 from ElevenLabs for sk_012345****"
    assert redact("task_id=sk_test and task_identifier_value") == "task_id=sk_test and task_identifier_value"
    assert (
        redact("the desk-reference-manual, task-management-board") == "the desk-reference-manual, task-management-board"
    )
    assert redact("key=sk-live-0123456789abcdef") == "key=sk-live-0****"


@pytest.mark.parametrize("variable", ["DEEPSEEK_API_KEY", "ELEVENLABS_API_KEY"])
def test_every_configured_key_is_masked_whatever_its_shape(monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    # No shape pattern knows this key: only registering it as a secret keeps it out of the log.
    key = "plain-key-no-known-shape-4f9a2c"
    monkeypatch.setenv(variable, key)
    configure_logging(load_settings())
    assert redact(f"request failed with {key}") == "request failed with ****"
    logging.getLogger("interview_coach.test").error("voice failed for %s", key)
    for handler in logging.getLogger("interview_coach").handlers:
        handler.flush()
    text = get_paths().log_file.read_text()
    assert "voice failed for ****" in text and key not in text


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


# --- what the log is: one rotating file, at the configured level, never passed up to the terminal ---


def flush_log() -> str:
    for handler in logging.getLogger("interview_coach").handlers:
        handler.flush()
    return get_paths().log_file.read_text(encoding="utf-8")


def test_short_values_are_not_treated_as_secrets() -> None:
    # Masking every "abc" in every log line would make the log useless; real keys are long.
    register_secret("abc")
    register_secret("")
    register_secret(None)
    assert redact("abc and abcd") == "abc and abcd"
    register_secret("abcd")
    assert redact("abc and abcd") == "abc and ****"


@pytest.mark.parametrize(
    ("settings", "verbose", "level"),
    [({}, False, logging.WARNING), ({"log_level": "INFO"}, False, logging.INFO), ({}, True, logging.DEBUG)],
    ids=["default-warning", "configured-info", "verbose-debug"],
)
def test_the_level_comes_from_settings_unless_verbose(settings: dict[str, str], verbose: bool, level: int) -> None:
    root_level = logging.getLogger().level
    if verbose:
        configure_logging(load_settings(settings), verbose=True)
    else:
        configure_logging(load_settings(settings))
    assert logging.getLogger("interview_coach").level == level
    assert logging.getLogger().level == root_level  # only our logger: other libraries' chatter stays out


def test_one_rotating_file_with_level_and_logger_on_each_line_even_when_configured_twice() -> None:
    get_paths().log_dir.mkdir(parents=True)  # already there, as on every run after the first
    configure_logging(load_settings())
    configure_logging(load_settings({"log_level": "INFO"}))  # e.g. the TUI after the CLI: still one handler
    handlers = logging.getLogger("interview_coach").handlers
    assert len(handlers) == 1 and isinstance(handlers[0], logging.handlers.RotatingFileHandler)
    assert handlers[0].maxBytes > 0 and handlers[0].backupCount >= 1  # the log never grows without bound
    logging.getLogger("interview_coach.storage").error("disk full")
    [line] = flush_log().splitlines()
    assert line.endswith(" ERROR interview_coach.storage: disk full")


def test_records_never_reach_the_root_logger(capfd: pytest.CaptureFixture[str]) -> None:
    seen: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    collector = Collect()
    logging.getLogger().addHandler(collector)
    try:
        configure_logging(load_settings())
        logging.getLogger("interview_coach.tui").error("a worker failed")
    finally:
        logging.getLogger().removeHandler(collector)
    assert seen == [] and "a worker failed" in flush_log()  # a root handler (or the last resort) would hit the TUI
    assert capfd.readouterr().err == ""


def test_a_data_dir_that_cannot_hold_a_log_does_not_stop_the_coach() -> None:
    blocker = get_paths().log_dir
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the log folder should be")
    configure_logging(load_settings())
    logging.getLogger("interview_coach.test").error("nowhere to write this")  # no error, no traceback
    assert blocker.read_text() == "a file where the log folder should be"

"""Settings precedence, sources, masking and clear config errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_coach.config import load_settings, mask
from interview_coach.errors import ConfigError
from interview_coach.paths import get_paths
from tests.cli_helpers import run_cli


def write_config(text: str) -> Path:
    path = get_paths().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_defaults() -> None:
    settings = load_settings()
    assert settings.deepseek_model == "deepseek-v4-flash" and settings.deepseek_timeout_seconds == 45
    assert settings.deepseek_max_retries == 2 and settings.deepseek_retry_backoff_seconds == 0.8
    assert settings.deepseek_base_url == "https://api.deepseek.com" and not settings.use_llm


def test_precedence_flag_over_env_over_file(monkeypatch: pytest.MonkeyPatch) -> None:
    write_config('questions = 3\ndeepseek_model = "from-file"\nwarmups = 2\n')
    monkeypatch.setenv("INTERVIEW_COACH_QUESTIONS", "4")
    monkeypatch.setenv("DEEPSEEK_MODEL", "from-env")
    settings = load_settings({"questions": 7})
    assert (settings.questions, settings.deepseek_model, settings.warmups) == (7, "from-env", 2)


def test_bare_database_url_is_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone-elses/db")
    assert load_settings().database_url is None
    monkeypatch.setenv("INTERVIEW_COACH_DATABASE_URL", "sqlite:///x.db")
    assert load_settings().database_url == "sqlite:///x.db"


def test_malformed_toml_names_file_and_line() -> None:
    path = write_config("questions = \n")
    with pytest.raises(ConfigError, match=rf"{path}: invalid TOML: .*line 1"):
        load_settings()


def test_unknown_key_and_bad_value_name_file_and_key() -> None:
    path = write_config("colour = 'blue'\n")
    with pytest.raises(ConfigError, match=rf"{path}: unknown key 'colour'"):
        load_settings()
    write_config("follow_ups = 9\n")
    with pytest.raises(ConfigError, match=rf"{path}: bad value for 'follow_ups'"):
        load_settings()


def test_bad_env_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_TIMEOUT_SECONDS", "soon")
    with pytest.raises(ConfigError, match="env:DEEPSEEK_TIMEOUT_SECONDS: bad value for 'deepseek_timeout_seconds'"):
        load_settings()


def test_mask_never_shows_more_than_four_characters() -> None:
    assert mask("sk-abcdef1234567890") == "sk-…7890"
    assert mask("short") == "****" and mask(None) == "(not set)"


def test_config_show_masks_keys_and_names_sources(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-supersecretvalue9876")
    write_config("questions = 3\n")
    result = run_cli(capsys, "config", "show", "--json")
    rows = {r["key"]: r for r in json.loads(result.out)}
    assert "supersecret" not in result.out and rows["deepseek_api_key"]["value"] == "sk-…9876"
    assert rows["deepseek_api_key"]["source"] == "env:DEEPSEEK_API_KEY"
    assert rows["questions"]["source"] == "config.toml" and rows["warmups"]["source"] == "default"


def test_config_error_exit_2_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    write_config("[[[")
    result = run_cli(capsys, "config", "show")
    assert result.code == 2 and "invalid TOML" in result.err and "Traceback" not in result.err


def test_config_path_uses_the_home_override(coach_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "config", "path", "--json")
    paths = json.loads(result.out)
    assert all(value.startswith(str(coach_home)) for value in paths.values())


def test_bad_json_in_an_env_table_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_KEYBINDINGS", "notjson")
    result = run_cli(capsys, "config", "show")
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.strip().startswith("error: env:INTERVIEW_COACH_KEYBINDINGS: bad value for 'keybindings'")


def test_difficulty_may_be_a_toml_integer() -> None:
    write_config("difficulty = 3\n")
    assert load_settings().difficulty == "3"


def test_database_url_must_look_like_a_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_DATABASE_URL", "not a url")
    with pytest.raises(ConfigError, match="env:INTERVIEW_COACH_DATABASE_URL: bad value for 'database_url': must be"):
        load_settings()


def test_database_password_is_masked_in_show_and_path(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_DATABASE_URL", "postgresql://me:hunter2pass@db.example:5432/coach")
    shown = run_cli(capsys, "config", "show").out + run_cli(capsys, "config", "path").out
    assert "hunter2pass" not in shown and shown.count("postgresql://me:***@db.example:5432/coach") == 2


def test_a_password_in_the_urls_query_is_masked_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from interview_coach.storage.engine import location_for_url

    url = "postgresql+psycopg://me@db.example:5432/coach?sslmode=require&password=hunter2pass"
    monkeypatch.setenv("INTERVIEW_COACH_DATABASE_URL", url)
    shown = run_cli(capsys, "config", "show").out
    assert "hunter2pass" not in shown and "password=***" in shown
    display = location_for_url(url).display
    assert "hunter2pass" not in display and "password=***" in display


@pytest.mark.parametrize("variable", ["DEEPSEEK_BASE_URL", "ELEVENLABS_BASE_URL"])
def test_a_base_url_that_is_not_http_is_a_config_error(monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    monkeypatch.setenv(variable, "not a url")
    with pytest.raises(ConfigError, match=f"env:{variable}.*http"):
        load_settings()


def test_a_config_file_that_is_a_folder_is_a_config_error() -> None:
    path = get_paths().config_file
    path.mkdir(parents=True)
    with pytest.raises(ConfigError, match="is a folder"):
        load_settings()


def test_config_show_prints_one_form_for_unset_values(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.cli_helpers import run_cli

    result = run_cli(capsys, "config", "show")
    assert result.code == 0 and "None" not in result.out and "(not set)" in result.out

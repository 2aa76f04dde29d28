"""The README stays true: its settings table is the one made from the settings, and its set-up commands exist."""

from __future__ import annotations

from pathlib import Path

from interview_coach.config import settings_table

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_settings_table_matches_the_settings() -> None:
    assert settings_table() in README, "regenerate the table with interview_coach.config.settings_table()"


def test_readme_starts_with_the_two_setup_commands() -> None:
    setup = README.split("## Set-up on a fresh machine", 1)[1].split("## Quickstart", 1)[0]
    assert ". .venv/bin/activate && pip install -q . && interview-coach start --track backend" in setup
    assert "Python 3.11" in setup and "pipx install ." in setup and "uv tool install --compile-bytecode ." in setup
    assert "bash .ci/run" in setup
    assert (ROOT / ".ci" / "run").is_file()


def test_env_example_lists_every_variable() -> None:
    from interview_coach.config import FIELD_NAMES, env_names

    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    missing = [env for name in FIELD_NAMES for env in env_names(name) if env not in example]
    assert missing == ["INTERVIEW_COACH_KEYBINDINGS"]  # a table, set in config.toml only


def test_architecture_doc_is_linked() -> None:
    assert "docs/architecture.md" in README
    assert "docs/architecture.md" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")

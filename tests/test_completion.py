"""Shell completion: on, cheap, and it suggests track names and session ids."""

from __future__ import annotations

import pytest

from interview_coach.commands.completion import complete_session, complete_track
from tests.cli_helpers import run_cli
from tests.storage_helpers import make_session, store


def test_show_completion_prints_a_script() -> None:
    import subprocess

    from tests.tmux_helpers import CONSOLE_SCRIPT

    result = subprocess.run(
        [CONSOLE_SCRIPT, "--show-completion", "bash"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0 and "_interview_coach_completion" in result.stdout


def test_the_root_help_offers_completion(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "--help")
    assert "--install-completion" in result.out and "--show-completion" in result.out


def test_track_names_complete_from_the_question_files() -> None:
    assert complete_track("ba") == ["backend"]
    assert "behavioral" in complete_track("") and "schema" not in complete_track("")


def test_session_ids_complete_newest_first_and_nothing_without_a_database() -> None:
    assert complete_session("") == []
    first, second = make_session(), make_session()
    with store() as s:
        s.create_session(first)
        s.create_session(second)
    assert set(complete_session("")) == {first.id, second.id}
    assert complete_session(first.id[:6]) == [first.id] or first.id[:6] == second.id[:6]


def test_bare_command_without_a_terminal_prints_the_help_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys)
    assert result.code == 0 and "Usage: " in result.out and "start" in result.out

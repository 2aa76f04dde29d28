"""`delete` and `prune`: sessions go with their turns, evaluations and drafts, and never without asking."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interview_coach.domain.models import SessionStatus
from interview_coach.drafts import Drafts
from interview_coach.paths import get_paths
from tests.cli_helpers import run_cli
from tests.storage_helpers import T0, make_session, store


def test_delete_removes_the_session_from_history_with_its_draft(capsys: pytest.CaptureFixture[str]) -> None:
    kept, gone = make_session(), make_session()
    with store() as s:
        s.create_session(kept)
        s.create_session(gone)
    Drafts(get_paths().drafts_dir).save(gone.id, 3, "half an answer")
    result = run_cli(capsys, "delete", gone.id[:10], "--yes")
    assert result.code == 0 and "Deleted 1 session(s)." in result.out
    history = run_cli(capsys, "history", "--json")
    assert gone.id not in history.out and kept.id in history.out
    assert not Drafts(get_paths().drafts_dir).has_any(gone.id)


def test_delete_without_a_terminal_needs_yes(capsys: pytest.CaptureFixture[str]) -> None:
    session = make_session()
    with store() as s:
        s.create_session(session)
    result = run_cli(capsys, "delete", session.id)
    assert result.code == 2 and "--yes" in result.err
    assert session.id in run_cli(capsys, "history", "--json").out


def test_prune_removes_only_unfinished_sessions_older_than_asked(capsys: pytest.CaptureFixture[str]) -> None:
    done = make_session(status=SessionStatus.COMPLETED)
    old = make_session(status=SessionStatus.IN_PROGRESS, started_at=T0 - timedelta(days=30), score=None)
    with store() as s:
        s.create_session(done)
        s.create_session(old)
    assert run_cli(capsys, "prune", "--yes").code == 2  # what to prune must be said
    result = run_cli(capsys, "prune", "--unfinished", "--older-than", "7", "--yes")
    assert result.code == 0 and "Removed 1 unfinished session(s)." in result.out
    history = run_cli(capsys, "history", "--json").out
    assert old.id not in history and done.id in history

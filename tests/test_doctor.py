"""`doctor`: reports every dependency, masks the key, and exits 1 only when something needed is broken."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from interview_coach.paths import get_paths
from tests.cli_helpers import run_cli


def checks_by_name(out: str) -> dict[str, dict[str, object]]:
    return {c["name"]: c for c in json.loads(out)["checks"]}


def test_fresh_home_is_healthy_and_offline(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "doctor", "--json")
    checks = checks_by_name(result.out)
    assert result.code == 0 and json.loads(result.out)["ok"] is True
    assert checks["coach"]["status"] == "warn" and "offline coach" in str(checks["coach"]["summary"])
    assert checks["questions"]["status"] == "ok" and checks["database"]["status"] == "ok"
    assert "will be created" in str(checks["database"]["summary"])


def test_key_is_masked(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-doctor-secret-abcd1234")
    result = run_cli(capsys, "doctor")
    assert result.code == 0 and "sk-…1234" in result.out and "doctor-secret" not in result.out


def test_corrupt_database_fails(capsys: pytest.CaptureFixture[str]) -> None:
    db = get_paths().database_file
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"this is not a database at all" * 100)
    result = run_cli(capsys, "doctor", "--json")
    assert result.code == 1 and checks_by_name(result.out)["database"]["status"] == "fail"


def test_a_home_that_is_a_file_fails_the_database_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "not-a-folder"
    home.write_text("oops", encoding="utf-8")
    monkeypatch.setenv("INTERVIEW_COACH_HOME", str(home))
    result = run_cli(capsys, "doctor", "--json")
    database = checks_by_name(result.out)["database"]
    assert result.code == 1 and database["status"] == "fail"
    assert f"{home} is a file, not a folder" in str(database["summary"])


def test_a_read_only_database_fails_the_database_check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, "migrate").code == 0
    db = get_paths().database_file
    real_access = os.access
    # Tests may run as root, which os.access never refuses: pretend the file is read-only.
    monkeypatch.setattr(
        "interview_coach.storage.guard.os.access", lambda path, mode: Path(path) != db and real_access(path, mode)
    )
    result = run_cli(capsys, "doctor", "--json")
    database = checks_by_name(result.out)["database"]
    assert result.code == 1 and database["status"] == "fail" and "read-only" in str(database["summary"])


def test_online_without_key_fails_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "doctor", "--online")
    assert result.code == 1 and "--online needs DEEPSEEK_API_KEY" in result.out


def test_online_against_the_fake_api(fake_deepseek_env: object, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "doctor", "--online", "--json")
    checks = checks_by_name(result.out)
    assert result.code == 0 and checks["online"]["status"] == "ok"
    assert checks["coach"]["status"] == "ok" and "sk-fake-test-key" not in result.out


def test_online_with_a_rejected_key_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.fakes.deepseek_server import FakeDeepSeek

    server = FakeDeepSeek(api_key="sk-the-right-key-000").start()
    try:
        monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-the-wrong-key-111")
        monkeypatch.setenv("DEEPSEEK_BASE_URL", server.url)
        result = run_cli(capsys, "doctor", "--online")
    finally:
        server.stop()
    assert result.code == 1 and "DEEPSEEK_API_KEY is invalid" in result.out
    assert "wrong-key" not in result.out

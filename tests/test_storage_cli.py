"""`migrate`, `history`, `stats` and `export` through the real CLI: happy paths with CliRunner, error paths
through the guarded entry point (one line on stderr, an exit code, never a traceback)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from interview_coach.cli import app
from interview_coach.export.json_export import session_from_document
from interview_coach.paths import get_paths
from interview_coach.storage.migrate import head_revision, known_revisions
from tests.cli_helpers import Result, run_cli
from tests.storage_helpers import T0, make_session, store

# Run on SQLite and on a real PostgreSQL (tests/pg_fixtures.py): every command works the same on both.
BOTH_STORES = pytest.mark.usefixtures("store_backend")

runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def seed() -> list[str]:
    """Three sessions: backend (older, weak reliability), frontend, backend (newer)."""
    sessions = [
        make_session("aaaa1111", started_at=T0, score=40, competencies={"reliability": 30.0, "api-design": 60.0}),
        make_session("bbbb2222", track="frontend", started_at=T0 + timedelta(days=1), score=90),
        make_session("aaaa3333", started_at=T0 + timedelta(days=2), score=70, competencies={"reliability": 50.0}),
    ]
    with store() as s:
        for session in sessions:
            s.create_session(session)
    return [x.id for x in sessions]


def assert_clean_failure(result: Result, code: int, *fragments: str) -> None:
    assert result.code == code, result
    assert "Traceback" not in result.out + result.err
    assert result.err.startswith("error: ")
    for fragment in fragments:
        assert fragment in result.err, result.err


# --- migrate -------------------------------------------------------------------------------------------


def test_migrate_creates_checks_and_moves_both_ways(capsys: pytest.CaptureFixture[str]) -> None:
    head = head_revision()
    missing = run_cli(capsys, "migrate", "--check")
    assert_clean_failure(missing, 1, "does not exist yet")
    assert not get_paths().database_file.exists()

    assert f"migrated from base to {head}" in invoke("migrate")
    assert "nothing to do" in invoke("migrate")
    assert f"at head ({head})" in invoke("migrate", "--check")

    refused = run_cli(capsys, "migrate", "--to", "base")
    assert_clean_failure(refused, 2, "drops tables", "--yes")
    assert f"at head ({head})" in invoke("migrate", "--check")  # untouched
    down = invoke("migrate", "--to", "base", "--yes")
    assert f"migrated from {head} to base" in down and "Backup of the previous database" in down
    assert_clean_failure(run_cli(capsys, "migrate", "--check"), 1, "at revision base", f"head is {head}")
    assert f"migrated from base to {head}" in invoke("migrate", "--to", "head")


def test_migrate_check_fails_a_database_at_an_older_known_revision(capsys: pytest.CaptureFixture[str]) -> None:
    # Known to this code but not the head: exactly the database an upgrade left behind, which CI must catch.
    head, older = head_revision(), known_revisions()[-2]
    invoke("migrate", "--to", older)
    assert_clean_failure(run_cli(capsys, "migrate", "--check"), 1, f"at revision {older}", f"head is {head}")
    invoke("migrate")
    assert f"at head ({head})" in invoke("migrate", "--check")


def test_migrate_rejects_unknown_revisions_and_mixed_flags(capsys: pytest.CaptureFixture[str]) -> None:
    assert_clean_failure(run_cli(capsys, "migrate", "--to", "bogus"), 2, "unknown revision 'bogus'", "base")
    assert_clean_failure(run_cli(capsys, "migrate", "--check", "--to", "base"), 2, "cannot be combined")


# --- history -------------------------------------------------------------------------------------------


def test_history_without_a_database_is_empty_and_creates_nothing() -> None:
    assert "No sessions yet" in invoke("history")
    assert json.loads(invoke("history", "--json")) == []
    assert not get_paths().database_file.exists()


@BOTH_STORES
def test_history_lists_newest_first_with_filters() -> None:
    ids = seed()
    lines = invoke("history").splitlines()
    assert lines[0].split()[:3] == ["id", "started", "track"]
    assert [line.split()[0] for line in lines[1:]] == [ids[2], ids[1], ids[0]]
    assert "frontend" not in invoke("history", "--track", "backend")
    rows = json.loads(invoke("history", "--json", "--limit", "1"))
    assert [(r["id"], r["answers"], r["overall_score"]) for r in rows] == [(ids[2], 2, 70.0)]
    assert "No sessions for track 'security' yet" in invoke("history", "--track", "security")


# --- stats ---------------------------------------------------------------------------------------------


def test_stats_without_sessions() -> None:
    assert "No sessions yet" in invoke("stats")
    assert json.loads(invoke("stats", "--json"))["sessions"] == 0


@BOTH_STORES
def test_stats_shows_averages_trends_and_weakest_competencies() -> None:
    seed()
    report = json.loads(invoke("stats", "--json"))
    tracks = {t["name"]: t for t in report["tracks"]}
    assert tracks["backend"]["average"] == 55.0 and tracks["backend"]["trend"] == 30.0
    assert tracks["backend"]["recent"] == [40.0, 70.0]
    assert (
        report["weakest"][0]["name"] == "reliability" and report["weakest"][0]["average"] == 45.0
    )  # 30, 55 (frontend), 50
    text = invoke("stats")
    assert "3 sessions, 3 with a score." in text
    assert "Weakest competencies: reliability (45)" in text
    assert "▄▆" in text  # backend's sparkline: 40 then 70
    assert "frontend" not in invoke("stats", "--track", "backend")


# --- export --------------------------------------------------------------------------------------------


@BOTH_STORES
@pytest.mark.parametrize("fmt", ["md", "json", "csv", "jsonl"])
def test_export_each_format_to_a_file(fmt: str, tmp_path: Path) -> None:
    ids = seed()
    target = tmp_path / f"out.{fmt}"
    assert f"Exported 1 session as {fmt}" in invoke("export", ids[0][:6], "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert ids[0] in text
    assert not list(tmp_path.glob(".*.tmp"))
    if fmt in {"json", "jsonl"}:
        with store() as s:
            assert session_from_document(text.strip()) == s.load_session(ids[0])


@BOTH_STORES
def test_export_last_and_all_to_stdout() -> None:
    ids = seed()
    assert f"`{ids[2]}`" in invoke("export", "--last")
    assert f"`{ids[1]}`" in invoke("export", "--last", "--track", "frontend", "--format", "md")
    lines = invoke("export", "--all", "--format", "jsonl").splitlines()
    assert [json.loads(line)["session"]["id"] for line in lines] == ids
    document = json.loads(invoke("export", "--all", "--format", "json"))
    assert [s["id"] for s in document["sessions"]] == ids
    rows = list(csv.DictReader(io.StringIO(invoke("export", "--all", "--format", "csv", "--track", "frontend"))))
    assert [r["session_id"] for r in rows] == [ids[1], ids[1]]  # one row per answer


def test_export_needs_exactly_one_selector(capsys: pytest.CaptureFixture[str]) -> None:
    assert_clean_failure(run_cli(capsys, "export"), 2, "exactly one of SESSION_ID, --last or --all")
    assert_clean_failure(run_cli(capsys, "export", "abc", "--all"), 2, "exactly one")


@BOTH_STORES
def test_export_bad_ids(capsys: pytest.CaptureFixture[str]) -> None:
    seed()
    assert_clean_failure(run_cli(capsys, "export", "nope"), 1, "no session 'nope'", "interview-coach history")
    assert_clean_failure(run_cli(capsys, "export", "aaaa"), 2, "ambiguous")


def test_export_without_a_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert_clean_failure(run_cli(capsys, "export", "abc123"), 1, "no session 'abc123'", "no sessions yet")
    assert_clean_failure(run_cli(capsys, "export", "--last"), 1, "no sessions yet")
    empty = run_cli(capsys, "export", "--all", "--format", "csv")
    assert empty.code == 0 and empty.out.startswith("session_id,") and "No sessions to export" in empty.err
    assert not get_paths().database_file.exists()


def test_export_into_a_missing_folder_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    seed()
    result = run_cli(capsys, "export", "--last", "-o", str(tmp_path / "no" / "such" / "x.md"))
    assert_clean_failure(result, 2, "does not exist")


# --- broken databases ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv", [["history"], ["stats"], ["export", "--last"], ["export", "--all"], ["migrate"], ["migrate", "--check"]]
)
def test_a_corrupt_database_is_one_clear_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    db = get_paths().database_file
    db.parent.mkdir(parents=True)
    db.write_bytes(b"\x00garbage, not sqlite\n" * 50)
    result = run_cli(capsys, *argv)
    assert_clean_failure(result, 1, str(db), "Move it aside")


@pytest.mark.parametrize("argv", [["history"], ["stats"], ["export", "--all"], ["migrate"], ["migrate", "--check"]])
def test_a_database_from_a_newer_version_is_refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    seed()
    db = get_paths().database_file
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = db.read_bytes()
    assert_clean_failure(run_cli(capsys, *argv), 1, "'9999_future'", "newer version")
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", ["migrate", "history", "stats", "export"])
def test_help_does_not_import_the_database_stack(command: str, tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from interview_coach.cli import app\n"
        "from interview_coach.commands._common import run_guarded\n"
        f"run_guarded(app, [{command!r}, '--help'])\n"
        "heavy = sorted(m for m in ('sqlmodel', 'sqlalchemy', 'alembic', 'rich') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"INTERVIEW_COACH_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    ).stdout
    assert "Usage:" in out
    assert out.strip().splitlines()[-1] == "HEAVY []"


@pytest.mark.parametrize(
    "args",
    [("history", "--track", "bakend"), ("stats", "--track", "bakend"), ("export", "--all", "--track", "bakend")],
)
def test_a_misspelt_track_is_a_usage_error_not_an_empty_result(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    assert_clean_failure(run_cli(capsys, *args), 2, "unknown track 'bakend'", "backend")
    assert "No sessions for track 'backend' yet." in invoke("history", "--track", "backend")  # a real track

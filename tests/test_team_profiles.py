"""Profiles on SQLite (--profile / INTERVIEW_COACH_PROFILE / the OS user name) and a database server that accepts
a connection and then says nothing (the connect timeout, with a message naming the host)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from interview_coach.config import load_settings
from interview_coach.storage import migrate as migrations
from interview_coach.storage.db import open_store
from interview_coach.storage.engine import make_engine
from interview_coach.storage.team import default_profile
from tests.cli_helpers import run_cli
from tests.storage_helpers import make_session


def _store_for(profile: str | None):  # type: ignore[no-untyped-def]
    return open_store(load_settings({"profile": profile}))


def test_each_profile_sees_only_its_own_sessions_and_all_profiles_sees_everyone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, theirs = make_session(), make_session()
    with _store_for("alice") as alice:
        alice.create_session(mine)
    with _store_for("bob") as bob:
        bob.create_session(theirs)
        assert [o.id for o in bob.list_sessions()] == [theirs.id]
        with pytest.raises(Exception, match="no session"):
            bob.load_session(mine.id)

    as_alice = run_cli(capsys, "--profile", "alice", "history", "--json")
    assert [s["id"] for s in json.loads(as_alice.out)] == [mine.id]
    monkeypatch.setenv("INTERVIEW_COACH_PROFILE", "bob")
    as_bob = run_cli(capsys, "history", "--json")
    assert [s["id"] for s in json.loads(as_bob.out)] == [theirs.id]
    per_command = run_cli(capsys, "history", "--profile", "alice", "--json")
    assert [s["id"] for s in json.loads(per_command.out)] == [mine.id]

    everyone = json.loads(run_cli(capsys, "history", "--all-profiles", "--json").out)
    assert {(s["id"], s["profile"]) for s in everyone} == {(mine.id, "alice"), (theirs.id, "bob")}
    stats = json.loads(run_cli(capsys, "stats", "--all-profiles", "--json").out)
    assert stats["sessions"] == 2 and [p["profile"] for p in stats["profiles"]] == ["alice", "bob"]
    text = run_cli(capsys, "stats", "--all-profiles")
    assert "alice" in text.out and "bob" in text.out and "api-design" in text.out
    table = run_cli(capsys, "history", "--all-profiles")
    assert "profile" in table.out and "alice" in table.out

    deleted = run_cli(capsys, "delete", mine.id[:12], "--yes")  # as bob: alice's session is not his to delete
    assert deleted.code == 1 and "no session" in deleted.err
    with _store_for("alice") as alice:
        assert alice.load_session(mine.id).id == mine.id


def test_the_default_profile_is_the_os_user_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "dana")
    assert default_profile() == "dana"
    with _store_for(None) as store:
        assert store.profile == "dana"


@pytest.mark.parametrize("name", ["bad\x1bname", "", "   "])
def test_a_bad_profile_name_is_a_usage_error(capsys: pytest.CaptureFixture[str], name: str) -> None:
    # An empty --profile used to fall back silently to the OS user, so a script's unset variable went unnoticed.
    result = run_cli(capsys, "--profile", name, "history")
    assert result.code == 2 and "bad profile name" in result.err


def test_existing_sqlite_rows_go_to_the_profile_that_migrates_them(coach_home: object, tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            migrations.migrate_connection(conn, "0002")
            conn.execute(
                sa.text(
                    "INSERT INTO sessions (id, track, mode, status, settings, started_at) "
                    "VALUES ('old', 'backend', 'offline', 'completed', '{}', '2025-01-01 00:00:00')"
                )
            )
            conn.commit()
            migrations.migrate_connection(conn, migrations.head_revision(), "erin")
            assert conn.execute(sa.text("SELECT profile FROM sessions")).scalar() == "erin"
            conn.rollback()
    finally:
        engine.dispose()


# --- a server that accepts and never answers ---------------------------------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A loopback socket that accepts connections and never sends a byte."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            accepted.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for conn in accepted:
        conn.close()
    listener.close()


def test_a_server_that_never_answers_fails_fast_with_a_message_naming_the_host(
    silent_server: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "INTERVIEW_COACH_DATABASE_URL", f"postgresql+psycopg://alice:s3cret@127.0.0.1:{silent_server}/db"
    )
    monkeypatch.setenv("INTERVIEW_COACH_DB_CONNECT_TIMEOUT_S", "1")
    began = time.monotonic()
    result = run_cli(capsys, "history")
    elapsed = time.monotonic() - began
    assert result.code == 1
    assert f"127.0.0.1:{silent_server}" in result.err and "did not answer" in result.err
    assert "s3cret" not in result.err and "Traceback" not in result.err
    assert elapsed < 10  # libpq rounds 1 s up to 2 s; without a timeout this would hang for good


def test_the_timeouts_reach_the_driver() -> None:
    from interview_coach.storage.engine import server_connect_args

    args = server_connect_args(sa.make_url("postgresql+psycopg://h/db"), 4.0, 2.5)
    assert args == {"connect_timeout": 4, "options": "-c statement_timeout=2500"}
    assert server_connect_args(sa.make_url("sqlite:///x"), 4.0, 2.5) == {}


def test_resume_variety_and_reviews_follow_the_profile() -> None:
    from datetime import date

    from interview_coach.domain.models import ReviewState, SessionStatus

    unfinished = make_session(status=SessionStatus.IN_PROGRESS)
    with _store_for("alice") as alice:
        alice.create_session(unfinished)
        alice.save_review_state(ReviewState(question_id="backend-idempotent-retries", due=date(2025, 1, 1)))
        assert alice.latest_in_progress() is not None
        assert "backend-idempotent-retries" in alice.recent_question_ids("backend")
        assert [r.question_id for r in alice.due_reviews("backend", date(2026, 1, 1))] == ["backend-idempotent-retries"]
    with _store_for("bob") as bob:
        assert bob.latest_in_progress() is None  # `start --resume` as bob never picks up alice's session
        assert bob.recent_question_ids("backend") == set()
        assert bob.due_reviews("backend", date(2026, 1, 1)) == []
        assert bob.review_state("backend-idempotent-retries") is None


def test_downgrading_keeps_one_review_row_per_question(tmp_path: object) -> None:
    from pathlib import Path

    engine = make_engine(f"sqlite:///{Path(str(tmp_path)) / 'down.sqlite3'}")
    try:
        with engine.connect() as conn:
            migrations.migrate_connection(conn, migrations.head_revision(), "alice")
            for profile in ("bob", "alice"):
                conn.execute(
                    sa.text(
                        "INSERT INTO question_stats (question_id, profile, times_asked, ease, interval_days, "
                        "repetitions) VALUES ('q1', :p, 1, 2.5, 1, 1)"
                    ),
                    {"p": profile},
                )
            conn.commit()
            migrations.migrate_connection(conn, "0002")
            assert conn.execute(sa.text("SELECT question_id FROM question_stats")).scalars().all() == ["q1"]
            columns = {c["name"] for c in sa.inspect(conn).get_columns("sessions")}
            assert "profile" not in columns
            conn.rollback()
    finally:
        engine.dispose()


def test_the_delivery_trend_in_stats_follows_the_profile(capsys: pytest.CaptureFixture[str]) -> None:
    from interview_coach.domain.delivery import DeliveryMetrics
    from interview_coach.domain.models import TurnKind

    spoken = make_session()
    for turn in spoken.turns:
        if turn.kind is TurnKind.ANSWER and turn.metrics is not None:
            turn.metrics = turn.metrics.model_copy(update={"delivery": DeliveryMetrics(word_count=40)})
    with _store_for("alice") as alice:
        alice.create_session(spoken)
    with _store_for("bob") as bob:
        bob.create_session(make_session())

    def delivery(*args: str) -> object:
        return json.loads(run_cli(capsys, *args, "stats", "--json").out)["delivery"]

    assert delivery("--profile", "bob") is None  # bob typed; alice's spoken answers are not his
    assert delivery("--profile", "alice") is not None


def test_another_profiles_session_is_not_found_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    theirs = make_session()
    with _store_for("bob") as bob:
        bob.create_session(theirs)
    result = run_cli(capsys, "--profile", "alice", "export", theirs.id[:12])
    assert result.code == 1 and "another profile's" in result.err and "--all-profiles" in result.err
    unknown = run_cli(capsys, "--profile", "alice", "export", "ffffffffffff")
    assert unknown.code == 1 and "another profile" not in unknown.err


def test_a_reviewers_csv_and_markdown_exports_say_whose_each_session_is(capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io as text_io

    with _store_for("alice") as alice:
        alice.create_session(make_session())
    with _store_for("bob") as bob:
        bob.create_session(make_session())
    table = run_cli(capsys, "export", "--all", "--all-profiles", "--format", "csv")
    assert table.code == 0
    assert {row["profile"] for row in csv.DictReader(text_io.StringIO(table.out))} == {"alice", "bob"}
    markdown = run_cli(capsys, "export", "--all", "--all-profiles", "--format", "md").out
    assert "- Profile: alice" in markdown and "- Profile: bob" in markdown
    own = run_cli(capsys, "--profile", "alice", "export", "--all", "--format", "csv").out
    assert {row["profile"] for row in csv.DictReader(text_io.StringIO(own))} == {""}


def test_a_profile_cannot_write_into_another_profiles_session() -> None:
    from interview_coach.domain.models import Role, SessionSummary, Turn, TurnKind

    hers = make_session()
    with _store_for("alice") as alice:
        alice.create_session(hers)
    intruding = Turn(session_id=hers.id, seq=99, role=Role.CANDIDATE, kind=TurnKind.ANSWER, text="bob was here")
    with _store_for("bob") as bob:
        with pytest.raises(Exception, match="no session"):
            bob.add_turn(intruding)
        with pytest.raises(Exception, match="no session"):
            bob.save_summary(hers.id, SessionSummary(strengths=["bob"], weaknesses=[], next_steps=[]))
    with _store_for("alice") as alice:
        loaded = alice.load_session(hers.id)
    assert all(t.text != "bob was here" for t in loaded.turns)
    assert loaded.summary is None or "bob" not in loaded.summary.strengths


@pytest.mark.parametrize("name", ["al\u202eice", "x\x9by", "tab\there"])
def test_a_profile_name_with_control_or_bidi_characters_is_refused(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    result = run_cli(capsys, "--profile", name, "history")
    assert result.code == 2 and "bad profile name" in result.err
    assert "\u202e" not in result.err and "\x9b" not in result.err

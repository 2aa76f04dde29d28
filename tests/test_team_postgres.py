"""Team mode on a real PostgreSQL: migrations up and down, row-level security with raw SQL, and the acceptance
scenario of issue 19 through the CLI (alice and bob practise, carol reviews)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from interview_coach.storage import migrate as migrations
from interview_coach.storage import team
from interview_coach.storage.engine import make_engine
from interview_coach.storage.tables import metadata
from tests.cli_helpers import Result, run_cli
from tests.pg_fixtures import OWNER, PgServer
from tests.storage_helpers import make_session

ANSWER = (
    "I would add an index on the columns used by the filter, check the query plan with explain, and measure "
    "latency before and after. The trade-off is slower writes and more storage, so I would watch the write path.\n.\n"
)
START = ("start", "--track", "backend", "--plain", "--questions", "1", "--warmups", "0", "--follow-ups", "0")


@pytest.fixture
def engines(pg_server: PgServer, pg_database: str) -> Iterator[dict[str, sa.Engine]]:
    made = {role: make_engine(pg_server.url(role, pg_database)) for role in (OWNER, "alice", "bob", "carol")}
    yield made
    for engine in made.values():
        engine.dispose()


def _as(engine: sa.Engine, sql: str, **params: object) -> list[tuple[object, ...]]:
    with engine.begin() as conn:
        result = conn.execute(sa.text(sql), params)
        return [tuple(row) for row in result] if result.returns_rows else []


def _grant_team(owner: sa.Engine) -> None:
    with owner.begin() as conn:
        team.grant(conn, "alice", reviewer=False)
        team.grant(conn, "bob", reviewer=False)
        team.grant(conn, "carol", reviewer=True)


def _store_as(engine: sa.Engine, role: str):  # type: ignore[no-untyped-def]
    from interview_coach.storage.engine import location_for_url
    from interview_coach.storage.repository import SqlSessionStore

    return SqlSessionStore(engine, location_for_url(engine.url.render_as_string(hide_password=False)), role)


# --- migrations --------------------------------------------------------------------------------------------------


def test_migrations_run_up_down_and_up_on_postgresql_and_match_the_models(
    pg_server: PgServer, pg_blank_database: str
) -> None:
    engine = make_engine(pg_server.url(OWNER, pg_blank_database))
    try:
        head = migrations.head_revision()
        with engine.connect() as conn:
            migrations.migrate_connection(conn, head)
            _as_conn_insert_session(conn)
            down = migrations.migrate_connection(conn, None)
            assert migrations.user_tables(conn) == []
            conn.rollback()
            up = migrations.migrate_connection(conn, head)
            context = MigrationContext.configure(conn, opts={"compare_type": True, "target_metadata": metadata})
            assert compare_metadata(context, metadata) == []
            secured = conn.exec_driver_sql(
                "SELECT relname FROM pg_class WHERE relrowsecurity AND relname = ANY(%(names)s)",
                {"names": list(team.PROFILE_TABLES + team.SESSION_CHILD_TABLES)},
            ).scalars()
            assert set(secured) == set(team.PROFILE_TABLES + team.SESSION_CHILD_TABLES)
            conn.rollback()
        assert (down.from_revision, down.to_revision) == (head, None)
        assert (up.from_revision, up.to_revision) == (None, head)
    finally:
        engine.dispose()


def _as_conn_insert_session(conn: sa.Connection) -> None:
    """A row made before the downgrade, so the downgrade has data to carry (and drop with the tables)."""
    conn.execute(
        sa.text(
            "INSERT INTO sessions (id, track, mode, status, settings, started_at, profile) "
            "VALUES ('s1', 'backend', 'offline', 'completed', '{}', now(), 'coach')"
        )
    )
    conn.commit()


def test_an_existing_session_is_backfilled_to_the_owner_and_the_review_key_includes_the_profile(
    pg_server: PgServer, pg_blank_database: str
) -> None:
    engine = make_engine(pg_server.url(OWNER, pg_blank_database))
    try:
        with engine.connect() as conn:
            migrations.migrate_connection(conn, "0002")
            conn.execute(
                sa.text(
                    "INSERT INTO sessions (id, track, mode, status, settings, started_at) "
                    "VALUES ('old', 'backend', 'offline', 'completed', '{}', now())"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO question_stats (question_id, times_asked, ease, interval_days, repetitions) "
                    "VALUES ('q1', 1, 2.5, 1, 1)"
                )
            )
            conn.commit()
            migrations.migrate_connection(conn, migrations.head_revision())
            assert conn.execute(sa.text("SELECT profile FROM sessions")).scalar() == OWNER
            assert conn.execute(sa.text("SELECT profile FROM question_stats")).scalar() == OWNER
            keys = sa.inspect(conn).get_pk_constraint("question_stats")["constrained_columns"]
            assert keys == ["question_id", "profile"]
            conn.rollback()
    finally:
        engine.dispose()


# --- row-level security, with raw SQL ------------------------------------------------------------------------------


def test_raw_sql_as_alice_sees_and_changes_only_alices_rows(engines: dict[str, sa.Engine]) -> None:
    _grant_team(engines[OWNER])
    alice_session, bob_session = make_session(), make_session()
    _store_as(engines["alice"], "alice").create_session(alice_session)
    _store_as(engines["bob"], "bob").create_session(bob_session)

    alice = engines["alice"]
    assert _as(alice, "SELECT id FROM sessions") == [(alice_session.id,)]
    turns = _as(alice, "SELECT DISTINCT session_id FROM turns")
    assert turns == [(alice_session.id,)]
    assert _as(alice, "SELECT DISTINCT session_id FROM evaluations") == [(alice_session.id,)]
    assert _as(alice, "SELECT session_id FROM session_summaries") == [(alice_session.id,)]
    # Bob's rows cannot be changed or deleted by her either: the statements touch nothing.
    _as(alice, "UPDATE sessions SET track = 'hacked' WHERE id = :id", id=bob_session.id)
    _as(alice, "DELETE FROM turns WHERE session_id = :id", id=bob_session.id)
    assert _as(engines["bob"], "SELECT track, (SELECT count(*) FROM turns) FROM sessions") == [
        ("backend", len(bob_session.turns))
    ]
    # Nor can she write a row in his name, or hang a turn on his session.
    with pytest.raises(sa.exc.ProgrammingError, match="row-level security"):
        _as(
            alice,
            "INSERT INTO sessions (id, track, mode, status, settings, started_at, profile) "
            "VALUES ('forged', 'backend', 'offline', 'completed', '{}', now(), 'bob')",
        )
    with pytest.raises(sa.exc.ProgrammingError, match="row-level security"):
        _as(
            alice,
            "INSERT INTO turns (session_id, seq, role, kind, text, created_at) "
            "VALUES (:id, 99, 'candidate', 'answer', 'x', now())",
            id=bob_session.id,
        )


def test_a_reviewer_reads_everyone_but_writes_nobodys_rows(engines: dict[str, sa.Engine]) -> None:
    _grant_team(engines[OWNER])
    alice_session = make_session()
    _store_as(engines["alice"], "alice").create_session(alice_session)
    carol = engines["carol"]
    assert _as(carol, "SELECT id, profile FROM sessions") == [(alice_session.id, "alice")]
    assert _as(carol, "SELECT count(*) FROM turns") == [(len(alice_session.turns),)]
    _as(carol, "UPDATE sessions SET track = 'x'")
    _as(carol, "DELETE FROM turns")
    assert _as(engines["alice"], "SELECT track, (SELECT count(*) FROM turns) FROM sessions") == [
        ("backend", len(alice_session.turns))
    ]


def test_a_role_without_a_grant_cannot_read_the_tables(engines: dict[str, sa.Engine]) -> None:
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
        _as(engines["alice"], "SELECT id FROM sessions")


def test_the_review_schedule_is_per_candidate(engines: dict[str, sa.Engine]) -> None:
    from interview_coach.domain.models import ReviewState

    _grant_team(engines[OWNER])
    alice, bob = _store_as(engines["alice"], "alice"), _store_as(engines["bob"], "bob")
    alice.save_review_state(ReviewState(question_id="q1", times_asked=3, repetitions=2))
    bob.save_review_state(ReviewState(question_id="q1", times_asked=1))
    state_a, state_b = alice.review_state("q1"), bob.review_state("q1")
    assert state_a is not None and state_a.times_asked == 3
    assert state_b is not None and state_b.times_asked == 1


# --- the acceptance scenario through the CLI ------------------------------------------------------------------------


def _cli_as(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str, *args: str, stdin: str = ""
) -> Result:
    monkeypatch.setenv("INTERVIEW_COACH_DATABASE_URL", url)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return run_cli(capsys, *args)


def test_alice_and_bob_practise_and_carol_reviews(
    pg_server: PgServer,
    pg_blank_database: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = {role: pg_server.url(role, pg_blank_database) for role in (OWNER, "alice", "bob", "carol")}
    owner = _cli_as(capsys, monkeypatch, url[OWNER], "migrate")
    assert owner.code == 0, owner.err
    for args in (("alice",), ("bob",), ("carol", "--reviewer")):
        granted = _cli_as(capsys, monkeypatch, url[OWNER], "team", "grant", *args)
        assert granted.code == 0, granted.err
    listed = _cli_as(capsys, monkeypatch, url[OWNER], "team", "list", "--json")
    assert json.loads(listed.out) == [
        {"role": "alice", "member": True, "reviewer": False},
        {"role": "bob", "member": True, "reviewer": False},
        {"role": "carol", "member": True, "reviewer": True},
    ]

    for role in ("alice", "bob"):
        done = _cli_as(capsys, monkeypatch, url[role], *START, stdin=ANSWER * 4)
        assert done.code == 0, done.err
        assert "== Summary" in done.out

    alice = _cli_as(capsys, monkeypatch, url["alice"], "history", "--json")
    assert alice.code == 0, alice.err
    alice_sessions = json.loads(alice.out)
    assert len(alice_sessions) == 1 and alice_sessions[0]["status"] == "completed"

    bob = _cli_as(capsys, monkeypatch, url["bob"], "history", "--all-profiles", "--json")
    assert bob.code == 1
    assert "permission denied: ask a reviewer" in bob.err and "Traceback" not in bob.err + bob.out
    assert alice_sessions[0]["id"] not in bob.out
    bob_own = json.loads(_cli_as(capsys, monkeypatch, url["bob"], "history", "--json").out)
    assert [s["id"] for s in bob_own] != [s["id"] for s in alice_sessions] and len(bob_own) == 1

    carol = _cli_as(capsys, monkeypatch, url["carol"], "stats", "--all-profiles", "--json")
    assert carol.code == 0, carol.err
    report = json.loads(carol.out)
    assert report["sessions"] == 2
    assert [p["profile"] for p in report["profiles"]] == ["alice", "bob"]
    assert all(p["sessions"] == 1 and p["competencies"] for p in report["profiles"])

    exported = _cli_as(capsys, monkeypatch, url["carol"], "export", "--all", "--all-profiles", "--format", "json")
    assert exported.code == 0, exported.err
    assert sorted(s["profile"] for s in json.loads(exported.out)["sessions"]) == ["alice", "bob"]


def test_a_profile_other_than_the_role_is_refused(
    pg_owner_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _cli_as(capsys, monkeypatch, pg_owner_url, "--profile", "mallory", "history")
    assert result.code == 2
    assert "profile 'mallory' is refused" in result.err and "'coach'" in result.err


def test_a_candidate_is_never_migrated_by_the_client_and_is_told_whom_to_ask(
    pg_server: PgServer, pg_blank_database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pg_server.url("alice", pg_blank_database)
    result = _cli_as(capsys, monkeypatch, url, *START, stdin=ANSWER * 4)
    assert result.code == 1
    assert "Ask the database owner to run `interview-coach migrate`" in result.err
    check = _cli_as(capsys, monkeypatch, pg_server.url(OWNER, pg_blank_database), "migrate", "--check")
    assert check.code == 1 and "is at revision base" in check.err
    assert _cli_as(capsys, monkeypatch, pg_server.url(OWNER, pg_blank_database), "migrate").code == 0
    check = _cli_as(capsys, monkeypatch, pg_server.url(OWNER, pg_blank_database), "migrate", "--check")
    assert check.code == 0 and "at head" in check.out


def test_team_commands_need_postgresql_and_an_existing_role(
    pg_owner_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    on_sqlite = run_cli(capsys, "team", "list")
    assert on_sqlite.code == 2 and "needs a shared PostgreSQL database" in on_sqlite.err
    missing = _cli_as(capsys, monkeypatch, pg_owner_url, "team", "grant", "nobody")
    assert missing.code == 2 and "no role 'nobody'" in missing.err and "createuser nobody" in missing.err


def test_a_candidate_cannot_grant(
    pg_server: PgServer, pg_database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _cli_as(capsys, monkeypatch, pg_server.url("alice", pg_database), "team", "grant", "bob")
    assert result.code == 1
    assert "owner's URL" in result.err and "Traceback" not in result.err


def test_a_reviewer_of_one_database_reads_nothing_in_another(pg_server: PgServer, pg_database: str) -> None:
    first = make_engine(pg_server.url(OWNER, pg_database))
    other_db = f"{pg_database}_other"
    pg_server.run(f"CREATE DATABASE {other_db} TEMPLATE ic_template OWNER {OWNER}")
    other_owner = make_engine(pg_server.url(OWNER, other_db))
    carol_there = make_engine(pg_server.url("carol", other_db))
    try:
        with first.begin() as conn:
            team.grant(conn, "carol", reviewer=True)
        with other_owner.begin() as conn:
            team.grant(conn, "alice", reviewer=False)
        _store_as(make_engine(pg_server.url("alice", other_db)), "alice").create_session(make_session())
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            _as(carol_there, "SELECT id FROM sessions")
        with other_owner.begin() as conn:
            team.grant(conn, "carol", reviewer=False)  # a member there, not a reviewer: her own rows only
        assert _as(carol_there, "SELECT id FROM sessions") == []
    finally:
        for engine in (first, other_owner, carol_there):
            engine.dispose()
        pg_server.run(f"DROP DATABASE IF EXISTS {other_db} WITH (FORCE)")


def test_a_statement_over_the_timeout_is_cancelled_with_a_clear_message(pg_owner_url: str) -> None:
    from interview_coach.errors import StorageError
    from interview_coach.storage.engine import location_for_url
    from interview_coach.storage.guard import translate_errors

    engine = make_engine(pg_owner_url, statement_timeout_s=0.2)
    location = location_for_url(pg_owner_url)
    try:
        expected = pytest.raises(StorageError, match="took longer than .* INTERVIEW_COACH_DB_STATEMENT_TIMEOUT_S")
        with expected, translate_errors(location), engine.connect() as conn:
            conn.execute(sa.text("SELECT pg_sleep(5)"))
    finally:
        engine.dispose()


def test_the_owner_is_never_granted_or_revoked(
    pg_owner_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for command in (("team", "revoke", OWNER), ("team", "grant", OWNER)):
        result = _cli_as(capsys, monkeypatch, pg_owner_url, *command)
        assert result.code == 2 and "owns this database" in result.err
    still = _cli_as(capsys, monkeypatch, pg_owner_url, "team", "list")
    assert still.code == 0  # the owner kept every right


def test_granting_a_reviewer_again_says_they_still_review(
    pg_owner_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _cli_as(capsys, monkeypatch, pg_owner_url, "team", "grant", "carol", "--reviewer").code == 0
    again = _cli_as(capsys, monkeypatch, pg_owner_url, "team", "grant", "carol")
    assert "still a reviewer" in again.out
    plain = _cli_as(capsys, monkeypatch, pg_owner_url, "team", "grant", "alice")
    assert "they see only their own sessions" in plain.out


def test_a_downgrade_below_team_mode_takes_the_members_rights_with_row_level_security(
    engines: dict[str, sa.Engine],
) -> None:
    _grant_team(engines[OWNER])
    assert _as(engines["alice"], "SELECT count(*) FROM sessions") == [(0,)]
    with engines[OWNER].connect() as conn:
        migrations.migrate_connection(conn, "0004")
    for role in ("alice", "carol"):  # without the policies, any right left would read everyone's answers
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            _as(engines[role], "SELECT text FROM turns")

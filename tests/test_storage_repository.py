"""SqlSessionStore: the SessionStore port over SQLite and PostgreSQL, converting rows to domain objects at the edge."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from interview_coach.domain.models import (
    Evaluation,
    ReviewState,
    Role,
    Session,
    SessionStatus,
    SessionSummary,
    Turn,
    TurnKind,
)
from interview_coach.domain.ports import SessionStore
from interview_coach.errors import NotFoundError, StorageError, UsageError
from tests.storage_helpers import SECRET, T0, make_session, new_id, store

# One suite, two stores: every test here runs on SQLite and on a real PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("store_backend")


def without_ids(session: Session) -> dict[str, object]:
    return session.model_dump(exclude={"turns": {"__all__": {"id"}}, "evaluations": {"__all__": {"id"}}})


def test_store_implements_the_port() -> None:
    with store() as s:
        assert isinstance(s, SessionStore)


def test_a_created_session_loads_back_equal() -> None:
    original = make_session()
    with store() as s:
        s.create_session(original)
        loaded = s.load_session(original.id)
    assert without_ids(loaded) == without_ids(original)
    assert [t.id for t in loaded.turns] == sorted(t.id for t in loaded.turns if t.id is not None)
    assert all(e.id is not None for e in loaded.evaluations)


def test_times_come_back_in_utc_whatever_zone_they_were_given_in() -> None:
    plus_two = timezone(timedelta(hours=2))
    session = Session(id=new_id(), track="backend", started_at=datetime(2025, 1, 1, 12, 0, tzinfo=plus_two))
    with store() as s:
        s.create_session(session)
        loaded = s.load_session(session.id)
    assert loaded.started_at == datetime(2025, 1, 1, 10, 0, tzinfo=UTC)
    assert loaded.started_at.tzinfo is UTC


def test_turns_and_evaluations_are_added_one_by_one_and_get_ids() -> None:
    session = Session(id=new_id(), track="backend")
    with store() as s:
        s.create_session(session)
        q = s.add_turn(Turn(session_id=session.id, seq=0, role=Role.COACH, kind=TurnKind.QUESTION, text="Q?"))
        a = s.add_turn(Turn(session_id=session.id, seq=1, role=Role.CANDIDATE, kind=TurnKind.ANSWER, text="A."))
        ev = s.add_evaluation(Evaluation(session_id=session.id, answer_turn_seq=1, question_id="q", overall=50))
        loaded = s.load_session(session.id)
    assert q.id is not None and a.id is not None and q.id != a.id
    assert ev.id is not None
    assert [t.text for t in loaded.turns] == ["Q?", "A."]
    assert loaded.evaluations[0].overall == 50


def test_delete_session_removes_it_with_its_turns_and_evaluations_and_nothing_else() -> None:
    doomed, kept = make_session(), make_session()
    with store() as s:
        s.create_session(doomed)
        s.create_session(kept)
        s.delete_session(doomed.id)
        s.delete_session(doomed.id)  # gone already: nothing to do, no error
        with pytest.raises(NotFoundError):
            s.load_session(doomed.id)
        assert [o.id for o in s.list_sessions()] == [kept.id]
        assert len(s.load_session(kept.id).turns) == len(kept.turns)
        with s.engine.connect() as conn:
            left = [
                conn.execute(sa.text(f"SELECT count(*) FROM {table} WHERE session_id = :s"), {"s": doomed.id}).scalar()
                for table in ("turns", "evaluations", "session_summaries")
            ]
        assert left == [0, 0, 0]


def test_writes_to_an_unknown_session_are_not_found_errors() -> None:
    with store() as s:
        with pytest.raises(NotFoundError, match="no session 'nope'"):
            s.add_turn(Turn(session_id="nope", seq=0, role=Role.COACH, kind=TurnKind.QUESTION, text="Q"))
        with pytest.raises(NotFoundError):
            s.add_evaluation(Evaluation(session_id="nope", question_id="q", overall=1))
        with pytest.raises(NotFoundError):
            s.save_summary("nope", SessionSummary())
        with pytest.raises(NotFoundError):
            s.update_session(Session(id="nope", track="backend"))
        with pytest.raises(NotFoundError):
            s.load_session("nope")


def test_a_duplicate_turn_seq_is_a_storage_error_and_keeps_the_first() -> None:
    session = make_session()
    with store() as s:
        s.create_session(session)
        with pytest.raises(StorageError, match="constraint"):
            s.add_turn(Turn(session_id=session.id, seq=1, role=Role.COACH, kind=TurnKind.QUESTION, text="dup"))
        assert s.load_session(session.id).turns[1].text == session.turns[1].text


def test_an_evaluation_without_session_id_is_rejected() -> None:
    with store() as s, pytest.raises(ValueError):
        s.add_evaluation(Evaluation(question_id="q", overall=1))


def test_update_session_writes_status_score_and_summary() -> None:
    session = Session(id=new_id(), track="backend", started_at=T0)
    with store() as s:
        s.create_session(session)
        session.status = SessionStatus.COMPLETED
        session.ended_at = T0 + timedelta(minutes=30)
        session.overall_score = 61.0
        session.summary = SessionSummary(strengths=["x"], competency_scores={"api-design": 61.0})
        s.update_session(session)
        s.save_summary(session.id, SessionSummary(strengths=["y"], competency_scores={"api-design": 62.0}))
        loaded = s.load_session(session.id)
    assert loaded.status is SessionStatus.COMPLETED
    assert loaded.ended_at == T0 + timedelta(minutes=30)
    assert loaded.overall_score == 61.0
    assert loaded.summary is not None and loaded.summary.strengths == ["y"]


def test_secrets_in_a_settings_snapshot_never_reach_the_database() -> None:
    session = Session(
        id=new_id(),
        track="backend",
        settings={"questions": 5, "deepseek_api_key": SECRET, "nested": {"auth_token": SECRET, "max_tokens": 9}},
    )
    with store() as s:
        s.create_session(session)
        loaded = s.load_session(session.id)
        path = s.location.sqlite_file
        if path is None:  # a server: every stored session row, as the server's own text
            with s.engine.connect() as conn:
                rows = conn.execute(sa.text("SELECT CAST(sessions.* AS text) FROM sessions")).scalars().all()
            raw = "".join(rows).encode()
            assert session.id.encode() in raw
    assert loaded.settings == {"questions": 5, "nested": {"max_tokens": 9}}
    if path is not None:
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert SECRET.encode() not in raw


def test_list_sessions_is_newest_first_with_answer_counts_track_filter_and_limit() -> None:
    sessions = [
        make_session(track="backend" if n % 2 else "frontend", started_at=T0 + timedelta(days=n)) for n in range(5)
    ]
    with store() as s:
        for session in sessions:
            s.create_session(session)
        everything = s.list_sessions()
        backend = s.list_sessions(track="backend")
        two = s.list_sessions(limit=2)
        assert s.count_sessions() == 5 and s.count_sessions("backend") == 2
    assert [o.id for o in everything] == [x.id for x in reversed(sessions)]
    assert {o.track for o in backend} == {"backend"} and len(backend) == 2
    assert [o.id for o in two] == [sessions[4].id, sessions[3].id]
    assert all(o.answers == 2 for o in everything)


def test_latest_in_progress_ignores_finished_sessions() -> None:
    old = make_session(status=SessionStatus.IN_PROGRESS, started_at=T0)
    newer_done = make_session(started_at=T0 + timedelta(hours=1))
    other_track = make_session(track="frontend", status=SessionStatus.IN_PROGRESS, started_at=T0 + timedelta(hours=2))
    with store() as s:
        assert s.latest_in_progress() is None
        for session in (old, newer_done, other_track):
            s.create_session(session)
        latest_any = s.latest_in_progress()
        latest_backend = s.latest_in_progress("backend")
        assert s.latest_session_id() == other_track.id
        assert s.latest_session_id("backend") == newer_done.id
    assert latest_any is not None and latest_any.id == other_track.id
    assert latest_backend is not None and latest_backend.id == old.id


def test_resolve_session_id_takes_a_unique_prefix() -> None:
    a, b = make_session("abc111"), make_session("abc222")
    with store() as s:
        s.create_session(a)
        s.create_session(b)
        assert s.resolve_session_id("abc111") == "abc111"
        assert s.resolve_session_id("abc2") == "abc222"
        with pytest.raises(UsageError, match="ambiguous"):
            s.resolve_session_id("abc")
        with pytest.raises(NotFoundError, match="history"):
            s.resolve_session_id("zzz")
        with pytest.raises(NotFoundError):
            s.resolve_session_id("ab%")  # LIKE wildcards are literal


def test_recent_question_ids_come_from_the_last_sessions_of_the_track() -> None:
    def asked(qid: str, day: int, track: str = "backend") -> Session:
        sid = new_id()
        turn = Turn(session_id=sid, seq=0, role=Role.COACH, kind=TurnKind.QUESTION, question_id=qid, text="?")
        return Session(id=sid, track=track, started_at=T0 + timedelta(days=day), turns=[turn])

    with store() as s:
        assert s.recent_question_ids("backend") == set()
        for session in (asked("q-old", 0), asked("q1", 1), asked("q2", 2), asked("q3", 3), asked("f1", 4, "frontend")):
            s.create_session(session)
        assert s.recent_question_ids("backend") == {"q1", "q2", "q3"}
        assert s.recent_question_ids("backend", sessions=1) == {"q3"}


def test_review_state_upserts_and_due_reviews_filter_by_track_and_day() -> None:
    session = make_session(track="backend")
    today = date(2025, 6, 1)
    with store() as s:
        s.create_session(session)
        assert s.review_state("backend-idempotent-retries") is None
        state = ReviewState(question_id="backend-idempotent-retries", times_asked=1, due=today + timedelta(days=1))
        s.save_review_state(state)
        assert s.due_reviews("backend", today) == []
        s.save_review_state(state.model_copy(update={"times_asked": 2, "due": today, "ease": 2.36}))
        stored = s.review_state("backend-idempotent-retries")
        due_backend = s.due_reviews("backend", today)
        due_frontend = s.due_reviews("frontend", today)
    assert stored is not None and stored.times_asked == 2 and stored.ease == 2.36
    assert [r.question_id for r in due_backend] == ["backend-idempotent-retries"]
    assert due_frontend == []


def test_iter_sessions_streams_every_session_oldest_first_in_batches() -> None:
    same_time = [make_session(started_at=T0) for _ in range(3)]  # ties are broken by id, never skipped
    later = [make_session(started_at=T0 + timedelta(minutes=n + 1)) for n in range(4)]
    with store() as s:
        for session in same_time + later:
            s.create_session(session)
        streamed = list(s.iter_sessions(batch_size=2))
        backend_only = list(s.iter_sessions(track="frontend"))
    assert [x.id for x in streamed] == sorted(x.id for x in same_time) + [x.id for x in later]
    assert all(len(x.turns) == 7 and len(x.evaluations) == 2 and x.summary for x in streamed)
    assert backend_only == []


def test_score_rows_feed_stats_with_summary_competencies() -> None:
    with store() as s:
        s.create_session(make_session(started_at=T0, score=50, competencies={"api-design": 40.0}))
        s.create_session(make_session(started_at=T0 + timedelta(days=1), score=None))
        rows = s.score_rows()
        only_frontend = s.score_rows("frontend")
    assert [r.overall for r in rows] == [50, None]
    assert rows[0].competencies == {"api-design": 40.0}
    assert only_frontend == []


async def test_the_store_works_from_worker_threads_like_the_engine_uses_it() -> None:
    session = Session(id=new_id(), track="backend")
    with store() as s:
        await asyncio.to_thread(s.create_session, session)
        turns = [
            Turn(session_id=session.id, seq=n, role=Role.CANDIDATE, kind=TurnKind.ANSWER, text=f"a{n}")
            for n in range(8)
        ]
        await asyncio.gather(*(asyncio.to_thread(s.add_turn, t) for t in turns))
        loaded = await asyncio.to_thread(s.load_session, session.id)
    assert [t.seq for t in loaded.turns] == list(range(8))

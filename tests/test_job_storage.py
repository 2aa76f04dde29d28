"""Job-tailored sessions in the database (migration 0003): the job and the generated questions round-trip, the CV
text is never stored, deletes cascade, and the migration goes down and up again."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from interview_coach.domain.cv import analyse_cv
from interview_coach.domain.job_context import JobContext
from interview_coach.domain.jobs import analyse_job
from interview_coach.domain.questions import Question
from interview_coach.storage import migrate as migrations
from interview_coach.storage.engine import make_engine
from tests.storage_helpers import make_session, new_id, store

ROOT = Path(__file__).resolve().parents[1]
CV_TEXT = "Private Person\nSenior Data Engineer at Initech\n- Led the Kafka migration\nphone 555-0100\n"


def a_generated_question() -> Question:
    data = json.loads((ROOT / "questions" / "data-engineering.json").read_text(encoding="utf-8"))
    raw = next(q for q in data["questions"] if q["type"] == "technical")
    return Question.model_validate({**raw, "id": "job-written-1", "prompt": "A question written for this job?"})


def tailored_session():  # type: ignore[no-untyped-def]
    jd = (ROOT / "tests" / "data" / "jobs" / "streaming-data-engineer.txt").read_text(encoding="utf-8")
    context = JobContext.from_profile(analyse_job(jd), analyse_cv(CV_TEXT, "ab" * 32))
    context.generated = [a_generated_question()]
    context.notes = ["generated question 2 dropped: its rubric is empty"]
    return make_session(new_id()).model_copy(update={"job": context.snapshot()})


def test_the_job_and_generated_questions_round_trip() -> None:
    session = tailored_session()
    with store() as db:
        db.create_session(session)
        loaded = db.load_session(session.id)
    assert loaded.job == session.job
    context = JobContext.read(loaded.job)
    assert context is not None
    assert [q.id for q in context.generated] == ["job-written-1"]
    assert context.cv is not None and context.cv.roles == ["Senior Data Engineer at Initech"]


def test_a_session_without_a_job_reads_back_without_one() -> None:
    session = make_session(new_id())
    with store() as db:
        db.create_session(session)
        assert db.load_session(session.id).job is None


def test_the_cv_text_is_not_in_the_database() -> None:
    from interview_coach.paths import get_paths

    session = tailored_session()
    with store() as db:
        db.create_session(session)
    database = get_paths().database_file
    raw = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))  # with the WAL, if any
    assert b"Initech" in raw  # the extracted role is kept ...
    assert b"555-0100" not in raw and b"Private Person" not in raw  # ... the rest of the CV is not


def test_deleting_a_session_removes_its_job_rows() -> None:
    session = tailored_session()
    with store() as db:
        db.create_session(session)
        db.delete_session(session.id)
        with db._db() as raw:
            for table in ("session_jobs", "generated_questions"):
                assert raw.exec(sa.text(f"select count(*) from {table}")).one()[0] == 0  # type: ignore[call-overload]


def test_migration_0003_goes_down_to_0002_and_up_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")

    def names() -> set[str]:
        return set(sa.inspect(engine).get_table_names())

    try:
        with engine.connect() as conn:
            migrations.migrate_connection(conn, "0003")
        assert {"session_jobs", "generated_questions"} <= names()
        with engine.connect() as conn:
            migrations.migrate_connection(conn, "0002")
        assert "sessions" in names() and not {"session_jobs", "generated_questions"} & names()
        with engine.connect() as conn:
            migrations.migrate_connection(conn, "0003")
            assert migrations.current_revision(conn) == "0003"
    finally:
        engine.dispose()

"""The four export formats, fed a real stored session: JSON re-loads into the same domain objects."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pydantic import SecretStr

from interview_coach.config import load_settings
from interview_coach.domain.models import Session, SessionStatus
from interview_coach.domain.questions import Criterion, Question, QuestionType
from interview_coach.export.csv_export import COLUMNS, write_csv
from interview_coach.export.json_export import (
    SCHEMA_VERSION,
    ExportFormatError,
    document_json_schema,
    dumps_session,
    iter_jsonl,
    session_from_document,
    sessions_from_document,
    write_json,
)
from interview_coach.export.jsonl import write_jsonl
from interview_coach.export.markdown import render_markdown, write_markdown
from interview_coach.storage.snapshot import settings_snapshot
from tests.storage_helpers import SECRET, make_session, store


@pytest.fixture
def stored() -> Session:
    """A session as it comes back from the database (with ids and UTC times)."""
    with store() as s:
        s.create_session(make_session())
        s.create_session(make_session(track="frontend"))
        return s.load_session(s.list_sessions(track="backend")[0].id)


def test_json_round_trips_into_the_same_domain_objects(stored: Session) -> None:
    text = dumps_session(stored)
    document = json.loads(text)
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["generator"].startswith("interview-coach ")
    assert session_from_document(text) == stored
    assert session_from_document(document) == stored


def test_jsonl_streams_one_reloadable_session_per_line() -> None:
    with store() as s:
        for n in range(3):
            s.create_session(make_session(f"session-{n}"))
        out = io.StringIO()
        count = write_jsonl(s.iter_sessions(batch_size=2), out)
        expected = list(s.iter_sessions())
    lines = out.getvalue().splitlines()
    assert count == len(lines) == 3
    assert all(json.loads(line)["schema_version"] == SCHEMA_VERSION for line in lines)
    assert list(iter_jsonl(lines)) == expected


def test_json_of_many_sessions_is_one_valid_document(stored: Session) -> None:
    out = io.StringIO()
    assert write_json([stored, stored], out) == 2
    assert sessions_from_document(json.loads(out.getvalue())) == [stored, stored]
    empty = io.StringIO()
    write_json([], empty)
    assert json.loads(empty.getvalue())["sessions"] == []


def test_unknown_schema_versions_are_refused(stored: Session) -> None:
    document = json.loads(dumps_session(stored))
    document["schema_version"] = 99
    with pytest.raises(ExportFormatError, match="schema_version 99"):
        session_from_document(document)


def test_the_documented_schema_describes_the_document(stored: Session) -> None:
    schema = document_json_schema()
    assert schema["properties"]["schema_version"] == {"const": SCHEMA_VERSION}
    assert "Turn" in schema["$defs"]
    document = json.loads(dumps_session(stored))
    assert set(schema["required"]) <= set(document)


def test_csv_has_one_row_per_answer_with_its_question_and_score(stored: Session) -> None:
    out = io.StringIO()
    assert write_csv([stored], out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == COLUMNS
    assert [r["answer"] for r in rows] == [t.text for t in stored.turns if t.kind.value == "answer"]
    first, second = rows
    assert first["question"] == "How do you make a payment API safe to retry?"
    assert first["question_kind"] == "question" and second["question_kind"] == "follow_up"
    assert (first["score"], first["criteria_met"], first["criteria_missed"]) == (
        "65.0",
        "idempotency-key",
        "key-expiry",
    )
    assert (first["word_count"], first["time_to_first_keystroke_s"], first["hints_used"]) == ("17", "4.25", "1")
    assert second["score"] == "80.0" and second["criteria_met"] == "key-expiry"


def test_markdown_report_has_transcript_scores_criteria_feedback_and_summary(stored: Session) -> None:
    question = Question(
        id="backend-idempotent-retries",
        track="backend",
        type=QuestionType.TECHNICAL,
        prompt="How do you make a payment API safe to retry?",
        difficulty=3,
        competencies=["api-design"],
        rubric=[
            Criterion(id="idempotency-key", description="Uses an idempotency key.", key_terms=["key"]),
            Criterion(id="key-expiry", description="Says when keys expire.", key_terms=["ttl"]),
        ],
        reference_answer="Store a client key with a unique constraint and replay the stored response.",
    )
    report = render_markdown(stored, {question.id: question})
    # The reference answer follows the question's follow-up, as on screen, not before it.
    reference = report.index("> Store a client key with a unique constraint")
    assert report.index("**Coach (follow-up):** How long do you keep the keys?") < reference
    # An unfinished session's last question may still be waiting for its answer: no reference for it yet.
    unfinished = stored.model_copy(update={"status": SessionStatus.IN_PROGRESS})
    assert "Store a client key" not in render_markdown(unfinished, {question.id: question})
    for expected in (
        "# Interview practice: backend",
        "**Coach:** How do you make a payment API safe to retry?",
        "**Coach (follow-up):** How long do you keep the keys?",
        "*Hint:* Think about what the client sends twice.",
        "> Use an idempotency key | stored with a unique constraint.",
        "**Score: 65/100** (AI: deepseek-v4-flash, checked)",
        "Criteria met: idempotency-key (Uses an idempotency key.)",
        "Criteria not met: key-expiry (Says when keys expire.)",
        "> Good on keys; say how long you keep them.",
        "| 1 | backend-idempotent-retries | 65 | idempotency-key | key-expiry |",
        "### Next steps",
        "| api-design | 70 |",
        "17 words · 1m 36s · 4.2s to first keystroke",
    ):
        assert expected in report, expected
    assert report.count("Good on keys") == 1  # the feedback turn repeats the evaluation's feedback: shown once
    out = io.StringIO()
    assert write_markdown([stored, stored], out) == 2
    assert out.getvalue().count("\n---\n") == 1


def test_no_export_format_carries_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", SECRET)
    monkeypatch.setenv("INTERVIEW_COACH_DATABASE_URL", "sqlite://")
    settings = load_settings()
    assert settings.has_deepseek_key
    snapshot = settings_snapshot(settings)
    assert "deepseek_api_key" not in snapshot and "database_url" not in snapshot
    session = make_session()
    session.settings = {**snapshot, "deepseek_api_key": SECRET, "key": SecretStr(SECRET)}
    with store() as s:
        s.create_session(session)
        loaded = s.load_session(session.id)
    loaded.settings["elevenlabs_api_key"] = SECRET  # even if a caller slips one in after loading
    outputs = [dumps_session(loaded), render_markdown(loaded)]
    for writer in (write_csv, write_jsonl, write_json):
        buffer = io.StringIO()
        writer([loaded], buffer)
        outputs.append(buffer.getvalue())
    for output in outputs:
        assert SECRET not in output

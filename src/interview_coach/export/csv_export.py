"""CSV: one row per answer, with the question it answered and its evaluation. Streams across sessions."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from interview_coach.domain.inert import inert
from interview_coach.domain.models import Session, Turn, TurnKind
from interview_coach.export.pairing import evaluation_for

COLUMNS: tuple[str, ...] = (
    "session_id",
    "session_started_at",
    "track",
    "mode",
    "status",
    "answer_seq",
    "question_id",
    "question_kind",
    "question",
    "answer",
    "answered_at",
    "word_count",
    "time_to_first_keystroke_s",
    "duration_s",
    "words_per_minute",
    "filler_words",
    "hints_used",
    "skipped",
    "score",
    "criteria_met",
    "criteria_missed",
    "scored_by",
    "latency_ms",
    "feedback",
    # Spoken answers (voice input): delivery, empty for typed answers.
    "spoken_words_per_minute",
    "spoken_long_pauses",
    "spoken_fillers",
    # Team mode: whose session, in a reviewer's export of every profile (--all-profiles); empty otherwise.
    "profile",
)
ASKING_KINDS = (TurnKind.QUESTION, TurnKind.FOLLOW_UP)


def answer_rows(session: Session) -> Iterator[dict[str, Any]]:
    asked: Turn | None = None
    for turn in session.turns:
        if turn.kind in ASKING_KINDS:
            asked = turn
            continue
        if turn.kind is not TurnKind.ANSWER:
            continue
        metrics = turn.metrics
        evaluation = evaluation_for(turn, session)
        yield {
            "session_id": session.id,
            "session_started_at": session.started_at.isoformat(),
            "track": session.track,
            "mode": session.mode.value,
            "status": session.status.value,
            "answer_seq": turn.seq,
            "question_id": turn.question_id or (asked.question_id if asked else None),
            "question_kind": asked.kind.value if asked else None,
            "question": asked.text if asked else None,
            "answer": turn.text,
            "answered_at": turn.created_at.isoformat(),
            "word_count": metrics.word_count if metrics else None,
            "time_to_first_keystroke_s": metrics.time_to_first_keystroke_s if metrics else None,
            "duration_s": metrics.duration_s if metrics else None,
            "words_per_minute": metrics.words_per_minute if metrics else None,
            "filler_words": metrics.filler_words if metrics else None,
            "hints_used": metrics.hints_used if metrics else None,
            "skipped": metrics.skipped if metrics else None,
            "score": evaluation.overall if evaluation else None,
            "criteria_met": ";".join(evaluation.met) if evaluation else None,
            "criteria_missed": ";".join(evaluation.missed) if evaluation else None,
            "scored_by": evaluation.scored_by if evaluation else None,
            "latency_ms": evaluation.latency_ms if evaluation else None,
            "feedback": evaluation.feedback if evaluation else None,
            **_delivery_cells(turn),
            "profile": session.profile,
        }


def _delivery_cells(turn: Turn) -> dict[str, Any]:
    delivery = turn.metrics.delivery if turn.metrics is not None else None
    return {
        "spoken_words_per_minute": delivery.words_per_minute if delivery else None,
        "spoken_long_pauses": delivery.long_pauses if delivery else None,
        "spoken_fillers": delivery.filler_count if delivery else None,
    }


def write_csv(sessions: Iterable[Session], out: TextIO) -> int:
    """Header plus one row per answer; returns the number of rows. Open ``out`` with ``newline=""``."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = 0
    for session in sessions:
        for row in answer_rows(session):
            writer.writerow({key: inert(value) if isinstance(value, str) else value for key, value in row.items()})
            rows += 1
    return rows

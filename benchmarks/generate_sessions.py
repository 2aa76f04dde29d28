"""Fill a database with N realistic sessions (default 10,000) using Core bulk inserts, not the ORM.

    python benchmarks/generate_sessions.py --home /tmp/ic-bench --sessions 10000

Each session has a warm-up and four questions, every question with an answer and feedback, and every other one
a follow-up and its answer: 17 turns, 6 evaluations and a summary. The database is created and migrated through
``open_store`` first, so it is exactly what the app would have.
"""

from __future__ import annotations

import argparse
import os
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

TRACKS = ("backend", "frontend", "devops-sre", "system-design", "behavioral")
COMPETENCIES = ("api-design", "reliability", "performance", "data-modeling", "communication", "security-mindset")
VOCABULARY = (
    "idempotency retries backoff cache invalidation index query plan latency throughput queue consumer partition "
    "replica failover timeout circuit breaker rollout canary metric alert budget trade-off"
)
WORDS = VOCABULARY.split()
CHUNK = 500  # sessions per INSERT batch


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _session_rows(
    rng: random.Random, started: datetime
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    sid = uuid.uuid4().hex
    track = rng.choice(TRACKS)
    turns: list[dict[str, Any]] = []
    evaluations: list[dict[str, Any]] = []
    at = started
    scores = []

    def turn(role: str, kind: str, qid: str, text: str, metrics: dict[str, Any] | None = None) -> int:
        nonlocal at
        at += timedelta(seconds=rng.randint(5, 120))
        seq = len(turns)
        turns.append(
            {
                "session_id": sid,
                "seq": seq,
                "role": role,
                "kind": kind,
                "question_id": qid,
                "text": text,
                "difficulty": rng.randint(1, 5),
                "created_at": at,
                "metrics": metrics,
            }
        )
        return seq

    for number in range(5):
        qid = f"{track}-q{rng.randint(1, 400)}"
        turn("coach", "question", qid, _text(rng, 30))
        rounds = 2 if number % 2 else 1
        for round_ in range(rounds):
            if round_:
                turn("coach", "follow_up", qid, _text(rng, 15))
            words = rng.randint(40, 180)
            seq = turn(
                "candidate",
                "answer",
                qid,
                _text(rng, words),
                {"word_count": words, "duration_s": rng.uniform(30, 300), "time_to_first_keystroke_s": 3.5},
            )
            score = rng.uniform(20, 95)
            scores.append(score)
            evaluations.append(
                {
                    "session_id": sid,
                    "answer_turn_seq": seq,
                    "question_id": qid,
                    "criteria": [{"criterion_id": f"c{i}", "score": rng.random(), "evidence": ""} for i in range(4)],
                    "overall": score,
                    "feedback": _text(rng, 40),
                    "strengths": [_text(rng, 6)],
                    "improvements": [_text(rng, 6)],
                    "scored_by": "offline-heuristic",
                    "latency_ms": rng.uniform(1, 900),
                    "created_at": at,
                }
            )
        turn("coach", "feedback", qid, _text(rng, 40))
    overall = sum(scores) / len(scores)
    session = {
        "id": sid,
        "track": track,
        "mode": "offline",
        "status": "completed",
        "settings": {"questions": 4, "warmups": 1, "follow_ups": 1, "feedback": "now"},
        "started_at": started,
        "ended_at": at,
        "overall_score": overall,
    }
    summary = {
        "session_id": sid,
        "strengths": [_text(rng, 8)],
        "weaknesses": [_text(rng, 8)],
        "next_steps": [_text(rng, 10)],
        "competency_scores": {c: rng.uniform(20, 95) for c in rng.sample(COMPETENCIES, 3)},
        "overall": overall,
        "generated_by": "offline-heuristic",
    }
    return session, turns, evaluations, summary


def generate(home: Path, sessions: int, seed: int = 7) -> Path:
    """Create (or extend) the database under ``home`` with ``sessions`` sessions; returns the database file."""
    os.environ["INTERVIEW_COACH_HOME"] = str(home)
    from interview_coach.config import load_settings
    from interview_coach.storage.db import open_store
    from interview_coach.storage.tables import metadata

    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    tables = [metadata.tables[name] for name in ("sessions", "turns", "evaluations", "session_summaries")]
    with open_store(load_settings()) as store:
        for first in range(0, sessions, CHUNK):
            batch: list[list[dict[str, Any]]] = [[], [], [], []]
            for n in range(first, min(first + CHUNK, sessions)):
                session, turns, evaluations, summary = _session_rows(rng, start + timedelta(hours=n))
                batch[0].append(session)
                batch[1].extend(turns)
                batch[2].extend(evaluations)
                batch[3].append(summary)
            with store.engine.begin() as conn:
                for table, rows in zip(tables, batch, strict=True):
                    conn.execute(table.insert(), rows)
        path = store.location.sqlite_file
    assert path is not None
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="INTERVIEW_COACH_HOME to fill.")
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    began = time.perf_counter()
    path = generate(args.home, args.sessions, args.seed)
    size_mb = path.stat().st_size / 1e6
    print(f"{args.sessions} sessions in {time.perf_counter() - began:.1f} s -> {path} ({size_mb:.0f} MB)")


if __name__ == "__main__":
    main()

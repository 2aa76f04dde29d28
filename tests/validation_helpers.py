"""Builders of question files (valid and broken) for validation tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def question(
    qid: str,
    *,
    track: str = "backend",
    difficulty: int = 1,
    kind: str = "technical",
    prompt: str | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": qid,
        "track": track,
        "type": kind,
        "prompt": prompt or f"Explain the distinct engineering idea number {qid} with an example from your work.",
        "difficulty": difficulty,
        "tags": ["caching"],
        "competencies": ["performance"],
        "rubric": [
            {"id": "a", "description": "Covers a.", "weight": 1, "key_terms": ["alpha", "aleph"]},
            {"id": "b", "description": "Covers b.", "weight": 1, "key_terms": ["beta", "beth"]},
            {"id": "c", "description": "Covers c.", "weight": 1, "key_terms": ["gamma", "gimel"]},
        ],
        "follow_ups": [{"prompt": "Why?", "criterion": "a"}],
        "hints": ["Think."],
        # Meets every criterion with two key terms each, so the reference-answer self-check passes.
        "reference_answer": (
            "Alpha, which some call aleph, comes first in the answer; beta, which some call beth, comes next in "
            "the answer; and gamma, which some call gimel, comes last of all the points we make here."
        ),
    }
    data.update(overrides)
    return data


def complete_track(track: str = "backend") -> list[dict[str, Any]]:
    """A track with a warm-up and every difficulty level: no warnings."""
    questions = [question(f"{track}-warm", track=track, kind="warmup", prompt=f"Tell me about your {track} work.")]
    topics = ["replication lag", "cache stampedes", "index selectivity", "queue backpressure", "schema migrations"]
    for level, topic in zip(range(1, 6), topics, strict=True):
        questions.append(
            question(
                f"{track}-q{level}",
                track=track,
                difficulty=level,
                prompt=f"How would you handle {topic} in a production {track} service?",
            )
        )
    return questions


def write_file(
    directory: Path, name: str, questions: list[dict[str, Any]], *, track: str = "backend", raw: str | None = None
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    text = raw if raw is not None else json.dumps({"track": track, "questions": questions}, indent=2)
    path.write_text(text, encoding="utf-8")
    return path

"""A job description whose Rust requirement no bank question covers, and AI replies in the bank's schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
JD_TEXT = "Data Engineer\nKafka and Spark pipelines; our services are written in Rust.\n"


def shipped(track: str = "data-engineering") -> dict[str, Any]:
    """A shipped question as raw JSON: a model's reply in the bank's schema that passes every check."""
    data = json.loads((ROOT / "questions" / f"{track}.json").read_text(encoding="utf-8"))
    raw = next(q for q in data["questions"] if q["type"] == "technical" and q.get("reference_answer"))
    return dict(raw)


def valid(n: int = 1) -> dict[str, Any]:
    raw = shipped()
    raw["id"] = f"rust-ingest-{n}"
    raw["prompt"] = f"({n}) Our ingestion service is written in Rust. " + raw["prompt"]
    return raw

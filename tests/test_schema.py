"""questions/schema.json is generated from the models; this keeps the checked-in copy in sync."""

from __future__ import annotations

import json
from pathlib import Path

from interview_coach.domain.questions import json_schema

SCHEMA = Path(__file__).parents[1] / "questions" / "schema.json"


def test_schema_json_matches_the_models() -> None:
    assert json.loads(SCHEMA.read_text()) == json_schema(), (
        "questions/schema.json is stale: run `python -m interview_coach.domain.questions` to regenerate it"
    )


def test_schema_lists_the_tag_vocabulary_for_editors() -> None:
    schema = json_schema()
    tags = schema["$defs"]["Question"]["properties"]["tags"]["items"]  # type: ignore[index]
    assert "caching" in tags["anyOf"][0]["enum"]

"""validate-questions: every kind of broken file gets a precise finding (file, line, id, how to fix)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_coach.domain.bank import load_bank
from interview_coach.domain.near_duplicates import near_duplicate_pairs
from interview_coach.domain.validation import validate_paths
from tests.validation_helpers import complete_track, question, write_file


def codes(path: Path) -> list[tuple[str, str, str | None]]:
    return [(f.severity.value, f.code, f.question_id) for f in validate_paths([path]).findings]


def test_clean_track_has_no_findings(tmp_path: Path) -> None:
    write_file(tmp_path, "backend.json", complete_track())
    report = validate_paths([tmp_path])
    assert report.findings == [] and len(report.questions) == 6


def test_json_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = write_file(tmp_path, "bad.json", [], raw='{\n  "track": "backend",\n  "questions": [\n    {"id": }\n  ]\n}')
    [finding] = validate_paths([path], base=tmp_path).findings
    assert (finding.code, finding.line, finding.column) == ("json-syntax", 4, 12)
    assert finding.file == "bad.json" and "Fix the syntax at line 4" in finding.message


def test_schema_violation_points_at_the_question_line(tmp_path: Path) -> None:
    questions = complete_track()
    questions[2]["difficulty"] = 9
    path = write_file(tmp_path, "backend.json", questions)
    [finding] = validate_paths([path]).errors
    assert finding.code == "schema" and finding.question_id == "backend-q2"
    assert "difficulty" in finding.message and "less than or equal to 5" in finding.message
    line_text = path.read_text().splitlines()[finding.line - 1]
    assert '"id": "backend-q2"' in line_text


def test_question_without_id_is_located_by_position(tmp_path: Path) -> None:
    questions = complete_track()
    del questions[3]["id"]
    path = write_file(tmp_path, "backend.json", questions)
    [finding] = validate_paths([path]).errors
    assert finding.question_id == "#4" and "id: Field required" in finding.message
    assert path.read_text().splitlines()[finding.line - 1].strip() == "{"


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write_file(tmp_path, "a.json", complete_track())
    write_file(
        tmp_path, "b.json", [question("backend-q1", prompt="A different prompt about consistent hashing rings.")]
    )
    report = validate_paths([tmp_path], base=tmp_path)
    [dup] = [f for f in report.findings if f.code == "duplicate-id"]
    assert dup.file == "b.json" and dup.question_id == "backend-q1" and "a.json:" in dup.message


def test_exact_duplicate_prompt_is_an_error(tmp_path: Path) -> None:
    questions = complete_track()
    questions.append(question("backend-copy", difficulty=2, prompt=questions[2]["prompt"].upper()))
    assert ("error", "duplicate-prompt", "backend-copy") in codes(write_file(tmp_path, "backend.json", questions))


def near_duplicate() -> dict[str, object]:
    """A question whose prompt is close to, but not the same as, one in ``complete_track()``."""
    return question(
        "backend-near",
        difficulty=2,
        prompt="How would you handle cache stampedes in a production backend service today?",
    )


def test_near_duplicate_prompt_is_a_warning(tmp_path: Path) -> None:
    questions = complete_track()
    questions.append(near_duplicate())
    assert ("warning", "near-duplicate", "backend-near") in codes(write_file(tmp_path, "backend.json", questions))


def test_loading_the_bank_for_an_interview_skips_only_the_near_duplicate_advice(tmp_path: Path) -> None:
    questions = complete_track()
    questions.append(near_duplicate())
    questions.append(question("backend-copy", difficulty=2, prompt=questions[2]["prompt"]))
    write_file(tmp_path, "backend.json", questions)
    bank = load_bank([tmp_path])
    assert bank.report is not None
    found = {(f.code, f.question_id) for f in bank.report.findings}
    assert ("duplicate-prompt", "backend-copy") in found and ("near-duplicate", "backend-near") not in found
    assert "backend-near" in bank.questions and "backend-copy" not in bank.questions


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"prompt": "   "}, "empty-field"),
        ({"reference_answer": " \t"}, "empty-field"),
        ({"tags": ["not-a-tag"]}, "unknown-tag"),
        ({"track": "frontend"}, "track-mismatch"),
        ({"follow_ups": [{"prompt": "Why?", "criterion": "zzz"}]}, "unknown-criterion"),
        ({"rubric": [{"id": "a", "description": "A.", "weight": 0, "key_terms": ["alpha"]}]}, "rubric-weight"),
        ({"rubric": [{"id": "a", "description": "A.", "weight": -2, "key_terms": ["alpha"]}]}, "rubric-weight"),
        ({"surprise": 1}, "schema"),
    ],
)
def test_each_kind_of_broken_question_is_an_error(tmp_path: Path, change: dict[str, object], code: str) -> None:
    questions = complete_track()
    questions[1].update(change)
    findings = validate_paths([write_file(tmp_path, "backend.json", questions)]).findings
    matching = [f for f in findings if f.code == code and f.severity.value == "error"]
    assert matching and matching[0].question_id == "backend-q1" and matching[0].line > 1


def test_pack_vocabulary_extends_tags(tmp_path: Path) -> None:
    questions = complete_track()
    questions[1]["tags"] = ["our-internal-rpc"]
    write_file(tmp_path, "backend.json", questions)
    (tmp_path / "vocabulary.json").write_text(json.dumps({"tags": ["our-internal-rpc"]}))
    assert validate_paths([tmp_path]).findings == []


def test_warnings_for_missing_warmup_difficulty_gap_and_missing_help(tmp_path: Path) -> None:
    questions = [q for q in complete_track() if q["type"] != "warmup" and q["difficulty"] != 4]
    questions[0]["hints"] = []
    questions[1]["reference_answer"] = None
    questions[2]["hints"], questions[2]["reference_answer"] = [], None
    questions[3]["rubric"] = questions[3]["rubric"][:2]
    found = codes(write_file(tmp_path, "backend.json", questions))
    assert ("warning", "no-warmup", None) in found
    assert ("warning", "difficulty-gap", None) in found
    assert ("warning", "no-hints", "backend-q1") in found
    assert ("warning", "no-reference", "backend-q2") in found
    assert ("warning", "no-help", "backend-q3") in found
    assert ("warning", "thin-rubric", "backend-q5") in found
    assert all(severity == "warning" for severity, _, _ in found)


def test_invalid_questions_are_left_out_but_valid_ones_load(tmp_path: Path) -> None:
    questions = complete_track()
    questions[1]["difficulty"] = 0
    write_file(tmp_path, "backend.json", questions)
    write_file(tmp_path, "broken.json", [], raw="{ nope")
    report = validate_paths([tmp_path])
    assert {q.id for q in report.questions} == {q["id"] for q in questions} - {"backend-q1"}


def test_near_duplicate_join_finds_only_similar_pairs() -> None:
    prompts = [
        "how do you design a rate limiter for a public api",
        "how do you design a rate limiter for a public http api",
        "explain the difference between processes and threads",
        "short",
    ]
    assert [(i, j) for i, j, _ in near_duplicate_pairs(prompts)] == [(0, 1)]


def test_a_bad_id_is_a_schema_error_not_an_empty_field(tmp_path: Path) -> None:
    questions = complete_track()
    questions[1]["id"] = "Bad ID!"
    [finding] = validate_paths([write_file(tmp_path, "backend.json", questions)]).errors
    assert finding.code == "schema" and "id: String should match pattern" in finding.message


def test_duplicate_ids_in_one_file_name_both_lines(tmp_path: Path) -> None:
    questions = complete_track()
    questions.append(question("backend-q1", difficulty=2, prompt="A different prompt about consistent hashing."))
    path = write_file(tmp_path, "backend.json", questions)
    [dup] = [f for f in validate_paths([path], base=tmp_path).findings if f.code == "duplicate-id"]
    first_line = int(dup.message.split("backend.json:")[1].split(";")[0])
    assert dup.line != first_line
    lines = path.read_text().splitlines()
    # Both copies are located by position: each line is the opening brace of its own question object.
    assert lines[dup.line - 1].strip() == "{" and lines[first_line - 1].strip() == "{"


def test_a_broken_vocabulary_file_is_reported(tmp_path: Path) -> None:
    questions = complete_track()
    questions[1]["tags"] = ["our-rpc"]
    write_file(tmp_path, "backend.json", questions)
    (tmp_path / "vocabulary.json").write_text('{"tags": "our-rpc"}')
    codes_found = {f.code for f in validate_paths([tmp_path]).errors}
    assert codes_found == {"vocabulary", "unknown-tag"}


def test_github_annotations_escape_the_file_property() -> None:
    from interview_coach.domain.findings import Finding, Severity

    line = Finding(Severity.ERROR, "schema", "packs/a,b:c.json", 3, "bad\nvalue 100%", "q-1").as_github()
    assert line == "::error file=packs/a%2Cb%3Ac.json,line=3,title=schema::[q-1] bad%0Avalue 100%25"


def test_a_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = write_file(tmp_path, "backend.json", complete_track())
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validate_paths([path]).findings == []


def test_a_follow_up_without_a_criterion_is_a_warning(tmp_path: Path) -> None:
    questions = complete_track()
    questions[2]["follow_ups"] = [{"prompt": "And what would you do differently next time?"}]
    found = codes(write_file(tmp_path, "backend.json", questions))
    assert ("warning", "follow-up-no-criterion", questions[2]["id"]) in found


def test_a_folder_named_twice_is_not_a_duplicate_of_itself(tmp_path: Path) -> None:
    write_file(tmp_path / "pack", "backend.json", complete_track())
    report = validate_paths([tmp_path / "pack", tmp_path / "pack", tmp_path / "pack" / "backend.json", tmp_path])
    assert report.findings == [] and len(report.files) == 1

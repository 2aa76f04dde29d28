"""CLI: tracks, validate-questions (text, json, github), exit codes, user packs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli
from tests.validation_helpers import complete_track, write_file

BROKEN_PACK = Path(__file__).parent / "data" / "broken_pack"


def test_validate_clean_pack_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_file(tmp_path, "backend.json", complete_track())
    result = run_cli(capsys, "validate-questions", "--strict", str(tmp_path))
    assert result.code == 0 and "6 valid question(s): 0 error(s), 0 warning(s)" in result.out


def test_validate_broken_json_exits_1_with_location(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "validate-questions", str(BROKEN_PACK))
    assert result.code == 1
    assert "syntax.json:4:" in result.out and "json-syntax" in result.out


def test_warnings_fail_only_with_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = complete_track()
    questions[1]["hints"] = []
    write_file(tmp_path, "backend.json", questions)
    assert run_cli(capsys, "validate-questions", str(tmp_path)).code == 0
    strict = run_cli(capsys, "validate-questions", "--strict", str(tmp_path))
    assert strict.code == 1 and "no-hints" in strict.out and "strict" in strict.out


def test_github_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = complete_track()
    questions[1]["tags"] = ["nope-tag"]
    path = write_file(tmp_path, "backend.json", questions)
    result = run_cli(capsys, "validate-questions", "--format", "github", str(path))
    assert result.code == 1
    [line] = result.out.splitlines()
    assert line.startswith("::error file=") and ",title=unknown-tag::[backend-q1]" in line and ",line=" in line


def test_json_format_is_machine_readable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_file(tmp_path, "backend.json", complete_track())
    result = run_cli(capsys, "validate-questions", "--format", "json", str(tmp_path))
    report = json.loads(result.out)
    assert report["ok"] is True and report["questions"] == 6 and report["findings"] == []


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "validate-questions", "/no/such/dir")
    assert result.code == 2 and "no such file or directory: /no/such/dir" in result.err


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_a_file_that_cannot_be_read_exits_2_not_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    # A findings exit (1) would tell CI the questions are wrong; 2 says the check itself could not run.
    write_file(tmp_path, "backend.json", complete_track())
    (tmp_path / "moved.json").symlink_to(tmp_path / "gone" / "moved.json")  # a pack linked from a moved folder
    result = run_cli(capsys, "validate-questions", "--format", output, str(tmp_path))
    assert result.code == 2, result
    assert "io-error" in result.out and "moved.json" in result.out


def test_a_folder_without_question_files_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("no questions here")
    result = run_cli(capsys, "validate-questions", str(tmp_path))
    assert result.code == 2 and "no question files found in the given paths" in result.err


def test_bad_format_value_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "validate-questions", "--format", "xml")
    assert result.code == 2 and "Traceback" not in result.err + result.out


def test_shipped_bank_is_strictly_valid(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "validate-questions", "--strict")
    assert result.code == 0, result.out


def test_tracks_lists_the_shipped_tracks_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "tracks", "--json")
    tracks = {t["track"]: t for t in json.loads(result.out)}
    assert result.code == 0
    assert {
        "backend",
        "frontend",
        "devops-sre",
        "data-engineering",
        "machine-learning",
        "system-design",
        "behavioral",
        "security",
    } <= set(tracks)
    for info in tracks.values():
        assert info["total"] >= 30 and set(info["by_difficulty"]) == {"1", "2", "3", "4", "5"}
        assert info["by_type"].get("warmup", 0) >= 3


def test_user_pack_joins_tracks_and_a_broken_pack_does_not_break_shipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "pack"
    write_file(
        pack, "extra.json", [q | {"id": q["id"] + "-team"} for q in complete_track("platform")], track="platform"
    )
    write_file(pack, "broken.json", [], raw="{ nope")
    result = run_cli(capsys, "tracks", "--questions-dir", str(pack))
    assert result.code == 0
    assert "platform" in result.out and "backend" in result.out
    assert "1 problem(s) in" in result.err and "broken.json" in result.err
    assert f"interview-coach validate-questions --with-bank {pack}`" in result.err  # the command with the details


def test_starting_with_a_broken_pack_says_what_was_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "pack"
    questions = [q | {"id": q["id"] + "-team"} for q in complete_track("platform")]
    questions[0]["difficulty"] = 9  # one schema error in the team's file
    write_file(pack, "platform.json", questions, track="platform")
    monkeypatch.setattr("sys.stdin", io.StringIO("/quit\n"))
    started = run_cli(capsys, "start", "--plain", "--track", "backend", "--questions-dir", str(pack))
    assert started.code == 0 and "warning: 1 problem(s) in" in started.err and "platform.json" in started.err

    for broken in questions:
        broken["difficulty"] = 9  # now every platform question is left out
    write_file(pack, "platform.json", questions, track="platform")
    missing = run_cli(capsys, "start", "--plain", "--track", "platform", "--questions-dir", str(pack))
    assert missing.code == 2 and "unknown track 'platform'" in missing.err
    assert f"problem(s) in {pack / 'platform.json'}" in missing.err or "platform.json" in missing.err


def test_a_questions_dir_that_is_a_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("hello", encoding="utf-8")
    result = run_cli(capsys, "tracks", "--questions", str(not_a_folder))
    assert result.code == 2 and "is a file" in result.err


def test_tracks_text_table(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "tracks")
    assert result.code == 0 and result.out.splitlines()[0].startswith("track")


def test_missing_question_dirs_are_errors_naming_where_they_came_from(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    flag = run_cli(capsys, "tracks", "--questions", "/no/such/pack")
    assert flag.code == 2 and "no such question dir: /no/such/pack" in flag.err
    monkeypatch.setenv("INTERVIEW_COACH_QUESTION_DIRS", "/no/such/pack")
    env = run_cli(capsys, "tracks")
    assert env.code == 2 and "env:INTERVIEW_COACH_QUESTION_DIRS: question_dirs names /no/such/pack" in env.err


def test_with_bank_finds_a_pack_prompt_that_clashes_with_the_shipped_bank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = json.loads((Path(__file__).parents[1] / "questions" / "backend.json").read_text(encoding="utf-8"))
    copied = shipped["questions"][5] | {"id": "team-copied-question"}
    questions = [q | {"id": q["id"] + "-team"} for q in complete_track("platform")] + [copied | {"track": "platform"}]
    write_file(tmp_path / "pack", "platform.json", questions, track="platform")
    alone = run_cli(capsys, "validate-questions", str(tmp_path / "pack"))
    assert "duplicate-prompt" not in alone.out  # checked alone, the pack cannot know about the bank
    together = run_cli(capsys, "validate-questions", "--with-bank", str(tmp_path / "pack"))
    assert together.code == 1 and "duplicate-prompt" in together.out and "team-copied-question" in together.out
    assert "platform.json" in together.out


def test_a_reference_answer_the_offline_coach_rejects_fails_under_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = complete_track()
    questions[1]["reference_answer"] = "Alpha and aleph come first, and that is really all there is to say about it."
    write_file(tmp_path, "backend.json", questions)
    assert run_cli(capsys, "validate-questions", str(tmp_path)).code == 0  # advice for authors...
    strict = run_cli(capsys, "validate-questions", "--strict", str(tmp_path))
    assert strict.code == 1  # ...that fails CI under --strict
    assert "reference-unmet" in strict.out and "b (missed), c (missed)" in strict.out
    assert "reference-low-score" in strict.out and "backend-q1" in strict.out


def test_a_misconception_pattern_that_fires_on_the_reference_answer_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = complete_track()
    questions[1]["rubric"][0]["misconceptions"] = [
        {"claim": "Alpha comes last", "patterns": ["alpha comes last"], "correction": "Alpha comes first."},
        {"claim": "Beta is first", "patterns": ["aleph comes first"], "correction": "It is alpha that is first."},
    ]
    write_file(tmp_path, "backend.json", questions)
    strict = run_cli(capsys, "validate-questions", "--strict", "--format", "json", str(tmp_path))
    codes = [(f["code"], f["question_id"]) for f in json.loads(strict.out)["findings"]]
    assert strict.code == 1
    assert codes.count(("misconception-on-reference", "backend-q1")) == 1  # only the pattern that fires


def test_misconception_patterns_must_match_their_claim_and_not_the_right_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = complete_track()
    questions[1]["rubric"][0]["misconceptions"] = [
        # Sound: a pattern matches the claim as a candidate says it.
        {"claim": "Omega sorts first.", "patterns": ["omega sorts first"], "correction": "Alpha sorts first."},
        # The patterns miss the claim's own wording, so they would miss candidates too.
        {"claim": "Zeta is the first letter.", "patterns": ["zeta leads"], "correction": "Alpha is."},
        # Long patterns only match the sentence their author had in mind; this one also states the correction.
        {
            "claim": "Alpha sorts first only in some old Greek texts written before the classical period.",
            "patterns": ["alpha sorts first only in some old greek texts", "alpha sorts first"],
            "correction": "Alpha sorts first in every Greek text.",
        },
    ]
    write_file(tmp_path, "backend.json", questions)
    strict = run_cli(capsys, "validate-questions", "--strict", "--format", "json", str(tmp_path))
    findings = [f for f in json.loads(strict.out)["findings"] if f["code"].startswith("misconception-")]
    codes = sorted(f["code"] for f in findings)
    assert strict.code == 1
    assert codes == ["misconception-claim-unmatched", "misconception-on-correction", "misconception-pattern-long"]
    by_code = {f["code"]: f["message"] for f in findings}
    assert "'Zeta is the first letter.'" in by_code["misconception-claim-unmatched"]
    assert "'alpha sorts first'" in by_code["misconception-on-correction"]
    assert "alpha sorts first only" in by_code["misconception-pattern-long"]


def test_an_unknown_field_in_a_misconception_is_a_schema_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = complete_track()
    questions[1]["rubric"][0]["misconceptions"] = [{"claim": "x", "pattern": ["x y"], "correction": "z"}]
    write_file(tmp_path, "backend.json", questions)
    result = run_cli(capsys, "validate-questions", str(tmp_path))
    assert result.code == 1 and "patterns" in result.out

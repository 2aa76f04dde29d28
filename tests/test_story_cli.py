"""`interview-coach stories ...` through the real CLI: the acceptance case, export/import round trips, errors and
exit codes, the AI critique (respx) with its offline fallback, and story coverage in `stats`."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import respx

from tests.cli_helpers import Result, run_cli
from tests.story_helpers import BILLING, MENTORING, NO_RESULT

BASE_URL = "https://deepseek.test"


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in (("billing.md", BILLING), ("api.md", NO_RESULT), ("mentoring.md", MENTORING)):
        path = tmp_path / name
        path.write_text(text)
        paths.append(path)
    return paths


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    return run_cli(capsys, "stories", *args)


def add_all(capsys: pytest.CaptureFixture[str], files: list[Path]) -> Result:
    return cli(capsys, "add", *[arg for path in files for arg in ("--from", str(path))])


def test_acceptance_add_list_check_coverage(capsys: pytest.CaptureFixture[str], files: list[Path]) -> None:
    added = add_all(capsys, files)
    assert added.code == 0, added.err
    assert "Added story 2: Disagreeing about the API design" in added.out
    assert "No result: say how it ended" in added.out  # each added story is checked at once

    listed = json.loads(cli(capsys, "list", "--json").out)
    assert [s["title"] for s in listed] == [
        "Billing migration without downtime",
        "Disagreeing about the API design",
        "Mentoring a new hire",
    ]
    assert listed[1]["competencies"] == ["conflict", "influence"] and listed[0]["last_used_at"] is None

    check = cli(capsys, "check", "--json")
    assert check.code == 1  # problems found
    reports = {r["id"]: r for r in json.loads(check.out)["stories"]}
    assert [g["code"] for g in reports[2]["gaps"]] == ["missing-result"]
    assert reports[1]["ok"] and reports[3]["ok"]

    report = json.loads(cli(capsys, "coverage", "--json").out)
    assert "failure" in report["missing"] and "ambiguity" in report["missing"]
    assert "conflict" not in report["missing"] and report["stories"] == 3


def test_check_one_story_and_a_clean_bank_exit_zero(capsys: pytest.CaptureFixture[str], files: list[Path]) -> None:
    add_all(capsys, [files[0]])
    result = cli(capsys, "check", "1")
    assert result.code == 0 and "complete (100/100)" in result.out
    assert cli(capsys, "check", "7").code == 1  # no such story: an error naming it
    assert "no story 7" in cli(capsys, "check", "7").err


def test_empty_bank_reads_create_no_database(capsys: pytest.CaptureFixture[str], coach_home: Path) -> None:
    assert "No stories yet" in cli(capsys, "list").out
    assert json.loads(cli(capsys, "list", "--json").out) == []
    assert cli(capsys, "check").code == 0
    assert not list(coach_home.rglob("*.sqlite3"))


def test_a_bad_file_is_a_usage_error_naming_the_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: x\ncompetencies: [bravery]\n---\n")
    result = cli(capsys, "add", "--from", str(bad))
    assert result.code == 2
    assert f"{bad}, line 3: unknown competency 'bravery'" in result.err
    assert "Traceback" not in result.err
    missing = cli(capsys, "add", "--from", str(tmp_path / "nope.md"))
    assert missing.code == 2


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_export_and_import_round_trip(
    capsys: pytest.CaptureFixture[str], files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    add_all(capsys, files)
    exported = cli(capsys, "export", "--format", fmt)
    assert exported.code == 0
    path = tmp_path / f"stories.{fmt}"
    path.write_text(exported.out)
    again = cli(capsys, "import", str(path))
    assert "Imported 0 stories" in again.out and "3 already in the bank, skipped" in again.out

    monkeypatch.setenv("INTERVIEW_COACH_HOME", str(tmp_path / "elsewhere"))  # a second machine
    imported = cli(capsys, "import", str(path))
    assert imported.code == 0 and "Imported 3 stories" in imported.out
    assert cli(capsys, "export", "--format", fmt).out.replace('"generator"', "") == exported.out.replace(
        '"generator"', ""
    )
    written = tmp_path / "out" / "again.md"
    written.parent.mkdir()
    assert cli(capsys, "export", "-o", str(written)).code == 0
    assert written.stat().st_mode & 0o077 == 0  # private, like every other user file


def test_show_delete_and_confirmation(capsys: pytest.CaptureFixture[str], files: list[Path]) -> None:
    add_all(capsys, files[:2])
    shown = cli(capsys, "show", "2")
    assert shown.out.startswith("---\nid: 2\ntitle: Disagreeing about the API design\n")
    assert "## Result" in shown.out
    refused = cli(capsys, "delete", "2")  # no terminal to ask in
    assert refused.code == 2 and "--yes" in refused.err
    assert cli(capsys, "delete", "2", "--yes").out == "Deleted story 2: Disagreeing about the API design\n"
    assert cli(capsys, "show", "2").code == 1


def test_adding_the_same_file_twice_keeps_one_copy(capsys: pytest.CaptureFixture[str], files: list[Path]) -> None:
    assert add_all(capsys, files).code == 0
    again = cli(capsys, "add", "--from", str(files[0]))
    assert again.code == 0
    assert "Story 1 is already this story: not added again (Billing migration without downtime)." in again.out
    assert len(json.loads(cli(capsys, "list", "--json").out)) == 3


def test_add_and_edit_without_a_terminal_point_at_files(capsys: pytest.CaptureFixture[str], files: list[Path]) -> None:
    result = cli(capsys, "add")
    assert result.code == 2 and "no terminal" in result.err
    add_all(capsys, files[:1])
    assert cli(capsys, "edit", "1").code == 2


def test_edit_from_a_file_replaces_the_story_in_place(
    capsys: pytest.CaptureFixture[str], files: list[Path], tmp_path: Path
) -> None:
    add_all(capsys, files[:1])
    replacement = tmp_path / "better.md"
    replacement.write_text(
        "---\ntitle: A better title\ncompetencies: [ownership]\n---\n## Situation\nS.\n## Task\nT.\n"
        "## Action\nI did it.\n## Result\nLatency fell by 40%.\n## Reflection\nI learned.\n"
    )
    result = cli(capsys, "edit", "1", "--from", str(replacement))
    assert result.code == 0 and "Saved story 1: A better title" in result.out
    listed = json.loads(cli(capsys, "list", "--json").out)
    assert [(s["id"], s["title"]) for s in listed] == [(1, "A better title")]  # replaced, not added


def test_a_failed_edit_points_at_edit_from_not_add(
    capsys: pytest.CaptureFixture[str], files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from interview_coach.commands import story_cmds

    add_all(capsys, files[:1])
    broken = lambda text, what: text.replace("competencies: [", "competencies: [nope, ")  # noqa: E731
    monkeypatch.setattr(story_cmds, "_edit", broken)
    result = cli(capsys, "edit", "1")
    assert result.code == 2 and "interview-coach stories edit 1 --from" in result.err
    assert "stories add --from" not in result.err


def test_untrusted_story_text_reaches_the_terminal_inert(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "evil.md"
    path.write_text("---\ntitle: Evil \x1b[31mred\x1b]0;owned\x07 [bold]x[/bold]\n---\n## Action\nI did it.\n")
    cli(capsys, "add", "--from", str(path))
    listed = cli(capsys, "list")
    assert "\x1b" not in listed.out and "\x07" not in listed.out
    assert "[bold]x[/bold]" in listed.out  # shown as typed, not as markup


def api_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test-0123456789abcdef")
    monkeypatch.setenv("DEEPSEEK_BASE_URL", BASE_URL)
    monkeypatch.setenv("DEEPSEEK_MAX_RETRIES", "0")


def test_check_adds_the_ai_critique(
    capsys: pytest.CaptureFixture[str], files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_all(capsys, files[:1])
    api_settings(monkeypatch)
    paragraph = "Strong ownership story. Lead with the zero-downtime result; it suits 'hardest migration' questions."
    body = {"choices": [{"index": 0, "message": {"role": "assistant", "content": paragraph}, "finish_reason": "stop"}]}
    with respx.mock(base_url=BASE_URL) as api:
        route = api.post("/chat/completions").mock(return_value=httpx.Response(200, json=body))
        result = cli(capsys, "check", "--json")
    sent = json.loads(route.calls[0].request.content)
    assert sent["messages"][0]["content"].startswith("TASK: story_critique")
    assert "<story>" in sent["messages"][1]["content"]
    (report,) = json.loads(result.out)["stories"]
    assert report["critique"] == paragraph and report["critique_by"]
    assert result.code == 0


def test_check_falls_back_to_offline_and_says_so(
    capsys: pytest.CaptureFixture[str], files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_all(capsys, files[1:2])
    api_settings(monkeypatch)
    with respx.mock(base_url=BASE_URL) as api:
        api.post("/chat/completions").mock(return_value=httpx.Response(503, json={"error": {"message": "busy"}}))
        result = cli(capsys, "check")
    assert result.code == 1  # the offline gap is still found
    assert "No result" in result.out
    assert result.err.startswith("note: AI critique unavailable (")
    assert "offline checks only" in result.err
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as api:
        route = api.post("/chat/completions")
        offline = cli(capsys, "check", "--offline", "--json")
    assert not route.called and json.loads(offline.out)["note"] is None


def test_stats_shows_story_coverage(capsys: pytest.CaptureFixture[str], files: list[Path]) -> None:
    add_all(capsys, files)
    text = run_cli(capsys, "stats").out
    assert "Story bank: 3 stories covering 6 of 15 competencies; none yet for Failure" in text
    stories = json.loads(run_cli(capsys, "stats", "--json").out)["stories"]
    assert stories["stories"] == 3 and "failure" in stories["missing"]


def test_an_editor_that_fails_is_a_usage_error_naming_it(
    capsys: pytest.CaptureFixture[str], files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_all(capsys, files[:1])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere")
    result = cli(capsys, "edit", "1")
    assert result.code == 2 and "the editor 'no-such-editor-anywhere' was not found" in result.err

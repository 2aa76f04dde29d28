"""The story bank in the plain mode: `suggested_stories` on behavioural question events, `/story ID`, the story
recorded with the answer (and in the export), and no story fields at all without stories."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.cli_helpers import Result, run_cli
from tests.story_helpers import BILLING, MENTORING, NO_RESULT

START = (
    "start", "--track", "behavioral", "--plain", "--json", "--offline",
    "--questions", "2", "--warmups", "0", "--follow-ups", "0", "--seed", "3",
)  # fmt: skip
ANSWER = "I wrote the plan down, I asked the two leads, and we shipped it two weeks later.\n.\n"


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> Result:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return run_cli(capsys, *args)


def events(result: Result) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.out.splitlines()]


@pytest.fixture
def stories(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for name, text in (("a.md", BILLING), ("b.md", NO_RESULT), ("c.md", MENTORING)):
        (tmp_path / name).write_text(text)
    added = run_cli(capsys, "stories", "add", *[a for n in "abc" for a in ("--from", str(tmp_path / f"{n}.md"))])
    assert added.code == 0, added.err


@pytest.mark.usefixtures("stories")
def test_question_events_carry_suggested_stories(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(capsys, monkeypatch, ANSWER * 2, *START)
    assert result.code == 0, result.err
    questions = [e for e in events(result) if e["event"] == "question"]
    assert len(questions) == 2 and all(q["type"] == "behavioral" for q in questions)
    assert all("suggested_stories" in q for q in questions)
    suggested = [s for q in questions for s in q["suggested_stories"]]  # type: ignore[attr-defined]
    assert suggested, "the shipped questions of seed 3 fit at least one of the three stories"
    assert all(set(s) == {"id", "title"} for s in suggested)
    assert {s["title"] for s in suggested} <= {
        "Billing migration without downtime",
        "Disagreeing about the API design",
        "Mentoring a new hire",
    }


@pytest.mark.usefixtures("stories")
def test_story_command_marks_the_story_and_the_export_lists_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(capsys, monkeypatch, "/story 3\n" + ANSWER + "/story 99\n/story 3\n" + ANSWER, *START)
    found = events(result)
    marked = [e for e in found if e["event"] == "story_marked"]
    used = [e for e in found if e["event"] == "story_used"]
    assert [e["story"] for e in marked] == [{"id": 3, "title": "Mentoring a new hire"}] * 2
    assert [e["how"] for e in used] == ["marked", "marked"]
    assert used[0]["warnings"] == []
    assert used[1]["warnings"][0].startswith("You already told 'Mentoring a new hire' in this session")  # type: ignore[index]
    errors = [e for e in found if e["event"] == "error"]
    assert errors and errors[0]["message"] == "no story 99"
    answers = [e for e in found if e["event"] == "feedback"]
    assert len(answers) == 2  # the /story lines were not part of the answers

    exported = run_cli(capsys, "export", "--last", "--format", "md").out
    assert "## Stories told" in exported and "- Mentoring a new hire (story 3) for `" in exported
    document = json.loads(run_cli(capsys, "export", "--last", "--format", "json").out)
    assert [u["story_id"] for u in document["session"]["stories_used"]] == [3, 3]
    listed = json.loads(run_cli(capsys, "stories", "list", "--json").out)
    assert listed[2]["last_used_at"] is not None


@pytest.mark.usefixtures("stories")
def test_plain_text_mode_prints_the_suggestions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text_start = tuple(a for a in START if a != "--json")
    result = run(capsys, monkeypatch, ANSWER * 2, *text_start)
    assert "Stories that fit:\n  1. Billing migration without downtime\n" in result.out
    assert "Say which one you tell with a line '/story ID'." in result.out


def test_without_stories_question_events_have_no_story_fields(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(capsys, monkeypatch, "/story 1\n" + ANSWER * 2, *START)
    found = events(result)
    assert not any("suggested_stories" in e for e in found)
    assert [e["message"] for e in found if e["event"] == "error"] == ["no stories"]


def test_save_story_keeps_the_last_behavioural_answer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = (
        "At my previous job our release process was manual and slow. My goal was to cut the release time. "
        "I automated the build. As a result releases went from 2 days to 2 hours.\n.\n"
    )
    result = run(capsys, monkeypatch, "/save-story\n" + answer + "/save-story\n" + ANSWER, *START)
    found = events(result)
    assert [e["message"] for e in found if e["event"] == "error"] == ["nothing to save"]
    (saved,) = [e for e in found if e["event"] == "story_saved"]
    assert saved["story"] == {"id": 1, "title": "At my previous job our release process was manual and slow"}
    shown = run_cli(capsys, "stories", "show", "1").out
    assert "## Result\n\nAs a result releases went from 2 days to 2 hours." in shown


def test_a_follow_up_answer_is_not_a_story_of_its_own(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with_follow_ups = [a if i != START.index("--follow-ups") + 1 else "1" for i, a in enumerate(START)]
    shipped = json.loads((Path(__file__).parents[1] / "questions" / "behavioral.json").read_text())
    first = next(q for q in shipped["questions"] if q["id"] == "behavioral-speed-vs-thoroughness")  # seed 3's first
    reference = " ".join(first["reference_answer"].split())
    main = f"{reference}\n.\n"  # a strong answer: the offline coach asks a follow-up
    follow_up = "Mostly by measuring the build steps first, then caching them.\n.\n"
    result = run(capsys, monkeypatch, main + follow_up + "/save-story\n" + ANSWER * 3, *with_follow_ups)
    found = events(result)
    kinds = [e["event"] for e in found]
    assert kinds.index("follow_up") < kinds.index("story_saved")  # the follow-up was asked and answered first
    (saved,) = [e for e in found if e["event"] == "story_saved"]
    assert reference.startswith(saved["story"]["title"].rstrip("\u2026"))  # type: ignore[index]  # the main answer


@pytest.mark.usefixtures("stories")
def test_a_marked_storys_warning_is_printed_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text_mode = tuple(arg for arg in START if arg != "--json")
    result = run(capsys, monkeypatch, "/story 3\n" + ANSWER + "/story 3\n" + ANSWER, *text_mode)
    assert result.code == 0, result.err
    assert result.out.count("You already told 'Mentoring a new hire' in this session") == 1

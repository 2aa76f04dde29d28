"""`start --plain`: a full offline interview through pipes, commands, JSON events, EOF and resume."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from interview_coach.config import load_settings
from interview_coach.errors import CoachError
from interview_coach.paths import get_paths
from interview_coach.storage.db import open_store
from tests.cli_helpers import Result, run_cli
from tests.waiting import TIMEOUT_S, unread_bytes, wait_for

ANSWER = (
    "I would add an index on the columns used by the filter, check the query plan with explain, and measure "
    "latency before and after. The trade-off is slower writes and more storage, so I would watch the write path.\n.\n"
)


def run_with_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str
) -> Result:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return run_cli(capsys, *args)


START = (
    "start",
    "--track",
    "backend",
    "--plain",
    "--questions",
    "2",
    "--warmups",
    "1",
    "--follow-ups",
    "1",
    "--seed",
    "7",
)


def stored_session(session_id: str):  # type: ignore[no-untyped-def]
    store = open_store(load_settings())
    return store.load_session(session_id)


def session_id_from(out: str) -> str:
    line = next(line for line in out.splitlines() if line.startswith("Session "))
    return line.split()[1]


def test_full_offline_interview_from_a_pipe(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_with_stdin(capsys, monkeypatch, ANSWER * 8, *START)
    assert result.code == 0, result.err
    assert "== Warm-up" in result.out and "== Question 1/2" in result.out and "== Question 2/2" in result.out
    assert "Offline coach" in result.out.splitlines()[0]
    assert "-- Score:" in result.out and "Reference answer:" in result.out and "== Summary" in result.out
    session = stored_session(session_id_from(result.out))
    assert session.status.value == "completed" and session.summary is not None
    answers = [t for t in session.turns if t.kind.value == "answer"]
    assert len(answers) == len(session.evaluations) >= 3
    assert all(e.scored_by == "offline-heuristic" for e in session.evaluations)
    assert len(session.difficulty_path) == 2


def test_json_events_one_object_per_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with_stdin(capsys, monkeypatch, ANSWER * 8, *START, "--json")
    events = [json.loads(line) for line in result.out.splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "session" and kinds[-1] == "summary" and "question" in kinds and "feedback" in kinds
    assert len({e["session_id"] for e in events}) == 1
    feedback = next(e for e in events if e["event"] == "feedback")
    assert 0 <= feedback["score"] <= 100 and feedback["scored_by"] == "offline-heuristic"


def test_commands_hint_repeat_skip(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = "/hint\n/repeat\n/skip\n" + ANSWER * 8
    result = run_with_stdin(capsys, monkeypatch, stdin, *START, "--warmups", "0", "--json")
    events = [json.loads(line) for line in result.out.splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds[:5] == ["session", "question", "hint", "question", "feedback"]
    assert events[2]["hint"] and events[4]["score"] == 0 and events[4]["scored_by"] == "skipped"
    assert events[1]["question_id"] == events[3]["question_id"]


def test_eof_saves_in_progress_and_resume_finishes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_with_stdin(capsys, monkeypatch, ANSWER, *START)
    assert first.code == 0 and "saved as in progress" in first.out
    session_id = session_id_from(first.out)
    assert f"interview-coach start --resume {session_id}" in first.out
    resumed = run_with_stdin(capsys, monkeypatch, ANSWER * 8, "start", "--resume", "--plain")
    assert resumed.code == 0 and "== Summary" in resumed.out and session_id in resumed.out
    session = stored_session(session_id)
    assert session.status.value == "completed"
    assert any(t.kind.value == "system_note" and "resumed" in t.text for t in session.turns)


def test_quit_command_pauses(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with_stdin(capsys, monkeypatch, ANSWER + "/quit\n", *START)
    assert result.code == 0 and "saved as in progress" in result.out
    assert stored_session(session_id_from(result.out)).status.value == "in_progress"


@pytest.mark.parametrize("stdin", ["", "/quit\n", "/hint\n/quit\n"])
def test_leaving_before_any_answer_discards_the_session_so_resume_finds_real_work(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str
) -> None:
    kept = run_with_stdin(capsys, monkeypatch, ANSWER + "/quit\n", *START)
    kept_id = session_id_from(kept.out)
    empty = run_with_stdin(capsys, monkeypatch, stdin, *START)
    empty_id = session_id_from(empty.out)
    assert empty.code == 0 and "Nothing was answered" in empty.out and "--resume" not in empty.out
    with pytest.raises(CoachError, match="no session"):
        stored_session(empty_id)
    history = run_with_stdin(capsys, monkeypatch, "", "history", "--json")
    assert [s["id"] for s in json.loads(history.out)] == [kept_id]
    last = run_with_stdin(capsys, monkeypatch, "", "export", "--last", "--format", "json")
    assert json.loads(last.out)["session"]["id"] == kept_id
    resumed = run_with_stdin(capsys, monkeypatch, "/quit\n", "start", "--resume", "--plain")
    assert resumed.code == 0 and kept_id in resumed.out and empty_id not in resumed.out


def test_unfinished_answer_at_eof_is_kept(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with_stdin(capsys, monkeypatch, "my last words without a dot", *START)
    session = stored_session(session_id_from(result.out))
    assert [t.text for t in session.turns if t.kind.value == "answer"] == ["my last words without a dot"]


def test_plain_mode_needs_a_track(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with_stdin(capsys, monkeypatch, "", "start", "--plain")
    assert result.code == 2 and "--track is required" in result.err


def test_unknown_track_lists_the_known_ones(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_with_stdin(capsys, monkeypatch, "", "start", "--plain", "--track", "cobol")
    assert result.code == 2 and "unknown track 'cobol'" in result.err and "backend" in result.err


def test_resume_without_a_session_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_with_stdin(capsys, monkeypatch, "", "start", "--resume", "--plain")
    assert result.code == 1 and "no in-progress session" in result.err and "Traceback" not in result.err


def test_bad_difficulty_is_a_usage_error(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with_stdin(capsys, monkeypatch, "", "start", "--plain", "--track", "backend", "--difficulty", "9")
    assert result.code == 2 and "adaptive" in result.err


def test_export_last_json_shows_answers_evaluations_and_difficulty_path(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [f"answer number {n} about indexes and caching, explained in a sentence.\n.\n" for n in range(8)]
    run_with_stdin(capsys, monkeypatch, "".join(answers), *START)
    result = run_cli(capsys, "export", "--last", "--format", "json")
    document = json.loads(result.out)
    session = document["session"]
    typed = [t["text"] for t in session["turns"] if t["kind"] == "answer"]
    assert result.code == 0 and document["schema_version"] == 1
    assert typed and all(text.startswith("answer number") for text in typed)
    assert len(session["evaluations"]) == len(typed)
    assert len(session["difficulty_path"]) == 2


def test_feedback_at_the_end_holds_scores_until_the_summary(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_with_stdin(capsys, monkeypatch, ANSWER * 8, *START, "--feedback", "end")
    before_end, _, after = result.out.partition("== Feedback on each answer")
    assert "-- Answer saved." in before_end and "-- Score:" not in before_end
    assert after.count("-- Score:") >= 3 and "Reference answer:" in after and "== Summary" in after


def test_unknown_commands_are_not_taken_as_answers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_with_stdin(capsys, monkeypatch, "/foo\n/HINT\n" + ANSWER + "/quit\n", *START, "--warmups", "0")
    assert "Unknown command /foo" in result.out and "Hint:" in result.out
    session = stored_session(session_id_from(result.out))
    assert [t.text for t in session.turns if t.kind.value == "answer"] == [ANSWER.removesuffix("\n.\n")]


def test_resume_accepts_the_short_id_history_shows(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_with_stdin(capsys, monkeypatch, ANSWER, *START)
    session_id = session_id_from(first.out)
    resumed = run_with_stdin(capsys, monkeypatch, ANSWER * 8, "start", "--plain", "--resume", session_id[:12])
    assert resumed.code == 0 and "== Summary" in resumed.out


def test_resuming_a_finished_session_shows_its_summary_without_summarising_again(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_with_stdin(capsys, monkeypatch, ANSWER * 8, *START)
    session_id = session_id_from(first.out)
    before = stored_session(session_id)
    assert before.status.value == "completed" and before.summary is not None
    again = run_with_stdin(capsys, monkeypatch, "", "start", "--plain", "--resume", session_id)
    assert again.code == 0 and "is already complete" in again.out and "== Summary" in again.out
    after = stored_session(session_id)
    assert after.ended_at == before.ended_at and after.summary == before.summary


def test_the_ai_dropping_out_is_said_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fake_deepseek_env: object
) -> None:
    from tests.fakes.deepseek_server import FakeDeepSeek

    assert isinstance(fake_deepseek_env, FakeDeepSeek)
    fake_deepseek_env.fail_after = 0  # every chat completion fails
    monkeypatch.setenv("DEEPSEEK_MAX_RETRIES", "0")
    result = run_with_stdin(capsys, monkeypatch, ANSWER * 8, *START)
    assert result.code == 0 and result.out.count("note: AI coach unavailable") == 1
    assert "(offline check)" in result.out


def test_ctrl_c_keeps_what_was_typed_and_exits_at_once(coach_home: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    env = {**os.environ, "INTERVIEW_COACH_HOME": str(coach_home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "interview_coach", *START],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    line = process.stdout.readline()
    while "(Answer, then" not in line:  # the first prompt is on screen
        line = process.stdout.readline()
    process.stdin.write("half of my warm-up answer\n")
    process.stdin.flush()
    # The line has reached the coach (a person types before pressing Ctrl-C): the pipe holds nothing unread.
    wait_for(lambda: unread_bytes(process.stdin) == 0, "the plain mode to read the typed line")
    process.send_signal(signal.SIGINT)
    process.wait(timeout=TIMEOUT_S)  # stdin is still open: only the interrupt can end the read
    out, err = process.communicate()
    assert process.returncode == 130 and "Interrupted." in err
    assert "interview-coach start --resume" in out
    session = stored_session(out.split("Session ")[-1].split()[0])
    assert [t.text for t in session.turns if t.kind.value == "answer"] == ["half of my warm-up answer"]


async def test_resume_shows_the_score_of_an_answer_saved_before_a_crash() -> None:
    from interview_coach.domain.interview import InterviewEngine, InterviewOptions
    from interview_coach.plain import PlainInterview, PlainIO
    from tests.engine_helpers import make_bank
    from tests.fakes.coaches import ScriptedCoach
    from tests.fakes.memory_store import InMemorySessionStore

    store = InMemorySessionStore()
    options = InterviewOptions(track="t", questions=2, warmups=0, follow_ups=0, seed=1)
    engine = await InterviewEngine.start(make_bank(), store, ScriptedCoach(fail=True), options)
    with pytest.raises(ConnectionError):
        await engine.submit("score=80 saved, then the process died")
    resumed = await InterviewEngine.resume(make_bank(), store, ScriptedCoach(), engine.session.id)
    out = io.StringIO()
    await PlainInterview(resumed, PlainIO(io.StringIO("/quit\n"), out)).run()
    text = out.getvalue()
    assert "saved before the interruption and is now scored" in text and "-- Score: 80/100" in text


def test_the_reference_answer_waits_until_the_follow_ups_are_done(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.validation_helpers import complete_track, write_file

    # A pack of our own, so the question (and its follow-up on point "a") does not depend on the shipped bank.
    write_file(tmp_path / "pack", "custom.json", complete_track("custom"), track="custom")
    args = ("start", "--plain", "--track", "custom", "--questions", "1", "--warmups", "0", "--follow-ups", "1")
    # Points b and c made, a missed: a solid answer that gets the open follow-up on a.
    answer = (
        "Beta, which some call beth, and gamma, which some call gimel, shape what we build and how we test it.\n.\n"
    )
    result = run_with_stdin(
        capsys, monkeypatch, answer + ANSWER, *args, "--questions-dir", str(tmp_path / "pack"), "--seed", "3"
    )
    out = result.out
    assert result.code == 0 and out.count("Reference answer:") == 1
    assert out.index("== Follow-up") < out.index("Reference answer:") < out.index("== Summary")


def test_windows_line_endings_are_not_kept_in_the_answer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_with_stdin(capsys, monkeypatch, ANSWER.replace("\n", "\r\n") + "/quit\r\n", *START)
    session = stored_session(session_id_from(result.out))
    (answer,) = [t.text for t in session.turns if t.kind.value == "answer"]
    assert "\r" not in answer and answer == ANSWER.removesuffix("\n.\n")


def test_the_header_says_why_the_coach_is_offline(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    no_key = run_with_stdin(capsys, monkeypatch, "/quit\n", *START)
    assert "coach: Offline coach - rubric scoring, no API key" in no_key.out
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-not-used-1234")
    by_choice = run_with_stdin(capsys, monkeypatch, "/quit\n", *START, "--offline")
    assert "coach: Offline coach - rubric scoring (offline mode)" in by_choice.out


def test_quit_in_the_middle_of_an_answer_keeps_it_as_a_draft_that_resume_shows(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_with_stdin(capsys, monkeypatch, "half of my first thought\n/quit\n", *START)
    session_id = session_id_from(first.out)
    assert first.code == 0 and "kept as a draft" in first.out and f"--resume {session_id}" in first.out
    assert not [t for t in stored_session(session_id).turns if t.kind.value == "answer"]  # not submitted

    again = run_with_stdin(capsys, monkeypatch, "/quit\n", "start", "--plain", "--resume")
    assert "Your unsent draft for this question:\nhalf of my first thought" in again.out
    assert f"--resume {session_id}" in again.out  # a session with a draft is kept, even with nothing answered

    done = run_with_stdin(capsys, monkeypatch, ANSWER + "/quit\n", "start", "--plain", "--resume")
    assert done.code == 0 and list(get_paths().drafts_dir.glob("*.txt")) == []  # sent: the draft is gone


def test_plain_feedback_explains_the_score_criterion_by_criterion(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("start", "--plain", "--track", "backend", "--questions", "1", "--warmups", "0", "--follow-ups", "0")
    result = run_with_stdin(capsys, monkeypatch, ANSWER, *args, "--seed", "3")
    out = result.out
    assert result.code == 0 and "(offline check)" in out
    assert "Offline check: key points and known misconceptions." in out
    assert re.search(r"^- (met|partly|missed|contradicted) \(\+\d+ of \d+\): ", out, re.MULTILINE)
    assert re.search(r"^Score: \d+", out, re.MULTILINE) and re.search(r"^Tip: ", out, re.MULTILINE)


def test_json_feedback_events_carry_each_criterion_and_deduction(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("start", "--plain", "--json", "--track", "backend", "--questions", "1", "--warmups", "0")
    result = run_with_stdin(capsys, monkeypatch, "Redis.\n.\n", *args, "--follow-ups", "0", "--seed", "3")
    [feedback] = [e for e in map(json.loads, result.out.splitlines()) if e["event"] == "feedback"]
    assert {c["status"] for c in feedback["criteria"]} <= {"met", "partly", "missed", "contradicted"}
    assert all({"id", "points", "max_points", "evidence", "correction"} <= c.keys() for c in feedback["criteria"])
    # A one-word answer: its criteria earn what they earn and the length cap takes the rest, shown as a deduction.
    points = sum(c["points"] for c in feedback["criteria"])
    assert points - sum(d["points"] for d in feedback["deductions"]) == feedback["score"]


def test_a_warm_up_score_says_it_does_not_count(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("start", "--plain", "--track", "backend", "--questions", "1", "--warmups", "1", "--follow-ups", "0")
    result = run_with_stdin(capsys, monkeypatch, ANSWER * 2, *args, "--seed", "3")
    assert result.code == 0 and "; a warm-up, not in the overall)" in result.out
    assert result.out.count("not in the overall") == 1  # the main question counts

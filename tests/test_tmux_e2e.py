"""End to end, as a user runs it: the installed console script in tmux.

- The smoke test types an answer into the TUI, submits it and reads the offline feedback off the screen.
- The proof runs a whole interview against the loopback fake DeepSeek server with a 503 injected mid-session (and
  recovery after it), quits, resumes, finishes, exports, and checks that every answer typed is in the export and
  that the fallback was recorded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tmux_helpers import CONSOLE_SCRIPT, TmuxSession, require_tmux

pytestmark = pytest.mark.tmux
ROOT = Path(__file__).parents[1]


@pytest.fixture
def tmux_sessions() -> Iterator[list[TmuxSession]]:
    require_tmux()
    sessions: list[TmuxSession] = []
    yield sessions
    for session in sessions:
        session.close()


def launch(sessions: list[TmuxSession], args: str, env: dict[str, str]) -> TmuxSession:
    session = TmuxSession(f"{CONSOLE_SCRIPT} {args}", env)
    sessions.append(session)
    return session


def test_smoke_type_submit_and_read_feedback(coach_home: Path, tmux_sessions: list[TmuxSession]) -> None:
    tui = launch(
        tmux_sessions,
        "start --track backend --seed 1 --warmups 0 --questions 1 --follow-ups 0",
        {"INTERVIEW_COACH_HOME": str(coach_home)},
    )
    tui.wait_for("Question 1 of 1")
    tui.wait_for("Offline coach")
    tui.type("I would hash passwords with argon2id and a unique salt, and rate limit the login endpoint.")
    tui.wait_for("words")
    tui.press("C-s")
    screen = tui.wait_for("offline check")
    assert "Score" in screen and "/100" in screen


def test_first_screen_fills_in_its_key_hints_with_no_key_pressed(
    coach_home: Path, tmux_sessions: list[TmuxSession]
) -> None:
    # The key footer is mounted after the first frame (start-up speed); it must still appear on its own.
    tui = launch(tmux_sessions, "start --track backend --seed 1", {"INTERVIEW_COACH_HOME": str(coach_home)})
    tui.wait_for("Warm-up")
    screen = tui.wait_for("^q Quit")
    assert "^s Submit" in screen


@pytest.fixture
def fake_deepseek_process() -> Iterator[str]:
    """The fake server as its own process: 503 for the third chat completion only, then it recovers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.deepseek_server", "--port", "0", "--fail-after", "2", "--fail-count", "1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert "listening on" in line, line
    yield line.rsplit(" ", 1)[-1].strip()
    process.terminate()
    process.wait(timeout=10)


def test_full_interview_with_fault_quit_resume_and_export(
    coach_home: Path, tmux_sessions: list[TmuxSession], fake_deepseek_process: str
) -> None:
    env = {
        "INTERVIEW_COACH_HOME": str(coach_home),
        "DEEPSEEK_API_KEY": "sk-e2e-test-key-0000",
        "DEEPSEEK_BASE_URL": fake_deepseek_process,
        "DEEPSEEK_MAX_RETRIES": "0",
        "DEEPSEEK_RETRY_BACKOFF_SECONDS": "0",
    }
    answers = [
        "Hash passwords with argon2id and a per-user salt; rate limit and lock out on repeated failures.",
        "Each pod opens its own pool, so forty pods times the pool size exceeds max_connections; add PgBouncer.",
    ]
    first = launch(tmux_sessions, "start --track backend --seed 1 --warmups 0 --questions 2 --follow-ups 0", env)
    first.wait_for("Question 1 of 2")
    first.wait_for("AI coach (deepseek-v4-flash), not reached yet")
    first.type(answers[0])
    first.press("C-s")
    first.wait_for("AI: deepseek-v4-flash")  # chat 1 scores, chat 2 streams the feedback
    first.wait_for("AI online (deepseek-v4-flash)")
    first.wait_for("Question 2 of 2")
    first.press("C-q")
    screen = first.wait_for("EXIT-CODE=0")
    assert "interview-coach start --resume" in screen

    second = launch(tmux_sessions, "start --resume", env)
    second.wait_for("Question 2 of 2")
    second.type(answers[1])
    second.press("C-s")
    second.wait_for("offline check")  # chat 3 is the injected 503: the offline coach scores
    second.wait_for("That was the last question")  # its feedback stays until we ask for the summary
    second.press("C-s")
    second.wait_for("Difficulty path")  # the AI rests a minute after a failure: the summary is offline
    second.press("C-q")
    second.wait_for("EXIT-CODE=0")

    exported = subprocess.run(
        [str(CONSOLE_SCRIPT), "export", "--last", "--format", "json"],
        env={**env, "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    session = json.loads(exported.stdout)["session"]
    typed = [t["text"] for t in session["turns"] if t["kind"] == "answer"]
    assert typed == answers
    assert [e["scored_by"] for e in session["evaluations"]] == ["deepseek-v4-flash", "offline-heuristic"]
    notes = [t["text"] for t in session["turns"] if t["kind"] == "system_note"]
    assert any("Scored by the offline coach" in note for note in notes) and any("resumed" in note for note in notes)
    assert session["status"] == "completed" and "sk-e2e-test-key" not in exported.stdout


def test_a_hostile_pack_shows_its_markup_as_text(
    coach_home: Path, tmux_sessions: list[TmuxSession], tmp_path: Path
) -> None:
    from tests.validation_helpers import complete_track, write_file

    questions = complete_track("hostile")
    for question in questions:
        question["prompt"] = "[reverse]X [@click=app.quit]Y[/] <b>bold</b> " + question["prompt"]
    write_file(tmp_path / "pack", "hostile.json", questions, track="hostile")
    tui = launch(
        tmux_sessions,
        f"start --track hostile --questions-dir {tmp_path / 'pack'} --seed 1",
        {"INTERVIEW_COACH_HOME": str(coach_home)},
    )
    screen = tui.wait_for("[@click=app.quit]Y[/] <b>bold</b>")  # literally: no styling, no live click action
    assert "Warm-up" in screen


def test_bare_command_in_a_terminal_opens_the_home_screen(coach_home: Path, tmux_sessions: list[TmuxSession]) -> None:
    tui = launch(tmux_sessions, "", {"INTERVIEW_COACH_HOME": str(coach_home)})
    screen = tui.wait_for("Start interview")
    assert "Backend" in screen and "Track" in screen

"""The candidate never waits on a slow AI: Escape in the TUI and /offline in the plain mode end the wait, and the
answer is scored offline with the reason recorded."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from interview_coach.domain.fallback_coach import FallbackCoach
from interview_coach.domain.interview import InterviewEngine, InterviewOptions
from interview_coach.domain.models import CoachMode, Evaluation
from interview_coach.domain.offline_coach import OfflineCoach
from interview_coach.domain.questions import Question
from interview_coach.plain import PlainInterview, PlainIO
from tests.engine_helpers import make_bank
from tests.fakes.coaches import ScriptedCoach
from tests.fakes.memory_store import InMemorySessionStore
from tests.tui_helpers import make_app, make_services, settle, type_text, wait_until


class SlowCoach(ScriptedCoach):
    """An AI coach whose server never answers in time."""

    async def score(self, question: Question, answer: str) -> Evaluation:
        await asyncio.sleep(60)
        return await super().score(question, answer)


def slow_fallback(wait_s: float = 60) -> FallbackCoach:
    return FallbackCoach(SlowCoach("deepseek-v4-flash"), OfflineCoach(), wait_s=wait_s, retry_after_s=0)


async def test_escape_while_scoring_uses_the_offline_coach_at_once(tmp_path: Path) -> None:
    coach = slow_fallback()
    store = InMemorySessionStore()
    app = make_app(make_services(tmp_path, store=store, coach=coach), flags={"warmups": 0, "follow_ups": 0})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "alpha beta gamma told in a full sentence")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: coach.waiting)
        screen = app.screen
        # While the AI is awaited only what applies stays in the footer: no Submit, Hint or Skip.
        assert all(screen.check_action(action, ()) is False for action in ("submit", "hint", "skip"))
        await pilot.press("escape")
        await settle(pilot)
        [session] = store.sessions.values()
        [evaluation] = session.evaluations
        assert evaluation.scored_by == "offline-heuristic"
        assert evaluation.fallback_reason == "you chose not to wait for the AI coach"
        assert session.mode is CoachMode.MIXED


async def test_plain_offline_command_ends_the_ai_for_the_rest_of_the_session() -> None:
    coach = slow_fallback()
    options = InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, seed=1)
    engine = await InterviewEngine.start(make_bank(), InMemorySessionStore(), coach, options)
    out = io.StringIO()
    stdin = io.StringIO("/offline\nalpha beta gamma told in a full sentence\n.\n")
    code = await asyncio.wait_for(PlainInterview(engine, PlainIO(stdin, out)).run(), timeout=10)
    assert code == 0
    text = out.getvalue()
    assert "Using the offline coach for the rest of this session." in text
    assert "(offline check)" in text
    assert engine.session.evaluations[0].fallback_reason == "offline coach chosen for the rest of the session"


def test_retries_show_in_the_coach_health_and_reach_listeners() -> None:
    from interview_coach.domain.ports import RetryNotice

    coach = slow_fallback()
    heard: list[RetryNotice] = []
    coach.retry_listeners.append(heard.append)
    notice = RetryNotice(attempt=2, max_attempts=3, delay_s=1.6, reason="DeepSeek server error (HTTP 503)")
    coach.notice_retry(notice)
    assert heard == [notice]
    assert coach.health().label == "AI retrying 2/3 in 1.6 s (DeepSeek server error (HTTP 503))"


def test_plain_mode_prints_retries_to_stderr_and_as_json_events(capsys: object) -> None:
    from interview_coach.domain.ports import RetryNotice

    async def run(json_events: bool) -> str:
        coach = slow_fallback()
        options = InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, seed=1)
        engine = await InterviewEngine.start(make_bank(), InMemorySessionStore(), coach, options)
        out = io.StringIO()
        PlainInterview(engine, PlainIO(io.StringIO(""), out, json_events))
        coach.notice_retry(RetryNotice(attempt=2, max_attempts=3, delay_s=0.5, reason="HTTP 503"))
        return out.getvalue()

    assert asyncio.run(run(False)) == ""  # stdout stays the interview...
    assert "AI retrying 2/3 in 0.5 s: HTTP 503" in capsys.readouterr().err  # type: ignore[attr-defined]
    event = asyncio.run(run(True))
    assert '"event": "retry"' in event and '"attempt": 2' in event


def test_a_hanging_server_never_holds_a_plain_session_past_the_wait_budget(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys
    import time

    server = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.deepseek_server", "--port", "0", "--drip", "1"],
        cwd=Path(__file__).parents[1],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().rsplit(" ", 1)[-1].strip()
        env = {
            **os.environ,
            "INTERVIEW_COACH_HOME": str(tmp_path / "home"),
            "DEEPSEEK_API_KEY": "sk-wait-test-0000000000",
            "DEEPSEEK_BASE_URL": url,
            "INTERVIEW_COACH_AI_WAIT_S": "1.5",
        }
        args = ["start", "--plain", "--track", "backend", "--questions", "2", "--warmups", "0", "--no-voice"]
        answers = "An index on the filter columns, checked with EXPLAIN.\n.\nA queue with retries and backoff.\n.\n"
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "interview_coach", *args, "--follow-ups", "0"],
            input=answers,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        took = time.monotonic() - started
        assert run.returncode == 0, run.stderr
        assert took < 45  # a hanging server once held every answer for the whole read timeout (45 s each)
        exported = subprocess.run(
            [sys.executable, "-m", "interview_coach", "export", "--last", "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        session = json.loads(exported.stdout)["session"]
        assert session["mode"] == "mixed"
        answered = [t for t in session["turns"] if t["kind"] == "answer"]
        assert len(answered) == 2
        for evaluation in session["evaluations"]:
            assert evaluation["scored_by"] == "offline-heuristic" and evaluation["fallback_reason"]
    finally:
        server.terminate()
        server.wait(timeout=10)

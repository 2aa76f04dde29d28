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

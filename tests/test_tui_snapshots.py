"""SVG snapshots of every screen at a fixed size, with time, randomness and the session id frozen.

Regenerate after an intended change: ``pytest tests/test_tui_snapshots.py --snapshot-update`` (then look at the
SVGs in ``tests/__snapshots__/test_tui_snapshots/`` before committing them).
"""

from __future__ import annotations

import time
import types
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from interview_coach.domain import interview
from interview_coach.domain.offline_coach import OfflineCoach
from tests.tui_helpers import (
    FIXED_SESSION_ID,
    feedback_streamed,
    make_app,
    make_services,
    settle,
    store_with_history,
    type_text,
    wait_until,
)

SnapCompare = Callable[..., bool]
WIDE, NARROW = (120, 40), (80, 24)


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed session id and local time zone (the clock and the seed are fixed by the services and flags)."""
    fixed = uuid.UUID(FIXED_SESSION_ID)
    monkeypatch.setattr(interview, "uuid", types.SimpleNamespace(uuid4=lambda: fixed))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


SHOWN_HOME = Path("/home/you/.local/share/interview-coach")  # shown as the export folder; nothing is written


def offline_app(**kw: Any) -> Any:
    return make_app(make_services(SHOWN_HOME, coach=OfflineCoach(), store=kw.pop("store", None)), **kw)


async def answer_everything(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    for text in (
        "score=80 alpha beta gamma: I start from the requirements and the trade-off between speed and safety.",
        "alpha and beta, measured with a benchmark",
        "gamma only",
    ):
        pilot.app.screen.query_one("#answer").insert(text)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await pilot.press("ctrl+s")  # the skipped last question's reference stays up until the summary is asked for
    await settle(pilot)


def test_home_screen(snap_compare: SnapCompare) -> None:
    app = offline_app(track=None, store=store_with_history())
    assert snap_compare(app, terminal_size=WIDE, run_before=settle)


def test_interview_screen_with_feedback(snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await type_text(pilot, "Python with FastAPI; alpha and beta")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: feedback_streamed(pilot.app), what="the feedback stream to finish")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await type_text(pilot, "Next answer in progress")

    assert snap_compare(offline_app(), terminal_size=WIDE, run_before=run_before)


def test_interview_screen_small_terminal(snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await type_text(pilot, "A short answer")

    assert snap_compare(offline_app(), terminal_size=NARROW, run_before=run_before)


def test_summary_screen(snap_compare: SnapCompare) -> None:
    assert snap_compare(offline_app(), terminal_size=WIDE, run_before=answer_everything)


def test_history_screen(snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    app = offline_app(track=None, store=store_with_history())
    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def test_help_screen(snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(offline_app(), terminal_size=WIDE, run_before=run_before)

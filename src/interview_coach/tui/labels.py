"""The words the TUI shows for engine state: coach status, prompt headers, scores and times.

Pure functions (no textual), so they are easy to test and the screens stay short.
"""

from __future__ import annotations

from datetime import datetime

from interview_coach.config import Settings
from interview_coach.domain import text
from interview_coach.domain.interview import Prompt
from interview_coach.domain.models import TurnKind
from interview_coach.domain.ports import CoachHealth, CoachState
from interview_coach.domain.text import clock

OFFLINE_NO_KEY = "Offline coach - rubric scoring, no API key"
OFFLINE_BY_CHOICE = "Offline coach - rubric scoring (offline mode)"


def coach_label(health: CoachHealth, settings: Settings) -> str:
    """The coach state in plain words: AI online, offline (and why), or the offline fallback in use."""
    if not health.configured:
        return OFFLINE_BY_CHOICE if settings.ai_configured else OFFLINE_NO_KEY
    return health.label


def coach_level(health: CoachHealth) -> str:
    """A CSS class for the status bar: -online, -fallback or -offline."""
    if not health.configured:
        return "-offline"
    if health.fallback_active or health.state is not CoachState.ONLINE:
        return "-fallback"
    return "-online"


def prompt_title(prompt: Prompt) -> str:
    """The question panel's title: 'Warm-up', 'Question 2 of 5' or 'Follow-up to question 2 of 5'."""
    if prompt.warmup:
        return "Follow-up to the warm-up" if prompt.kind is TurnKind.FOLLOW_UP else "Warm-up"
    position = f"question {prompt.number} of {prompt.total}"
    if prompt.kind is TurnKind.FOLLOW_UP:
        return f"Follow-up to {position}"
    return position[0].upper() + position[1:]


def progress_label(prompt: Prompt) -> str:
    """Short progress, e.g. '3/6', 'warm-up' or 'follow-up to 3/6'."""
    where = "warm-up" if prompt.warmup else f"{prompt.number}/{prompt.total}"
    return f"follow-up to {where}" if prompt.kind is TurnKind.FOLLOW_UP else where


def countdown(limit_s: int | None, elapsed_s: float) -> tuple[str, bool]:
    """The timer text and whether time is up: ('3:12 left', False) or ('0:15 over', True)."""
    if limit_s is None:
        return "", False
    remaining = limit_s - elapsed_s
    if remaining >= 0:
        return f"{clock(remaining)} left", False
    return f"{clock(-remaining)} over", True


def score_style(score: float | None) -> str:
    """Theme variables: good from 70, fair from 50, weak below."""
    if score is None:
        return "$text-muted"
    return "$text-success" if score >= 70 else "$text-warning" if score >= 50 else "$text-error"


def word_count(text: str) -> int:
    return len(text.split())


def local_time(value: datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


plural = text.plural  # one rule for counts in the TUI and the domain's own messages

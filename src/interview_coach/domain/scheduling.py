"""Spaced repetition: an SM-2-style schedule per question, driven by the answer's score.

The score (0-100) maps to SM-2's quality grade 0-5. A grade under 3 means "not learned": the repetition count
resets and the question is due again tomorrow. Otherwise the interval grows 1 day, 6 days, then by the ease
factor, and the ease moves with the grade (never under 1.3, as in SM-2).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from interview_coach.domain.models import ReviewState, utcnow

MIN_EASE = 1.3


def quality_from_score(score: float) -> int:
    return max(0, min(5, round(score / 20)))


def update_review(state: ReviewState, score: float, *, today: date, now: datetime | None = None) -> ReviewState:
    """The next schedule after an answer scored ``score`` (0-100) on ``today``."""
    quality = quality_from_score(score)
    ease = max(MIN_EASE, state.ease + 0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02))
    if quality < 3:
        repetitions, interval = 0, 1.0
    else:
        repetitions = state.repetitions + 1
        interval = 1.0 if repetitions == 1 else 6.0 if repetitions == 2 else round(state.interval_days * ease, 1)
    return state.model_copy(
        update={
            "times_asked": state.times_asked + 1,
            "last_score": score,
            "ease": round(ease, 3),
            "interval_days": interval,
            "repetitions": repetitions,
            "due": today + timedelta(days=max(1, round(interval))),
            "last_asked_at": now or utcnow(),
        }
    )

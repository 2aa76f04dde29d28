"""Averages, trends and the weakest competencies, computed from ``SqlSessionStore.score_rows``.

Pure Python (no SQL): the repository supplies one ``ScoreRow`` per session, oldest first. Competency scores
come from each session's summary (``SessionSummary.competency_scores``). Scores are on the 0-100 scale.

A trend is the mean of the last ``TREND_WINDOW`` scores minus the mean of the ``TREND_WINDOW`` before them:
positive means improving. It is None until there are at least two scores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from statistics import fmean
from typing import Any

TREND_WINDOW = 5
SPARK_POINTS = 20
WEAKEST = 3
_SPARKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class ScoreRow:
    session_id: str
    track: str
    started_at: datetime
    overall: float | None
    competencies: dict[str, float] = field(default_factory=dict)
    profile: str = ""


@dataclass(frozen=True)
class SeriesStats:
    """One track or competency: how many scores, their mean, the trend and the latest scores for a chart."""

    name: str
    count: int
    average: float | None
    best: float | None
    latest: float | None
    trend: float | None
    recent: list[float]


@dataclass(frozen=True)
class StatsReport:
    sessions: int
    scored_sessions: int
    tracks: list[SeriesStats]
    competencies: list[SeriesStats]
    weakest: list[SeriesStats]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def trend(scores: Sequence[float], window: int = TREND_WINDOW) -> float | None:
    if len(scores) < 2:
        return None
    recent = scores[-window:] if len(scores) >= 2 * window else scores[len(scores) // 2 :]
    before = scores[-2 * window : -window] if len(scores) >= 2 * window else scores[: len(scores) // 2]
    return round(fmean(recent) - fmean(before), 1)


def series(name: str, scores: Sequence[float]) -> SeriesStats:
    return SeriesStats(
        name=name,
        count=len(scores),
        average=round(fmean(scores), 1) if scores else None,
        best=round(max(scores), 1) if scores else None,
        latest=round(scores[-1], 1) if scores else None,
        trend=trend(scores),
        recent=[round(s, 1) for s in scores[-SPARK_POINTS:]],
    )


def compute_stats(rows: Iterable[ScoreRow]) -> StatsReport:
    by_track: dict[str, list[float]] = defaultdict(list)
    by_competency: dict[str, list[float]] = defaultdict(list)
    sessions = scored = 0
    for row in rows:
        sessions += 1
        if row.overall is not None:
            scored += 1
            by_track[row.track].append(row.overall)
        for competency, score in row.competencies.items():
            by_competency[competency].append(score)
    tracks = [series(name, scores) for name, scores in sorted(by_track.items())]
    competencies = [series(name, scores) for name, scores in sorted(by_competency.items())]
    weakest = sorted(competencies, key=lambda s: (s.average if s.average is not None else 101.0, s.name))[:WEAKEST]
    return StatsReport(sessions, scored, tracks, competencies, weakest)


def sparkline(scores: Sequence[float], low: float = 0.0, high: float = 100.0) -> str:
    """Scores as ▁▂▃▅▇ on a fixed 0-100 scale, so two lines can be compared by eye."""
    span = high - low
    chars = []
    for score in scores:
        level = 0.0 if span <= 0 else min(max((score - low) / span, 0.0), 1.0)
        chars.append(_SPARKS[round(level * (len(_SPARKS) - 1))])
    return "".join(chars)


def bar(score: float | None, width: int = 20) -> str:
    if score is None:
        return ""
    filled = round(min(max(score, 0.0), 100.0) / 100 * width)
    return "█" * filled + "·" * (width - filled)

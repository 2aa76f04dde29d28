"""Delivery trends for `stats`: pace, fillers and long pauses of spoken answers, session by session.

Pure Python over ``DeliveryRow``s (one per spoken answer, oldest session first) from
``SqlSessionStore.delivery_rows``. Each session contributes its mean, and the trend is computed like the score
trends (``stats.trend``): for fillers and pauses a negative trend is the improvement.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from statistics import fmean
from typing import Any

from interview_coach.storage.stats import SeriesStats, series


@dataclass(frozen=True)
class DeliveryRow:
    session_id: str
    delivery: dict[str, Any]  # DeliveryMetrics as stored in the answer's metrics JSON


@dataclass(frozen=True)
class DeliveryReport:
    spoken_answers: int
    sessions: int
    pace_wpm: SeriesStats
    fillers_per_100_words: SeriesStats
    long_pauses_per_answer: SeriesStats

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def compute_delivery_stats(rows: list[DeliveryRow]) -> DeliveryReport | None:
    """None when no answer was spoken: the stats output then says nothing about delivery."""
    by_session: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_session[row.session_id].append(row.delivery)
    if not by_session:
        return None
    pace, fillers, pauses = [], [], []
    for answers in by_session.values():  # dicts keep insertion order: oldest session first
        paces = [a["words_per_minute"] for a in answers if a.get("words_per_minute") is not None]
        if paces:
            pace.append(fmean(paces))
        fillers.append(fmean(float(a.get("fillers_per_100_words") or 0.0) for a in answers))
        pauses.append(fmean(float(a.get("long_pauses") or 0) for a in answers))
    return DeliveryReport(
        spoken_answers=len(rows),
        sessions=len(by_session),
        pace_wpm=series("pace (wpm)", pace),
        fillers_per_100_words=series("fillers per 100 words", fillers),
        long_pauses_per_answer=series("long pauses per answer", pauses),
    )


def delivery_lines(report: DeliveryReport) -> list[str]:
    """Plain lines for the `stats` output (no markup: the numbers are ours, but keep it plain anyway)."""
    sessions = "session" if report.sessions == 1 else "sessions"
    answers = "answer" if report.spoken_answers == 1 else "answers"
    lines = [f"Delivery of spoken answers ({report.spoken_answers} {answers} in {report.sessions} {sessions}):"]
    for item, better in (
        (report.pace_wpm, "120-160 is conversational"),
        (report.fillers_per_100_words, "lower is better"),
        (report.long_pauses_per_answer, "lower is better"),
    ):
        average = f"{item.average:.1f}" if item.average is not None else "-"
        latest = f"{item.latest:.1f}" if item.latest is not None else "-"
        trend = f"{item.trend:+.1f}" if item.trend is not None else "-"
        lines.append(f"  {item.name:<24} average {average:>6}  latest {latest:>6}  trend {trend:>6}  ({better})")
    return lines

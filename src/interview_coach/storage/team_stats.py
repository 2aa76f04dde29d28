"""Team mode's reviewer view: the stats of ``storage/stats.py``, once per candidate (profile)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from interview_coach.storage.stats import ScoreRow, StatsReport, compute_stats


def per_profile(rows: Iterable[ScoreRow]) -> list[tuple[str, StatsReport]]:
    """Each profile's sessions, average and trend per track and competency, by profile name."""
    grouped: dict[str, list[ScoreRow]] = defaultdict(list)
    for row in rows:
        grouped[row.profile].append(row)
    return [(name, compute_stats(grouped[name])) for name in sorted(grouped)]

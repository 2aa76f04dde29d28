"""Team mode's reviewer views in the terminal: `stats --all-profiles` per candidate."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from interview_coach.storage.stats import ScoreRow, SeriesStats


def print_per_profile(
    console: Console, rows: list[ScoreRow], series_table: Callable[[str, list[SeriesStats]], Table]
) -> None:
    """Each candidate's sessions, and their competencies with count, average and trend."""
    from rich.text import Text

    from interview_coach.domain.inert import inert
    from interview_coach.domain.text import plural
    from interview_coach.storage.team_stats import per_profile

    for name, each in per_profile(rows):
        console.print()
        line = Text(inert(name), style="bold")  # a name is data: never read as markup or control characters
        line.append(f": {plural(each.sessions, 'session')}, {each.scored_sessions} with a score.", style="")
        console.print(line)
        if each.competencies:
            console.print(series_table("competency", each.competencies))

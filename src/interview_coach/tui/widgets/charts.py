"""Charts: score bars per competency (summary) and a score sparkline per track (history)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from interview_coach.tui.labels import plural, score_style

FULL, EMPTY = "█", "░"
LEVELS = "▁▂▃▄▅▆▇█"


def score_bar(score: float | None, width: int) -> Content:
    """A bar of ``width`` cells filled in proportion to ``score`` (0-100), coloured by how good it is."""
    width = max(1, width)
    filled = 0 if score is None else round(max(0.0, min(100.0, score)) / 100 * width)
    return Content.assemble((FULL * filled, score_style(score)), (EMPTY * (width - filled), "$text-disabled"))


class CompetencyChart(Widget):
    """One row per competency: name, bar, score. The bars use whatever width the chart is given."""

    DEFAULT_CSS = """
    CompetencyChart { height: auto; }
    """

    def __init__(self, scores: dict[str, float], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.scores = dict(sorted(scores.items(), key=lambda item: (-item[1], item[0])))

    def render(self) -> Content:
        if not self.scores:
            return Content.styled("No scored answers yet.", "$text-muted")
        name_width = min(24, max(len(name) for name in self.scores))
        bar_width = max(4, self.size.width - name_width - 6)
        rows = []
        for name, score in self.scores.items():
            label = name if len(name) <= name_width else name[: name_width - 1] + "…"
            rows.append(
                Content.assemble(
                    f"{label:<{name_width}} ",
                    score_bar(score, bar_width),
                    (f" {score:>3.0f}", f"bold {score_style(score)}"),
                )
            )
        return Content("\n").join(rows)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.scores))


class ScoreSparkline(Widget):
    """One cell per session, newest on the right, its height the score on the fixed 0-100 scale.

    Not Textual's ``Sparkline``: that one stretches the data over the whole width and scales it between its own
    minimum and maximum, so one session filled the line and 60 then 62 looked like a leap.
    """

    DEFAULT_CSS = """
    ScoreSparkline { height: 1; }
    """

    def __init__(self, scores: Sequence[float]) -> None:
        super().__init__()
        self.scores = list(scores)

    def render(self) -> Content:
        shown = self.scores[-max(1, self.size.width) :]
        return Content.assemble(*((_level(score), score_style(score)) for score in shown))


def _level(score: float) -> str:
    clamped = max(0.0, min(100.0, score))
    return LEVELS[min(len(LEVELS) - 1, int(clamped / 100 * len(LEVELS)))]


class TrackTrend(Horizontal):
    """A track's name, its score sparkline (oldest to newest) and the latest and average scores."""

    DEFAULT_CSS = """
    TrackTrend {
        height: 1;
        .trend-name { width: 20; }
        ScoreSparkline { width: 1fr; min-width: 10; }
        .trend-numbers { width: auto; padding: 0 0 0 1; color: $text-muted; }
    }
    """

    def __init__(self, track: str, scores: Sequence[float]) -> None:
        super().__init__()
        self.track = track
        self.scores = list(scores)

    def compose(self) -> ComposeResult:
        yield Static(Content(self.track), classes="trend-name")
        yield ScoreSparkline(self.scores)
        latest = self.scores[-1] if self.scores else None
        average = sum(self.scores) / len(self.scores) if self.scores else None
        if latest is None or average is None:
            numbers = Content("no scores yet")
        else:
            numbers = Content.assemble(
                "last ",
                (f"{latest:.0f}", f"bold {score_style(latest)}"),
                f" · avg {average:.0f} · {plural(len(self.scores), 'session')}",
            )
        yield Static(numbers, classes="trend-numbers")


class TrackTrends(Vertical):
    """Score trends for every track with completed sessions."""

    DEFAULT_CSS = """
    TrackTrends { height: auto; }
    TrackTrends > .trends-empty { color: $text-muted; }
    """

    def __init__(self, trends: dict[str, list[float]], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.trends = trends

    def compose(self) -> ComposeResult:
        if not self.trends:
            yield Static("Finish a session to see your score trend here.", classes="trends-empty")
        for track, scores in sorted(self.trends.items()):
            yield TrackTrend(track, scores)

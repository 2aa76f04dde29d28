"""Start-up: `interview-coach --help` against a bare Typer app, and the TUI's first question on screen (in tmux)
against a bare Textual app showing one label. Medians of several runs, measured in the same run so the ratio
holds on a noisy machine. Targets: --help ratio <= 1.2, TUI ratio <= 1.5."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import Row
from tmux_timing import time_until_visible

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
PY = sys.executable


def median_run(argv: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_help(runs: int = 15) -> tuple[float, float]:
    ours = median_run([str(BIN / "interview-coach"), "--help"], runs)
    bare = median_run([PY, str(HERE / "baselines" / "bare_typer.py"), "--help"], runs)
    return ours, bare


def bench_tui(runs: int = 7) -> tuple[float, float]:
    ours, bare = [], []
    with tempfile.TemporaryDirectory() as home:
        env = {"INTERVIEW_COACH_HOME": home}
        for _ in range(runs):
            bare.append(time_until_visible(f"{PY} {HERE / 'baselines' / 'bare_textual.py'}", "BARE-TEXTUAL-READY"))
            ours.append(
                time_until_visible(f"{BIN / 'interview-coach'} start --track backend --seed 1", "Warm-up", env=env)
            )
    return statistics.median(ours), statistics.median(bare)


def results() -> list[Row]:
    help_ours, help_bare = bench_help()
    tui_ours, tui_bare = bench_tui()
    return [
        Row(
            "`interview-coach --help`",
            f"{help_ours * 1000:.0f} ms",
            f"{help_bare * 1000:.0f} ms (bare Typer app)",
            "ratio <= 1.2",
            help_ours / help_bare <= 1.2,
        ),
        Row(
            "TUI start to first question on screen (tmux)",
            f"{tui_ours * 1000:.0f} ms",
            f"{tui_bare * 1000:.0f} ms (bare Textual label)",
            "ratio <= 1.5",
            tui_ours / tui_bare <= 1.5,
        ),
    ]


def main() -> list[tuple[str, float, float, str]]:
    rows = []
    ours, bare = bench_help()
    rows.append(("`interview-coach --help` vs bare Typer app", ours, bare, "ratio <= 1.2"))
    ours, bare = bench_tui()
    rows.append(("TUI start to first question vs bare Textual label", ours, bare, "ratio <= 1.5"))
    for name, a, b, target in rows:
        print(f"{name:<55} {a * 1000:7.0f} ms vs {b * 1000:7.0f} ms  ratio {a / b:4.2f}  target {target}")
    return rows


if __name__ == "__main__":
    main()

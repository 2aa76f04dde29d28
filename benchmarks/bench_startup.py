"""Start-up: `interview-coach --help` against a bare Typer app, and the TUI's first question on screen (in tmux)
against a bare Textual app showing one label. Medians of several runs, measured in the same run so the ratio
holds on a noisy machine. Targets: --help ratio <= 1.2, TUI ratio <= 1.5.

Two more TUI figures put that ratio in context: the time until our first screen is complete (key hints drawn,
the marker bench_competitors uses for other apps), and the floor, the bare label app after importing typer and
pydantic-settings, which our start path must load before the TUI can open."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import Row
from tmux_timing import time_until_visible

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
PY = sys.executable
BASELINES = HERE / "baselines"
BARE_MARKER = "BARE-TEXTUAL-READY"


def median_run(argv: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_help(runs: int = 15) -> tuple[float, float]:
    compile_bytecode()
    ours = median_run([str(BIN / "interview-coach"), "--help"], runs)
    bare = median_run([PY, str(BASELINES / "bare_typer.py"), "--help"], runs)
    return ours, bare


@dataclass(frozen=True)
class TuiTimes:
    question: float  # our first question on screen
    complete: float  # our first screen complete: the key hints drawn (how bench_competitors times other apps)
    bare: float  # a bare Textual app showing one label
    floor: float  # the same bare app after importing typer and pydantic-settings


def compile_bytecode() -> None:
    """Write fresh .pyc files for the package, as `pip install` does: an editable install under
    PYTHONDONTWRITEBYTECODE would otherwise compile every edited module on every start."""
    import interview_coach

    subprocess.run([PY, "-m", "compileall", "-q", str(Path(interview_coach.__file__).parent)], check=True)


def bench_tui(runs: int = 7) -> TuiTimes:
    """Medians over ``runs`` interleaved rounds, so a busy moment hits every figure alike."""
    compile_bytecode()
    samples: dict[str, list[float]] = {"question": [], "complete": [], "bare": [], "floor": []}
    ours = f"{BIN / 'interview-coach'} start --track backend --seed 1"
    with tempfile.TemporaryDirectory() as home:
        env = {"INTERVIEW_COACH_HOME": home}
        for _ in range(runs):
            samples["bare"].append(time_until_visible(f"{PY} {BASELINES / 'bare_textual.py'}", BARE_MARKER))
            samples["floor"].append(time_until_visible(f"{PY} {BASELINES / 'bare_textual_stack.py'}", BARE_MARKER))
            samples["question"].append(time_until_visible(ours, "Warm-up", env=env))
            samples["complete"].append(time_until_visible(ours, "^q Quit", env=env))
    return TuiTimes(**{name: statistics.median(values) for name, values in samples.items()})


def results() -> list[Row]:
    help_ours, help_bare = bench_help()
    tui = bench_tui()
    bare = f"{tui.bare * 1000:.0f} ms (bare Textual label)"
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
            f"{tui.question * 1000:.0f} ms (ratio {tui.question / tui.bare:.2f})",
            bare,
            "ratio <= 1.5",
            tui.question / tui.bare <= 1.5,
        ),
        Row(
            "TUI start to first screen complete, key hints drawn (tmux)",
            f"{tui.complete * 1000:.0f} ms (ratio {tui.complete / tui.bare:.2f})",
            bare,
            "for comparison",
            None,
        ),
        Row(
            "floor: the bare Textual label after `import typer, pydantic_settings`",
            f"{tui.floor * 1000:.0f} ms (ratio {tui.floor / tui.bare:.2f})",
            bare,
            "for comparison",
            None,
        ),
    ]


def main() -> None:
    ours, bare = bench_help()
    print(f"--help: {ours * 1000:.0f} ms vs bare Typer {bare * 1000:.0f} ms, ratio {ours / bare:.2f} (target <= 1.2)")
    tui = bench_tui()
    print(f"bare Textual label {tui.bare * 1000:.0f} ms")
    for name, value in (("first question", tui.question), ("screen complete", tui.complete), ("floor", tui.floor)):
        print(f"{name:<16} {value * 1000:5.0f} ms, ratio {value / tui.bare:.2f}")


if __name__ == "__main__":
    main()

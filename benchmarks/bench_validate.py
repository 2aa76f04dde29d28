"""Time `validate-questions --strict` on the shipped bank and on a generated 10,000-question bank.

Target: under 2 s each (whole command, start-up included). Prints median of several runs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import Row
from generate_bank import generate

EXE = Path(sys.executable).with_name("interview-coach")


def median_seconds(argv: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def results() -> list[Row]:
    shipped = median_seconds([str(EXE), "validate-questions", "--strict"])
    with tempfile.TemporaryDirectory() as tmp:
        bank = generate(Path(tmp) / "bank", 10_000)
        big = median_seconds([str(EXE), "validate-questions", "--strict", str(bank)], runs=3)
    return [
        Row("`validate-questions --strict`, shipped bank", f"{shipped * 1000:.0f} ms", "-", "< 2 s", shipped < 2),
        Row("`validate-questions --strict`, 10,000 generated questions", f"{big * 1000:.0f} ms", "-", "< 2 s", big < 2),
    ]


def main() -> list[tuple[str, float, str]]:
    rows = [
        (
            "validate-questions --strict (shipped bank)",
            median_seconds([str(EXE), "validate-questions", "--strict"]),
            "< 2 s",
        )
    ]
    with tempfile.TemporaryDirectory() as tmp:
        bank = generate(Path(tmp) / "bank", 10_000)
        rows.append(
            (
                "validate-questions --strict (10,000 questions)",
                median_seconds([str(EXE), "validate-questions", "--strict", str(bank)], runs=3),
                "< 2 s",
            )
        )
    for name, seconds, target in rows:
        print(f"{name:<50} {seconds * 1000:8.0f} ms   target {target}")
    return rows


if __name__ == "__main__":
    main()

"""Run every benchmark and print one Markdown table (the README's "Performance" section).

    .venv/bin/python benchmarks/run.py                  # print the table
    .venv/bin/python benchmarks/run.py --update-readme  # also write it into README.md between the markers

Each figure is a median of several runs, next to a baseline measured in the same run where one applies, so the
ratio holds on a noisy machine. Needs tmux for the TUI figures. Takes a few minutes (10,000 sessions are generated
once into a temporary home).
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from common import Row, table  # noqa: E402

README = HERE.parent / "README.md"
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"


def collect(sessions: int) -> list[Row]:
    import bench_competitors
    import bench_scoring
    import bench_startup
    import bench_storage
    import bench_store_load
    import bench_stt
    import bench_tui_memory
    import bench_validate

    rows: list[Row] = []
    steps: list[tuple[str, Callable[[], list[Row]]]] = [
        ("start-up", bench_startup.results),
        ("competitors", bench_competitors.results),
        ("validation", bench_validate.results),
        ("scoring", bench_scoring.results),
        ("TUI memory", bench_tui_memory.results),
        ("speech-to-text", bench_stt.results),
        ("store load (PostgreSQL and SQLite)", bench_store_load.results),
    ]
    for name, step in steps:
        print(f"running {name} ...", file=sys.stderr)
        rows.extend(step())
    with tempfile.TemporaryDirectory() as home:
        print("running storage (generating sessions) ...", file=sys.stderr)
        rows.extend(bench_storage.results(Path(home), sessions))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--sessions", type=int, default=10_000)
    args = parser.parse_args()
    rows = collect(args.sessions)
    machine = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    text = f"{table(rows)}\n\nMeasured with `python benchmarks/run.py` on {machine}, 2 cores."
    print(text)
    if args.update_readme:
        readme = README.read_text(encoding="utf-8")
        before, _, rest = readme.partition(START)
        _, _, after = rest.partition(END)
        README.write_text(f"{before}{START}\n{text}\n{END}{after}", encoding="utf-8")
    return 0 if all(row.ok is not False for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())

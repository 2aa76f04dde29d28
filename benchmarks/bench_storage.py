"""Storage budgets with 10,000 stored sessions (issue 3). Not a test: run it by hand.

    python benchmarks/bench_storage.py [--home /tmp/ic-bench] [--sessions 10000]

- `history --limit 50`: under 300 ms of work after start-up. Timed in-process, after one warm-up run has paid
  for the imports, as the median of several runs of the whole command (open, migrate check, query, render).
- `export --all --format jsonl`: under 100 MB peak RSS, measured with getrusage on a child process that runs
  the real command (so nothing from this script counts).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import Row
from generate_sessions import generate

HISTORY_BUDGET_MS = 300.0
EXPORT_BUDGET_MB = 100.0

# Runs one command in a child and reports that child's peak RSS (ru_maxrss is in KiB on Linux).
RSS_PROBE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def history_ms(runs: int) -> tuple[float, float]:
    """Median milliseconds of the whole `history --limit 50` command, and of its query alone."""
    from interview_coach.cli import app
    from interview_coach.commands._common import run_guarded
    from interview_coach.config import load_settings
    from interview_coach.storage.db import open_store

    def command() -> float:
        with contextlib.redirect_stdout(io.StringIO()):
            began = time.perf_counter()
            code = run_guarded(app, ["history", "--limit", "50"])
            elapsed = time.perf_counter() - began
        assert code == 0
        return elapsed * 1000

    command()  # warm-up: imports and first-use caches are start-up, not work
    whole = statistics.median(command() for _ in range(runs))
    with open_store(load_settings()) as store:
        store.list_sessions(limit=50)
        query_times = []
        for _ in range(runs):
            began = time.perf_counter()
            assert len(store.list_sessions(limit=50)) == 50
            query_times.append((time.perf_counter() - began) * 1000)
    return whole, statistics.median(query_times)


def export_peak_rss_mb() -> tuple[float, int]:
    rss, count, _ = export_peak_rss_and_seconds()
    return rss, count


def export_peak_rss_and_seconds() -> tuple[float, int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "all.jsonl"
        argv = [sys.executable, "-m", "interview_coach", "export", "--all", "--format", "jsonl", "-o", str(target)]
        began = time.perf_counter()
        probe = subprocess.run([sys.executable, "-c", RSS_PROBE, *argv], capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - began
        code, max_rss_kib = (int(x) for x in probe.stdout.split())
        assert code == 0, probe.stderr
        with target.open(encoding="utf-8") as lines:
            count = sum(1 for line in lines if json.loads(line)["schema_version"] == 1)
    return max_rss_kib / 1024, count, seconds


def results(home: Path, sessions: int = 10_000, runs: int = 15) -> list[Row]:
    """The README rows: history time and export time and peak RSS with ``sessions`` stored sessions."""
    os.environ["INTERVIEW_COACH_HOME"] = str(home)
    if not (home / "data" / "interview-coach.sqlite3").exists():
        generate(home, sessions)
    whole_ms, query_ms = history_ms(runs)
    rss_mb, exported, seconds = export_peak_rss_and_seconds()
    return [
        Row(
            f"`history --limit 50`, {sessions:,} sessions (query alone {query_ms:.1f} ms)",
            f"{whole_ms:.0f} ms",
            "-",
            f"< {HISTORY_BUDGET_MS:.0f} ms of work",
            whole_ms < HISTORY_BUDGET_MS,
        ),
        Row(
            f"`export --all --format jsonl`, {exported:,} sessions ({seconds:.0f} s)",
            f"{rss_mb:.0f} MB peak RSS",
            "-",
            f"< {EXPORT_BUDGET_MB:.0f} MB",
            rss_mb < EXPORT_BUDGET_MB,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description="Storage benchmarks (issue 3).")
    parser.add_argument("--home", type=Path, default=Path(tempfile.gettempdir()) / "ic-bench")
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ["INTERVIEW_COACH_HOME"] = str(args.home)
    database = args.home / "data" / "interview-coach.sqlite3"
    if not database.exists():
        print(f"generating {args.sessions} sessions in {args.home} ...")
        generate(args.home, args.sessions)

    whole_ms, query_ms = history_ms(args.runs)
    rss_mb, exported = export_peak_rss_mb()
    rows = [
        (
            "history --limit 50 (whole command)",
            f"{whole_ms:.1f} ms",
            f"< {HISTORY_BUDGET_MS:.0f} ms",
            whole_ms < HISTORY_BUDGET_MS,
        ),
        ("history --limit 50 (query only)", f"{query_ms:.1f} ms", "-", True),
        (
            f"export --all --format jsonl ({exported} sessions)",
            f"{rss_mb:.1f} MB",
            f"< {EXPORT_BUDGET_MB:.0f} MB",
            rss_mb < EXPORT_BUDGET_MB,
        ),
    ]
    print(f"{'benchmark':<48} {'result':>10}  {'budget':>9}  ok")
    for name, value, budget, ok in rows:
        print(f"{name:<48} {value:>10}  {budget:>9}  {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()

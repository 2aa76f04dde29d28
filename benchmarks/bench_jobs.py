"""How well job analysis reads job descriptions (not a test).

    .venv/bin/python benchmarks/bench_jobs.py                   # a table per job, then the totals
    .venv/bin/python benchmarks/bench_jobs.py --update-readme   # write the summary table into README.md

``benchmarks/jobs/`` holds job descriptions written for this benchmark and ``expected.json``, written by hand from
each one before the vocabulary was tuned: the track a person would practise for and the requirements an interviewer
would surely ask about. Reported: track accuracy, and requirement recall (an expected requirement counts when the
analysis lists the term it names, under its own name or an alias). Targets: the track right on at least 9 of 10
descriptions, recall at least 0.8.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
JOBS = HERE / "jobs"
README_START, README_END = "<!-- jobs:start -->", "<!-- jobs:end -->"


def evaluate() -> list[dict[str, object]]:
    from interview_coach.domain.job_vocabulary import shipped_vocabulary
    from interview_coach.domain.jobs import analyse_job

    vocabulary = shipped_vocabulary()
    expected = json.loads((JOBS / "expected.json").read_text(encoding="utf-8"))["jobs"]
    rows = []
    for name, want in sorted(expected.items()):
        started = time.perf_counter()
        profile = analyse_job((JOBS / name).read_text(encoding="utf-8"))
        ms = (time.perf_counter() - started) * 1000
        found: set[str] = set()
        for requirement in profile.requirements:
            term = vocabulary.by_name(requirement.name)
            found |= {p.lower() for p in (term.phrases if term else (requirement.name,))}
        missed = [r for r in want["requirements"] if r.lower() not in found]
        rows.append(
            {
                "job": name,
                "expected_track": want["track"],
                "track": profile.track,
                "track_ok": profile.track == want["track"],
                "recall": 1 - len(missed) / len(want["requirements"]),
                "missed": missed,
                "found": len(profile.requirements),
                "ms": round(ms, 1),
            }
        )
    return rows


def summary(rows: list[dict[str, object]]) -> dict[str, object]:
    right = sum(1 for r in rows if r["track_ok"])
    recall = sum(float(r["recall"]) for r in rows) / len(rows)  # type: ignore[arg-type]
    return {"jobs": len(rows), "track_right": right, "recall": round(recall, 3)}


def markdown(rows: list[dict[str, object]]) -> str:
    total = summary(rows)
    lines = [
        "| job description | expected track | chosen track | requirement recall | missed |",
        "|---|---|---|---:|---|",
    ]
    for r in rows:
        mark = "" if r["track_ok"] else " (wrong)"
        missed = ", ".join(r["missed"]) or "-"  # type: ignore[arg-type]
        lines.append(f"| {r['job']} | {r['expected_track']} | {r['track']}{mark} | {r['recall']:.2f} | {missed} |")
    right = f"**{total['track_right']}/{total['jobs']} right**"
    lines.append(f"| **all {total['jobs']}** | | {right} | **{total['recall']:.2f}** | |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-readme", action="store_true", help="write the table into README.md")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    rows = evaluate()
    if args.update_readme:
        readme = HERE.parent / "README.md"
        text = readme.read_text(encoding="utf-8")
        start, end = text.index(README_START) + len(README_START), text.index(README_END)
        readme.write_text(text[:start] + "\n" + markdown(rows) + text[end:], encoding="utf-8")
    if args.json:
        print(json.dumps({"summary": summary(rows), "jobs": rows}, indent=2))
    else:
        print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

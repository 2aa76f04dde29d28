"""How well the offline coach ranks answers the way a human grader did (not a test).

    .venv/bin/python benchmarks/bench_judgement.py                       # every set in benchmarks/graded/
    .venv/bin/python benchmarks/bench_judgement.py benchmarks/graded/holdout.jsonl --markdown
    .venv/bin/python benchmarks/bench_judgement.py --worst 10             # the answers it misjudges most
    .venv/bin/python benchmarks/bench_judgement.py --update-readme        # write the tables into README.md

Each graded set is a JSONL file of answers to shipped questions, graded 0-100 by a person *before* the scorer was
tuned on it (``id, question_id, kind, grade, reason, answer``). Reported per set: Spearman rank agreement between
the grades and the offline scores, the mean score per answer kind beside the mean grade, and how often a fluent but
wrong answer ("stuffed" or "negated") outscores a sincere partial one to the same question. ``holdout.jsonl`` was
written by a second grader and is only reported, never tuned against.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
GRADED = HERE / "graded"
WRONG_KINDS = ("stuffed", "negated")
README_START, README_END = "<!-- judgement:start -->", "<!-- judgement:end -->"
KIND_ORDER = ("excellent", "concise", "partial", "vague", "stuffed", "negated", "offtopic", "injection")


@dataclass(frozen=True)
class Graded:
    id: str
    question_id: str
    kind: str
    grade: float
    answer: str
    score: float = 0.0


def _ranks(values: list[float]) -> list[float]:
    """Average ranks (ties share the mean of their positions), as Spearman's rho needs."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float:
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sx = sum((a - mx) ** 2 for a in rx) ** 0.5
    sy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (sx * sy) if sx and sy else 0.0


def load(path: Path) -> list[Graded]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            rows.append(Graded(raw["id"], raw["question_id"], raw["kind"], float(raw["grade"]), raw["answer"]))
    return rows


def score_all(rows: list[Graded]) -> tuple[list[Graded], float]:
    """The rows with the offline coach's scores, and the median milliseconds per answer."""
    from interview_coach.domain.bank import load_bank
    from interview_coach.domain.scoring import score_answer
    from interview_coach.paths import shipped_questions_dir

    bank = load_bank([shipped_questions_dir()])
    scored, times = [], []
    for row in rows:
        question = bank.get(row.question_id)
        if question is None:
            raise SystemExit(f"{row.id}: question {row.question_id!r} is not in the shipped bank")
        started = time.perf_counter()
        breakdown = score_answer(question, row.answer)
        times.append((time.perf_counter() - started) * 1000)
        scored.append(Graded(row.id, row.question_id, row.kind, row.grade, row.answer, breakdown.overall))
    return scored, statistics.median(times)


def wrong_beats_partial(rows: list[Graded]) -> tuple[int, int]:
    """(pairs where a wrong-but-fluent answer outscores a partial one to the same question, pairs compared)."""
    by_question: dict[str, list[Graded]] = defaultdict(list)
    for row in rows:
        by_question[row.question_id].append(row)
    wins = pairs = 0
    for answers in by_question.values():
        partial = [a for a in answers if a.kind == "partial"]
        wrong = [a for a in answers if a.kind in WRONG_KINDS]
        for p in partial:
            for w in wrong:
                pairs += 1
                wins += w.score > p.score
    return wins, pairs


def _mean(values: Iterable[float]) -> float:
    return round(statistics.fmean(values), 1)


def report(name: str, rows: list[Graded], ms: float) -> dict[str, object]:
    kinds: dict[str, list[Graded]] = defaultdict(list)
    for row in rows:
        kinds[row.kind].append(row)
    wins, pairs = wrong_beats_partial(rows)
    return {
        "set": name,
        "answers": len(rows),
        "questions": len({r.question_id for r in rows}),
        "spearman": round(spearman([r.grade for r in rows], [r.score for r in rows]), 3),
        "kinds": {
            kind: (
                round(statistics.fmean(r.grade for r in kinds[kind]), 1),
                round(statistics.fmean(r.score for r in kinds[kind]), 1),
            )
            for kind in KIND_ORDER
            if kinds.get(kind)
        },
        "wrong_beats_partial": f"{wins}/{pairs}",
        "median_ms": round(ms, 2),
    }


def markdown(results: list[dict[str, object]]) -> str:
    """One line of agreement per set, then the mean grade and mean offline score per answer kind, set by set."""
    lines = [
        "| set | answers | Spearman | wrong-but-fluent beats partial | ms per answer |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['set']} | {r['answers']} | {r['spearman']:.2f} | {r['wrong_beats_partial']} | {r['median_ms']} |"
        )
    lines += ["", "| answer kind | " + " | ".join(f"{r['set']}: grade / offline score" for r in results) + " |"]
    lines.append("|---|" + "---:|" * len(results))
    for kind in KIND_ORDER:
        cells = []
        for r in results:
            kinds = r["kinds"]
            assert isinstance(kinds, dict)
            grade_score = kinds.get(kind)
            cells.append(f"{grade_score[0]:.0f} / {grade_score[1]:.0f}" if grade_score else "-")
        if any(cell != "-" for cell in cells):
            lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, help="graded JSONL files (default: benchmarks/graded/*.jsonl)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables (for the README)")
    parser.add_argument("--worst", type=int, default=0, help="also list the N answers judged furthest from the grade")
    parser.add_argument("--update-readme", action="store_true", help="write the tables into README.md")
    args = parser.parse_args(argv)
    paths = args.sets or sorted(GRADED.glob("*.jsonl"))
    results, everything = [], []
    for path in paths:
        rows, ms = score_all(load(path))
        everything.extend(rows)
        results.append(report(path.stem, rows, ms))
    if args.update_readme:
        readme = HERE.parent / "README.md"
        text = readme.read_text(encoding="utf-8")
        start, end = text.index(README_START) + len(README_START), text.index(README_END)
        readme.write_text(text[:start] + "\n" + markdown(results) + text[end:], encoding="utf-8")
    if args.markdown or args.update_readme:
        print(markdown(results))
    else:
        print(json.dumps(results, indent=2))
    if args.worst:
        worst = sorted(everything, key=lambda r: -abs(r.score - r.grade))[: args.worst]
        for row in worst:
            print(f"{row.id} {row.kind:<9} grade {row.grade:>3.0f} score {row.score:>3.0f}  {row.question_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

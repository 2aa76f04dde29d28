"""Median milliseconds per answer for the offline scorer over the shipped question bank (not a test).

Run: ``.venv/bin/python benchmarks/bench_scoring.py``. The target is under 5 ms per answer. Each question is
scored against a rubric-covering answer, a vague one and a copied one, after one warm-up pass that fills the
per-question rubric cache (as in a session, where a question is compiled once and answered several times).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.scoring_samples import covering_answer, load_shipped_bank, vague_answer

from interview_coach.domain.offline_coach import OfflineCoach, evaluation_from_breakdown
from interview_coach.domain.rubric import clear_rubric_cache
from interview_coach.domain.scoring import score_answer

TARGET_MS = 5.0

sys.path.insert(0, str(Path(__file__).parent))
from common import Row  # noqa: E402


def measure() -> tuple[float, float, int]:
    """(median ms, p95 ms, answers scored) for score + feedback over the shipped bank."""
    bank = load_shipped_bank()
    cases = []
    for index, question in enumerate(bank.questions):
        donor = bank.questions[(index + len(bank.questions) // 2) % len(bank.questions)]
        for answer in (covering_answer(question), vague_answer(question), covering_answer(donor)):
            cases.append((question, answer))
    warm: list[float] = []
    for _ in range(3):
        for question, answer in cases:
            started = time.perf_counter()
            evaluation_from_breakdown(question, score_answer(question, answer), scored_by=OfflineCoach.name)
            warm.append((time.perf_counter() - started) * 1000)
    warm.sort()
    return statistics.median(warm), warm[int(0.95 * (len(warm) - 1))], len(warm)


def results() -> list[Row]:
    median, p95, count = measure()
    return [
        Row(
            f"offline scoring per answer ({count} answers, p95 {p95:.2f} ms)",
            f"{median:.2f} ms",
            "-",
            f"< {TARGET_MS:g} ms",
            median < TARGET_MS,
        )
    ]


def main() -> int:
    bank = load_shipped_bank()
    for name, error in bank.broken_files.items():
        print(f"skipped {name}: {error}")
    questions = bank.questions
    if not questions:
        print("no questions found in questions/*.json")
        return 1
    cases = []
    for index, question in enumerate(questions):
        donor = questions[(index + len(questions) // 2) % len(questions)]
        for answer in (covering_answer(question), vague_answer(question), covering_answer(donor)):
            cases.append((question, answer))

    cold: list[float] = []
    clear_rubric_cache()
    for question in questions:
        started = time.perf_counter()
        score_answer(question, covering_answer(question))
        cold.append((time.perf_counter() - started) * 1000)

    warm: list[float] = []
    for _ in range(3):
        for question, answer in cases:
            started = time.perf_counter()
            breakdown = score_answer(question, answer)
            evaluation_from_breakdown(question, breakdown, scored_by=OfflineCoach.name)
            warm.append((time.perf_counter() - started) * 1000)

    long_answers: list[float] = []
    for index, question in enumerate(questions[:50]):
        answer = " ".join(covering_answer(questions[(index + k) % len(questions)]) for k in range(6))
        started = time.perf_counter()
        score_answer(question, answer)
        long_answers.append((time.perf_counter() - started) * 1000)

    warm.sort()
    median = statistics.median(warm)
    p95 = warm[int(0.95 * (len(warm) - 1))]
    print(f"questions: {len(questions)}, answers scored: {len(warm)}")
    print(f"first answer per question (compiles the rubric): median {statistics.median(cold):.3f} ms")
    print(f"per answer, score + feedback: median {median:.3f} ms, p95 {p95:.3f} ms, max {warm[-1]:.3f} ms")
    print(f"long answers (~{len(answer.split())} words): median {statistics.median(long_answers):.3f} ms")
    verdict = "OK" if median < TARGET_MS else "SLOW"
    print(f"{verdict}: target < {TARGET_MS:g} ms per answer")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())

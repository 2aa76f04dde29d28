"""For question authors: how the offline coach judges one answer to one question, criterion by criterion.

    .venv/bin/python benchmarks/probe.py QUESTION_ID "the answer text"
    .venv/bin/python benchmarks/probe.py QUESTION_ID --reference      # the question's own reference answer
    echo "answer" | .venv/bin/python benchmarks/probe.py QUESTION_ID -  # the answer from stdin

Use it to try a misconception pattern on a wrong claim (it should fire) and on correct phrasings (it must not),
and to see which sentence earned each criterion. ``--questions-dir`` adds a pack beside the shipped bank.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from interview_coach.domain.bank import load_bank
from interview_coach.domain.scoring import score_answer
from interview_coach.paths import shipped_questions_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("question_id")
    parser.add_argument("answer", nargs="?", default="-", help="the answer text, or - for stdin")
    parser.add_argument("--reference", action="store_true", help="score the question's reference answer")
    parser.add_argument("--questions-dir", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    bank = load_bank([shipped_questions_dir(), *args.questions_dir])
    question = bank.get(args.question_id)
    if question is None:
        print(f"no question {args.question_id!r} in the bank", file=sys.stderr)
        return 2
    if args.reference:
        answer = question.reference_answer or ""
    else:
        answer = sys.stdin.read() if args.answer == "-" else args.answer
    breakdown = score_answer(question, answer, story=not args.reference)
    descriptions = {c.id: c.description for c in question.rubric}
    print(f"overall {breakdown.overall:.0f}  ({breakdown.word_count} words, substance {breakdown.substance:.2f})")
    for c in breakdown.criteria:
        status = c.status.value if c.status else "?"
        earned = f"{c.points or 0:>3.0f}/{c.max_points or 0:.0f}"
        print(f"  {status:<12} {earned}  {c.criterion_id}: {descriptions[c.criterion_id]}")
        if c.evidence:
            print(f"               evidence: {c.evidence}")
        if c.misconception:
            print(f"               claim: {c.misconception}")
    if breakdown.star is not None:
        print(f"  STAR {breakdown.star_points:.0f}/{breakdown.star_max_points:.0f}: {breakdown.star}")
    for d in breakdown.deductions:
        print(f"  -{d.points:.0f}  {d.reason}")
    if breakdown.off_topic:
        print("  (off-topic)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Which question comes next: by track and target difficulty, spread over competencies and tags.

Every pick is reproducible: the random tie-break is seeded with the session's seed and the step number, so a
resumed session picks exactly what the original would have.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence, Set

from interview_coach.domain.questions import Question, QuestionType

JOB_WEIGHT_CAP = 6.0
"""Past this much of what a job asks for (tag weights are mentions, up to 3 per requirement), touching more does not
make a question better: broad questions must not always win, and the spread over topics decides among them."""


def step_rng(seed: int, step: int) -> random.Random:
    return random.Random(f"{seed}:{step}")


def pick_warmups(questions: Sequence[Question], count: int, seed: int) -> list[Question]:
    warmups = sorted((q for q in questions if q.type is QuestionType.WARMUP), key=lambda q: q.id)
    rng = step_rng(seed, -1)
    return rng.sample(warmups, min(count, len(warmups)))


def pick_main(
    questions: Sequence[Question],
    *,
    level: int,
    asked: Sequence[Question],
    recent_ids: set[str],
    seed: int,
    step: int,
    review_ids: Sequence[str] = (),
    asked_before: Set[str] = frozenset(),
    favoured: Mapping[str, float] | None = None,
) -> Question | None:
    """The next main question, or None when the track has nothing left to ask.

    Review mode (``review_ids``, weakest first) serves due questions before anything else. Otherwise the
    candidates are the track's non-warm-up questions not yet asked in this session. A question ever asked on this
    track (``asked_before``) is not asked again while one never asked is within one level of ``level``; past
    that, ones not asked in recent sessions come first. Then the difficulty nearest ``level``; among those, the one
    whose competencies and tags have been covered least so far wins, with a seeded random tie-break (the same
    seed and the same history give the same questions).

    A job-tailored session passes ``favoured`` (tag -> weight, from the job's requirements): questions with a
    favoured tag within one level of ``level`` are asked first, and among them the one touching the most
    requirements not yet asked about wins.
    """
    asked_ids = {q.id for q in asked}
    by_id = {q.id: q for q in questions}
    for question_id in review_ids:
        if question_id not in asked_ids and question_id in by_id:
            return by_id[question_id]
    pool = [q for q in questions if q.type is not QuestionType.WARMUP and q.id not in asked_ids]
    if not pool:
        return None
    never = [q for q in pool if q.id not in asked_before and q.id not in recent_ids and abs(q.difficulty - level) <= 1]
    fresh = [q for q in pool if q.id not in recent_ids]
    pool = never or fresh or pool
    if favoured:
        relevant = [q for q in pool if abs(q.difficulty - level) <= 1 and any(t in favoured for t in q.tags)]
        pool = relevant or pool
    nearest = min(abs(q.difficulty - level) for q in pool)
    pool = sorted((q for q in pool if abs(q.difficulty - level) == nearest), key=lambda q: q.id)
    competencies = Counter(c for q in asked for c in q.competencies)
    tags = Counter(t for q in asked for t in q.tags)
    rng = step_rng(seed, step)
    jitter = {q.id: rng.random() for q in pool}

    def coverage(q: Question) -> tuple[float, float, float]:
        overlap = sum(competencies[c] for c in q.competencies) * 2 + sum(tags[t] for t in q.tags)
        if favoured:  # what the job asks for most and the session has not asked about yet, then the usual spread
            fresh = sum(favoured.get(t, 0.0) for t in q.tags if not tags[t])
            return (-min(fresh, JOB_WEIGHT_CAP), overlap, jitter[q.id])
        return (0, overlap, jitter[q.id])

    return min(pool, key=coverage)


def next_level(level: int, score: float) -> int:
    """Adaptive difficulty: a strong answer (>= 75) moves up one level, a weak one (< 40) down, within 1-5."""
    if score >= 75:
        return min(5, level + 1)
    if score < 40:
        return max(1, level - 1)
    return level

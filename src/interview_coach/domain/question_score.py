"""A question's score: the main answer's, raised by what its follow-up answers showed.

A follow-up probes one point. When its answer shows a criterion the main answer missed (or showed weakly), the
question earns that criterion's points as if the main answer had made it: the best evidence per criterion across
the main answer and its follow-ups counts. The main answer's deductions stay; a follow-up never lowers the score.
"""

from __future__ import annotations

from collections.abc import Sequence

from interview_coach.domain.models import CriterionStatus, Evaluation


def best_scores(evaluations: Sequence[Evaluation]) -> dict[str, float]:
    """The best score per criterion across ``evaluations``; a contradicted criterion shows nothing."""
    best: dict[str, float] = {}
    for evaluation in evaluations:
        for criterion in evaluation.criteria:
            if criterion.state is CriterionStatus.CONTRADICTED:
                continue
            best[criterion.criterion_id] = max(best.get(criterion.criterion_id, 0.0), criterion.score)
    return best


def question_score(main: Evaluation, follow_ups: Sequence[Evaluation]) -> float:
    """``main.overall`` plus the points its follow-ups' evidence adds, at most 100."""
    if not main.criteria or not follow_ups:
        return main.overall
    best = best_scores(follow_ups)
    share = 100.0 / len(main.criteria)
    gain = 0.0
    for criterion in main.criteria:
        shown = best.get(criterion.criterion_id)
        if shown is None or shown <= criterion.score:
            continue
        worth = criterion.max_points if criterion.max_points is not None else share
        gain += worth * (shown - criterion.score)
    return round(min(100.0, main.overall + gain), 1)

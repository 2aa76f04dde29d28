"""The pieces of scoring one answer that sit around the coach's call: which rubric a follow-up answer is scored on,
what text the scorer reads, and what the engine adds to any coach's evaluation (inert text, hint penalties and
overtime notes)."""

from __future__ import annotations

from interview_coach.domain.inert import inert
from interview_coach.domain.metrics import without_fillers
from interview_coach.domain.models import AnswerMetrics, Deduction, Evaluation
from interview_coach.domain.questions import Question
from interview_coach.domain.scoring import HINT_PENALTY_POINTS
from interview_coach.domain.spoken_terms import mend_spoken_answer
from interview_coach.domain.text import plural


def with_hints_and_overtime(evaluation: Evaluation, metrics: AnswerMetrics) -> tuple[Evaluation, list[str]]:
    """The evaluation with the hints' penalty taken (shown as a deduction), and a note per adjustment."""
    notes = []
    if metrics.hints_used and not metrics.skipped:
        penalty = min(HINT_PENALTY_POINTS * metrics.hints_used, evaluation.overall)
        reason = f"{plural(metrics.hints_used, 'hint')} used"
        overall = evaluation.overall - penalty
        deductions = [*evaluation.deductions, Deduction(reason=reason, points=penalty)] if penalty else None
        evaluation = evaluation.model_copy(
            update={"overall": overall, "deductions": deductions or evaluation.deductions}
        )
        notes.append(f"{reason}: -{penalty:g} points, so {overall:.0f}/100.")
    if metrics.overtime_s:
        notes.append(f"Overtime: {metrics.overtime_s:g}s over the time limit.")
    return evaluation, notes


def inert_evaluation(evaluation: Evaluation) -> Evaluation:
    """A coach's evaluation with every text made inert (a model's output is untrusted)."""
    return evaluation.model_copy(
        update={
            "feedback": inert(evaluation.feedback),
            "strengths": [inert(item) for item in evaluation.strengths],
            "improvements": [inert(item) for item in evaluation.improvements],
            "criteria": [c.model_copy(update={"evidence": inert(c.evidence)}) for c in evaluation.criteria],
        }
    )


def probed(question: Question, follow_up_text: str) -> Question:
    """The question as a follow-up answer is scored: only the criterion an authored follow-up probes.

    A follow-up asks about one thing; scoring its answer against the whole rubric would list every other
    criterion as "missed". AI-written follow-ups name no criterion, so they keep the whole rubric.
    """
    for follow_up in question.follow_ups:
        if follow_up.prompt == follow_up_text and follow_up.criterion in question.criterion_ids:
            rubric = [c for c in question.rubric if c.id == follow_up.criterion]
            return question.model_copy(update={"rubric": rubric})
    return question


def scoring_text(question: Question, text: str, metrics: AnswerMetrics) -> str:
    """What the scorer reads: typed answers as they are; spoken ones without their filler words (those are part of
    the delivery, reported beside the score and never in it) and with key-term near-misses mended
    (``spoken_terms``)."""
    if metrics.delivery is None:
        return text
    return mend_spoken_answer(question, without_fillers(text))[0]

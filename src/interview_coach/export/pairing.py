"""Which evaluation belongs to which answer."""

from __future__ import annotations

from interview_coach.domain.models import Evaluation, Session, Turn


def evaluation_for(answer: Turn, session: Session) -> Evaluation | None:
    """The evaluation of an answer: matched by turn seq, else the first unmatched one for the same question."""
    for evaluation in session.evaluations:
        if evaluation.answer_turn_seq == answer.seq:
            return evaluation
    for evaluation in session.evaluations:
        if evaluation.answer_turn_seq is None and evaluation.question_id == answer.question_id:
            return evaluation
    return None

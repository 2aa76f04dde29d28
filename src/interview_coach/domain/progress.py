"""The state of an interview, derived from its stored turns.

The engine keeps no state of its own beyond the session: everything (current prompt, level, counts) is
recomputed from the transcript. That is what makes `--resume` continue at the exact turn after a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interview_coach.domain.models import Evaluation, Session, Turn, TurnKind
from interview_coach.domain.question_score import question_score
from interview_coach.domain.selection import next_level

PROMPT_KINDS = (TurnKind.QUESTION, TurnKind.FOLLOW_UP)


@dataclass
class Progress:
    prompts: list[Turn] = field(default_factory=list)
    current: Turn | None = None  # the last prompt
    current_answer: Turn | None = None  # the answer to the last prompt, if any
    current_evaluation: Evaluation | None = None
    current_feedback: Turn | None = None
    hints_used: int = 0
    main_asked: int = 0
    warmups_asked: int = 0
    follow_ups_for_current_question: int = 0
    level: int = 2
    main_scores: list[float] = field(default_factory=list)  # per main question, follow-up evidence included

    @property
    def awaiting_answer(self) -> bool:
        return self.current is not None and self.current_answer is None

    @property
    def awaiting_evaluation(self) -> bool:
        return self.current_answer is not None and self.current_evaluation is None


def derive(session: Session, *, start_level: int, adaptive: bool) -> Progress:
    evaluations = {e.answer_turn_seq: e for e in session.evaluations}
    progress = Progress(level=start_level)
    current_is_main = False
    main_evaluation: Evaluation | None = None
    follow_up_evaluations: list[Evaluation] = []
    for turn in session.turns:
        if turn.kind in PROMPT_KINDS:
            progress.prompts.append(turn)
            progress.current, progress.current_answer = turn, None
            progress.current_evaluation, progress.current_feedback = None, None
            progress.hints_used = 0
            if turn.kind is TurnKind.QUESTION:
                current_is_main = turn.difficulty is not None
                main_evaluation = None
                progress.follow_ups_for_current_question = 0
                if current_is_main:
                    progress.main_asked += 1
                else:
                    progress.warmups_asked += 1
            else:
                progress.follow_ups_for_current_question += 1
        elif turn.kind is TurnKind.HINT:
            progress.hints_used += 1
        elif turn.kind is TurnKind.ANSWER:
            progress.current_answer = turn
            evaluation = evaluations.get(turn.seq)
            progress.current_evaluation = evaluation
            is_main_answer = (
                current_is_main and progress.current is not None and (progress.current.kind is TurnKind.QUESTION)
            )
            if evaluation is not None and is_main_answer:
                progress.main_scores.append(evaluation.overall)
                main_evaluation, follow_up_evaluations = evaluation, []
                if adaptive:
                    progress.level = next_level(progress.level, evaluation.overall)
            elif evaluation is not None and current_is_main and main_evaluation is not None:
                # A follow-up answer that shows a missed point raises the question's score.
                follow_up_evaluations.append(evaluation)
                progress.main_scores[-1] = question_score(main_evaluation, follow_up_evaluations)
        elif turn.kind is TurnKind.FEEDBACK:
            progress.current_feedback = turn
    return progress

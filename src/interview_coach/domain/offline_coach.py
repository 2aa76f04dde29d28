"""The offline coach: rubric scoring, authored follow-ups and a session summary, with no network at all.

It is the default when no DeepSeek key is set, and the fallback for every call the AI coach fails. Everything it
says comes from the question bank (criterion descriptions, authored follow-ups, hints, reference answers) and
from ``scoring.score_answer``, so it is deterministic: the same answer always gets the same evaluation.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field

from interview_coach.domain.explain import explained_lines, opening, tip, with_points
from interview_coach.domain.metrics import STAR_PARTS, detect_star
from interview_coach.domain.models import (
    CriterionScore,
    CriterionStatus,
    Evaluation,
    Session,
    SessionSummary,
    TurnKind,
)
from interview_coach.domain.ports import CoachHealth, CoachState, FollowUpRequest
from interview_coach.domain.question_score import question_score
from interview_coach.domain.questions import Criterion, FollowUpWhen, Question, QuestionType
from interview_coach.domain.scoring import ScoreBreakdown, score_answer
from interview_coach.domain.text import plural, truncate

OFFLINE_COACH_NAME = "offline-heuristic"
STRONG_COMPETENCY = 70.0
WEAK_COMPETENCY = 60.0
SKIPPED_BY = "skipped"  # the engine's ``scored_by`` for a skipped question's zero evaluation


def _by_importance(question: Question, criterion_ids: Iterable[str]) -> list[Criterion]:
    """The rubric criteria named, highest weight first, rubric order breaking ties."""
    wanted = set(criterion_ids)
    ranked = sorted(enumerate(question.rubric), key=lambda pair: (-pair[1].weight, pair[0]))
    return [criterion for _, criterion in ranked if criterion.id in wanted]


def _same_prompt(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _split_criteria(question: Question, scores: list[CriterionScore]) -> tuple[list[Criterion], list[Criterion]]:
    """(met, not met) rubric criteria; a criterion the evaluation does not mention counts as missed."""
    by_id = {c.criterion_id: c.state for c in scores}
    met = [c.id for c in question.rubric if by_id.get(c.id) is CriterionStatus.MET]
    missed = [c.id for c in question.rubric if by_id.get(c.id) is not CriterionStatus.MET]
    return _by_importance(question, met), _by_importance(question, missed)


def compose_feedback(question: Question, evaluation: Evaluation, notes: Sequence[str], *, offline: bool) -> str:
    """Feedback that explains the score: what was said, each criterion with its points, deductions, one tip.

    The hint penalty is added by the engine (it knows how many hints were used) with its own line.
    """
    lines: list[str] = []
    first = opening(question, evaluation.criteria)
    if first:
        lines.append(first)
    lines += explained_lines(question, evaluation, offline=offline)
    lines.extend(notes)
    lines.append(tip(question, with_points(question, evaluation.criteria), evaluation.deductions))
    return "\n".join(lines)


def _breakdown_notes(breakdown: ScoreBreakdown) -> list[str]:
    """Notes beyond the deductions: missing STAR parts and filler words that cost nothing yet."""
    notes = [n for n in breakdown.notes if not n.startswith(("Very short", "It reads like"))]
    if breakdown.star is not None and not breakdown.skipped:
        missing = [part for part in STAR_PARTS if not breakdown.star.get(part)]
        if missing:
            notes.append("STAR structure: no clear " + ", ".join(missing) + ".")
    if breakdown.fillers and not breakdown.filler_penalty:
        listed = ", ".join(f"'{word}' x{n}" for word, n in sorted(breakdown.fillers.items()))
        notes.append(f"Filler words: {breakdown.filler_total} ({listed}).")
    return notes


def evaluation_from_breakdown(question: Question, breakdown: ScoreBreakdown, *, scored_by: str) -> Evaluation:
    met, missed = _split_criteria(question, breakdown.criteria)
    strengths = [c.description for c in met]
    if breakdown.star is not None and breakdown.star and all(breakdown.star.values()):
        strengths.append("Clear STAR structure: situation, task, action and result are all there.")
    improvements = [c.description for c in missed]
    notes = _breakdown_notes(breakdown)
    improvements.extend(notes)
    evaluation = Evaluation(
        question_id=question.id,
        criteria=breakdown.criteria,
        overall=breakdown.overall,
        deductions=breakdown.deductions,
        star_points=breakdown.star_points if breakdown.star is not None else None,
        star_max_points=breakdown.star_max_points if breakdown.star is not None else None,
        strengths=strengths,
        improvements=improvements,
        scored_by=scored_by,
    )
    evaluation.feedback = compose_feedback(question, evaluation, notes, offline=True)
    return evaluation


@dataclass
class _Scored:
    """One question of a session: its main evaluation and the criteria met by any of its answers."""

    question: Question | None
    main: Evaluation
    met: set[str]
    answer_text: str
    skipped: bool
    follow_ups: list[Evaluation] = field(default_factory=list)
    contradicted: set[str] = field(default_factory=set)

    @property
    def score(self) -> float:
        """The question's score: the main answer's, raised by what its follow-ups showed."""
        return question_score(self.main, self.follow_ups)


class OfflineCoach:
    """The ``Coach`` that needs no network: rubric coverage scoring over the question bank."""

    name: str = OFFLINE_COACH_NAME

    async def score(self, question: Question, answer: str) -> Evaluation:
        started = time.perf_counter()
        breakdown = score_answer(question, answer)
        evaluation = evaluation_from_breakdown(question, breakdown, scored_by=self.name)
        evaluation.latency_ms = round((time.perf_counter() - started) * 1000, 2)
        return evaluation

    async def follow_up(self, request: FollowUpRequest) -> str | None:
        """An authored follow-up that fits what was said, or None.

        First an open question on the most important point not met (follow-ups with ``when`` unset or
        "missed"), then a deeper probe of the most important point that was met (``when: "covered"``, which may
        presume what the candidate said), then a general one. The engine asks none after a very low score.
        """
        question = request.question
        evaluation = request.evaluation or await self.score(question, request.answer)
        met, missed = _split_criteria(question, evaluation.criteria)

        def not_asked(prompt: str) -> bool:
            return not any(_same_prompt(prompt, asked) for asked in request.asked_follow_ups)

        for criteria, wanted in ((missed, (None, FollowUpWhen.MISSED)), (met, (FollowUpWhen.COVERED,))):
            for criterion in criteria:
                for follow_up in question.follow_ups:
                    if follow_up.criterion == criterion.id and follow_up.when in wanted and not_asked(follow_up.prompt):
                        return follow_up.prompt
        for follow_up in question.follow_ups:
            if follow_up.criterion is None and not_asked(follow_up.prompt):
                return follow_up.prompt
        return None

    async def stream_feedback(self, question: Question, answer: str, evaluation: Evaluation) -> AsyncIterator[str]:
        """The feedback a line at a time. Another coach's evaluation gets the offline explanation of its criteria."""
        if evaluation.scored_by == self.name and evaluation.feedback:
            text = evaluation.feedback
        else:
            # The engine has already shown the per-criterion block; say what was said and one tip.
            first = opening(question, evaluation.criteria)
            last = tip(question, with_points(question, evaluation.criteria), evaluation.deductions)
            text = "\n".join(line for line in (first, last) if line)
        lines = text.splitlines(keepends=True)
        for line in lines:
            yield line

    def health(self) -> CoachHealth:
        return CoachHealth(configured=False, state=CoachState.OFFLINE)

    async def summarize(self, session: Session, questions: dict[str, Question]) -> SessionSummary:
        """Strengths, weaknesses and next steps by competency; warm-ups do not count."""
        scored = [s for s in _scored_questions(session, questions) if not _is_warmup(s.question)]
        if not scored:
            return SessionSummary(
                next_steps=["Answer at least one main question to get scores and a summary."],
                generated_by=self.name,
            )
        competencies = _competency_scores(scored)
        strengths, weaknesses = _strengths_and_weaknesses(scored, competencies)
        overall = round(sum(s.score for s in scored) / len(scored), 1)
        return SessionSummary(
            strengths=strengths,
            weaknesses=weaknesses,
            next_steps=_next_steps(session, scored, competencies),
            competency_scores=competencies,
            overall=overall,
            generated_by=self.name,
        )


def _is_warmup(question: Question | None) -> bool:
    return question is not None and question.type is QuestionType.WARMUP


def _scored_questions(session: Session, questions: dict[str, Question]) -> list[_Scored]:
    """One entry per question, in the order asked: the main answer's evaluation, plus criteria any answer met."""
    answers = {t.seq: t for t in session.turns if t.kind is TurnKind.ANSWER}
    main_answer_seqs: set[int] = set()
    last_prompt: TurnKind | None = None
    for turn in session.turns:
        if turn.kind in (TurnKind.QUESTION, TurnKind.FOLLOW_UP):
            last_prompt = turn.kind
        elif turn.kind is TurnKind.ANSWER and last_prompt is TurnKind.QUESTION:
            main_answer_seqs.add(turn.seq)
    scored: dict[str, _Scored] = {}
    for evaluation in session.evaluations:
        seq = evaluation.answer_turn_seq
        is_main = seq in main_answer_seqs if seq in answers else evaluation.question_id not in scored
        question = questions.get(evaluation.question_id)
        met = set(evaluation.met)
        contradicted = set(evaluation.contradicted)
        entry = scored.get(evaluation.question_id)
        if entry is None and is_main:
            answer = answers.get(seq) if seq is not None else None
            skipped = evaluation.scored_by == SKIPPED_BY or bool(answer and answer.metrics and answer.metrics.skipped)
            text = answer.text if answer else ""
            scored[evaluation.question_id] = _Scored(question, evaluation, met, text, skipped, [], contradicted)
        elif entry is not None:
            entry.met |= met  # a follow-up answer can cover what the main answer missed
            entry.contradicted |= contradicted
            entry.follow_ups.append(evaluation)
    return list(scored.values())


def _competency_scores(scored: list[_Scored]) -> dict[str, float]:
    totals: dict[str, list[float]] = defaultdict(list)
    for entry in scored:
        for competency in entry.question.competencies if entry.question else []:
            totals[competency].append(entry.score)
    return {name: round(sum(values) / len(values), 1) for name, values in sorted(totals.items())}


def _strengths_and_weaknesses(scored: list[_Scored], competencies: dict[str, float]) -> tuple[list[str], list[str]]:
    ranked = sorted(competencies.items(), key=lambda item: (-item[1], item[0]))
    strengths = [f"{name}: {score:.0f}/100" for name, score in ranked if score >= STRONG_COMPETENCY][:3]
    weaknesses = [f"{name}: {score:.0f}/100" for name, score in reversed(ranked) if score < WEAK_COMPETENCY][:3]
    best = sorted(scored, key=lambda s: -s.score)
    for entry in best:
        if entry.question and entry.score >= STRONG_COMPETENCY and len(strengths) < 5:
            # A point the candidate also got wrong is never a strength, whatever else they said about it.
            met = _by_importance(entry.question, entry.met - entry.contradicted)
            if met:
                strengths.append(met[0].description)
    for entry in reversed(best):
        if entry.question and len(weaknesses) < 5:
            missed = _by_importance(entry.question, (entry.question.criterion_ids - entry.met) | entry.contradicted)
            if missed:
                weaknesses.append(missed[0].description)
    skipped = sum(1 for s in scored if s.skipped)
    if skipped:
        weaknesses.append(f"{plural(skipped, 'question')} skipped.")
    return strengths, weaknesses


def _next_steps(session: Session, scored: list[_Scored], competencies: dict[str, float]) -> list[str]:
    steps: list[str] = []
    weakest = sorted((s for s in scored if s.score < STRONG_COMPETENCY), key=lambda s: s.score)
    for entry in weakest[:3]:
        if entry.question is None:
            continue
        what = "the reference answer" if entry.question.reference_answer else "the rubric"
        steps.append(f'Review {what} for "{truncate(entry.question.prompt, 70)}" ({entry.question.id}).')
    missing_star = sorted(
        {
            part
            for s in scored
            if s.question is not None and s.question.type is QuestionType.BEHAVIORAL and s.answer_text
            for part, present in detect_star(s.answer_text).items()
            if not present
        },
        key=STAR_PARTS.index,
    )
    if missing_star:
        steps.append(
            "Practise STAR for behavioural answers (situation, task, action, result); yours lacked: "
            + ", ".join(missing_star)
            + "."
        )
    weak = [name for name, score in sorted(competencies.items(), key=lambda i: i[1]) if score < WEAK_COMPETENCY]
    if weak:
        steps.append(f"Practise more questions on {', '.join(weak[:2])}.")
    answers = [t for t in session.turns if t.kind is TurnKind.ANSWER and t.metrics is not None]
    words = sum(t.metrics.word_count for t in answers if t.metrics)
    fillers = sum(t.metrics.filler_words for t in answers if t.metrics)
    if fillers >= 5 and fillers > 0.04 * words:
        steps.append(f"Cut filler words ({fillers} this session): pause instead of saying 'um' or 'like'.")
    hints = sum(t.metrics.hints_used for t in answers if t.metrics)
    if hints:
        steps.append(f"Try a full answer before asking for a hint ({hints} used; each costs points).")
    if any(s.skipped for s in scored):
        steps.append("Attempt every question: even a partial answer scores more than a skip.")
    if not steps:
        steps.append("Strong session: move up a difficulty level or try another track.")
    return steps

"""Scores explained: per criterion met / partly / missed / contradicted, the candidate's own sentence, every
deduction with its points, and one concrete tip. The numbers shown add up to the overall.

Used for the offline coach's feedback and, ahead of the model's own words, for AI-scored answers, so every view
(TUI, plain mode, exports) shows the same per-criterion form whoever scored the answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from interview_coach.domain.models import CriterionScore, CriterionStatus, Deduction, Evaluation
from interview_coach.domain.questions import Criterion, FollowUpWhen, Question
from interview_coach.domain.text import truncate

OFFLINE_LABEL = "Offline check: key points and known misconceptions"
"""What an offline score is, said plainly wherever it is shown."""
_QUOTE_CHARS = 110
_OFFLINE = "offline-heuristic"  # OfflineCoach.name; not imported, the offline coach imports this module
_SKIPPED = "skipped"


def scored_by_label(scored_by: str) -> str:
    """Who scored an answer, said plainly for a score's header: "offline check", "AI: deepseek-chat", "skipped"."""
    if scored_by == _OFFLINE:
        return "offline check"
    if scored_by == _SKIPPED:
        return "skipped"
    return f"AI: {scored_by}, checked"


def with_points(question: Question, criteria: Sequence[CriterionScore]) -> list[CriterionScore]:
    """The criteria with status, points and max_points filled in where a coach left them out (AI scores)."""
    total = question.total_weight or 1.0
    weights = {c.id: c.weight for c in question.rubric}
    filled = []
    for c in criteria:
        if c.points is not None and c.max_points is not None and c.status is not None:
            filled.append(c)
            continue
        max_points = 100.0 * weights.get(c.criterion_id, 0.0) / total
        points = float(round(max_points * (0.0 if c.state is CriterionStatus.CONTRADICTED else c.score)))
        filled.append(c.model_copy(update={"status": c.state, "points": points, "max_points": round(max_points, 1)}))
    return filled


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _quote(text: str) -> str:
    return '"' + truncate(text, _QUOTE_CHARS) + '"'


def criterion_line(criterion: Criterion, score: CriterionScore, *, quoted: set[str] | None = None) -> str:
    """One criterion: status, points, what it asks, and the candidate's sentence (quoted once per feedback)."""
    state = score.state
    earned = f"+{score.points or 0:.0f} of {score.max_points or 0:.0f}"
    line = f"- {state.value} ({earned}): {criterion.description.rstrip('.')}."
    said = ""
    if score.evidence:
        seen = quoted is not None and score.evidence in quoted
        said = " (Same sentence as above.)" if seen else f" You said {_quote(score.evidence)}"
        if quoted is not None:
            quoted.add(score.evidence)
    if state is CriterionStatus.CONTRADICTED:
        if score.correction:
            claim = score.misconception.rstrip(".")
            return f"{line}{said} {claim[:1].upper()}{claim[1:]}: not so. {score.correction}"
        return f"{line}{said} That turns down what this point needs."
    return f"{line}{said}"


def deduction_line(deductions: Sequence[Deduction]) -> str | None:
    if not deductions:
        return None
    return "Deductions: " + "; ".join(f"-{d.points:.0f} {d.reason}" for d in deductions) + "."


def total_line(points: float, deductions: Sequence[Deduction], overall: float) -> str:
    taken = sum(d.points for d in deductions)
    if not taken:
        return f"Score: {overall:.0f}/100 from the points above."
    return f"Score: {points:.0f} points - {taken:.0f} deducted = {overall:.0f}/100."


def _by_weight(question: Question, scores: Sequence[CriterionScore]) -> list[tuple[Criterion, CriterionScore]]:
    by_id = {c.criterion_id: c for c in scores}
    pairs = [(c, by_id[c.id]) for c in question.rubric if c.id in by_id]
    return sorted(pairs, key=lambda pair: -pair[0].weight)


def opening(question: Question, scores: Sequence[CriterionScore]) -> str | None:
    """The claim to fix first, when the answer made a known wrong one."""
    for _criterion, score in _by_weight(question, scores):
        if score.state is CriterionStatus.CONTRADICTED and score.evidence and score.correction:
            return f"You said {_quote(score.evidence)}; that is the claim to fix first."
    return None


def tip(question: Question, scores: Sequence[CriterionScore], deductions: Sequence[Deduction]) -> str:
    """One concrete thing to do next time, from the biggest loss of points."""
    pairs = _by_weight(question, scores)
    for criterion, score in pairs:
        if score.state is CriterionStatus.CONTRADICTED:
            if score.correction and score.misconception:
                claim = score.misconception.rstrip(".")
                return f"Tip: before anything else, drop the claim that {_lower_first(claim)}."
            return f"Tip: reconsider what you turned down; a strong answer {_lower_first(criterion.description)}"
    losses = sorted(
        ((c, s) for c, s in pairs if s.state is not CriterionStatus.MET),
        key=lambda pair: -((pair[1].max_points or 0) - (pair[1].points or 0)),
    )
    if losses:
        criterion, _ = losses[0]
        probe = next(
            (
                f.prompt
                for f in question.follow_ups
                if f.criterion == criterion.id and f.when is not FollowUpWhen.COVERED
            ),
            None,
        )
        ask = f" Ask yourself: {probe}" if probe and len(question.rubric) > 1 else ""  # not after that very probe
        return f"Tip: next time, cover this too: {criterion.description.rstrip('.')}.{ask}"
    if deductions:
        biggest = max(deductions, key=lambda d: d.points)
        if "list" in biggest.reason:
            return "Tip: explain each point in a full sentence: what it is, and why it matters here."
        if "short" in biggest.reason:
            return "Tip: add a sentence of reasoning or an example to each point."
        if "grader" in biggest.reason:
            return "Tip: answer the question itself; notes to whoever scores it do not count."
        if "filler" in biggest.reason:
            return "Tip: pause instead of filling silence with 'um', 'like' or 'basically'."
    partial = [(c, s) for c, s in pairs if (s.points or 0) < (s.max_points or 0) - 0.5]
    if partial:
        criterion, _ = partial[0]
        deeper = next((f.prompt for f in question.follow_ups if f.criterion == criterion.id), None)
        if deeper:
            return f"Tip: go one level deeper on {criterion.id}: {deeper}"
    return "Tip: strong answer; try a harder question or time yourself."


def explained_lines(question: Question, evaluation: Evaluation, *, offline: bool) -> list[str]:
    """The per-criterion block of an evaluation: label, one line per criterion, deductions and the total."""
    scores = with_points(question, evaluation.criteria)
    rubric = {c.id: c for c in question.rubric}
    lines = [f"{OFFLINE_LABEL}." if offline else "AI coach's scores, checked against the rubric:"]
    quoted: set[str] = set()
    lines += [criterion_line(rubric[s.criterion_id], s, quoted=quoted) for s in scores if s.criterion_id in rubric]
    points = sum(s.points or 0 for s in scores)
    if evaluation.star_max_points:
        star = evaluation.star_points or 0.0
        lines.append(
            f"- STAR structure (+{star:.0f} of {evaluation.star_max_points:.0f}): situation, task, action, result."
        )
        points += star
    deductions = list(evaluation.deductions)
    line = deduction_line(deductions)
    if line:
        lines.append(line)
    lines.append(total_line(points, deductions, evaluation.overall))
    return lines

"""The bank checks itself: each question's own reference answer, scored by the offline coach.

A reference answer is what the bank says a complete answer looks like. If the offline coach does not give it
every criterion and a high score, the key terms do not cover real phrasing; if a misconception pattern fires on
it, the pattern would also fire on correct answers. ``validate-questions`` reports both (errors under --strict).
"""

from __future__ import annotations

from interview_coach.domain.matching import analyse, compile_phrase, occurrences
from interview_coach.domain.models import CriterionStatus
from interview_coach.domain.questions import Question, QuestionType
from interview_coach.domain.scoring import score_answer

REFERENCE_MIN_SCORE = 85.0
"""The least a question's reference answer must score with the offline coach."""


def reference_findings(question: Question) -> list[tuple[str, str]]:
    """(code, message) for each way the question's reference answer fails the offline coach."""
    reference = question.reference_answer
    if not reference or question.type is QuestionType.WARMUP:
        return []
    findings: list[tuple[str, str]] = []
    sentences = analyse(reference)
    for criterion in question.rubric:
        for misconception in criterion.misconceptions:
            for pattern in misconception.patterns:
                phrase = compile_phrase(pattern, ordered=True)
                if phrase is not None and any(occurrences(phrase, s)[0] for s in sentences):
                    findings.append(
                        (
                            "misconception-on-reference",
                            f"misconception pattern {pattern!r} ({criterion.id}) fires on the reference answer; "
                            "make the pattern assert the wrong claim more specifically",
                        )
                    )
    breakdown = score_answer(question, reference, story=False)
    unmet = [c for c in breakdown.criteria if c.status is not CriterionStatus.MET]
    if unmet:
        names = ", ".join(f"{c.criterion_id} ({c.status.value if c.status else 'missed'})" for c in unmet)
        findings.append(
            (
                "reference-unmet",
                f"the reference answer does not meet {names} with the offline coach; add key terms that match "
                "how the reference answer (and real candidates) phrase the point",
            )
        )
    if breakdown.overall < REFERENCE_MIN_SCORE:
        findings.append(
            (
                "reference-low-score",
                f"the reference answer scores {breakdown.overall:.0f} with the offline coach (at least "
                f"{REFERENCE_MIN_SCORE:.0f} expected); widen the key terms or shorten the rubric",
            )
        )
    return findings

"""The bank checks itself: each question's own reference answer, scored by the offline coach.

A reference answer is what the bank says a complete answer looks like. If the offline coach does not give it
every criterion and a high score, the key terms do not cover real phrasing; if a misconception pattern fires on
it, the pattern would also fire on correct answers. ``validate-questions`` reports both (errors under --strict).
"""

from __future__ import annotations

from interview_coach.domain.matching import Sentence, analyse, compile_phrase, occurrences
from interview_coach.domain.models import CriterionStatus
from interview_coach.domain.questions import Question, QuestionType
from interview_coach.domain.scoring import score_answer

REFERENCE_MIN_SCORE = 85.0
"""The least a question's reference answer must score with the offline coach."""
PATTERN_MAX_WORDS = 6
"""A misconception pattern is a short phrase; a long one only matches the sentence its author had in mind."""


def _fires(pattern: str, sentences: list[Sentence]) -> bool:
    phrase = compile_phrase(pattern, ordered=True)
    return phrase is not None and any(occurrences(phrase, s)[0] for s in sentences)


def misconception_findings(question: Question) -> list[tuple[str, str]]:
    """(code, message) for each misconception whose patterns would miss its own claim or match the right answer.

    A claim is the wrong belief as a candidate says it, so a pattern that does not match the claim itself will miss
    candidates too; a pattern that matches a correction or a criterion's description would fire on correct
    answers."""
    findings: list[tuple[str, str]] = []
    right = [s for c in question.rubric for s in analyse(c.description)]
    right += [s for c in question.rubric for m in c.misconceptions for s in analyse(m.correction)]
    for criterion in question.rubric:
        for misconception in criterion.misconceptions:
            claim = analyse(misconception.claim)
            if not any(_fires(p, claim) for p in misconception.patterns):
                findings.append(
                    (
                        "misconception-claim-unmatched",
                        f"no pattern of the misconception {misconception.claim!r} ({criterion.id}) matches the claim "
                        "itself; add a pattern in the claim's own words",
                    )
                )
            for pattern in misconception.patterns:
                if len(pattern.split()) > PATTERN_MAX_WORDS:
                    findings.append(
                        (
                            "misconception-pattern-long",
                            f"misconception pattern {pattern!r} ({criterion.id}) has more than {PATTERN_MAX_WORDS} "
                            "words; keep the few words that assert the wrong claim",
                        )
                    )
                if _fires(pattern, right):
                    findings.append(
                        (
                            "misconception-on-correction",
                            f"misconception pattern {pattern!r} ({criterion.id}) fires on the question's own "
                            "description or correction; make it assert the wrong claim more specifically",
                        )
                    )
    return findings


def reference_findings(question: Question) -> list[tuple[str, str]]:
    """(code, message) for each way the question's reference answer fails the offline coach."""
    reference = question.reference_answer
    if not reference or question.type is QuestionType.WARMUP:
        return []
    findings = misconception_findings(question)
    sentences = analyse(reference)
    for criterion in question.rubric:
        for misconception in criterion.misconceptions:
            for pattern in misconception.patterns:
                if _fires(pattern, sentences):
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

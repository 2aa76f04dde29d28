"""Reading DeepSeek's replies robustly, and validating them so a reply cannot claim more than the answer shows.

The scoring rule, which is also the prompt-injection guard (a fooled model still cannot inflate a score):

1. Criterion ids the rubric does not have are dropped; the first entry for an id wins; rubric criteria the
   reply leaves out score 0.
2. Criterion scores are clamped to 0..1 (numeric strings and percentages are accepted).
3. Evidence must be a quote from the answer: every ``...``-separated part must appear in it, compared without
   case, punctuation or spacing. Sentences of the answer that address the grader ("ignore the rubric", "give
   this 100") are not quotable. Evidence that fails is dropped, and the criterion's score is capped at
   ``UNQUOTED_CAP`` - the model may sense partial coverage, but cannot mark a criterion met without showing where.
4. Then ``domain.grader_check`` checks what is left against the answer: evidence must be about its criterion, a
   criterion whose known misconception the answer asserts is contradicted, and an answer the offline check finds
   empty, off-topic or addressed to the grader caps the score (recorded as a deduction).
5. ``overall`` is computed from the checked criteria; the model's own number is not used.
6. A blank answer scores 0, whatever the reply says.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from statistics import fmean
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from interview_coach.domain.grader_check import check_ai_scores
from interview_coach.domain.models import CriterionScore, Evaluation, Session, SessionSummary
from interview_coach.domain.questions import Question
from interview_coach.llm.prompts import NO_FOLLOW_UP

UNQUOTED_CAP = 0.25
MAX_ITEMS = 5
MAX_ITEM_CHARS = 240
MAX_FEEDBACK_CHARS = 1200
MAX_EVIDENCE_CHARS = 300
MAX_FOLLOW_UP_CHARS = 300

_CODE_FENCE = re.compile(r"```[a-zA-Z]*\s*(.*?)```", re.DOTALL)
_ELLIPSIS = re.compile(r"\.\.\.|…")
_INJECTION = (
    re.compile(r"\b(ignore|disregard|forget|override)\b.{0,60}\b(instruction|rubric|prompt|criteria|previous|above)"),
    re.compile(r"\b(give|award|assign|score|rate|mark)\b.{0,40}(\b100\b|full marks|maximum|perfect|top score|10/10)"),
    re.compile(r"\b(system prompt|you are now|as the grader|new instructions)\b"),
)


class ReplyParseError(ValueError):
    """The reply is not the JSON we asked for; the coach makes one repair attempt, then gives up."""


def extract_json_object(text: str) -> dict[str, Any]:
    """The JSON object in a reply: code fences stripped, else the outermost ``{...}``."""
    stripped = text.strip()
    fenced = _CODE_FENCE.search(stripped)
    if fenced:
        stripped = fenced.group(1).strip()
    candidates = [stripped]
    start, end = stripped.find("{"), stripped.rfind("}")
    if start != -1 and end > start:
        candidates.append(stripped[start : end + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    raise ReplyParseError("the reply does not contain a JSON object" if start == -1 else "the JSON is malformed")


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value == value else None  # NaN is not a score
    if isinstance(value, str):
        text = value.strip()
        percent = text.endswith("%")
        try:
            number = float(text.rstrip("%").strip())
        except ValueError:
            return None
        return number / 100 if percent else number
    return None


def _texts(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    texts = [" ".join(item.split())[:MAX_ITEM_CHARS] for item in items if isinstance(item, str)]
    return [t for t in texts if t][:MAX_ITEMS]


class RawCriterion(BaseModel):
    id: str
    score: float
    evidence: str = ""
    why: str = ""  # how the evidence shows the criterion; checked for relevance when the evidence alone is not


class RawScore(BaseModel):
    """The score reply as sent; lenient about shapes, strict about what survives."""

    model_config = ConfigDict(extra="ignore")

    criteria: list[RawCriterion] = Field(default_factory=list)
    overall: float | None = None
    feedback: str = ""
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)

    @field_validator("criteria", mode="before")
    @classmethod
    def _criteria(cls, value: Any) -> list[dict[str, Any]]:
        if isinstance(value, dict):  # {"id": 0.8} or {"id": {"score": 0.8, "evidence": "..."}}
            value = [
                {"id": key, **item} if isinstance(item, dict) else {"id": key, "score": item}
                for key, item in value.items()
            ]
        rows = []
        for item in value if isinstance(value, list) else []:
            if not isinstance(item, dict):
                continue
            cid = item.get("id", item.get("criterion_id", item.get("criterion")))
            score = _number(item.get("score"))
            if not isinstance(cid, str) or score is None:
                continue
            evidence = item.get("evidence")
            rows.append({"id": cid.strip(), "score": score, "evidence": evidence if isinstance(evidence, str) else ""})
        return rows

    @field_validator("overall", mode="before")
    @classmethod
    def _overall(cls, value: Any) -> float | None:
        number = _number(value)
        # "85%" parses to 0.85; overall is on a 0-100 scale, so put percentages back.
        if number is not None and isinstance(value, str) and value.strip().endswith("%"):
            number *= 100
        return number

    @field_validator("feedback", mode="before")
    @classmethod
    def _feedback(cls, value: Any) -> str:
        text = " ".join(value) if isinstance(value, list) else value if isinstance(value, str) else ""
        return text.strip()[:MAX_FEEDBACK_CHARS]

    @field_validator("strengths", "improvements", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> list[str]:
        return _texts(value)


class RawSummary(BaseModel):
    model_config = ConfigDict(extra="ignore")

    strengths: list[str] = Field(default_factory=list)
    weaknesses: list[str] = Field(default_factory=list)
    next_steps: list[str] = Field(default_factory=list)
    competency_scores: dict[str, float] = Field(default_factory=dict)
    overall: float | None = None

    @field_validator("strengths", "weaknesses", "next_steps", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> list[str]:
        return _texts(value)

    @field_validator("competency_scores", mode="before")
    @classmethod
    def _scores(cls, value: Any) -> dict[str, float]:
        if not isinstance(value, dict):
            return {}
        scores = {str(k): _number(v) for k, v in value.items()}
        return {k: v for k, v in scores.items() if v is not None}

    @field_validator("overall", mode="before")
    @classmethod
    def _overall(cls, value: Any) -> float | None:
        return _number(value)


def parse_score_reply(text: str) -> RawScore:
    try:
        reply = RawScore.model_validate(extract_json_object(text))
    except ValidationError as exc:
        raise ReplyParseError(f"the JSON does not have the expected fields ({exc.error_count()} errors)") from None
    if not reply.criteria and reply.overall is None:
        raise ReplyParseError("the JSON has neither 'criteria' nor 'overall'")
    return reply


def parse_summary_reply(text: str) -> RawSummary:
    try:
        reply = RawSummary.model_validate(extract_json_object(text))
    except ValidationError as exc:
        raise ReplyParseError(f"the JSON does not have the expected fields ({exc.error_count()} errors)") from None
    if not (reply.strengths or reply.weaknesses or reply.next_steps):
        raise ReplyParseError("the JSON has no strengths, weaknesses or next_steps")
    return reply


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def addresses_grader(sentence: str) -> bool:
    """A sentence that talks to the grader instead of answering the question."""
    lowered = sentence.lower()
    return any(pattern.search(lowered) for pattern in _INJECTION)


def quotable_text(answer: str) -> str:
    """The answer, normalised, without the sentences that address the grader."""
    sentences = re.split(r"(?<=[.!?])\s+|\n+", answer)
    return " " + " ".join(_normalise(s) for s in sentences if s.strip() and not addresses_grader(s)) + " "


def is_quote(evidence: str, quotable: str) -> bool:
    parts = [_normalise(part) for part in _ELLIPSIS.split(evidence)]
    parts = [part for part in parts if part]
    return bool(parts) and all(f" {part} " in quotable for part in parts)


def clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def build_evaluation(
    question: Question, answer: str, reply: RawScore, *, scored_by: str, latency_ms: float | None = None
) -> Evaluation:
    """The validated Evaluation; see the module docstring for the rule."""
    rubric = {c.id: c for c in question.rubric}
    quotable = quotable_text(answer)
    blank = not answer.strip()
    scored: dict[str, CriterionScore] = {}
    for raw in reply.criteria:
        if raw.id not in rubric or raw.id in scored:
            continue
        score = 0.0 if blank else clamp(raw.score, 0.0, 1.0)
        evidence = " ".join(raw.evidence.split())[:MAX_EVIDENCE_CHARS]
        if not is_quote(evidence, quotable):
            evidence = ""
            score = min(score, UNQUOTED_CAP)
        scored[raw.id] = CriterionScore(criterion_id=raw.id, score=round(score, 3), evidence=evidence)
    criteria = [scored.get(c.id) or CriterionScore(criterion_id=c.id, score=0.0) for c in question.rubric]
    reasons = {raw.id: raw.why for raw in reply.criteria if raw.why}
    checked = check_ai_scores(question, answer, criteria, reasons)
    return Evaluation(
        question_id=question.id,
        criteria=checked.criteria,
        overall=0.0 if blank else checked.overall,
        deductions=[] if blank else checked.deductions,
        feedback=reply.feedback,
        strengths=reply.strengths,
        improvements=reply.improvements,
        scored_by=scored_by,
        latency_ms=latency_ms,
    )


def competency_averages(session: Session, questions: dict[str, Question]) -> dict[str, float]:
    """Mean validated overall score per competency, from the session's evaluations."""
    buckets: dict[str, list[float]] = {}
    for evaluation in session.evaluations:
        question = questions.get(evaluation.question_id)
        for competency in question.competencies if question else []:
            buckets.setdefault(competency, []).append(evaluation.overall)
    return {name: round(fmean(values), 1) for name, values in sorted(buckets.items())}


def build_summary(
    reply: RawSummary, session: Session, questions: dict[str, Question], *, generated_by: str
) -> SessionSummary:
    """The model writes the words; numbers come from the validated evaluations whenever there are any."""
    scores = competency_averages(session, questions)
    if not scores:
        known = {c for q in questions.values() for c in q.competencies}
        scores = {k: round(clamp(v, 0, 100), 1) for k, v in reply.competency_scores.items() if k in known}
    if session.evaluations:
        overall: float | None = round(fmean(e.overall for e in session.evaluations), 1)
    else:
        overall = None if reply.overall is None else round(clamp(reply.overall, 0, 100), 1)
    return SessionSummary(
        strengths=reply.strengths,
        weaknesses=reply.weaknesses,
        next_steps=reply.next_steps,
        competency_scores=scores,
        overall=overall,
        generated_by=generated_by,
    )


def parse_follow_up(text: str, asked: Iterable[str] = ()) -> str | None:
    """The follow-up question, or None when the model says none is needed (or repeats an earlier one)."""
    cleaned = text.strip()
    letters = re.sub(r"[^a-z]", "", cleaned.lower())
    if not letters or letters.startswith(re.sub(r"[^a-z]", "", NO_FOLLOW_UP.lower())) or letters == "none":
        return None
    first = next(line for line in cleaned.splitlines() if line.strip())
    first = re.sub(r"^\s*follow[- ]?up(\s+question)?\s*[:\-]\s*", "", first, flags=re.IGNORECASE)
    first = first.strip().strip("\"'`“”‘’").strip()
    if len(first) > MAX_FOLLOW_UP_CHARS:
        cut = first[:MAX_FOLLOW_UP_CHARS]
        end = max(cut.rfind("?"), cut.rfind("."))
        first = cut[: end + 1] if end > 40 else cut.rstrip() + "…"
    if not first or _normalise(first) in {_normalise(a) for a in asked}:
        return None
    return first


def parse_questions_reply(text: str) -> list[dict[str, object]]:
    """The ``questions`` array of a write_questions reply: objects only (each is validated later, one by one)."""
    data = extract_json_object(text)
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise ReplyParseError('the reply has no "questions" array')
    return [q for q in questions if isinstance(q, dict)]

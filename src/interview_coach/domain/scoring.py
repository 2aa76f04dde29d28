"""Rubric coverage scoring: the offline coach's judgement of one answer, deterministic and fast.

How an answer is scored (the numbers are constants below, so tests and docs can name them):

1. Each criterion's key terms are stemmed token sequences (articles dropped on both sides). A term matches a
   sentence when its stems appear there contiguously, or all of them within a short window in any order
   ("invalidate the cache" matches "cache invalidation"). Restating the question is not evidence: sentences
   that mostly repeat the prompt are ignored, and a term the prompt already contains counts half.
2. A criterion's score grows with the matched terms: ``1 - 0.5 ** (1.6 * matched)``, so one term gives 0.67
   (met), two give 0.89. Its evidence is the answer sentence that matched, verbatim and truncated.
3. Coverage is the weighted mean of criterion scores. Behavioural questions fold in the STAR check,
   ``(1 - STAR_SHARE) * coverage + STAR_SHARE * star_parts_present / 4``, and must read as the candidate's
   own story: with few first-person sentences the result is scaled down (``NARRATIVE_SENTENCES``).
4. The substance guard multiplies by 0.35..1 depending on how much the answer reads like prose (the share of
   function words; a bare keyword list has almost none, and a run of comma-separated fragments is a list too)
   and caps very short answers (``LENGTH_CAPS``; ``SINGLE_CRITERION_LENGTH_CAPS`` for a one-point follow-up).
5. Penalties: excessive filler words (at most ``MAX_FILLER_PENALTY``) and ``HINT_PENALTY_POINTS`` per hint used.
   A skipped or empty answer scores 0.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from interview_coach.domain.metrics import detect_star, filler_counts
from interview_coach.domain.models import CriterionScore
from interview_coach.domain.questions import Question, QuestionType
from interview_coach.domain.text import STOPWORDS, plural, split_sentences, stem, stem_token, tokenize, truncate

HINT_PENALTY_POINTS = 5.0
"""Points taken off the overall score for each hint the candidate asked for."""
STAR_SHARE = 0.2
"""Share of a behavioural answer's score that comes from STAR structure."""
NARRATIVE_SENTENCES, MIN_NARRATIVE = 0.5, 0.5
"""A behavioural answer is a story: with fewer than this share of first-person sentences ("I", "we") it is
scaled down, to MIN_NARRATIVE with none (a copied technical explanation is not an experience)."""
ECHO_CREDIT = 0.5
"""Credit for a key term the prompt itself contains (the candidate may only be restating the question)."""
RESTATEMENT_OVERLAP = 0.8
"""A sentence whose content words are at least this much the prompt's is a restatement, not an answer."""
LENGTH_CAPS: tuple[tuple[int, float], ...] = ((5, 5.0), (12, 25.0), (25, 50.0), (40, 75.0))
"""(fewer than N words, maximum overall score): very short answers cannot score high."""
SINGLE_CRITERION_LENGTH_CAPS: tuple[tuple[int, float], ...] = ((3, 5.0), (6, 25.0), (12, 50.0), (20, 75.0))
"""The caps for a one-criterion rubric, such as a follow-up scored on the point it probes: a direct answer to one
point is short, and 38 words covering it fully should not be capped at 75."""
MIN_SUBSTANCE = 0.35
"""The multiplier for an answer with no function words at all (a bare keyword list)."""
PROSE_FUNCTION_RATIO = (0.10, 0.28)
"""Function-word share at which an answer starts to read as prose, and at which it fully does."""
LIST_MIN_CHUNKS, LIST_MAX_WORDS_PER_CHUNK = 4, 2.5
"""An answer of at least this many punctuation-separated chunks, averaging fewer words, is a keyword list."""
MAX_FILLER_PENALTY = 10.0
EVIDENCE_CHARS = 160
_TERM_WINDOW_SLACK = 3  # extra tokens allowed between the words of a multi-word term
_ARTICLES = frozenset({"a", "an", "the"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "myself", "ourselves", "im", "ive"})
_CLAUSE_BREAK = re.compile(r"[,;:.!?()/\n]+")
_RAW_WORD = re.compile(r"\w+")  # word counting for the list check only; no normalisation needed


@dataclass(frozen=True)
class _Term:
    text: str
    stems: tuple[str, ...]
    credit: float
    loose: bool  # may match in any order within a window; not for all-function-word terms ("now i")


@dataclass(frozen=True)
class _CompiledCriterion:
    id: str
    weight: float
    terms: tuple[_Term, ...]


@dataclass(frozen=True)
class _CompiledRubric:
    criteria: tuple[_CompiledCriterion, ...]
    total_weight: float
    prompt_content: frozenset[str]


@dataclass(frozen=True)
class _Sentence:
    text: str
    stems: tuple[str, ...]  # every token but articles, stemmed: what key terms are matched against
    content: frozenset[str]  # stems of the non-stopwords, for restatement detection
    tokens: int
    function_words: int
    first_person: bool


@dataclass(frozen=True)
class ScoreBreakdown:
    """Everything the scorer found; the offline coach turns it into an Evaluation with feedback."""

    criteria: list[CriterionScore]
    overall: float
    coverage: float
    word_count: int
    function_word_ratio: float
    substance: float
    length_cap: float | None
    star: dict[str, bool] | None
    fillers: dict[str, int]
    filler_penalty: float
    hint_penalty: float
    skipped: bool
    notes: list[str] = field(default_factory=list)

    @property
    def filler_total(self) -> int:
        return sum(self.fillers.values())


def _rubric_key(question: Question) -> tuple[object, ...]:
    # The id alone is not enough: a user pack or a test may reuse an id with a different rubric.
    return (
        question.id,
        question.prompt,
        tuple((c.id, c.weight, tuple(c.key_terms)) for c in question.rubric),
    )


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _core_stems(tokens: list[str]) -> tuple[str, ...]:
    return tuple(stem_token(t) for t in tokens if t not in _ARTICLES)


@lru_cache(maxsize=2048)
def _compile(key: tuple[object, ...]) -> _CompiledRubric:
    _, prompt, rubric = key
    assert isinstance(prompt, str) and isinstance(rubric, tuple)
    prompt_tokens = tokenize(prompt)
    prompt_stems = _core_stems(prompt_tokens)
    criteria = []
    for criterion_id, weight, key_terms in rubric:
        terms: dict[tuple[str, ...], _Term] = {}
        for text in key_terms:
            tokens = tokenize(text)
            stems = _core_stems(tokens)
            if not stems or stems in terms:
                continue  # "retry" and "retries" are one term after stemming
            echoed = _contains(prompt_stems, stems)
            loose = len(stems) > 1 and any(t not in STOPWORDS for t in tokens)
            terms[stems] = _Term(text, stems, ECHO_CREDIT if echoed else 1.0, loose)
        criteria.append(_CompiledCriterion(criterion_id, max(float(weight), 0.0), tuple(terms.values())))
    total = sum(c.weight for c in criteria)
    prompt_content = frozenset(stem(t) for t in prompt_tokens if t not in STOPWORDS)
    return _CompiledRubric(tuple(criteria), total, prompt_content)


def clear_rubric_cache() -> None:
    """Forget compiled rubrics (benchmarks measure the cold path; a reloaded bank is picked up anyway)."""
    _compile.cache_clear()


def _analyse(answer: str) -> list[_Sentence]:
    sentences = []
    for text in split_sentences(answer):
        tokens = tokenize(text)
        if tokens:
            content = frozenset(stem(t) for t in tokens if t not in STOPWORDS)
            function_words = sum(1 for t in tokens if t in STOPWORDS)
            first_person = not _FIRST_PERSON.isdisjoint(tokens)
            sentences.append(_Sentence(text, _core_stems(tokens), content, len(tokens), function_words, first_person))
    return sentences


def _is_restatement(sentence: _Sentence, prompt_content: frozenset[str]) -> bool:
    if len(sentence.content) < 3:
        return False
    return len(sentence.content & prompt_content) >= RESTATEMENT_OVERLAP * len(sentence.content)


def _within_window(sequence: tuple[str, ...], stems: tuple[str, ...]) -> bool:
    """All of ``stems`` occur in ``sequence`` within ``len(stems) + slack`` tokens of each other, any order."""
    positions = [[i for i, s in enumerate(sequence) if s == wanted] for wanted in stems]
    if any(not p for p in positions):
        return False
    limit = len(stems) + _TERM_WINDOW_SLACK
    for anchor in positions[0]:
        picked = [anchor] + [min(p, key=lambda i: abs(i - anchor)) for p in positions[1:]]
        if max(picked) - min(picked) < limit:
            return True
    return False


def _match(term: _Term, sentences: list[_Sentence], skip: frozenset[int]) -> int | None:
    """Index of the first sentence (not in ``skip``) the term matches, or None."""
    for index, sentence in enumerate(sentences):
        sequence = sentence.stems
        if index in skip or term.stems[0] not in sequence:
            continue
        if _contains(sequence, term.stems) or (term.loose and _within_window(sequence, term.stems)):
            return index
    return None


def _criterion_score(matched_credit: float) -> float:
    return round(1.0 - 0.5 ** (1.6 * matched_credit), 2) if matched_credit > 0 else 0.0


def _substance(answer: str, sentences: list[_Sentence], word_count: int) -> tuple[float, float]:
    """(function-word ratio, multiplier in MIN_SUBSTANCE..1): how much the answer reads like prose."""
    if word_count == 0:
        return 0.0, MIN_SUBSTANCE
    ratio = sum(s.function_words for s in sentences) / word_count
    low, high = PROSE_FUNCTION_RATIO
    prose = min(1.0, max(0.0, (ratio - low) / (high - low)))
    # A longer answer without a single real sentence (4+ words, one of them a function word) is a list.
    real_sentences = sum(1 for s in sentences if s.tokens >= 4 and s.function_words > 0)
    if word_count >= 12 and real_sentences == 0:
        prose = min(prose, 0.3)
    # Comma-separated fragments ("i decided, as a result, next time") carry function words but are still a
    # list: prose has clauses of several words between punctuation marks.
    chunks = [n for n in (len(_RAW_WORD.findall(c)) for c in _CLAUSE_BREAK.split(answer)) if n]
    if len(chunks) >= LIST_MIN_CHUNKS and word_count / len(chunks) < LIST_MAX_WORDS_PER_CHUNK:
        prose = min(prose, 0.2)
    return ratio, MIN_SUBSTANCE + (1.0 - MIN_SUBSTANCE) * prose


def _narrative(sentences: list[_Sentence], restated: frozenset[int]) -> float:
    told = [s for i, s in enumerate(sentences) if i not in restated]
    if not told:
        return MIN_NARRATIVE
    share = sum(1 for s in told if s.first_person) / len(told)
    return MIN_NARRATIVE + (1.0 - MIN_NARRATIVE) * min(1.0, share / NARRATIVE_SENTENCES)


def _length_cap(word_count: int, criteria: int) -> float | None:
    for limit, cap in SINGLE_CRITERION_LENGTH_CAPS if criteria == 1 else LENGTH_CAPS:
        if word_count < limit:
            return cap
    return None


def _filler_penalty(fillers: Counter[str], word_count: int) -> float:
    allowed = max(3.0, 0.05 * word_count)
    excess = sum(fillers.values()) - allowed
    return min(MAX_FILLER_PENALTY, 2.0 * excess) if excess > 0 else 0.0


def _skipped(question: Question, hints_used: int) -> ScoreBreakdown:
    return ScoreBreakdown(
        criteria=[CriterionScore(criterion_id=c.id, score=0.0) for c in question.rubric],
        overall=0.0,
        coverage=0.0,
        word_count=0,
        function_word_ratio=0.0,
        substance=MIN_SUBSTANCE,
        length_cap=0.0,
        star={part: False for part in ("situation", "task", "action", "result")}
        if question.type is QuestionType.BEHAVIORAL
        else None,
        fillers={},
        filler_penalty=0.0,
        hint_penalty=HINT_PENALTY_POINTS * max(0, hints_used),
        skipped=True,
        notes=["No answer was given, so it scores 0."],
    )


def score_answer(question: Question, answer: str, *, hints_used: int = 0, skipped: bool = False) -> ScoreBreakdown:
    """Score ``answer`` against ``question``'s rubric. Empty or ``skipped`` answers score 0."""
    sentences = _analyse(answer)
    if skipped or not sentences:
        return _skipped(question, hints_used)
    rubric = _compile(_rubric_key(question))
    word_count = sum(s.tokens for s in sentences)
    restated = frozenset(i for i, s in enumerate(sentences) if _is_restatement(s, rubric.prompt_content))

    criteria: list[CriterionScore] = []
    weighted = 0.0
    for criterion in rubric.criteria:
        credit = 0.0
        evidence_at: int | None = None
        evidence_credit = 0.0
        for term in criterion.terms:
            at = _match(term, sentences, restated)
            if at is None:
                continue
            credit += term.credit
            # Prefer evidence from a term the prompt does not contain, then the earliest sentence.
            if evidence_at is None or term.credit > evidence_credit:
                evidence_at, evidence_credit = at, term.credit
        score = _criterion_score(credit)
        evidence = truncate(sentences[evidence_at].text, EVIDENCE_CHARS) if evidence_at is not None else ""
        criteria.append(CriterionScore(criterion_id=criterion.id, score=score, evidence=evidence))
        weighted += criterion.weight * score
    coverage = weighted / rubric.total_weight if rubric.total_weight > 0 else 0.0

    notes: list[str] = []
    star: dict[str, bool] | None = None
    content = coverage
    if question.type is QuestionType.BEHAVIORAL:
        star = detect_star(answer)
        content = (1.0 - STAR_SHARE) * coverage + STAR_SHARE * sum(star.values()) / len(star)
        narrative = _narrative(sentences, restated)
        if narrative < 1.0:
            content *= narrative
            notes.append("Tell it as your own experience: what you did and what happened ('I ...', 'we ...').")

    ratio, substance = _substance(answer, sentences, word_count)
    if substance < 0.75:
        notes.append("It reads like a list of keywords; explain each point in full sentences.")
    overall = 100.0 * content * substance
    cap = _length_cap(word_count, len(rubric.criteria))
    if cap is not None and overall > cap:
        overall = cap
        notes.append(f"Very short answer ({word_count} words): the score is capped at {cap:.0f}.")

    fillers = filler_counts(answer)
    filler_penalty = _filler_penalty(fillers, word_count)
    if filler_penalty:
        notes.append(f"{sum(fillers.values())} filler words cost {filler_penalty:.0f} points.")
    hint_penalty = HINT_PENALTY_POINTS * max(0, hints_used)
    if hint_penalty:
        notes.append(f"{plural(hints_used, 'hint')} used: -{hint_penalty:.0f} points.")
    overall = max(0.0, min(100.0, overall - filler_penalty - hint_penalty))
    return ScoreBreakdown(
        criteria=criteria,
        overall=round(overall, 1),
        coverage=round(coverage, 3),
        word_count=word_count,
        function_word_ratio=round(ratio, 3),
        substance=round(substance, 3),
        length_cap=cap,
        star=star,
        fillers=dict(fillers),
        filler_penalty=filler_penalty,
        hint_penalty=hint_penalty,
        skipped=False,
        notes=notes,
    )

"""The shape of an answer, apart from what it says: prose or a keyword list, told as the candidate's own story or
not, long enough, specific enough, free of filler and of a string of confident absolutes, and about the question.

``scoring`` turns each of these into a named deduction, so the feedback says what it cost.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from interview_coach.domain.matching import Sentence
from interview_coach.domain.paraphrase import GENERIC
from interview_coach.domain.text import normalize

NARRATIVE_SENTENCES, MIN_NARRATIVE = 0.5, 0.5
"""A behavioural answer is a story: with fewer than this share of first-person sentences ("I", "we") it is
scaled down, to MIN_NARRATIVE with none (a copied technical explanation is not an experience)."""
LENGTH_CAPS: tuple[tuple[int, float], ...] = ((5, 5.0), (10, 30.0), (16, 60.0), (25, 85.0))
"""(fewer than N words, maximum overall score): very short answers cannot score high. A 30-word answer that
covers the point is a good answer, so the caps stop there."""
SINGLE_CRITERION_LENGTH_CAPS: tuple[tuple[int, float], ...] = ((3, 5.0), (6, 30.0), (10, 60.0), (15, 85.0))
"""The caps for a one-criterion rubric, such as a follow-up scored on the point it probes."""
MIN_SUBSTANCE = 0.35
"""The multiplier for an answer with no function words at all (a bare keyword list)."""
PROSE_FUNCTION_RATIO = (0.10, 0.28)
"""Function-word share at which an answer starts to read as prose, and at which it fully does."""
LIST_MIN_CHUNKS, LIST_MAX_WORDS_PER_CHUNK = 4, 2.5
"""An answer of at least this many punctuation-separated chunks, averaging fewer words, is a keyword list."""
MAX_FILLER_PENALTY = 10.0
OFF_TOPIC_SHARE = 0.12
"""An answer of 15+ words with less than this share of its content words from the question's own vocabulary
(prompt, rubric, reference answer) is off-topic; the AI grader's score is capped for such answers."""
_ABSOLUTES = re.compile(
    r"\b(?:always|never|guarantees?|guaranteed|out of the box|the best|best choice|perfectly|completely|entirely"
    r"|automatically|obviously|impossible|no need|all you need|every time|zero risk|no risk|safe for any"
    r"|is fine|are fine|don'?t need|isn'?t needed)\b"
)
_SPECIFICS = re.compile(
    r"\b(?:\d[\d,.%]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    r"|hundred|thousand|million|half|dozen|weeks?|months?|days?|hours?|minutes|quarter)\b",
    re.IGNORECASE,
)
_NAMES = re.compile(r"(?<=[a-z,;] )[A-Z][A-Za-z0-9]+")
GENERAL_STORY_RATE, GENERAL_STORY_SHARE = 1.5, 0.4
"""A behavioural answer of 40+ words with fewer than GENERAL_STORY_RATE specifics (numbers, time frames, names) per
100 words is a general story ("I took ownership and communicated clearly"): it loses GENERAL_STORY_SHARE of its
points. Measured on the graded answers: vague stories have 0-1.2, real ones 2 or more."""
OVERCLAIM_RATE, OVERCLAIM_MIN, OVERCLAIM_PENALTY = 2.5, 3, 15.0
"""At least OVERCLAIM_MIN absolute claims ("always", "guarantees", "is fine", "no need") and OVERCLAIM_RATE per 100
words cost OVERCLAIM_PENALTY points: confident absolutes are what interviewers probe, and fluent wrong answers are
full of them (measured on the graded answers: none of the excellent, concise or partial ones reach it)."""
_CLAUSE_BREAK = re.compile(r"[,;:.!?()/\n]+")
_RAW_WORD = re.compile(r"\w+")


def substance(answer: str, sentences: Sequence[Sentence], word_count: int) -> tuple[float, float]:
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
    # Comma-separated fragments carry function words but are still a list: prose has clauses of several words.
    chunks = [n for n in (len(_RAW_WORD.findall(c)) for c in _CLAUSE_BREAK.split(answer)) if n]
    if len(chunks) >= LIST_MIN_CHUNKS and word_count / len(chunks) < LIST_MAX_WORDS_PER_CHUNK:
        prose = min(prose, 0.2)
    return ratio, MIN_SUBSTANCE + (1.0 - MIN_SUBSTANCE) * prose


def narrative(sentences: Sequence[Sentence], restated: frozenset[int]) -> float:
    told = [s for i, s in enumerate(sentences) if i not in restated]
    if not told:
        return MIN_NARRATIVE
    share = sum(1 for s in told if s.first_person) / len(told)
    return MIN_NARRATIVE + (1.0 - MIN_NARRATIVE) * min(1.0, share / NARRATIVE_SENTENCES)


def length_cap(word_count: int, criteria: int) -> float | None:
    for limit, cap in SINGLE_CRITERION_LENGTH_CAPS if criteria == 1 else LENGTH_CAPS:
        if word_count < limit:
            return cap
    return None


def filler_penalty(fillers: Counter[str], word_count: int) -> float:
    allowed = max(3.0, 0.05 * word_count)
    excess = sum(fillers.values()) - allowed
    return float(round(min(MAX_FILLER_PENALTY, 2.0 * excess))) if excess > 0 else 0.0


def off_topic(sentences: Sequence[Sentence], vocabulary: frozenset[str], word_count: int) -> bool:
    used = [s for sentence in sentences for s in sentence.content if s not in GENERIC]
    if word_count < 15 or not used:
        return False
    return sum(1 for s in used if s in vocabulary) / len(used) < OFF_TOPIC_SHARE


def absolute_claims(answer: str, word_count: int) -> int:
    """How many absolute claims the answer makes, when they are enough to cost points (else 0)."""
    count = len(_ABSOLUTES.findall(normalize(answer)))
    return count if count >= OVERCLAIM_MIN and 100.0 * count / max(word_count, 1) >= OVERCLAIM_RATE else 0


def general_story(answer: str, word_count: int) -> bool:
    """A behavioural answer of 40+ words with too few specifics (numbers, time frames, names)."""
    if word_count < 40:
        return False
    specifics = len(_SPECIFICS.findall(answer)) + len(_NAMES.findall(answer))
    return 100.0 * specifics / word_count < GENERAL_STORY_RATE

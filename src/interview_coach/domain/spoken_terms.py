"""Key terms in spoken answers: the recogniser's near-misses are mended before scoring.

A speech recogniser hears "idempotent" as "idempotant", "Postgres" as "post gress" and "Kubernetes" as
"kubernetis". The rubric scorer matches stemmed words exactly, so it would miss points the candidate said out
loud. For answers that came from speech (and only those: a typed misspelling is the candidate's own), words or
runs of words that are a near-miss of one of the question's key terms are replaced by that term before scoring.
The transcript the candidate sees and the stored answer stay as recognised.

Why difflib and not rapidfuzz: it is in the standard library, so the domain gains no dependency (the scorer runs in
the base install too), and an answer has a few hundred words against a few dozen terms; the length filter below
leaves a few thousand comparisons, a few milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from interview_coach.domain.questions import Question
from interview_coach.domain.text import normalize

NEAR_MISS_RATIO = 0.8
"""difflib similarity (0-1) from which a heard word counts as the key term. 0.8 accepts one wrong letter in five
("idempotant", "kubernetis", "postgress") and rejects different words that share a stem ("coaching"/"caching"
scores 0.93 only because both are long: the MIN_TERM_CHARS and shared-first-letter rules keep such pairs rare)."""

MIN_TERM_CHARS = 5
"""Shorter terms ("TTL", "CAP", "ACID") are left alone: one letter is too large a share of them to guess safely."""

MAX_EXTRA_WORDS = 1
"""A term may be heard split into one more word than it has ("post gress" for "postgres")."""

MIN_SPLIT_WORD_CHARS = 3
"""Each piece of a term heard as several words has at least this many letters ("post gress", "idempotensy key"):
a short word before a near-miss ("it", "is", "a") is its own word, not the start of the term."""

_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")


@dataclass(frozen=True)
class Mend:
    heard: str
    term: str


def _terms(question: Question) -> list[tuple[str, str, int]]:
    """(key, term, words) for each key term long enough to mend; key is the term's letters with spaces removed."""
    return _terms_of(tuple(term for criterion in question.rubric for term in criterion.key_terms))


@lru_cache(maxsize=512)
def _terms_of(key_terms: tuple[str, ...]) -> list[tuple[str, str, int]]:
    seen: dict[str, tuple[str, int]] = {}
    for term in key_terms:
        words = _WORD.findall(normalize(term))
        key = "".join(words)
        if len(key) >= MIN_TERM_CHARS:
            seen.setdefault(key, (term, len(words)))
    return [(key, term, count) for key, (term, count) in seen.items()]


def mend_spoken_answer(question: Question, text: str) -> tuple[str, list[Mend]]:
    """``text`` with near-misses of ``question``'s key terms replaced by the terms, and what was replaced."""
    terms = _terms(question)
    if not terms:
        return text, []
    lowered = normalize(text)
    if len(lowered) != len(text):  # folding changed the offsets (accents, ligatures): match on the folded text
        text = lowered
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(lowered)]
    known = _term_words(terms)
    replacements: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(words):
        best: tuple[float, int, str] | None = None
        for key, term, term_words in terms:
            for n in range(1, term_words + MAX_EXTRA_WORDS + 1):
                if i + n > len(words):
                    break
                if n > 1 and min(len(w) for _, _, w in words[i : i + n]) < MIN_SPLIT_WORD_CHARS:
                    continue  # "it idempotant" is a word and a miss, not one split term
                heard = "".join(w for _, _, w in words[i : i + n])
                if heard == key:
                    break  # said right: nothing to mend
                if abs(len(heard) - len(key)) > len(key) * (1 - NEAR_MISS_RATIO) + 1 or heard[0] != key[0]:
                    continue
                if n == 1 and heard in known:
                    continue  # a real key word of this question, heard right
                matcher = SequenceMatcher(None, heard, key, autojunk=False)
                if matcher.real_quick_ratio() < NEAR_MISS_RATIO or matcher.quick_ratio() < NEAR_MISS_RATIO:
                    continue
                ratio = matcher.ratio()
                if ratio >= NEAR_MISS_RATIO and (best is None or ratio > best[0]):
                    best = (ratio, n, term)
        if best is None:
            i += 1
            continue
        _, n, term = best
        start, end = words[i][0], words[i + n - 1][1]
        replacements.append((start, end, text[start:end], term))
        i += n
    mended = text
    for start, end, _, term in reversed(replacements):
        mended = mended[:start] + term + mended[end:]
    return mended, [Mend(heard, term) for _, _, heard, term in replacements]


def _term_words(terms: list[tuple[str, str, int]]) -> frozenset[str]:
    return frozenset(w for _, term, _ in terms for w in _WORD.findall(normalize(term)))

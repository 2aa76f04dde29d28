"""Mix-ups: an answer that says what belongs to one compared thing about the other.

Questions that compare things ("layer 4 versus layer 7", "liveness, readiness and startup probes", "bias and
variance") invite a fluent wrong answer that uses every right word but swaps them round: "layer 7 works at the TCP
level while layer 4 understands HTTP". Key terms cannot tell that from a correct answer, and nobody can list every
such swap as a misconception. What can tell it: the question's own reference answer, rubric and corrections say
which words go with which compared thing. A word the reference only ever says about layer 4, said in the answer
about layer 7, is a swap. An answer with ``MIN_SWAPS`` or more swaps, and at least ``RIGHT_RATIO`` times as many
swaps as right pairings, mixes them up.

The compared things (anchors) are key terms that the prompt lists side by side ("X and Y", "X, Y and Z",
"X versus Y", "X-Y trade-off"). A word belongs to the nearest anchor before it in the same sentence, within
``WINDOW`` words; a sentence that opens with "it" or "they" continues the previous sentence's anchor. Negated
words belong to nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from interview_coach.domain.matching import ARTICLES, Phrase, Sentence, analyse, compile_phrase, stem_word
from interview_coach.domain.synonyms import fold
from interview_coach.domain.text import STOPWORDS, tokenize

WINDOW = 10
"""How many words after an anchor are still said about it."""
MIN_SWAPS = 3
"""Swapped words needed before an answer counts as mixing things up (one or two can be loose phrasing)."""
RIGHT_RATIO = 2
"""...and at least this many times as many swapped words as rightly placed ones."""
_JOINERS = frozenset({"and", "or", "versus", "vs", "nor"})
_CONTINUERS = frozenset({"it", "they", "its", "their", "this", "that", "these", "those", "them"})


@dataclass(frozen=True)
class Mixup:
    """The answer's worst mix-up: ``said_of`` described with ``words`` that belong to ``belongs_to``."""

    said_of: str
    belongs_to: str
    words: tuple[str, ...]  # stemmed, for tests and probes
    sentence: str  # the answer's sentence with the most swaps, to quote back
    swaps: int
    right: int


@dataclass(frozen=True)
class _Contrast:
    anchors: tuple[Phrase, ...]
    owner: dict[str, int]  # folded word -> the only anchor the reference says it of


def _prompt_groups(prompt: str, key_terms: Sequence[str]) -> list[tuple[Phrase, ...]]:
    """Key terms the prompt lists side by side: joined by "and", "or", "versus", commas or hyphens."""
    tokens = [t for t in tokenize(prompt) if t not in ARTICLES]
    stems = [stem_word(t) for t in tokens]
    found: list[tuple[int, int, Phrase]] = []
    seen: set[tuple[str, ...]] = set()
    for term in key_terms:
        phrase = compile_phrase(term)
        if phrase is None or phrase.stems in seen:
            continue
        n = len(phrase.stems)
        for i in range(len(stems) - n + 1):
            if tuple(stems[i : i + n]) == phrase.stems:
                found.append((i, i + n, phrase))
                seen.add(phrase.stems)
                break
    found.sort(key=lambda item: (item[0], -item[1]))
    # A term inside a longer one ("probe" in "startup probe") is not an anchor of its own.
    found = [f for f in found if not any(g is not f and g[0] <= f[0] and f[1] <= g[1] for g in found)]
    groups: list[tuple[Phrase, ...]] = []
    current: list[tuple[int, int, Phrase]] = []
    for item in found:
        if current and 0 <= item[0] - current[-1][1] <= 2 and set(tokens[current[-1][1] : item[0]]) <= _JOINERS:
            current.append(item)
            continue
        if len(current) >= 2:
            groups.append(tuple(p for _, _, p in current))
        current = [item]
    if len(current) >= 2:
        groups.append(tuple(p for _, _, p in current))
    return groups


def _anchor_at(stems: tuple[str, ...], at: int, anchors: tuple[Phrase, ...]) -> tuple[int, int] | None:
    for index, phrase in enumerate(anchors):
        n = len(phrase.stems)
        if stems[at : at + n] == phrase.stems:
            return index, n
    return None


def _pairings(sentences: Sequence[Sentence], anchors: tuple[Phrase, ...]) -> list[tuple[int, str, str]]:
    """(anchor index, folded word, sentence) for every asserted content word said of an anchor."""
    pairs: list[tuple[int, str, str]] = []
    previous: int | None = None
    for sentence in sentences:
        stems = sentence.stems
        current = previous if stems and stems[0] in _CONTINUERS else None
        since = 0
        at = 0
        while at < len(stems):
            hit = _anchor_at(stems, at, anchors)
            if hit is not None:
                current, since = hit[0], 0
                at += hit[1]
                continue
            since += 1
            if since > WINDOW:
                current = None
            word = stems[at]
            content = word not in STOPWORDS and len(word) > 2 and not word.isdigit()
            if current is not None and sentence.marks[at] < 0 and content:
                pairs.append((current, fold(word), sentence.text))
            at += 1
        previous = current if current is not None else previous
    return pairs


@lru_cache(maxsize=1024)
def _contrasts(prompt: str, key_terms: tuple[str, ...], texts: tuple[str, ...]) -> tuple[_Contrast, ...]:
    sentences = [s for text in texts for s in analyse(text)]
    contrasts = []
    for anchors in _prompt_groups(prompt, key_terms):
        said: dict[str, set[int]] = {}
        for anchor, word, _ in _pairings(sentences, anchors):
            said.setdefault(word, set()).add(anchor)
        anchor_words = {fold(s) for a in anchors for s in a.stems}
        owner = {w: next(iter(a)) for w, a in said.items() if len(a) == 1 and w not in anchor_words}
        if len(set(owner.values())) >= 2:  # the reference tells at least two of them apart
            contrasts.append(_Contrast(anchors, owner))
    return tuple(contrasts)


def clear_contrasts() -> None:
    _contrasts.cache_clear()


def find_mixup(
    prompt: str, key_terms: tuple[str, ...], reference_texts: tuple[str, ...], sentences: Sequence[Sentence]
) -> Mixup | None:
    """The answer's mix-up of compared things, if it has one.

    ``reference_texts`` are what the question says is right: the reference answer first, then the criteria's
    descriptions and the misconceptions' corrections."""
    worst: Mixup | None = None
    for contrast in _contrasts(prompt, key_terms, reference_texts):
        right: set[tuple[int, str]] = set()
        swapped: dict[tuple[int, int], set[str]] = {}
        where: dict[tuple[int, int], dict[str, int]] = {}
        for anchor, word, text in _pairings(sentences, contrast.anchors):
            owner = contrast.owner.get(word)
            if owner is None:
                continue
            if owner == anchor:
                right.add((anchor, word))
            else:
                if word not in swapped.setdefault((anchor, owner), set()):
                    swapped[(anchor, owner)].add(word)
                    counts = where.setdefault((anchor, owner), {})
                    counts[text] = counts.get(text, 0) + 1
        swaps = sum(len(words) for words in swapped.values())
        if swaps < MIN_SWAPS or swaps < RIGHT_RATIO * len(right):
            continue
        pair, words = max(swapped.items(), key=lambda item: len(item[1]))
        said_of, belongs_to = pair
        mixup = Mixup(
            contrast.anchors[said_of].text,
            contrast.anchors[belongs_to].text,
            tuple(sorted(words)),
            max(where[pair].items(), key=lambda item: item[1])[0],
            swaps,
            len(right),
        )
        if worst is None or mixup.swaps > worst.swaps:
            worst = mixup
    return worst

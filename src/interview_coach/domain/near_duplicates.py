"""Near-duplicate prompt detection that scales to tens of thousands of questions.

A plain all-pairs comparison is quadratic. This uses prefix filtering (the AllPairs similarity join): with tokens
ordered rarest first, two sets with Jaccard similarity >= t must share a token within each set's first
``len - ceil(t * len) + 1`` tokens. Only pairs sharing such a prefix token are compared exactly.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "if",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "we",
        "our",
        "they",
        "their",
        "me",
        "my",
    ]
)


def prompt_tokens(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def near_duplicate_pairs(prompts: Sequence[str], threshold: float = 0.8) -> list[tuple[int, int, float]]:
    """Index pairs (i < j) whose prompt token sets have Jaccard similarity >= threshold."""
    token_sets = [prompt_tokens(p) for p in prompts]
    frequency: Counter[str] = Counter(t for tokens in token_sets for t in tokens)
    # Visit sets from smallest to largest, so each posting list is in size order and its too-small head (a set
    # smaller than threshold * current size can never match) can be skipped once and for all.
    order = sorted(range(len(token_sets)), key=lambda i: len(token_sets[i]))
    index: dict[str, list[int]] = defaultdict(list)
    start: dict[str, int] = defaultdict(int)
    pairs: list[tuple[int, int, float]] = []
    for i in order:
        mine = token_sets[i]
        size = len(mine)
        if size < 3:
            continue  # too short to judge; exact duplicates are caught elsewhere
        min_size = threshold * size
        prefix = size - math.ceil(threshold * size) + 1
        candidates: set[int] = set()
        for token in sorted(mine, key=lambda t: (frequency[t], t))[:prefix]:
            postings = index[token]
            first = start[token]
            while first < len(postings) and len(token_sets[postings[first]]) < min_size:
                first += 1
            start[token] = first
            candidates.update(postings[first:])
            postings.append(i)
        for j in candidates:
            other = token_sets[j]
            shared = len(mine & other)
            similarity = shared / (size + len(other) - shared)
            if similarity >= threshold:
                pairs.append((min(i, j), max(i, j), similarity))
    return sorted(pairs)

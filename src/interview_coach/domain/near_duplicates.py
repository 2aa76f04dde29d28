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
    """Index pairs (i < j) whose prompt token sets have Jaccard similarity >= threshold (exact duplicates excluded
    only if the caller filters them)."""
    token_sets = [prompt_tokens(p) for p in prompts]
    frequency: Counter[str] = Counter(t for tokens in token_sets for t in tokens)
    ordered = [sorted(tokens, key=lambda t: (frequency[t], t)) for tokens in token_sets]
    index: dict[str, list[int]] = defaultdict(list)
    pairs: list[tuple[int, int, float]] = []
    for i, tokens in enumerate(ordered):
        size = len(tokens)
        if size < 3:
            continue  # too short to judge; exact duplicates are caught elsewhere
        prefix = size - math.ceil(threshold * size) + 1
        candidates: set[int] = set()
        for token in tokens[:prefix]:
            candidates.update(index[token])
            index[token].append(i)
        mine = token_sets[i]
        for j in candidates:
            other = token_sets[j]
            # Size filter first: Jaccard cannot reach the threshold if the sizes differ too much.
            if min(size, len(other)) < threshold * max(size, len(other)):
                continue
            similarity = len(mine & other) / len(mine | other)
            if similarity >= threshold:
                pairs.append((j, i, similarity))
    return sorted(pairs)

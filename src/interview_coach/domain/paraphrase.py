"""Credit for a point made in the candidate's own words: overlap with what the criterion is about.

Key terms catch the usual phrasings; a correct answer in other words ("send a UUID header with every retry; the
server keeps the first response under it and replays it") uses none of them. Each criterion therefore also gets a
profile: the content stems of its description, its key terms and the reference-answer sentences that make its
point, synonyms folded. A sentence of the answer that shares enough of the profile's distinctive stems is
evidence too, weaker than a key term.

Stems the prompt already contains are left out (restating the question is not an answer), as are words that say
nothing about any topic ("explain", "use", "good"). A stem in several criteria's profiles is worth half.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from interview_coach.domain.matching import Phrase, Sentence, analyse, content_stems, fold_token, occurrences

STRONG_OVERLAP, STRONG_CREDIT = 3.0, 0.6
"""A sentence sharing this much of a profile (distinctive stems count 1, shared ones 0.5) meets the criterion."""
WEAK_OVERLAP, WEAK_CREDIT = 2.0, 0.3
"""A sentence sharing this much earns the criterion partly."""
SHARED_WEIGHT = 0.5

_GENERIC_WORDS = """
    explain explains explained describe describes described mention mentions name names names give gives state
    states discuss discusses cover covers show shows identify identifies note notes say says answer candidate
    strong good better best bad well way ways thing things something use used uses using make makes made need needs
    want wants like also really lot lots able get gets one two three first second kind sort type types example
    examples case cases approach approaches idea ideas point points part parts whole instead rather both each
    such clear clearly specific specifically concrete concretely actual actually real really simple simply
    right wrong correct correctly properly problem problems issue issues question questions work works worked
    working time times people person team thing step steps end ends start starts plan plans keep keeps
    why what how when where which would could should will can may might must
"""
GENERIC: frozenset[str] = frozenset(fold_token(w) for w in _GENERIC_WORDS.split())


@dataclass(frozen=True)
class Profile:
    weights: dict[str, float]

    def overlap(self, sentence: Sentence) -> float:
        return sum(self.weights.get(s, 0.0) for s in sentence.content)


def _assign_reference(
    reference: Sequence[Sentence], terms: Sequence[Sequence[Phrase]], descriptions: Sequence[frozenset[str]]
) -> list[list[Sentence]]:
    """Each reference sentence goes to the criteria whose key terms it asserts, else to the closest description."""
    assigned: list[list[Sentence]] = [[] for _ in terms]
    for sentence in reference:
        hits = [i for i, phrases in enumerate(terms) if any(occurrences(p, sentence)[0] for p in phrases)]
        if not hits:
            overlaps = [len(sentence.content & d) for d in descriptions]
            best = max(range(len(overlaps)), key=overlaps.__getitem__) if overlaps else -1
            if best >= 0 and overlaps[best] >= 2:
                hits = [best]
        for i in hits:
            assigned[i].append(sentence)
    return assigned


def build_profiles(
    prompt: str, descriptions: Sequence[str], terms: Sequence[Sequence[Phrase]], reference_answer: str | None
) -> list[Profile]:
    """One profile per criterion, in rubric order."""
    prompt_stems = content_stems(prompt)
    described = [content_stems(d) for d in descriptions]
    reference = analyse(reference_answer) if reference_answer else []
    assigned = _assign_reference(reference, terms, described)
    raw: list[set[str]] = []
    for index, phrases in enumerate(terms):
        stems = set(described[index])
        for phrase in phrases:
            stems.update(_content_of(phrase))
        for sentence in assigned[index]:
            stems.update(sentence.content)
        raw.append({s for s in stems - prompt_stems - GENERIC if len(s) > 1})
    spread = Counter(s for stems in raw for s in stems)
    return [Profile({s: 1.0 if spread[s] == 1 else SHARED_WEIGHT for s in stems}) for stems in raw]


def _content_of(phrase: Phrase) -> frozenset[str]:
    return content_stems(phrase.text)


def paraphrase_credit(profile: Profile, sentences: Sequence[Sentence], skip: frozenset[int]) -> tuple[float, int]:
    """(credit, index of the best sentence or -1) for the criterion with this profile."""
    best, at = 0.0, -1
    for index, sentence in enumerate(sentences):
        if index in skip:
            continue
        overlap = profile.overlap(sentence)
        if overlap > best:
            best, at = overlap, index
    if best >= STRONG_OVERLAP:
        return STRONG_CREDIT, at
    if best >= WEAK_OVERLAP:
        return WEAK_CREDIT, at
    return 0.0, -1

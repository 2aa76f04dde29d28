"""A question's rubric compiled for scoring: key terms as phrases (echoes of the prompt worth less), misconception
patterns, paraphrase profiles, and what the off-topic and mix-up checks need. Compiled once per rubric and cached:
scoring an answer then only matches."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from interview_coach.domain.matching import Phrase, compile_phrase, content_stems, fold_token
from interview_coach.domain.paraphrase import Profile, build_profiles
from interview_coach.domain.questions import Question

ECHO_CREDIT = 0.5
"""Credit for a key term the prompt itself contains (the candidate may only be restating the question)."""

_PERSONAL_MARKERS = ("first person", "personally", "their own actions", "they did")
_CRITIQUE_TEXT = """
    wrong pitfall pitfalls risk risks drawback drawbacks downside downsides danger dangers problem problems
    limitation limitations weakness weaknesses trap traps antipattern fails failure breaks harm hurts bad mistake
    mistakes flaw flaws cost costs misuse why
"""
_CRITIQUE_WORDS = frozenset(fold_token(w) for w in _CRITIQUE_TEXT.split())
"""A criterion whose description uses these is about what is wrong with something ("explains why fast hashes are
wrong", "offset's costs"): rejecting the thing it names ("never use MD5") is evidence for it, not against."""


@dataclass(frozen=True)
class Term:
    phrase: Phrase
    credit: float


@dataclass(frozen=True)
class CompiledMisconception:
    claim: str
    correction: str
    phrases: tuple[Phrase, ...]


@dataclass(frozen=True)
class CompiledCriterion:
    id: str
    weight: float
    terms: tuple[Term, ...]
    misconceptions: tuple[CompiledMisconception, ...]
    profile: Profile
    personal: bool  # the point is what the candidate personally did: first-person action sentences are evidence
    critique: bool  # the point is what is wrong with something: rejecting it is evidence (``_CRITIQUE_WORDS``)


@dataclass(frozen=True)
class CompiledRubric:
    criteria: tuple[CompiledCriterion, ...]
    total_weight: float
    prompt_content: frozenset[str]
    vocabulary: frozenset[str]  # everything the question is about, for the off-topic check
    key_terms: tuple[str, ...]  # every criterion's, for finding the things a question compares
    truths: tuple[str, ...]  # reference answer, descriptions, corrections: what goes with which compared thing


def rubric_key(question: Question) -> tuple[object, ...]:
    # The id alone is not enough: a user pack or a test may reuse an id with a different rubric.
    return (
        question.id,
        question.prompt,
        question.reference_answer,
        tuple(
            (
                c.id,
                c.weight,
                c.description,
                tuple(c.key_terms),
                tuple((m.claim, m.correction, tuple(m.patterns)) for m in c.misconceptions),
            )
            for c in question.rubric
        ),
    )


@lru_cache(maxsize=2048)
def compile_rubric(key: tuple[object, ...]) -> CompiledRubric:
    _, prompt, reference, rubric = key
    assert isinstance(prompt, str) and isinstance(rubric, tuple)
    assert reference is None or isinstance(reference, str)
    prompt_phrase = compile_phrase(prompt)
    prompt_stems = prompt_phrase.stems if prompt_phrase else ()
    compiled_terms: list[tuple[Term, ...]] = []
    for _id, _weight, _description, key_terms, _misconceptions in rubric:
        terms: dict[tuple[str, ...], Term] = {}
        for text in key_terms:
            phrase = compile_phrase(text)
            if phrase is None or phrase.stems in terms:
                continue  # "retry" and "retries" are one term after stemming
            n = len(phrase.stems)
            echoed = any(prompt_stems[i : i + n] == phrase.stems for i in range(len(prompt_stems) - n + 1))
            terms[phrase.stems] = Term(phrase, ECHO_CREDIT if echoed else 1.0)
        compiled_terms.append(tuple(terms.values()))
    descriptions = [str(c[2]) for c in rubric]
    profiles = build_profiles(prompt, descriptions, [[t.phrase for t in ts] for ts in compiled_terms], reference)
    criteria = []
    for (criterion_id, weight, description, _terms, misconceptions), terms_, profile in zip(
        rubric, compiled_terms, profiles, strict=True
    ):
        compiled_misconceptions = tuple(
            CompiledMisconception(
                claim,
                correction,
                tuple(p for p in (compile_phrase(text, ordered=True) for text in patterns) if p is not None),
            )
            for claim, correction, patterns in misconceptions
        )
        personal = any(marker in str(description).lower() for marker in _PERSONAL_MARKERS)
        critique = not _CRITIQUE_WORDS.isdisjoint(content_stems(str(description)))
        criteria.append(
            CompiledCriterion(
                str(criterion_id),
                max(float(weight), 0.0),
                terms_,
                compiled_misconceptions,
                profile,
                personal,
                critique,
            )
        )
    vocabulary = content_stems(prompt) | content_stems(reference or "")
    for profile in profiles:
        vocabulary |= profile.weights.keys()
    key_terms = tuple(str(t) for c in rubric for t in c[3])
    truths = (reference or "", *descriptions, *(str(m[1]) for c in rubric for m in c[4]))
    return CompiledRubric(
        tuple(criteria), sum(c.weight for c in criteria), content_stems(prompt), vocabulary, key_terms, truths
    )


def clear_rubric_cache() -> None:
    """Forget compiled rubrics and what mix-ups learnt from them (benchmarks measure the cold path; a reloaded
    bank is picked up anyway)."""
    from interview_coach.domain.mixups import clear_contrasts

    compile_rubric.cache_clear()
    clear_contrasts()

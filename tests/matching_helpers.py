"""Whether a phrase is asserted or denied in a text, as the scorer's matcher sees it (negation and set-up tests)."""

from __future__ import annotations

from interview_coach.domain.matching import analyse, compile_phrase, occurrences


def asserted(phrase: str, text: str) -> bool:
    compiled = compile_phrase(phrase)
    assert compiled is not None
    return any(occurrences(compiled, sentence)[0] for sentence in analyse(text))


def denied(phrase: str, text: str) -> bool:
    compiled = compile_phrase(phrase)
    assert compiled is not None
    return any(occurrences(compiled, sentence)[1] for sentence in analyse(text))

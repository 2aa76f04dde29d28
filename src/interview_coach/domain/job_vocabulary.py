"""The shipped job-description vocabulary: terms, their aliases, and the tracks, tags and competencies they map to.

The data lives in ``interview_coach/data/job_vocabulary.json`` (one term a line, so a change reads well in a diff).
Matching is one compiled alternation, longest phrase first, so "capacity planning" wins over "planning" and
"JavaScript" never counts as "Java". Phrases are matched case-insensitively, except the few in ``exact_case``
(short ones like "Go" or "DR" that are also ordinary words), which must appear as written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

KINDS = ("technology", "practice", "skill", "soft", "role")
"""``role`` terms are job titles: they choose the track but are not requirements."""
_WORD = r"A-Za-z0-9_"

_ADDRESSES = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    name: str
    kind: str
    aliases: tuple[str, ...]
    tracks: tuple[str, ...]  # strongest first
    tags: tuple[str, ...]
    competencies: tuple[str, ...]

    @property
    def phrases(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Mention:
    term: Term
    text: str  # as written in the document
    start: int


class Vocabulary:
    def __init__(self, terms: list[Term], exact_case: frozenset[str]) -> None:
        self.terms = terms
        self.exact_case = exact_case
        self._by_phrase: dict[str, Term] = {}
        for term in terms:
            for phrase in term.phrases:
                key = phrase if phrase in exact_case else phrase.lower()
                self._by_phrase[key] = term
        ordered = sorted(self._by_phrase, key=len, reverse=True)
        parts = [re.escape(p) if p in exact_case else f"(?i:{re.escape(p)})" for p in ordered]
        self._pattern = re.compile(rf"(?<![{_WORD}])(?:{'|'.join(parts)})(?![{_WORD}+#])")

    def find(self, text: str) -> Iterator[Mention]:
        # Addresses are not requirements: "https://jobs.example.com/apply" asks for neither TLS nor HTTP. Blanked
        # to spaces of the same length, so positions (the title check) still line up.
        text = _ADDRESSES.sub(lambda m: " " * len(m.group(0)), text)
        for match in self._pattern.finditer(text):
            found = match.group(0)
            term = self._by_phrase.get(found) or self._by_phrase.get(found.lower())
            if term is not None:
                yield Mention(term, found, match.start())

    def by_name(self, name: str) -> Term | None:
        return next((t for t in self.terms if t.name == name), None)


def parse_vocabulary(data: dict[str, Any]) -> Vocabulary:
    terms = [
        Term(
            name=row["name"],
            kind=row["kind"],
            aliases=tuple(row.get("aliases", ())),
            tracks=tuple(row.get("tracks", ())),
            tags=tuple(row.get("tags", ())),
            competencies=tuple(row.get("competencies", ())),
        )
        for row in data["terms"]
    ]
    return Vocabulary(terms, frozenset(data.get("exact_case", ())))


@cache
def shipped_vocabulary() -> Vocabulary:
    text = resources.files("interview_coach").joinpath("data/job_vocabulary.json").read_text(encoding="utf-8")
    return parse_vocabulary(json.loads(text))

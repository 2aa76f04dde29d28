"""Offline checks of a story bank: STAR+R completeness with specific gaps, and competency coverage.

The checks are cue-word heuristics, meant as a coach's first read ("your result has no number"), not a grade.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from interview_coach.domain.stories import COMPETENCIES, PARTS, Story, competency_label
from interview_coach.domain.text import plural, tokenize

PART_POINTS: dict[str, float] = {"situation": 15, "task": 15, "action": 30, "result": 25, "reflection": 15}
"""What each part is worth out of 100: the action (what *you* did) and the result carry a behavioural answer."""

MIN_WORDS: dict[str, int] = {"situation": 8, "task": 6, "action": 20, "result": 6, "reflection": 6}
"""Under this many words a part is "thin": too little for an interviewer to picture it or to believe it."""

THIN_SHARE = 0.5
"""A thin part earns this share of its points."""

WE_ONLY_SHARE = 0.5
"""An action told only as "we" earns this share: the interviewer cannot tell what the candidate did."""

UNMEASURED_SHARE = 0.6
"""A result without a measurable outcome earns this share: "it went well" convinces no one."""

MAX_WORDS = 450
"""About three minutes spoken: longer stories lose the listener (a gap, but no points off)."""

_NUMBER = re.compile(
    r"\d|\b(?:half|double[ds]?|twice|tripled?|halved|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty"
    r"|hundred|thousand|million|percent|zero|none|no longer|every|all)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = frozenset({"i", "me", "my", "myself", "i'm", "i've", "i'd"})
_WE = frozenset({"we", "us", "our", "ourselves", "we're", "we've", "we'd"})


@dataclass(frozen=True)
class Gap:
    code: str
    part: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "part": self.part, "message": self.message}


@dataclass
class StoryReport:
    story: Story
    score: int
    gaps: list[Gap] = field(default_factory=list)
    critique: str | None = None
    critique_by: str | None = None

    @property
    def ok(self) -> bool:
        return not self.gaps

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.story.id,
            "title": self.story.title,
            "score": self.score,
            "ok": self.ok,
            "gaps": [gap.to_dict() for gap in self.gaps],
            "critique": self.critique,
            "critique_by": self.critique_by,
        }


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def check_story(story: Story) -> StoryReport:
    """Score a story's STAR+R completeness out of 100 and list each gap in words that say what to add."""
    gaps: list[Gap] = []
    score = 0.0
    for part in PARTS:
        text = story.part(part).strip()
        points = PART_POINTS[part]
        words = len(tokenize(text))
        if not text:
            message = {
                "situation": "No situation: say where and when, in a sentence or two.",
                "task": "No task: say what you were responsible for.",
                "action": "No action: say what you did, step by step.",
                "result": "No result: say how it ended, with a number if you can.",
                "reflection": "No reflection: say what you learned or would do differently.",
            }[part]
            gaps.append(Gap(f"missing-{part}", part, message))
            continue
        share = 1.0
        if words < MIN_WORDS[part]:
            gaps.append(
                Gap(f"thin-{part}", part, f"{part.capitalize()} is thin ({plural(words, 'word')}); add detail.")
            )
            share = THIN_SHARE
        if part == "action":
            tokens = set(_words(text))
            if tokens & _WE and not tokens & _FIRST_PERSON:
                gaps.append(Gap("we-only", part, "Action is told as 'we' only: say what you did yourself."))
                share = min(share, WE_ONLY_SHARE)
        if part == "result" and not _NUMBER.search(text):
            gaps.append(
                Gap("unmeasured-result", part, "Result has no measurable outcome: add a number, time or before/after.")
            )
            share = min(share, UNMEASURED_SHARE)
        score += points * share
    if not story.competencies:
        gaps.append(Gap("no-competencies", None, "No competencies: tag the story so it is suggested for questions."))
    total = len(tokenize(story.text))
    if total > MAX_WORDS:
        gaps.append(Gap("too-long", None, f"Long to tell ({total} words, about {total // 150 + 1} minutes); trim it."))
    return StoryReport(story=story, score=round(score), gaps=gaps)


@dataclass(frozen=True)
class CompetencyCoverage:
    competency: str
    stories: list[Story]

    def to_dict(self) -> dict[str, Any]:
        return {
            "competency": self.competency,
            "label": competency_label(self.competency),
            "stories": [{"id": s.id, "title": s.title} for s in self.stories],
        }


@dataclass(frozen=True)
class Coverage:
    competencies: list[CompetencyCoverage]
    stories: int

    @property
    def missing(self) -> list[str]:
        return [c.competency for c in self.competencies if not c.stories]

    @property
    def covered(self) -> list[str]:
        return [c.competency for c in self.competencies if c.stories]

    def to_dict(self) -> dict[str, Any]:
        return {
            "stories": self.stories,
            "covered": self.covered,
            "missing": self.missing,
            "competencies": [c.to_dict() for c in self.competencies],
        }


def coverage(stories: Sequence[Story]) -> Coverage:
    """Which of the shipped competencies have a story, and which have none yet."""
    return Coverage(
        competencies=[
            CompetencyCoverage(slug, [s for s in stories if slug in s.competencies]) for slug in COMPETENCIES
        ],
        stories=len(stories),
    )

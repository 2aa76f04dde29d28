"""Stories meet questions: which stories fit a behavioural question, whether an answer told one of them, gentle
warnings about retelling, and an answer split back into STAR+R parts to start a new story from.

The question bank tags behavioural questions with broad competencies (communication, decision-making, ...) and
topic tags (conflict, failure, stakeholders, ...). ``QUESTION_TO_STORY`` maps both onto the story competency
list; a tag is the more specific signal, so it counts double.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from interview_coach.domain.metrics import _STAR_CUES
from interview_coach.domain.questions import Question, QuestionType
from interview_coach.domain.stories import Story, StoryUse
from interview_coach.domain.text import is_stopword, split_sentences, stem, tokenize, truncate

QUESTION_TO_STORY: dict[str, tuple[str, ...]] = {
    # the bank's competencies
    "leadership": ("leadership", "influence", "mentoring"),
    "communication": ("communication", "influence", "conflict"),
    "decision-making": ("technical-decision", "prioritisation", "ambiguity"),
    "collaboration": ("collaboration", "conflict"),
    "ownership": ("ownership",),
    "execution": ("delivery", "prioritisation", "ownership"),
    "growth-mindset": ("learning", "failure", "feedback"),
    "reliability": ("ownership", "delivery"),
    "risk-communication": ("influence", "communication"),
    "trade-off-analysis": ("technical-decision",),
    "incident-response": ("delivery", "ownership"),
    "incident-management": ("delivery", "ownership"),
    "architecture": ("technical-decision",),
    # the bank's tags
    "conflict": ("conflict",),
    "failure": ("failure",),
    "ambiguity": ("ambiguity",),
    "mentoring": ("mentoring",),
    "prioritization": ("prioritisation",),
    "stakeholders": ("influence", "customer-focus"),
    "teamwork": ("collaboration",),
    "feedback": ("feedback",),
    "learning": ("learning",),
    "postmortems": ("failure",),
    "estimation": ("prioritisation",),
    "on-call": ("delivery",),
    "customer": ("customer-focus",),
    "customers": ("customer-focus",),
}

TAG_WEIGHT = 2.0
"""A question's topic tag names the story it wants more precisely than its broad competency."""
COMPETENCY_WEIGHT = 1.0
SHARED_TAG_WEIGHT = 0.5
"""A story tag equal to a question tag (both free words) is a weak extra hint."""
USED_IN_SESSION_PENALTY = 3.0
"""A story already told in this session drops behind fresh ones (interviewers compare notes)."""
MAX_SUGGESTIONS = 3
TITLE_CHARS = 80
"""A saved answer's first sentence, cut to this, is its title until the candidate writes a better one."""
SAVED_COMPETENCIES = 3
"""A story saved from an answer is tagged with at most this many competencies: a story shows a few things well."""

DETECT_MIN_SHARED = 6
"""An answer tells a story when it shares at least this many distinct content words with it..."""
DETECT_MIN_SHARE = 0.25
"""...and at least this share of the story's distinct content words."""


@dataclass(frozen=True)
class Suggestion:
    story: Story
    score: float
    matched: tuple[str, ...]
    note: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"id": self.story.id, "title": self.story.title}


def is_behavioural(question: Question) -> bool:
    return question.type is QuestionType.BEHAVIORAL


def question_competencies(question: Question) -> dict[str, float]:
    """The story competencies a question asks for, each with its weight (tags count double)."""
    weights: dict[str, float] = {}
    for name, weight in [(t, TAG_WEIGHT) for t in question.tags] + [
        (c, COMPETENCY_WEIGHT) for c in question.competencies
    ]:
        for slug in QUESTION_TO_STORY.get(name, ()):
            weights[slug] = max(weights.get(slug, 0.0), weight)
    return weights


def suggest(question: Question, stories: Sequence[Story], session_uses: Sequence[StoryUse] = ()) -> list[Suggestion]:
    """The stories that fit ``question``, best first (at most ``MAX_SUGGESTIONS``); ties go to the story told
    least recently, so the bank gets used evenly."""
    wanted = question_competencies(question)
    used_here = {u.story_id for u in session_uses}
    ranked: list[Suggestion] = []
    for story in stories:
        matched = tuple(c for c in story.competencies if c in wanted)
        if not matched:
            continue
        score = sum(wanted[c] for c in matched) + SHARED_TAG_WEIGHT * len(set(story.tags) & set(question.tags))
        note = ""
        if story.id in used_here:
            score -= USED_IN_SESSION_PENALTY
            note = "told earlier in this session"
        ranked.append(Suggestion(story, score, matched, note))
    ranked.sort(key=lambda s: (-s.score, _last_used(s.story), s.story.id or 0))
    return ranked[:MAX_SUGGESTIONS]


def _last_used(story: Story) -> float:
    return story.last_used_at.timestamp() if story.last_used_at is not None else float("-inf")


def _content_stems(text: str) -> set[str]:
    return {stem(t) for t in tokenize(text) if not is_stopword(t) and len(t) > 2}


def detect(answer: str, stories: Sequence[Story]) -> Story | None:
    """The story an answer tells, judged by shared content words; None if none clearly."""
    said = _content_stems(answer)
    best: tuple[float, Story] | None = None
    for story in stories:
        words = _content_stems(f"{story.title}\n{story.text}")
        if not words:
            continue
        shared = len(said & words)
        share = shared / len(words)
        if shared >= DETECT_MIN_SHARED and share >= DETECT_MIN_SHARE and (best is None or share > best[0]):
            best = (share, story)
    return best[1] if best else None


def warnings(
    story: Story, question: Question, session_uses: Sequence[StoryUse], history: Sequence[StoryUse]
) -> list[str]:
    """Gentle warnings for telling ``story`` now: told already in this session, or told last time (in an earlier
    session) for the same competency. ``history`` is the uses of earlier sessions, newest first."""
    found: list[str] = []
    here = [u for u in session_uses if u.story_id == story.id and u.question_id != question.id]
    if here:
        found.append(f"You already told '{story.title}' in this session; a different story shows more range.")
    for slug in question_competencies(question):
        last = next((u for u in history if slug in u.competencies), None)
        if last is not None and last.story_id == story.id:
            found.append(
                f"'{story.title}' was also your {slug} story last time; try another so you have more than one."
            )
            break
    return found


# --- an answer becomes a story -----------------------------------------------------------------------------------

_REFLECTION_CUE = re.compile(
    r"\b(?:i learn(?:ed|t)|lesson|in hindsight|looking back|next time|would do differently|i would have"
    r"|i'd have|if i did it again|taught me|i realised|i realized|since then i)\b",
    re.IGNORECASE,
)


def _label(sentence: str) -> str | None:
    lowered = " ".join(sentence.lower().split())
    if _REFLECTION_CUE.search(lowered):
        return "reflection"
    # The cue that comes first tells what the sentence is about: "My goal was to cut the release time" is a task,
    # "As a result, we cut it" a result.
    found = [
        (m.start(), part)
        for part in ("result", "task", "situation", "action")
        if (m := _STAR_CUES[part].search(lowered))
    ]
    return min(found)[1] if found else None


def split_answer(answer: str) -> dict[str, str]:
    """Split an answer into situation, task, action, result and reflection by cue words. A sentence with no cue
    stays with the part before it; the first ones are the situation. A rough cut for the candidate to polish."""
    parts: dict[str, list[str]] = {p: [] for p in ("situation", "task", "action", "result", "reflection")}
    current = "situation"
    for sentence in split_sentences(answer):
        label = _label(sentence)
        if label is not None:
            current = label
        parts[current].append(sentence)
    return {part: " ".join(sentences) for part, sentences in parts.items()}


def story_from_answer(question: Question, answer: str) -> Story:
    """A new story from a behavioural answer: STAR+R pre-filled, competencies from the question."""
    parts = split_answer(answer)
    first = split_sentences(parts["situation"] or parts["action"] or answer) or [question.prompt]
    title = truncate(first[0], TITLE_CHARS).rstrip(".!?;:, ")
    wanted = question_competencies(question)
    best = max(wanted.values(), default=0.0)
    # The question's most specific competencies (its topic tags' when it has them), not every loose mapping.
    competencies = [slug for slug, weight in wanted.items() if weight == best][:SAVED_COMPETENCIES]
    return Story(title=title, competencies=competencies, tags=[], **parts)

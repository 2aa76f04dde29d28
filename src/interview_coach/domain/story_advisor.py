"""The story bank during an interview, for both front ends: suggestions before a behavioural question is answered,
which story the answer told, gentle warnings, and an answer saved as a new story.

How a story counts as told: the candidate marks it (``/story ID`` in the plain mode, the Story key in the TUI)
before or while answering; otherwise, once the answer is in, the story it shares the most words with (see
``story_match.detect``) counts as told. Either way it is recorded with the answer, never for a skipped question.

The methods that read or write the store block: the TUI calls them in thread workers, the plain mode through
``asyncio.to_thread``. Suggestions and warnings are worked out from what ``load`` read, without the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from interview_coach.domain.ports import StoryStore
from interview_coach.domain.questions import Question
from interview_coach.domain.stories import Story, StoryUse, utcnow
from interview_coach.domain.story_match import (
    Suggestion,
    detect,
    is_behavioural,
    question_competencies,
    story_from_answer,
    suggest,
    warnings,
)


@dataclass
class Told:
    """A story recorded as told with an answer, and the warnings that go with it."""

    use: StoryUse
    warnings: list[str] = field(default_factory=list)


class StoryAdvisor:
    def __init__(self, store: StoryStore, session_id: str, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.store, self.session_id, self._clock = store, session_id, clock
        self.stories: list[Story] = []
        self.session_uses: list[StoryUse] = []
        self.history: list[StoryUse] = []
        self.marked: dict[str, int] = {}  # question id -> the story the candidate says they are telling
        self.last_answer: tuple[Question, str, int | None] | None = None
        """The last behavioural answer (question, text, answer seq): what "save as a story" saves."""

    def load(self) -> StoryAdvisor:
        """Read the bank, this session's uses and recent ones (blocking)."""
        self.stories = self.store.list_stories()
        self.session_uses = self.store.story_uses(self.session_id)
        self.history = self.store.recent_story_uses(self.session_id)
        return self

    @property
    def has_stories(self) -> bool:
        return bool(self.stories)

    def story(self, story_id: int) -> Story | None:
        return next((s for s in self.stories if s.id == story_id), None)

    def suggestions(self, question: Question) -> list[Suggestion]:
        """Stories that fit a behavioural question (none for other questions)."""
        if not is_behavioural(question):
            return []
        return suggest(question, self.stories, self.session_uses)

    def told_for(self, question: Question) -> StoryUse | None:
        return next((u for u in self.session_uses if u.question_id == question.id), None)

    def mark(self, question: Question, story_id: int | None) -> list[str]:
        """The candidate says which story they are telling (None: none); the gentle warnings for it."""
        if story_id is None:
            self.marked.pop(question.id, None)
            return []
        story = self.story(story_id)
        if story is None:
            raise KeyError(story_id)
        self.marked[question.id] = story_id
        return warnings(story, question, self.session_uses, self.history)

    def after_answer(self, question: Question, answer: str, answer_seq: int | None) -> Told | None:
        """Record the story this answer told (marked, else detected), once per question (blocking)."""
        if not is_behavioural(question):
            return None
        self.last_answer = (question, answer, answer_seq)
        if self.told_for(question) is not None:
            return None
        marked = self.marked.pop(question.id, None)
        story = self.story(marked) if marked is not None else detect(answer, self.stories)
        if story is None:
            return None
        notes = warnings(story, question, self.session_uses, self.history)
        use = self._record(story, question, answer_seq, "marked" if marked is not None else "detected")
        return Told(use, notes)

    def save_answer(self, question: Question, story: Story, answer_seq: int | None) -> Story:
        """Add ``story`` (made from an answer, then polished) to the bank, told with that answer (blocking)."""
        saved = self.store.add_story(story)
        self.stories.append(saved)
        self.last_answer = None
        if self.told_for(question) is None:
            self._record(saved, question, answer_seq, "saved")
        return saved

    def _record(self, story: Story, question: Question, answer_seq: int | None, how: str) -> StoryUse:
        use = StoryUse(
            session_id=self.session_id,
            story_id=story.id,
            story_title=story.title,
            question_id=question.id,
            turn_seq=answer_seq,
            competencies=list(question_competencies(question)),
            how=how,
            used_at=self._clock(),
        )
        self.store.record_story_use(use)
        self.session_uses.append(use)
        story.last_used_at = use.used_at
        return use


def draft_from_answer(question: Question, answer: str) -> Story:
    """The story a behavioural answer becomes, for the candidate to polish before it is saved."""
    return story_from_answer(question, answer)

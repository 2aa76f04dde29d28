"""Story-bank test helpers: an in-memory ``StoryStore``, sample story files, and a behavioural question."""

from __future__ import annotations

from interview_coach.domain.questions import Criterion, Question, QuestionType
from interview_coach.domain.stories import Story, StoryUse, utcnow
from interview_coach.errors import NotFoundError

BILLING = """---
title: Billing migration without downtime
competencies: [ownership, technical-decision]
tags: [migration, postgres]
---

## Situation
At my last company our billing ran on a MySQL cluster that was out of support and failing weekly.

## Task
I was responsible for moving it to Postgres without any downtime for customers.

## Action
I wrote a dual-write layer, I backfilled the history in batches, and I compared checksums nightly for two weeks
before I switched reads over behind a flag.

## Result
We switched with zero downtime and cut billing incidents from 4 a month to 0 over the next quarter.

## Reflection
I learned to agree the rollback plan with support before starting, not after.
"""

NO_RESULT = """---
title: Disagreeing about the API design
competencies:
  - conflict
  - Influence
---
## situation
Two teams wanted different pagination styles for the public API we were designing together.
##   TASK :
I had to get us to one design before the beta deadline in three weeks.
## Action
I wrote both options down with their costs, I met each lead separately, and I proposed cursors with a shim.
## Reflection
I learned that writing the options down ends a debate faster than arguing.
"""

MENTORING = """---
title: Mentoring a new hire
competencies: [mentoring, leadership]
---
## Situation
A new graduate joined my team during a busy release and felt lost in our codebase.
## Task
I volunteered to be her mentor for her first three months.
## Action
I set up daily pairing for two weeks, I wrote a map of the codebase with her, and I gave her a small feature.
## Result
She shipped her first feature in week three; onboarding time went from 6 weeks to 3.
## Reflection
Next time I would set written goals with her from day one.
"""


def behavioural_question(qid: str = "b-conflict", **changes: object) -> Question:
    question = Question(
        id=qid,
        track="t",
        type=QuestionType.BEHAVIORAL,
        prompt="Tell me about a time you disagreed with another team.",
        difficulty=2,
        tags=["conflict", "stakeholders"],
        competencies=["collaboration"],
        rubric=[Criterion(id="a", description="covers a", weight=1, key_terms=["alpha"])],
    )
    return question.model_copy(update=changes)


class InMemoryStoryStore:
    """``StoryStore`` in memory, for engine-free and TUI tests."""

    def __init__(self, stories: list[Story] | None = None) -> None:
        self.stories: dict[int, Story] = {}
        self.uses: list[StoryUse] = []
        for story in stories or []:
            self.add_story(story)

    def list_stories(self) -> list[Story]:
        return [s.model_copy() for s in self.stories.values()]

    def get_story(self, story_id: int) -> Story:
        if story_id not in self.stories:
            raise NotFoundError(f"no story {story_id}")
        return self.stories[story_id].model_copy()

    def add_story(self, story: Story) -> Story:
        saved = story.model_copy(update={"id": len(self.stories) + 1})
        self.stories[saved.id or 0] = saved
        return saved.model_copy()

    def update_story(self, story: Story) -> Story:
        assert story.id is not None
        self.stories[story.id] = story.model_copy(update={"updated_at": utcnow()})
        return self.stories[story.id].model_copy()

    def delete_story(self, story_id: int) -> None:
        self.stories.pop(story_id)

    def record_story_use(self, use: StoryUse) -> StoryUse:
        self.uses.append(use)
        if use.story_id in self.stories:
            self.stories[use.story_id].last_used_at = use.used_at
        return use

    def story_uses(self, session_id: str) -> list[StoryUse]:
        return [u for u in self.uses if u.session_id == session_id]

    def recent_story_uses(self, before_session: str, limit: int = 50) -> list[StoryUse]:
        older = [u for u in self.uses if u.session_id != before_session]
        return sorted(older, key=lambda u: u.used_at, reverse=True)[:limit]

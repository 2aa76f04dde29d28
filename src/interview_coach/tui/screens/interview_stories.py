"""The story bank on the interview screen: the side panel of fitting stories before a behavioural question is
answered, the key that marks the story being told, the record of it once the answer is in (with gentle warnings),
and the key that saves a behavioural answer as a new story (STAR+R pre-filled, polished in $EDITOR).

The store is read and written in thread workers; nothing here blocks the UI. The panel is optional: when the
database cannot be read, the interview goes on without it (the log says why).
"""

from __future__ import annotations

import asyncio
import logging

from textual import work

from interview_coach.domain.interview import Prompt
from interview_coach.domain.models import Turn, TurnKind
from interview_coach.domain.ports import StoryStore
from interview_coach.domain.questions import Question
from interview_coach.domain.stories import Story
from interview_coach.domain.story_advisor import StoryAdvisor, draft_from_answer
from interview_coach.domain.story_match import is_behavioural
from interview_coach.errors import CoachError
from interview_coach.tui.screens.interview_flow import InterviewFlow
from interview_coach.tui.widgets.stories_panel import StoriesPanel

log = logging.getLogger(__name__)

STORY_ACTIONS = frozenset({"mark_story", "save_story"})
SHOWN = "-stories"
"""The screen class that shows the panel (see app.tcss)."""


class InterviewStories(InterviewFlow):
    def __init__(self) -> None:
        super().__init__()
        self.story_advisor: StoryAdvisor | None = None
        self._advisor_asked = False
        self.last_behavioural: tuple[Question, str, int] | None = None
        """The last behavioural answer (question, text, answer seq): what the save-story key saves."""

    @property
    def stories_panel(self) -> StoriesPanel:
        return self.query_one(StoriesPanel)

    # --- the panel ------------------------------------------------------------------------------------------

    def _show_prompt(self, prompt: Prompt) -> None:
        super()._show_prompt(prompt)
        self._show_stories(prompt)

    def _show_stories(self, prompt: Prompt | None) -> None:
        wanted = prompt is not None and prompt.kind is TurnKind.QUESTION and is_behavioural(prompt.question)
        advisor = self.story_advisor
        if not wanted or prompt is None:
            self._hide_stories()
            return
        if advisor is None:
            if not self._advisor_asked:
                self._advisor_asked = True
                self._load_advisor()
            return
        if not advisor.has_stories:
            self._hide_stories()
            return
        self.stories_panel.show(
            advisor.suggestions(prompt.question),
            self.coach_app.key_display("mark_story"),
            empty="None of your stories fits this question. After answering, save it as one.",
            compact=self.has_class("-narrow"),
        )
        marked = advisor.marked.get(prompt.question.id)
        if marked is not None:
            self.stories_panel.set_marked(marked)
        self.add_class(SHOWN)
        self.refresh_bindings()

    def _hide_stories(self) -> None:
        if self.has_class(SHOWN):
            self.remove_class(SHOWN)
            self.refresh_bindings()

    def _story_store(self) -> StoryStore | None:
        """The story store: the services' own (tests), else the one on the opened database (blocking)."""
        if self.services.stories is not None:
            return self.services.stories
        from interview_coach.storage.stories_repo import story_store_for

        return story_store_for(self.services.store.real)

    @work(thread=True, exclusive=True, group="stories", exit_on_error=False)
    def _load_advisor(self) -> None:
        engine = self.engine
        if engine is None:
            return
        try:
            store = self._story_store()
            advisor = StoryAdvisor(store, engine.session.id, clock=self.services.clock).load() if store else None
        except Exception as exc:  # the panel is a help, never a reason to stop the interview
            log.warning("story bank unavailable: %s", exc)
            return
        if advisor is not None:
            self.app.call_from_thread(self._advisor_ready, advisor)

    def _advisor_ready(self, advisor: StoryAdvisor) -> None:
        self.story_advisor = advisor
        if self.is_mounted:
            self._show_stories(self.prompt)

    # --- after an answer ------------------------------------------------------------------------------------

    async def _score_and_continue(self, answer: Turn, prompt: Prompt) -> None:
        question = prompt.question
        main = prompt.kind is TurnKind.QUESTION  # a follow-up's answer adds to the story, it is not one
        if main and is_behavioural(question) and not (answer.metrics and answer.metrics.skipped):
            self.last_behavioural = (question, answer.text, answer.seq)
            self._hide_stories()  # it helped before the answer; now the feedback gets the room
            advisor = self.story_advisor
            if advisor is not None:
                try:
                    told = await asyncio.to_thread(advisor.after_answer, question, answer.text, answer.seq)
                except CoachError as exc:
                    log.warning("could not record the story told: %s", exc)
                    told = None
                if told is not None:
                    notes = " ".join(told.warnings)
                    self.notify(
                        f"Story told: {told.use.story_title}. {notes}".strip(),
                        title="Story bank",
                        severity="warning" if told.warnings else "information",
                        markup=False,
                    )
        await super()._score_and_continue(answer, prompt)

    # --- keys -----------------------------------------------------------------------------------------------

    def story_action_state(self, action: str) -> bool | None:
        if action == "mark_story":
            return self.has_class(SHOWN) and bool(self.stories_panel.suggestions) and self.busy is None
        return self.last_behavioural is not None and self.busy is None

    def action_mark_story(self) -> None:
        """Cycle the mark through the suggested stories, then to none."""
        panel, advisor, prompt = self.stories_panel, self.story_advisor, self.prompt
        if advisor is None or prompt is None or not panel.suggestions:
            return
        ids: list[int | None] = [s.story.id for s in panel.suggestions]
        ids.append(None)
        following = ids[(ids.index(panel.marked) + 1) % len(ids)] if panel.marked in ids else ids[0]
        notes = advisor.mark(prompt.question, following)
        panel.set_marked(following)
        panel.set_note(notes)

    def action_save_story(self) -> None:
        """Save the last behavioural answer as a story: STAR+R pre-filled, then polished in $EDITOR."""
        if self.last_behavioural is None or self.busy is not None:
            return
        from interview_coach.domain.stories import StoryError, parse_markdown, render_markdown
        from interview_coach.tui.editor import edit_text

        question, text, seq = self.last_behavioural
        draft = draft_from_answer(question, text)
        story = draft
        try:
            # Not a worker: the editor owns the terminal until it exits (App.suspend), as for answers.
            edited = parse_markdown(edit_text(self.app, render_markdown(draft)), "the edited story")
            story = edited[0]
        except StoryError as exc:
            self.notify(f"{exc.message} The pre-filled story is saved instead.", severity="warning", markup=False)
        except CoachError as exc:  # no editor here: keep the pre-filled story, polish it later
            self.notify(f"{exc.message}. The pre-filled story is saved.", severity="warning", markup=False)
        self._save_story(question, story, seq)

    @work(thread=True, exclusive=True, group="stories", exit_on_error=False)
    def _save_story(self, question: Question, story: Story, seq: int) -> None:
        engine = self.engine
        if engine is None:
            return
        advisor = self.story_advisor
        if advisor is None:
            store = self._story_store()
            if store is None:
                self.app.call_from_thread(self.notify, "No database to keep stories in.", severity="error")
                return
            advisor = StoryAdvisor(store, engine.session.id, clock=self.services.clock).load()
            self.app.call_from_thread(setattr, self, "story_advisor", advisor)
        saved = advisor.save_answer(question, story, seq)
        self.last_behavioural = None
        self.app.call_from_thread(self._story_saved, saved)

    def _story_saved(self, story: Story) -> None:
        self.notify(
            f"Saved as story {story.id}: {story.title}. Polish it any time: interview-coach stories edit {story.id}",
            title="Story bank",
            markup=False,
        )
        self.refresh_bindings()

"""The interview screen: the question, the answer box, streamed feedback, follow-ups and the status line.

It drives the same ``InterviewEngine`` as the plain mode, always in workers; the steps live in
``interview_flow.py``, this module has the layout, the keys and what they do.
"""

from __future__ import annotations

import asyncio
import logging
from typing import ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Vertical
from textual.widgets.collapsible import CollapsibleTitle

from interview_coach.domain.interview import AnswerTiming, InterviewEngine, InterviewError, InterviewOptions
from interview_coach.domain.models import TurnKind
from interview_coach.domain.ports import SessionStore
from interview_coach.errors import CoachError
from interview_coach.tui import bindings
from interview_coach.tui.labels import plural
from interview_coach.tui.screens.interview_stories import STORY_ACTIONS, InterviewStories
from interview_coach.tui.screens.voice_answer import VoiceAnswer
from interview_coach.tui.widgets.answer_area import AnswerArea
from interview_coach.tui.widgets.feedback_panel import FeedbackPanel
from interview_coach.tui.widgets.key_footer import KeyFooter
from interview_coach.tui.widgets.question_panel import QuestionPanel
from interview_coach.tui.widgets.status_bar import StatusBar
from interview_coach.tui.widgets.stories_panel import StoriesPanel
from interview_coach.wiring import session_to_resume

log = logging.getLogger(__name__)

PROMPT_ACTIONS = frozenset({"submit", "hint", "skip", "editor"})


class InterviewScreen(VoiceAnswer, InterviewStories):
    BINDINGS: ClassVar[list[BindingType]] = [
        bindings.SUBMIT,
        bindings.SUMMARY,
        bindings.HINT,
        bindings.SKIP,
        bindings.REPEAT,
        bindings.EDITOR,
        bindings.CANCEL,
        bindings.MARK_STORY,
        bindings.SAVE_STORY,
        bindings.TALK,
        bindings.REPLAY,
        bindings.RETRANSCRIBE,
    ]

    def __init__(
        self,
        *,
        options: InterviewOptions | None = None,
        resume: bool = False,
        session_id: str | None = None,
        track: str | None = None,
        engine: InterviewEngine | None = None,
    ) -> None:
        """Start an interview with ``options``, resume one (``resume``), or show one ``engine`` already started
        (launch starts it before the app, so the very first frame has the question)."""
        super().__init__()
        self.options, self.resume, self.session_id, self.track = options, resume, session_id, track
        self.engine = engine

    def compose(self) -> ComposeResult:
        with Container(id="interview-body"):
            with Vertical(id="interview-main"):
                yield QuestionPanel(id="question")
                yield AnswerArea(
                    monotonic=self.services.monotonic, cursor_blink=self.services.cursor_blink, id="answer"
                )
            yield FeedbackPanel(id="feedback")
            yield StoriesPanel(id="stories")
        yield StatusBar()
        yield KeyFooter(defer=True)

    def on_mount(self) -> None:
        self.question_panel.show_message(
            "Starting", "Loading your session..." if self.resume else "Choosing a question..."
        )
        self._timer = self.set_interval(1.0, self._tick, pause=True)
        self.answer_area.focus()
        engine = self.engine
        if engine is not None and engine.current is not None:
            self._enter(engine)
        else:
            # Starting may read history (no warm-up, review mode) and resuming always does: open the database
            # as soon as this frame is up.
            self.call_after_refresh(self.coach_app.ensure_store_opening)
            self._boot()

    # --- start / resume -------------------------------------------------------------------------------------

    @work(exclusive=True, group="coach", exit_on_error=False)
    async def _boot(self) -> None:
        services = self.services
        try:
            if self.resume:
                self.coach_app.ensure_store_opening()
                store = await services.store.wait_open()
                session_id = await asyncio.to_thread(self._session_to_resume, store)
                engine = await InterviewEngine.resume(
                    services.bank,
                    services.store,
                    services.coach,
                    session_id,
                    today=services.today,
                    clock=services.clock,
                )
            else:
                assert self.options is not None
                engine = await InterviewEngine.start(
                    services.bank,
                    services.store,
                    services.coach,
                    self.options,
                    today=services.today,
                    clock=services.clock,
                )
        except (InterviewError, CoachError) as exc:  # no such session, a database that cannot open...
            self.busy = None
            self._back_home(str(exc))
            return
        if engine.finished:
            self.engine = engine
            self._show_summary()
        elif engine.current is None:
            self.engine = engine
            await self._finish()
        else:
            self._enter(engine)

    def _enter(self, engine: InterviewEngine) -> None:
        """Show the engine's open question; then open the database (its import no longer delays the question)."""
        prompt = engine.current
        assert prompt is not None
        self.engine, self.busy = engine, None
        self.coach_app.current_session = engine.session
        self._show_prompt(prompt)
        if self.resume:
            answered = sum(1 for t in engine.session.turns if t.kind is TurnKind.ANSWER)
            panel = self.feedback_panel
            restored = " Your unsent draft is back in the box." if self.restore_draft(engine, prompt) else ""
            panel.set_status(f"Session resumed: {plural(answered, 'answer')} so far, all saved.{restored}")
            if engine.session.evaluations and engine.options.feedback == "now":  # the last score, for context
                last = engine.session.evaluations[-1]
                panel.border_title = "Feedback · your last answer"
                panel.show_evaluation(last, self.services.bank.get(last.question_id))
        self.call_after_refresh(self.coach_app.ensure_store_opening)

    def _session_to_resume(self, store: SessionStore) -> str:
        missing = "No unfinished session{where} to resume. Pick a track to start one."
        return session_to_resume(store, self.session_id, self.track, missing=missing)

    def _back_home(self, message: str) -> None:
        from interview_coach.tui.screens.home import HomeScreen

        self.notify(message, title="Cannot start", severity="error", timeout=12)
        self.app.switch_screen(HomeScreen())

    def _answer_takes_typing(self) -> bool:
        """Typing that reached the screen (the feedback pane had focus, after Tab, say) belongs in the answer,
        unless a fold's title has focus: there, space and Enter open or close it."""
        answer = self.answer_area
        if answer.has_focus or answer.read_only or self.prompt is None:
            return False
        return not isinstance(self.focused, CollapsibleTitle)

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and self._answer_takes_typing():
            self.answer_area.focus()
            self.answer_area.insert(event.character)
            event.stop()

    def on_paste(self, event: events.Paste) -> None:
        if event.text and self._answer_takes_typing():
            self.answer_area.focus()
            self.answer_area.insert(event.text)
            event.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in STORY_ACTIONS:
            return self.story_action_state(action)
        if action == "summary":
            return self.awaiting_summary and self.busy is None  # the same key as submit, once the answers are in
        if self.awaiting_summary and action in PROMPT_ACTIONS | {"repeat"}:
            return False  # the interview is over: not greyed out but gone from the footer
        if action in PROMPT_ACTIONS and self.busy is not None:
            return False  # gone from the footer while the coach works: only what applies (Esc, Quit, Help) stays
        if action in PROMPT_ACTIONS and self.prompt is None:
            return None  # greyed out until the question is on screen
        if action == "hint" and self.engine is not None:
            current = self.engine.current
            if current is not None and current.hints_left == 0:
                return None  # greyed out: no hints left for this question
        return True

    # --- submitting -----------------------------------------------------------------------------------------

    def action_summary(self) -> None:
        if self.awaiting_summary and self.busy is None:
            self._summarise()

    def action_submit(self) -> None:
        if self.engine is None or self.prompt is None or self.busy is not None:
            return
        progress = self.engine.progress()
        if not progress.awaiting_answer:
            # An earlier step failed half-way (say, the database went away): finish it, nothing is asked twice.
            self._set_busy("retrying...")
            self._continue(progress.current_answer, self.prompt)
            return
        text = self.answer_area.text
        if not text.strip():
            skip = self.coach_app.key_display("skip")
            self.notify(f"Type an answer first, or press {skip} to skip the question.", severity="warning")
            return
        timing = AnswerTiming(self._shown_at, self.answer_area.first_keystroke_at, self.services.monotonic())
        self._set_busy("saving...")
        # The box is emptied at once, so typing never stops; if saving fails, the text comes back (see below).
        self.answer_area.set_answer("")
        self.answer_area.set_saving(True)
        self._not_saving.clear()
        self._answer(text, timing)

    # --- hint, skip, repeat, editor, cancel -------------------------------------------------------------------

    def action_hint(self) -> None:
        if self.engine is not None and self.prompt is not None and self.busy is None:
            self._set_busy("hint...")
            self._hint()

    def action_skip(self) -> None:
        if self.engine is not None and self.prompt is not None and self.busy is None:
            self._set_busy("skipping...")
            self._skip()

    def action_repeat(self) -> None:
        if self.prompt is None:
            return
        if self.services.speaker_factory is None:
            self.notify("Voice is not available in this session.", severity="warning")
            return
        self.coach_app.speak(self.prompt.text, force=True)

    def action_editor(self) -> None:
        if self.prompt is None or self.busy is not None:
            return
        from interview_coach.tui.editor import edit_text

        area = self.answer_area
        before = area.text
        try:
            # Not a worker: the editor owns the terminal until it exits (App.suspend), and that is the point.
            text = edit_text(self.app, before).rstrip("\n")
        except CoachError as exc:
            self.coach_app.report_error(exc)
            return
        if text != before:
            if area.first_keystroke_at is None:
                area.first_keystroke_at = self.services.monotonic()
            area.set_answer(text)
        area.focus()

    def action_cancel(self) -> None:
        """Esc: stop waiting on the AI (the offline coach answers now), else stop the streaming feedback; and
        the voice."""
        give_up = getattr(self.services.coach, "give_up", None)
        if give_up is not None and give_up():
            self.feedback_panel.set_busy("using the offline coach...")
        elif self._stream_task is not None and not self._stream_task.done():
            self._stream_task.cancel()
        self.coach_app.cancel_speech()

    # --- quitting -------------------------------------------------------------------------------------------

    async def discard_if_unanswered(self) -> None:
        """Quitting before the first answer discards the session: `--resume` should find real work, not this.
        Never stops the quit: with a database that failed, the exit note says so instead."""
        if self.engine is None or self.services.store.failed is not None:
            return
        if await asyncio.to_thread(self.drafts.has_any, self.engine.session.id):
            return  # a draft (kept just now, in an earlier run or in the plain mode) keeps its session
        try:
            await self.engine.discard_if_unanswered()
        except CoachError as exc:
            log.warning("could not discard the unanswered session: %s", exc)

    async def before_quit(self) -> bool:
        """Make sure nothing typed is lost. False: the user chose to keep writing."""
        from interview_coach.tui.screens.choice import ChoiceScreen

        await self._not_saving.wait()  # an answer on its way to the database gets there first
        engine, prompt = self.engine, self.prompt
        text = self.answer_area.text if self.is_mounted else ""
        if engine is None or prompt is None or self.busy is not None or not text.strip():
            return True
        choice = await self.app.push_screen_wait(
            ChoiceScreen(
                "Your answer is not submitted",
                "Keep it as a draft (it is back in the box when you resume), submit it as it is (it is scored "
                "when you resume), or discard it?",
                [
                    ("Keep draft", "draft", "primary"),
                    ("Submit", "submit", "default"),
                    ("Discard", "discard", "error"),
                    ("Keep writing", "keep", "default"),
                ],
            )
        )
        if choice == "keep":
            return False
        text = self.answer_area.text  # read again: keys typed just before ctrl+q have landed by now
        session_id = engine.session.id
        if choice == "draft":  # on disk, it also keeps the session open, even with nothing answered yet
            await asyncio.to_thread(self.drafts.save, session_id, prompt.seq, text)
        elif choice == "discard":
            if self._draft_timer is not None:
                self._draft_timer.stop()  # a pending autosave would write the text back
            await asyncio.to_thread(self.drafts.discard, session_id)
        else:
            timing = AnswerTiming(self._shown_at, self.answer_area.first_keystroke_at, self.services.monotonic())
            self.coach_app.ensure_store_opening()
            await self.services.store.wait_open()
            await engine.record_answer(text, timing)
            await asyncio.to_thread(self.drafts.discard, session_id)
        return True

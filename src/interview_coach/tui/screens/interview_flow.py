"""The engine steps behind the interview screen: show a prompt, save an answer, score it, stream the feedback,
move on, skip, hint, finish. Every step that calls the engine runs in a worker of the "coach" group.

The rule that matters: an answer is written to the database (``record_answer``) before any coach call. If the
database is still opening, the worker waits for it; the answer box is emptied at once (typing never stops) and
gets the text back if saving fails.
"""

from __future__ import annotations

import asyncio

from textual import work
from textual.timer import Timer

from interview_coach.domain.delivery import DeliveryMetrics
from interview_coach.domain.interview import AnswerTiming, InterviewEngine, Prompt
from interview_coach.domain.models import Evaluation, Turn, TurnKind
from interview_coach.domain.offline_coach import OFFLINE_COACH_NAME
from interview_coach.drafts import Drafts
from interview_coach.paths import get_paths
from interview_coach.tui.labels import plural, progress_label
from interview_coach.tui.screens.base import CoachScreen
from interview_coach.tui.widgets.answer_area import AnswerArea
from interview_coach.tui.widgets.feedback_panel import FeedbackPanel
from interview_coach.tui.widgets.question_panel import QuestionPanel


class InterviewFlow(CoachScreen[None]):
    """State and steps of an interview on screen; ``InterviewScreen`` adds the layout, keys and actions."""

    def __init__(self) -> None:
        super().__init__()
        self.engine: InterviewEngine | None = None
        self.prompt: Prompt | None = None
        self.busy: str | None = "Starting"
        self._shown_at = 0.0
        self._stream_task: asyncio.Task[None] | None = None
        self._not_saving = asyncio.Event()
        self._not_saving.set()
        self._timer: Timer | None = None
        self.awaiting_summary = False  # the last answer's feedback is on screen; submit opens the summary
        self.drafts = Drafts(get_paths().drafts_dir)
        self._draft_timer: Timer | None = None

    @property
    def question_panel(self) -> QuestionPanel:
        return self.query_one(QuestionPanel)

    @property
    def answer_area(self) -> AnswerArea:
        return self.query_one(AnswerArea)

    @property
    def feedback_panel(self) -> FeedbackPanel:
        return self.query_one(FeedbackPanel)

    # --- showing things -------------------------------------------------------------------------------------

    def _show_prompt(self, prompt: Prompt) -> None:
        assert self.engine is not None
        self.prompt = prompt
        self.question_panel.show(prompt, self._hints_taken())
        self._shown_at = self.services.monotonic()
        self.answer_area.start_timing()
        if self._timer is not None:
            if prompt.time_limit_s:
                self._tick()
                self._timer.resume()
            else:
                self._timer.pause()
                self.question_panel.set_elapsed(0)
        self.answer_area.focus()
        self.refresh_bindings()
        self.call_after_refresh(self.coach_app.speak, prompt.text)
        self.prompt_shown_for_voice()

    def _hints_taken(self) -> list[str]:
        """Hints already given for the current prompt (a resumed session shows them again)."""
        assert self.engine is not None
        current = self.engine.progress().current
        if current is None:
            return []
        return [t.text for t in self.engine.session.turns if t.kind is TurnKind.HINT and t.seq > current.seq]

    def _tick(self) -> None:
        if self.prompt is not None and self.busy is None:
            self.question_panel.set_elapsed(self.services.monotonic() - self._shown_at)

    def _set_busy(self, what: str | None) -> None:
        self.busy = what
        if self.is_attached and self.query(FeedbackPanel):  # not when the summary has already replaced us
            self.feedback_panel.set_busy(what)
            self.refresh_bindings()

    # --- drafts ---------------------------------------------------------------------------------------------

    def on_text_area_changed(self) -> None:
        """Keep the unsent answer on disk a second after typing pauses (see drafts.py)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(1.0, self._save_draft)

    def _save_draft(self) -> None:
        if self.engine is not None and self.prompt is not None:
            self._write_draft(self.engine.session.id, self.prompt.seq, self.answer_area.text)

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def _write_draft(self, session_id: str, seq: int, text: str) -> None:
        self.drafts.save(session_id, seq, text)

    def restore_draft(self, engine: InterviewEngine, prompt: Prompt) -> bool:
        """Put back what was typed for this question before the app went away; True if there was something."""
        draft = self.drafts.load(engine.session.id, prompt.seq)
        if not draft or self.answer_area.text.strip():
            return False
        self.answer_area.set_answer(draft)
        return True

    # --- answering ------------------------------------------------------------------------------------------

    @work(exclusive=True, group="coach", exit_on_error=False)
    async def _answer(self, text: str, timing: AnswerTiming) -> None:
        engine, prompt = self.engine, self.prompt
        assert engine is not None and prompt is not None
        try:
            try:
                if not self.services.store.is_open:
                    self.coach_app.ensure_store_opening()
                    self._set_busy("saving (opening the database)...")
                    await self.services.store.wait_open()
                answer = await engine.record_answer(text, timing, delivery=self.take_spoken_delivery())
                await asyncio.to_thread(self.drafts.discard, engine.session.id)  # recorded: the draft is done
            except BaseException:
                self._restore_answer(text)
                raise
            finally:
                self.answer_area.set_saving(False)
                self._not_saving.set()
            await self._score_and_continue(answer, prompt)
        except Exception:
            self._offer_retry()
            raise
        finally:
            self._set_busy(None)

    @work(exclusive=True, group="coach", exit_on_error=False)
    async def _continue(self, answer: Turn | None, prompt: Prompt) -> None:
        try:
            if answer is None:
                await self._advance()
            else:
                await self._score_and_continue(answer, prompt)
        except Exception:
            self._offer_retry()
            raise
        finally:
            self._set_busy(None)

    def _waiting_label(self, what: str) -> str:
        """The busy note: with an AI coach, Esc ends the wait (the offline coach answers at once)."""
        if self.services.coach.name == OFFLINE_COACH_NAME:
            return f"{what}..."
        return f"{what}... (Esc: offline coach now)"

    def _restore_answer(self, text: str) -> None:
        """Saving failed: put the answer back in the box, ahead of anything typed since."""
        if self.is_mounted:
            typed = self.answer_area.text
            self.answer_area.set_answer(text + (f"\n\n{typed}" if typed.strip() else ""))

    def _offer_retry(self) -> None:
        if self.is_mounted:
            key = self.coach_app.key_display("submit")
            self.feedback_panel.note(
                f"That step failed (see the message); nothing you wrote is lost. Press {key} to retry."
            )

    async def _score_and_continue(self, answer: Turn, prompt: Prompt) -> None:
        engine = self.engine
        assert engine is not None
        panel = self.feedback_panel
        await panel.reset(
            f"Feedback · {progress_label(prompt)}",
            f"Your answer is saved ({plural(len(answer.text.split()), 'word')}). Scoring...",
        )
        self._set_busy(self._waiting_label("scoring"))
        evaluation = engine.progress().current_evaluation or await engine.evaluate(answer)
        self.coach_app.refresh_status()
        show_now = engine.options.feedback == "now"
        if show_now:  # with feedback at the end, scores wait for the summary too
            panel.show_evaluation(evaluation, prompt.question)
            self.show_delivery(answer)
        if evaluation.fallback_reason:
            panel.note(f"Scored by the offline coach: {evaluation.fallback_reason}.")
        panel.set_status("Your answer is saved." if show_now else "Your answer is saved and scored.")
        if engine.progress().current_feedback is None:
            self._set_busy(self._waiting_label("feedback") if show_now else "saving...")
            await self._stream_feedback(answer, evaluation, show=show_now)
        if not show_now:
            panel.note("Detailed feedback comes with the summary at the end.")
        await self._advance(prompt.question.reference_answer if show_now else None)

    async def _stream_feedback(self, answer: Turn, evaluation: Evaluation, *, show: bool) -> None:
        """Stream the feedback into the panel in a task of its own, so Esc can stop it without stopping us."""
        engine, panel = self.engine, self.feedback_panel
        assert engine is not None

        async def consume() -> None:
            async for chunk in engine.feedback_stream(answer, evaluation):
                if show:
                    await panel.append(chunk)

        task = asyncio.ensure_future(consume())
        self._stream_task = task
        try:
            await asyncio.wait({task})
        finally:
            if not task.done():
                task.cancel()  # our own worker was cancelled (the app is closing)
            self._stream_task = None
            await panel.end_stream()
        self.coach_app.refresh_status()
        if task.cancelled():
            panel.note("Feedback stopped. The score above is saved.")
        else:
            task.result()

    async def _advance(self, reference: str | None = None) -> None:
        """Move on; ``reference`` (the answered question's reference answer) is shown unless a follow-up comes."""
        engine = self.engine
        assert engine is not None
        self._set_busy("next question...")
        next_prompt = await engine.advance()
        self.coach_app.refresh_status()
        await self._show_reference_once_done(reference, next_prompt)
        await self._next_or_wait_for_summary(next_prompt)

    async def _next_or_wait_for_summary(self, next_prompt: Prompt | None) -> None:
        """Show the next prompt; after the last one, leave the feedback (and reference) on screen until the user
        asks for the summary (with feedback at the end, go straight to it)."""
        engine = self.engine
        assert engine is not None
        if next_prompt is None and engine.options.feedback == "now":
            # Leave the last answer's feedback on screen until the user asks for the summary.
            self.prompt, self.awaiting_summary = None, True
            self.answer_area.read_only = True  # nothing more to answer: typing here would go nowhere
            self.answer_area.display = False  # and its space goes to the feedback being read (-done in app.tcss)
            self.add_class("-done")
            if self._timer is not None:
                self._timer.pause()
            key = self.coach_app.key_display("submit")
            self.question_panel.show_message(
                "That was the last question", f"Read your feedback, then press {key} for your summary."
            )
            self._set_busy(None)
        elif next_prompt is None:
            await self._finish()
        else:
            self._set_busy(None)
            self._show_prompt(next_prompt)

    async def _show_reference_once_done(self, reference: str | None, next_prompt: Prompt | None) -> None:
        # Not while the question's follow-ups are still to come: the reference answer would answer them first.
        if reference and (next_prompt is None or next_prompt.kind is not TurnKind.FOLLOW_UP):
            await self.feedback_panel.show_reference(reference)

    async def _finish(self) -> None:
        engine = self.engine
        assert engine is not None
        self.prompt = None
        if self._timer is not None:
            self._timer.pause()
        self.question_panel.show_message("Interview complete", "Summarising your session...")
        self._set_busy("summarising...")
        await engine.finish()
        self._show_summary()

    @work(exclusive=True, group="coach", exit_on_error=False)
    async def _summarise(self) -> None:
        self.awaiting_summary = False
        await self._finish()

    def _show_summary(self) -> None:
        from interview_coach.tui.screens.summary import SummaryScreen

        assert self.engine is not None
        self.coach_app.current_session = self.engine.session
        self.app.switch_screen(SummaryScreen(self.engine.session))

    # --- hint and skip ----------------------------------------------------------------------------------------

    @work(exclusive=True, group="coach", exit_on_error=False)
    async def _hint(self) -> None:
        engine = self.engine
        assert engine is not None
        try:
            text = await engine.hint()
        finally:
            self._set_busy(None)
        if text is None:
            self.notify("No hints left for this question.", severity="warning")
        else:
            self.question_panel.add_hint(text, engine.current)

    @work(exclusive=True, group="coach", exit_on_error=False)
    async def _skip(self) -> None:
        from interview_coach.tui.screens.choice import ChoiceScreen

        engine, prompt = self.engine, self.prompt
        assert engine is not None and prompt is not None
        try:
            if self.answer_area.text.strip():
                choice = await self.app.push_screen_wait(
                    ChoiceScreen(
                        "Skip this question?",
                        "It scores 0 and your unsent answer is discarded.",
                        [("Skip it", "skip", "error"), ("Keep answering", "keep", "default")],
                        default="keep",  # Enter must not throw the typed answer away
                    )
                )
                if choice != "skip":
                    return
            self.coach_app.ensure_store_opening()
            await self.services.store.wait_open()
            result = await engine.skip()
            self.answer_area.set_answer("")
            panel = self.feedback_panel
            await panel.reset(f"Feedback · {progress_label(prompt)}", "Skipped.")
            panel.show_evaluation(result.evaluation, prompt.question)
            panel.note(result.feedback)
            await self._show_reference_once_done(prompt.question.reference_answer, result.next_prompt)
            # A skipped last question keeps its reference answer on screen too, until the summary is asked for.
            await self._next_or_wait_for_summary(result.next_prompt)
        except Exception:
            self._offer_retry()
            raise
        finally:
            if self.is_mounted:
                self._set_busy(None)

    # --- spoken answers (overridden by the interview screen's push-to-talk, ``voice_answer.py``) ----------------

    def take_spoken_delivery(self) -> DeliveryMetrics | None:
        """The delivery metrics of the answer being submitted when it was spoken; None for a typed answer."""
        return None

    def show_delivery(self, answer: Turn) -> None:
        """Show a spoken answer's delivery beside its score."""

    def prompt_shown_for_voice(self) -> None:
        """A new prompt is on screen: with ``--talk``, say which key records the answer."""

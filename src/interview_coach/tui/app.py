"""The Textual app: owns the services, the status line, speech and the one worker-error handler.

The screens do the work; this class only wires them together. It imports the interview screen eagerly (it is the
first screen of `start --track`), everything else when first shown.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from interview_coach.domain.inert import inert
from interview_coach.domain.models import Session, SessionStatus
from interview_coach.domain.ports import Speaker
from interview_coach.errors import CoachError
from interview_coach.tui import bindings
from interview_coach.tui.commands import CoachCommands
from interview_coach.tui.deferred import DeferredCoach
from interview_coach.tui.labels import coach_label, coach_level
from interview_coach.tui.screens.interview import InterviewScreen
from interview_coach.tui.services import AppServices, StartRequest
from interview_coach.tui.widgets.status_bar import StatusBar, StatusLine

if TYPE_CHECKING:
    from textual.screen import Screen

log = logging.getLogger(__name__)


class InterviewCoachApp(App[int]):
    CSS_PATH = "styles/app.tcss"
    TITLE = "interview-coach"
    BINDINGS: ClassVar[list[BindingType]] = [bindings.QUIT, bindings.HELP]
    COMMANDS = App.COMMANDS | {CoachCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]
    NOTIFICATION_TIMEOUT = 6

    class StoreSaved(Message):
        """A write reached the database (posted from the writing thread)."""

    class StoreOpened(Message):
        """The database opened, or failed to (posted from the opening thread)."""

    class VoiceStatus(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, services: AppServices, start: StartRequest | None = None) -> None:
        super().__init__()
        self.services = services
        self.start_request = start or StartRequest()
        self.status_line = StatusLine()
        self.keymap_overrides, self._keymap_problems = bindings.check_keymap(services.settings.keybindings)
        self.voice_on = services.settings.voice and services.speaker_factory is not None
        self.current_session: Session | None = None
        """The session on screen (set by the interview screen), for the exit note."""
        self.exit_note: str | None = None
        self._speaker: Speaker | None = None
        self._store_opening = False
        self._quitting = False
        services.store.listeners.append(self._store_saved)
        listeners = getattr(services.coach, "retry_listeners", None)
        if isinstance(listeners, list):  # an AI coach: its retries show in the status bar as they happen
            listeners.append(self._retrying)

    def _retrying(self, _notice: object) -> None:
        self.call_later(self.refresh_status)  # on the event loop's thread already; redraw after the notice

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast (screens' too) shows its text as text: file names, API errors and pack content are
        untrusted, so markup is off and control characters are escaped (``domain.inert``)."""
        super().notify(inert(message), title=inert(title), severity=severity, timeout=timeout, markup=False)

    def _store_saved(self) -> None:
        self.post_message(self.StoreSaved())  # thread-safe: the listener runs in the writing thread

    def _voice_status(self, text: str) -> None:
        self.post_message(self.VoiceStatus(text))  # thread-safe

    # --- start-up -------------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        theme = self.services.settings.theme
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                known = ", ".join(sorted(self.available_themes))
                self.notify(f"Unknown theme {theme!r}; using the default. Known themes: {known}.", severity="warning")
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        for problem in self._keymap_problems:
            self.notify(problem, title="Configuration", severity="warning")
        from interview_coach.question_sources import left_out_note

        note = left_out_note(self.services.bank)
        if note:
            self.notify(note, title="Question bank", severity="warning", timeout=15)
        self.refresh_status()
        self.set_interval(1.0, self._poll_voice)
        self.push_screen(self._first_screen())

    def _first_screen(self) -> Screen[None]:
        request = self.start_request
        if request.resume:
            return InterviewScreen(resume=True, session_id=request.session_id, track=request.track)
        if request.engine is not None:
            return InterviewScreen(engine=request.engine)
        if request.track:
            return InterviewScreen(options=self.services.options(request.track, **request.flags))
        from interview_coach.tui.screens.home import HomeScreen

        return HomeScreen()

    def ensure_store_opening(self) -> None:
        """Open the database in a thread, once. Screens call this after their first paint."""
        if self._store_opening or self.services.store.is_open or self.services.open_store is None:
            return
        self._store_opening = True
        self.refresh_status()
        self._open_store()

    @work(thread=True, group="store", exit_on_error=False)
    def _open_store(self) -> None:
        opener = self.services.open_store
        assert opener is not None
        try:
            store = opener()
        except BaseException as exc:
            self.services.store.fail(exc)
            self.post_message(self.StoreOpened())
            raise  # the worker fails: the error handler shows what went wrong
        self.services.store.attach(store)
        self.post_message(self.StoreOpened())

    def on_interview_coach_app_store_opened(self, _: StoreOpened) -> None:
        self.refresh_status()
        if self.services.store.is_open and isinstance(self.services.coach, DeferredCoach):
            self._warm_up_coach()  # the AI client (httpx) is built now, off the path to the first question

    @work(group="coach-setup", exit_on_error=False)
    async def _warm_up_coach(self) -> None:
        coach = self.services.coach
        if isinstance(coach, DeferredCoach):
            await coach.warm_up()
            self.refresh_status()

    # --- the status line ------------------------------------------------------------------------------------

    def refresh_status(self) -> None:
        health = self.services.coach.health()
        line = self.status_line
        level = coach_level(health)
        if level == "-fallback" and line.coach_level == "-online":
            reason = f" ({health.last_error})" if health.last_error else ""
            self.notify(
                f"The AI coach is unavailable{reason}. Answers are scored offline until it is back.",
                title="AI coach",
                severity="warning",
                timeout=10,
            )
        line.coach, line.coach_level = coach_label(health, self.services.settings), level
        line.voice = self._voice_text()
        store = self.services.store
        if store.failed is not None:
            line.saved, line.saved_state = "NOT SAVED - database error", "-failed"
        elif not store.is_open and (self._store_opening or store.has_pending_writes):
            line.saved, line.saved_state = "opening the database...", "-unsaved"
        for bar in self.screen.query(StatusBar) if self.screen_stack else []:
            bar.show(line)

    def on_interview_coach_app_store_saved(self, _: StoreSaved) -> None:
        stamp = self.services.clock().astimezone().strftime("%H:%M:%S")
        self.status_line.saved, self.status_line.saved_state = f"✓ saved {stamp}", "-saved"
        self.refresh_status()

    def _voice_text(self) -> str:
        if not self.voice_on:
            return "voice off"
        if self._speaker is not None:
            return self._speaker.status()
        return f"voice: {self.services.tts_engine}"

    def _poll_voice(self) -> None:
        """Speech starts and ends on its own; keep the status line's voice part current."""
        if self._speaker is not None and self._voice_text() != self.status_line.voice:
            self.refresh_status()

    def on_interview_coach_app_voice_status(self, message: VoiceStatus) -> None:
        # One-time changes such as "voice: no audio device - silent": worth a notification, then the bar.
        self.notify(message.text, title="Voice", severity="warning")
        self.refresh_status()

    # --- speech ---------------------------------------------------------------------------------------------

    def speak(self, text: str, *, force: bool = False) -> None:
        """Read ``text`` aloud when the voice is on (or ``force``); a newer text (or Esc) stops the older one."""
        if (self.voice_on or force) and self.services.speaker_factory is not None:
            self._speak(text)

    @work(group="voice", exclusive=True, exit_on_error=False)
    async def _speak(self, text: str) -> None:
        speaker = await self._get_speaker()
        await speaker.speak(text)
        self.refresh_status()

    async def _get_speaker(self) -> Speaker:
        if self._speaker is None:
            import asyncio

            factory = self.services.speaker_factory
            assert factory is not None
            speaker = await asyncio.to_thread(factory, self._voice_status)
            self._speaker = self._speaker or speaker
        return self._speaker

    def cancel_speech(self) -> None:
        self.workers.cancel_group(self, "voice")
        if self._speaker is not None:
            self._speaker.cancel()

    def set_voice(self, on: bool) -> None:
        self.voice_on = on and self.services.speaker_factory is not None
        if not self.voice_on:
            self.cancel_speech()
        self.refresh_status()

    def action_toggle_voice(self) -> None:
        self.set_voice(not self.voice_on)
        # Say what will actually happen: "on" with no audio device would promise speech that never comes.
        self.notify(self.status_line.voice if self.voice_on else "Voice off.")

    # --- errors ---------------------------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures surface: a clear notification, never a crash."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.report_error(event.worker.error)

    def report_error(self, error: BaseException) -> None:
        if isinstance(error, CoachError):
            self.notify(error.message, title=error.title, severity="error", timeout=12)
        else:
            log.error("unexpected error in the TUI", exc_info=error)
            from interview_coach.logging_setup import redact

            self.notify(
                f"{type(error).__name__}: {redact(str(error))}. Details are in the log file "
                "(interview-coach config path).",
                title="Unexpected error",
                severity="error",
                timeout=12,
            )
        self.refresh_status()

    # --- global actions -------------------------------------------------------------------------------------

    def action_help(self) -> None:
        from interview_coach.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_history(self) -> None:
        from interview_coach.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def action_quit_app(self) -> None:
        if not self._quitting:
            self._quit()

    async def action_quit(self) -> None:
        """Textual's own quit (its palette entry, for one) goes through the same save-and-resume flow."""
        self.action_quit_app()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Our palette has "Quit (session saved)"; Textual's "Quit" would read as a second, different quit.
        return (command for command in super().get_system_commands(screen) if command.title != "Quit")

    @work(group="quit", exclusive=True, exit_on_error=False)
    async def _quit(self) -> None:
        self._quitting = True
        try:
            for screen in reversed(self.screen_stack):
                if isinstance(screen, InterviewScreen):
                    if not await screen.before_quit():
                        return
                    await screen.discard_if_unanswered()
            self.exit_note = await self._exit_note()
        finally:
            self._quitting = False
        self.cancel_speech()
        close = getattr(self.services.coach, "aclose", None)
        if close is not None:
            try:
                await close()
            except Exception:  # closing a client must not stop the quit
                log.exception("closing the coach failed")
        code = 1 if self.services.store.failed is not None and self.current_session is not None else 0
        self.exit(code, return_code=code)

    async def _exit_note(self) -> str | None:
        """What to print after the app closes: how to resume (or export) the session on screen."""
        session = self.current_session
        if session is None:
            return None
        if session.status is SessionStatus.ABANDONED:
            return "Nothing was answered, so the session was not kept: there is nothing to resume."
        if session.status is not SessionStatus.IN_PROGRESS:
            return f"Session {session.id} saved. Export it with: interview-coach export {session.id} --format md"
        store = self.services.store
        if not store.is_open and store.failed is None:
            self.ensure_store_opening()
            self.notify("Saving the session...")
            try:
                await store.wait_open()
            except Exception as exc:  # reported in the note below
                log.warning("database did not open before quitting: %s", exc)
        if not store.is_open:
            return f"error: the session could not be saved: {store.failed}"
        return (
            f"Session {session.id} saved as in progress. Resume it with:\n  interview-coach start --resume {session.id}"
        )

    def key_display(self, binding_id: str) -> str:
        """The key of binding ``binding_id`` as the user would type it in config (after remapping), e.g. 'ctrl+n'."""
        for group in bindings.GROUPS:
            for binding in group.bindings:
                if binding.id == binding_id:
                    return bindings.effective_key(binding, self.keymap_overrides).split(",")[0].strip()
        return binding_id

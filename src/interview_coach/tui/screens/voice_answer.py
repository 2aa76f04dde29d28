"""Push-to-talk on the interview screen: record, transcribe offline, and land the transcript in the answer box.

A mixin of ``InterviewScreen`` (not a screen of its own): the answer stays the box's text, editable before it is
submitted, and the delivery metrics of the recording go with it. Recording, stopping and transcribing run in
thread workers; the level meter is redrawn by a timer on the screen from the level the recorder thread leaves
in ``_level`` (no UI call from that thread). Keys: talk (start/stop), replay, re-transcribe.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.timer import Timer

from interview_coach.domain.delivery import DeliveryMetrics, delivery_summary
from interview_coach.domain.models import Turn
from interview_coach.domain.transcription import Recorder, Recording, RecordingLevel, Transcriber
from interview_coach.errors import CoachError
from interview_coach.tui.widgets.recording_bar import RecordingBar

if TYPE_CHECKING:
    from interview_coach.tui.screens.interview_flow import InterviewFlow

    _Base = InterviewFlow
else:
    _Base = object

METER_REFRESH_S = 0.1


class VoiceAnswer(_Base):
    _recorder: Recorder | None = None
    _transcriber: Transcriber | None = None
    _recording: Recording | None = None
    _scratch: tempfile.TemporaryDirectory[str] | None = None
    _level: float = 0.0
    _rec_started: float = 0.0
    _meter_timer: Timer | None = None
    _spoken: DeliveryMetrics | None = None
    _heard_text: str = ""
    _last_audio: Path | None = None

    # --- the widgets ------------------------------------------------------------------------------------------

    @property
    def recording_bar(self) -> RecordingBar:
        bars = self.query(RecordingBar)
        if bars:
            return bars.first()
        bar = RecordingBar(id="recording-bar")
        self.query_one("#interview-main").mount(bar, after=self.answer_area)
        return bar

    # --- hooks the flow calls -----------------------------------------------------------------------------------

    def take_spoken_delivery(self) -> DeliveryMetrics | None:
        """On submit: the delivery of the recording whose transcript is being submitted (then forgotten)."""
        delivery, self._spoken, self._heard_text = self._spoken, None, ""
        if self.query(RecordingBar):
            self.recording_bar.hide()
        return delivery

    def show_delivery(self, answer: Turn) -> None:
        """Beside the content score: the delivery line of a spoken answer (none for a typed one)."""
        from textual.content import Content
        from textual.widgets import Static

        panel = self.feedback_panel
        for old in panel.query("#fb-delivery"):
            old.remove()
        delivery = answer.metrics.delivery if answer.metrics is not None else None
        if delivery is not None:
            panel.mount(Static(Content(delivery_summary(delivery)), id="fb-delivery"), after="#fb-score")

    def prompt_shown_for_voice(self) -> None:
        self._spoken, self._heard_text, self._last_audio = None, "", None  # a new question: a fresh recording
        if getattr(self.services, "talk", False):
            key = self.coach_app.key_display("talk")
            self.recording_bar.show_status(f"Press {key} to answer out loud (again to stop); or type your answer.")
        elif self.query(RecordingBar):
            self.recording_bar.hide()

    # --- talk: start and stop -------------------------------------------------------------------------------

    def action_talk(self) -> None:
        if self._recording is not None:
            self._meter(False)
            self.recording_bar.show_status("Transcribing your answer...")
            self._stop_and_transcribe(self._recording)
            self._recording = None
            return
        if self.prompt is None or self.busy is not None or self.engine is None:
            return
        self.recording_bar.show_status("Starting the microphone...")
        self._start_recording()

    @work(thread=True, exclusive=True, group="stt", exit_on_error=False)
    def _start_recording(self) -> None:
        try:
            # The transcriber first: without the extra, say so before anything is recorded (and warm the model).
            self._transcriber = self._transcriber or self._build("transcriber")
            recorder = self._recorder or self._build("recorder")
            self._recorder = recorder
            self._scratch = tempfile.TemporaryDirectory(prefix="interview-coach-rec-")
            wav = Path(self._scratch.name) / "answer.wav"
            self._level = 0.0
            recording = recorder.start(wav, self._on_level)
        except CoachError as exc:
            self.app.call_from_thread(self._voice_failed, exc)
            return
        self.app.call_from_thread(self._recording_started, recording)

    def _on_level(self, level: RecordingLevel) -> None:
        self._level = level.level  # read by the meter timer on the UI thread

    def _recording_started(self, recording: Recording) -> None:
        self._recording = recording
        self._rec_started = self.services.monotonic()
        self._meter(True)

    def _meter(self, on: bool) -> None:
        if self._meter_timer is not None:
            self._meter_timer.stop()
            self._meter_timer = None
        if on:
            self._draw_meter()
            self._meter_timer = self.set_interval(METER_REFRESH_S, self._draw_meter)

    def _draw_meter(self) -> None:
        elapsed = self.services.monotonic() - self._rec_started
        self.recording_bar.show_recording(elapsed, self._level, self.coach_app.key_display("talk"))

    @work(thread=True, exclusive=True, group="stt", exit_on_error=False)
    def _stop_and_transcribe(self, recording: Recording) -> None:
        try:
            wav = recording.stop()
            self._hear(wav, replace=None)
        except CoachError as exc:
            self.app.call_from_thread(self._voice_failed, exc)

    def _hear(self, wav: Path, *, replace: str | None) -> None:
        """Transcribe ``wav`` (a thread), keep the audio, and hand the transcript to the UI thread."""
        from interview_coach.plain_voice import answer_audio_store
        from interview_coach.stt.answers import hear

        transcriber = self._transcriber or self._build("transcriber")
        self._transcriber = transcriber
        engine, prompt = self.engine, self.prompt
        assert engine is not None and prompt is not None
        store = answer_audio_store(self.services.settings) if wav != self._last_audio else None
        heard = hear(
            transcriber,
            wav,
            time_limit_s=prompt.time_limit_s,
            store=store,
            session_id=engine.session.id,
            seq=prompt.seq,
        )
        if heard.kept is not None:
            self._last_audio = heard.kept
        elif wav != self._last_audio:  # not kept: hold a copy in the scratch dir until the next recording
            self._last_audio = wav
        delivery = heard.delivery
        if replace is not None and self._spoken is not None:  # the same recording: it keeps its file name
            delivery = delivery.model_copy(update={"audio_file": self._spoken.audio_file})
        self.app.call_from_thread(self._transcript_landed, heard.transcript.text, delivery, replace)

    def _build(self, what: str) -> Any:
        """The recorder or transcriber: the services' factory (tests), else the real one (voice-input extra)."""
        factory = getattr(self.services, f"{what}_factory", None)
        if factory is not None:
            return factory()
        if what == "recorder":
            from interview_coach.stt.recorder import build_recorder

            return build_recorder()
        from interview_coach.stt import build_transcriber

        return build_transcriber()

    def _transcript_landed(self, text: str, delivery: DeliveryMetrics, replace: str | None) -> None:
        area = self.answer_area
        if not text.strip():
            self.recording_bar.show_status("Nothing was recognised; check the microphone and try again.")
            return
        current = area.text
        if replace and replace in current:
            new = current.replace(replace, text, 1)
        else:
            new = f"{current.rstrip()}\n\n{text}" if current.strip() else text
        first_key = area.first_keystroke_at
        area.set_answer(new)
        area.first_keystroke_at = first_key if first_key is not None else self.services.monotonic()
        area.focus()
        self._spoken, self._heard_text = delivery, text
        keys = self.coach_app.key_display
        self.recording_bar.show_status(
            f"Transcribed: edit it if needed, then {keys('submit')} to submit. "
            f"{keys('replay')}: replay · {keys('retranscribe')}: transcribe again"
        )

    def _voice_failed(self, error: CoachError) -> None:
        self._meter(False)
        self._recording = None
        self.recording_bar.show_status(f"Voice input unavailable: {error.message}")
        self.notify(error.message, title=error.title, severity="error", timeout=12)

    def on_unmount(self) -> None:
        """Leaving the screen (quit, summary) mid-recording: stop the recorder, keep nothing."""
        recording, self._recording = self._recording, None
        self._meter(False)
        if recording is not None:
            recording.cancel()

    # --- replay and re-transcribe ----------------------------------------------------------------------------------

    def action_replay(self) -> None:
        if self._last_audio is None:
            self.notify("No recording to replay yet: press the talk key to record an answer.", severity="warning")
            return
        self._replay(self._last_audio)

    @work(exclusive=True, group="stt-replay", exit_on_error=False)
    async def _replay(self, wav: Path) -> None:
        from interview_coach.tts.player import find_player, play_file

        command = find_player()
        if command is None:
            self.notify("No audio player found (install sox or alsa-utils) to replay the answer.", severity="warning")
            return
        result = await play_file(command, wav)
        if not result.ok:
            self.notify(f"Could not play the recording: {result.stderr.strip() or 'player failed'}", severity="warning")

    def action_retranscribe(self) -> None:
        if self._last_audio is None or self._recording is not None:
            self.notify("No recording to transcribe again yet.", severity="warning")
            return
        self.recording_bar.show_status("Transcribing again...")
        self._retranscribe(self._last_audio, self._heard_text)

    @work(thread=True, exclusive=True, group="stt", exit_on_error=False)
    def _retranscribe(self, wav: Path, previous: str) -> None:
        try:
            self._hear(wav, replace=previous)
        except CoachError as exc:
            self.app.call_from_thread(self._voice_failed, exc)

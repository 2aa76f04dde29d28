"""Spoken answers in the plain mode: ``--answer-audio DIR`` (the next WAV file per answer) and ``--talk`` (the
microphone, push-to-talk with Enter). The transcript is what gets scored; its delivery metrics ride along."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_coach.domain.delivery import DeliveryMetrics, delivery_summary, delivery_tips
from interview_coach.domain.interview_types import AnswerTiming, Prompt
from interview_coach.domain.models import Turn
from interview_coach.domain.transcription import Recorder, Transcriber
from interview_coach.stt import VoiceInputError
from interview_coach.stt.answers import AudioDirAnswers, hear
from interview_coach.stt.audio_store import AnswerAudioStore

if TYPE_CHECKING:
    from interview_coach.plain import PlainInterview

TALK_COMMANDS = ("/hint", "/skip", "/repeat", "/offline", "/quit")


@dataclass
class SpokenInput:
    transcriber: Transcriber
    store: AnswerAudioStore | None
    files: AudioDirAnswers | None = None
    recorder: Recorder | None = None
    _pending: DeliveryMetrics | None = field(default=None, init=False)
    typed: bool = field(default=False, init=False)  # the microphone failed: answers are typed from then on

    def take_delivery(self) -> DeliveryMetrics | None:
        """The delivery of the answer just read (once): for ``engine.submit``."""
        delivery, self._pending = self._pending, None
        return delivery

    async def read(self, plain: PlainInterview, prompt: Prompt) -> tuple[str, str | None, AnswerTiming] | None:
        """Like ``PlainInterview._read_answer``: (text, command, timing), from a WAV file or the microphone.

        None when the microphone cannot record: the answer is then typed, so the session goes on."""
        shown = plain.io.monotonic()
        if self.files is not None:
            wav = self.files.next_file()
            plain._emit("audio_file", f"-- Answering from {wav.name}", file=str(wav))
            text, timing = await self._hear(plain, prompt, wav, shown)
            if not text.strip():  # a silent file: counted as a skip, so the session goes on
                plain._emit("nothing_heard", f"-- Nothing recognised in {wav.name}; the question is skipped.")
                return "", "/skip", timing
            return text, None, timing
        assert self.recorder is not None
        while True:
            plain._emit(
                "listen_ready",
                "-- Press Enter to start recording your answer (or type a command: " + " ".join(TALK_COMMANDS) + ")",
            )
            line = (await plain._next_line()).strip().lower()
            if line == "" and plain._eof:
                return "", "/eof", AnswerTiming(shown, None, plain.io.monotonic())
            if line in TALK_COMMANDS:
                return "", line, AnswerTiming(shown, None, plain.io.monotonic())
            with tempfile.TemporaryDirectory(prefix="interview-coach-rec-") as scratch:
                wav = Path(scratch) / "answer.wav"
                try:
                    recording = await asyncio.to_thread(self.recorder.start, wav)
                except VoiceInputError as exc:
                    self.typed = True
                    plain._emit(
                        "microphone_error",
                        f"-- {exc.message}\n-- Type your answer instead, then a line with only '.'.",
                        error=exc.message,
                    )
                    return None
                plain._emit("recording", "-- Recording... press Enter to stop.", backend=self.recorder.backend)
                try:
                    await plain._next_line()
                finally:
                    wav = await asyncio.to_thread(recording.stop)
                text, timing = await self._hear(plain, prompt, wav, shown)
            if text.strip():
                return text, None, timing
            plain._emit("nothing_heard", "-- Nothing was recognised; check the microphone and try again.")

    async def _hear(self, plain: PlainInterview, prompt: Prompt, wav: Path, shown: float) -> tuple[str, AnswerTiming]:
        heard = await asyncio.to_thread(
            hear,
            self.transcriber,
            wav,
            time_limit_s=prompt.time_limit_s,
            store=self.store,
            session_id=plain.engine.session.id,
            seq=prompt.seq,
        )
        text = heard.transcript.text
        plain._emit(
            "transcript",
            f"-- Heard: {text or '(nothing recognised)'}",
            transcript=heard.transcript.to_json(),
            audio_file=heard.delivery.audio_file,
        )
        self._pending = heard.delivery if text.strip() else None
        return text, AnswerTiming(shown, shown, shown + heard.transcript.duration_s)


def show_delivery(plain: PlainInterview, answer: Turn) -> None:
    """The delivery line and tips, beside the score (after it in the plain output)."""
    delivery = answer.metrics.delivery if answer.metrics is not None else None
    if delivery is None:
        return
    lines = [delivery_summary(delivery), *(f"Delivery tip: {tip}" for tip in delivery_tips(delivery))]
    plain._emit(
        "delivery",
        "\n".join(lines),
        question_id=answer.question_id,
        delivery=delivery.model_dump(mode="json"),
        tips=delivery_tips(delivery),
    )


def spoken_input(settings: Any, *, answer_audio: Path | None, talk: bool) -> SpokenInput | None:
    """The plain mode's spoken input for these flags, or None for typed answers. Raises ``VoiceInputError``."""
    if answer_audio is None and not talk:
        return None
    files = AudioDirAnswers(answer_audio) if answer_audio is not None else None  # a bad DIR fails before the model
    from interview_coach.stt import build_transcriber
    from interview_coach.stt.recorder import build_recorder

    transcriber: Transcriber = build_transcriber()  # type: ignore[assignment]  # first: a missing extra says so
    recorder = build_recorder() if files is None else None
    return SpokenInput(transcriber, answer_audio_store(settings), files=files, recorder=recorder)


def answer_audio_store(settings: Any) -> AnswerAudioStore | None:
    if not settings.keep_audio:
        return None
    from interview_coach.paths import get_paths

    return AnswerAudioStore(get_paths().data_dir / "answer-audio", settings.answer_audio_mb * 1024 * 1024)

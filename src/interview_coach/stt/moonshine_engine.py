"""The moonshine-voice adapter of the ``Transcriber`` port: Moonshine tiny English, fully offline.

moonshine-voice 0.1.0 ships the model files inside its wheel (``moonshine_voice/assets/tiny-en``), and this adapter
loads them from there by path: it never calls the package's download helpers, so no model is fetched at run time
(tests/test_stt_engine.py transcribes with the network refused). The engine segments the audio into lines with
its own voice-activity detection and returns each line's start and duration; the wheel has no word-timestamp
model, so word timings are not available and pauses come from the audio itself (``wav.speech_spans``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from interview_coach.domain.transcription import Transcript, TranscriptSegment
from interview_coach.stt import VoiceInputError, missing_extra_message
from interview_coach.stt.wav import read_wav, speech_spans

MODEL_NAME = "tiny-en"
ENGINE_NAME = "moonshine tiny-en"


def model_dir() -> Path | None:
    """Where the packaged model lives, or None when the extra is missing (found without importing the engine)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("moonshine_voice")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "assets" / MODEL_NAME


def model_present() -> bool:
    directory = model_dir()
    return directory is not None and (directory / "encoder_model.ort").is_file()


class MoonshineTranscriber:
    """Loads the model once (about 0.2 s), then transcribes WAV files. Thread-safe: one transcription at a time."""

    name = ENGINE_NAME

    def __init__(self) -> None:
        try:
            from moonshine_voice.moonshine_api import ModelArch
            from moonshine_voice.transcriber import Transcriber
        except ImportError:
            raise VoiceInputError(missing_extra_message("Speech-to-text")) from None
        directory = model_dir()
        if directory is None or not model_present():
            raise VoiceInputError(
                f"the moonshine-voice model is missing from {directory}; reinstall the pinned release: "
                "pip install --force-reinstall 'moonshine-voice==0.1.0'"
            )
        try:
            self._engine: Any = Transcriber(str(directory), ModelArch.TINY)
        except Exception as exc:  # the C library reports a bad model or a missing CPU feature as a plain error
            raise VoiceInputError(f"cannot load the speech-to-text model: {exc}") from None
        self._lock = threading.Lock()

    def transcribe(self, wav: Path) -> Transcript:
        audio = read_wav(wav)
        if not audio.samples:
            return Transcript(text="", duration_s=0.0, engine=self.name)
        with self._lock:
            try:
                result = self._engine.transcribe_without_streaming(audio.samples, audio.rate)
            except Exception as exc:
                raise VoiceInputError(f"{wav}: transcription failed: {exc}") from None
        segments = tuple(
            TranscriptSegment(line.text.strip(), float(line.start_time), float(line.start_time + line.duration))
            for line in result.lines
            if line.text and line.text.strip()
        )
        return Transcript(
            text=" ".join(s.text for s in segments),
            duration_s=audio.duration_s,
            segments=segments,
            speech_spans=speech_spans(audio),
            engine=self.name,
        )

    def close(self) -> None:
        self._engine.close()

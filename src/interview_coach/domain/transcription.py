"""What a speech-to-text engine hands back, and the ports the engine and the front ends use to get it.

The domain never touches audio devices or models: a ``Transcriber`` turns a WAV file into a ``Transcript`` (the
text, its timed segments, and where the speaker was actually talking), and a ``Recorder`` captures one answer
into a WAV file. Adapters live in ``interview_coach.stt``; tests use fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class TranscriptSegment:
    """One stretch of recognised speech (the engine's line or phrase), in seconds from the start of the audio."""

    text: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Transcript:
    """A recognised answer.

    ``speech_spans`` are the stretches where the audio holds voice (from its loudness, independent of the
    engine), so pauses can be measured even when the engine returns one segment for the whole answer.
    """

    text: str
    duration_s: float
    segments: tuple[TranscriptSegment, ...] = ()
    speech_spans: tuple[tuple[float, float], ...] = ()
    engine: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "duration_s": round(self.duration_s, 2),
            "engine": self.engine,
            "segments": [
                {"text": s.text, "start_s": round(s.start_s, 2), "end_s": round(s.end_s, 2)} for s in self.segments
            ],
            "speech_spans": [[round(a, 2), round(b, 2)] for a, b in self.speech_spans],
        }


@runtime_checkable
class Transcriber(Protocol):
    """Offline speech-to-text: a WAV file in, a transcript out. Blocking; callers run it in a worker thread."""

    name: str

    def transcribe(self, wav: Path) -> Transcript: ...


@dataclass
class RecordingLevel:
    """What a recorder reports while it listens: for the level meter and the elapsed time."""

    elapsed_s: float = 0.0
    level: float = 0.0  # 0..1, the loudness of the latest block


LevelCallback = Callable[[RecordingLevel], None]


@runtime_checkable
class Recording(Protocol):
    """A recording in progress: ``stop`` ends it and returns the WAV file it wrote."""

    def stop(self) -> Path: ...

    def cancel(self) -> None: ...


@runtime_checkable
class Recorder(Protocol):
    """Captures the microphone into a 16 kHz mono WAV file. ``backend`` names what does the capturing."""

    backend: str

    def start(self, wav: Path, on_level: LevelCallback | None = None) -> Recording: ...


@dataclass(frozen=True)
class SpokenAnswer:
    """An answer that came from speech: the transcript to score and where its audio is kept (None: not kept)."""

    transcript: Transcript
    audio: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

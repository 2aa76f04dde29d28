"""Fakes and WAV makers for the voice-input tests: a transcriber that reads a script, a recorder that writes a
file, and espeak-ng speech for the tests that run the real engine."""

from __future__ import annotations

import builtins
import math
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from interview_coach.domain.transcription import LevelCallback, RecordingLevel, Transcript, TranscriptSegment
from interview_coach.stt.wav import read_wav, speech_spans, write_wav
from tests.system_tools import require_tool


def tone_wav(path: Path, seconds: float = 1.0, *, rate: int = 16_000, gaps: Sequence[tuple[float, float]] = ()) -> Path:
    """A 200 Hz tone ('speech' to the loudness finder) with silent ``gaps`` (start, end) in it."""
    samples = []
    for i in range(int(seconds * rate)):
        t = i / rate
        silent = any(a <= t < b for a, b in gaps)
        samples.append(0.0 if silent else 0.3 * math.sin(2 * math.pi * 200 * t))
    write_wav(path, samples, rate)
    return path


def espeak_wav(path: Path, text: str) -> Path:
    """``text`` spoken by espeak-ng, resampled to 16 kHz mono by sox (skipped without them; a failure in CI)."""
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    require_tool(f"{', '.join(missing)} not installed" if missing else None, "espeak-ng and sox")
    raw = path.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(raw), text], check=True, capture_output=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(path)], check=True, capture_output=True)
    raw.unlink()
    return path


@dataclass
class FakeTranscriber:
    """Returns the next scripted text for each file, with the file's real duration and speech spans."""

    texts: list[str]
    name: str = "fake-stt"
    heard: list[Path] = field(default_factory=list)

    def transcribe(self, wav: Path) -> Transcript:
        audio = read_wav(wav)
        self.heard.append(wav)
        text = self.texts[min(len(self.heard), len(self.texts)) - 1] if self.texts else ""
        return Transcript(
            text=text,
            duration_s=audio.duration_s,
            segments=(TranscriptSegment(text, 0.0, audio.duration_s),) if text else (),
            speech_spans=speech_spans(audio),
            engine=self.name,
        )


@dataclass
class FakeRecording:
    wav: Path
    seconds: float
    stopped: bool = False

    def stop(self) -> Path:
        self.stopped = True
        return tone_wav(self.wav, self.seconds)

    def cancel(self) -> None:
        self.stopped = True


@dataclass
class FakeRecorder:
    """Writes a tone of ``seconds`` when stopped; reports one level reading when started."""

    seconds: float = 2.0
    backend: str = "fake recorder"
    recordings: list[FakeRecording] = field(default_factory=list)

    def start(self, wav: Path, on_level: LevelCallback | None = None) -> FakeRecording:
        if on_level is not None:
            on_level(RecordingLevel(0.5, 0.6))
        recording = FakeRecording(wav, self.seconds)
        self.recordings.append(recording)
        return recording


def word_error_rate(reference: str, hypothesis: str) -> float:
    from benchmarks.bench_stt import word_error_rate as wer

    return wer(reference, hypothesis)


def require_engine() -> None:
    """The real speech-to-text engine: skipped without the voice-input extra here, a failure in CI (it installs it)."""
    from interview_coach.stt import engine_installed

    require_tool(None if engine_installed() else "moonshine-voice is not installed", "the voice-input extra")


def hide_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Act as a base install without the voice-input extra: moonshine_voice cannot be imported."""
    real_import = builtins.__import__

    def no_engine(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("moonshine_voice"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    for name in [m for m in sys.modules if m.startswith("moonshine_voice")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(builtins, "__import__", no_engine)

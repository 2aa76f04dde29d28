"""What every speech engine shares: the synthesiser protocol and the one error type engines raise."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Protocol

from interview_coach.errors import CoachError


class SpeechError(CoachError):
    """An engine could not produce audio.

    ``message`` is the full sentence for the CLI; ``short`` fits the status bar. ``permanent`` errors (a bad
    key, a missing voice, a missing espeak-ng) take the engine out of the chain for the rest of the session;
    the others (a timeout, a busy server) only skip it for the current text.
    """

    title = "Voice error"

    def __init__(self, message: str, *, short: str | None = None, permanent: bool = True) -> None:
        super().__init__(message)
        self.short = short or message
        self.permanent = permanent


class Synthesizer(Protocol):
    """Turns text into a WAV file. Implementations never write to this process's stdout or stderr."""

    name: str

    def cache_identity(self) -> tuple[str, ...]:
        """Everything besides the text that changes the audio: engine, voice, model, rate."""
        ...

    async def synthesize(self, text: str, out: Path) -> None:
        """Write the speech for ``text`` to ``out`` as a WAV file, or raise SpeechError."""
        ...


def wav_duration_s(path: Path) -> float:
    """Duration of a WAV file; raises SpeechError if it is not a WAV file with audio in it."""
    try:
        with wave.open(str(path), "rb") as wav:
            frames, rate = wav.getnframes(), wav.getframerate()
    except (OSError, EOFError, wave.Error) as exc:
        raise SpeechError(f"{path} is not a valid WAV file: {exc}", short="bad audio file") from None
    if frames <= 0 or rate <= 0:
        raise SpeechError(f"{path} holds no audio", short="empty audio")
    return frames / rate


def write_pcm_wav(path: Path, pcm: bytes, *, sample_rate: int, channels: int = 1, sample_width: int = 2) -> None:
    """Wrap raw little-endian PCM in a WAV header, so any player (aplay, afplay ...) can play it."""
    frame_size = channels * sample_width
    usable = len(pcm) - len(pcm) % frame_size
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(sample_width)
        wav.setframerate(sample_rate)
        wav.writeframes(pcm[:usable])

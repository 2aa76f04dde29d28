"""Reading answer audio: WAV files through the standard library's ``wave`` module, plus a loudness-based finder
of where the speaker was talking (for pause measurement, independent of the recogniser)."""

from __future__ import annotations

import array
import math
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

from interview_coach.stt import VoiceInputError

TARGET_RATE = 16_000
"""What the recogniser and the recorder use: 16 kHz mono is the rate speech models are trained on."""

FRAME_S = 0.03
"""Loudness is measured over 30 ms frames: short enough to see the gap between words, long enough to be stable."""

SILENCE_RATIO = 0.1
"""A frame is silent below this fraction of the loud frames' level (their 95th percentile), so the threshold
follows the recording's gain: a quiet laptop microphone and a loud headset both work."""

MIN_SPEECH_LEVEL = 0.003
"""Below this RMS (about -50 dBFS) nothing is speech, however quiet the recording."""

BRIDGE_S = 0.3
"""Silences shorter than this are the gaps between words and syllables, not pauses: spans across them are joined."""


@dataclass(frozen=True)
class Audio:
    samples: list[float]  # mono, -1..1
    rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0


def read_wav(path: Path) -> Audio:
    """The file's audio as mono floats; a clear ``VoiceInputError`` naming the file when it is not a PCM WAV."""
    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate, frames = wav.getnchannels(), wav.getsampwidth(), wav.getframerate(), wav.getnframes()
            raw = wav.readframes(frames)
    except FileNotFoundError:
        raise VoiceInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise VoiceInputError(f"{path}: is a directory, not a WAV file") from None
    except (wave.Error, EOFError) as exc:
        converted = _through_sox(path) if path.read_bytes()[:4] == b"RIFF" else None
        if converted is not None:
            return converted  # 24-bit, float or "extensible" WAVs, which the wave module does not read
        why = f" ({exc})" if str(exc) else ""
        raise VoiceInputError(
            f"{path}: not a PCM WAV file{why}. Convert it first, e.g. sox '{path}' -r 16000 -c 1 -b 16 out.wav"
        ) from None
    except OSError as exc:
        raise VoiceInputError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if width not in (1, 2, 4) or channels < 1 or rate <= 0:
        converted = _through_sox(path)
        if converted is not None:
            return converted
        raise VoiceInputError(f"{path}: unsupported WAV ({width * 8}-bit, {channels} channels); use 16-bit PCM")
    samples = _decode(raw, width)
    if channels > 1:
        samples = [sum(samples[i : i + channels]) / channels for i in range(0, len(samples), channels)]
    return Audio(samples, rate)


def _through_sox(path: Path) -> Audio | None:
    """The file converted to 16-bit mono PCM by sox, when sox is installed and can read it; else None."""
    import shutil
    import subprocess
    import tempfile

    sox = shutil.which("sox")
    if sox is None:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "converted.wav"
        done = subprocess.run(
            [sox, str(path), "-b", "16", "-e", "signed-integer", "-c", "1", str(target)],
            capture_output=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or not target.exists():
            return None
        with wave.open(str(target), "rb") as wav:
            rate, raw = wav.getframerate(), wav.readframes(wav.getnframes())
    return Audio(_decode(raw, 2), rate)


def _decode(raw: bytes, width: int) -> list[float]:
    if width == 1:  # 8-bit WAV is unsigned
        return [(b - 128) / 128.0 for b in raw]
    values = array.array("h" if width == 2 else "i")
    values.frombytes(raw[: len(raw) - len(raw) % width])
    if sys.byteorder == "big":
        values.byteswap()  # WAV is little-endian
    scale = float(2 ** (8 * width - 1))
    return [v / scale for v in values]


def write_wav(path: Path, samples: list[float], rate: int = TARGET_RATE) -> None:
    """16-bit mono PCM; used by the fakes, the benchmark and the recorder's sounddevice path."""
    values = array.array("h", (max(-32768, min(32767, int(s * 32767))) for s in samples))
    if sys.byteorder == "big":
        values.byteswap()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(values.tobytes())


def rms(samples: list[float]) -> float:
    return math.sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0


def speech_spans(audio: Audio) -> tuple[tuple[float, float], ...]:
    """(start, end) seconds of the stretches holding voice, small gaps bridged."""
    step = max(1, int(audio.rate * FRAME_S))
    levels = [rms(audio.samples[i : i + step]) for i in range(0, len(audio.samples), step)]
    if not levels:
        return ()
    loud = sorted(levels)[int(len(levels) * 0.95) if len(levels) > 1 else 0]
    threshold = max(MIN_SPEECH_LEVEL, loud * SILENCE_RATIO)
    spans: list[list[float]] = []
    for index, level in enumerate(levels):
        if level < threshold:
            continue
        start, end = index * FRAME_S, (index + 1) * FRAME_S
        if spans and start - spans[-1][1] < BRIDGE_S:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    duration = audio.duration_s
    return tuple((round(a, 3), round(min(b, duration), 3)) for a, b in spans)

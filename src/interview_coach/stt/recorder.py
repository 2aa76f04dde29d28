"""Recording one spoken answer from the microphone into a 16 kHz mono WAV file.

The first choice is ``sounddevice`` (PortAudio, from the voice-input extra): in-process, with a live level for
the meter. Without it (no PortAudio library, no input device) the recorder falls back to a command-line recorder:
sox's ``rec`` or ALSA's ``arecord``, run as a subprocess and stopped with SIGINT so it finishes the WAV header;
its level is read from the tail of the growing file. When none works, ``VoiceInputError`` names what is missing.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_coach.domain.transcription import LevelCallback, RecordingLevel
from interview_coach.stt import VoiceInputError
from interview_coach.stt.wav import TARGET_RATE, rms, write_wav

POLL_S = 0.1
"""How often the level and elapsed time are reported: ten times a second is smooth enough for a meter."""

START_GRACE_S = 0.4
"""A command-line recorder that cannot open a device exits at once; one still running after this is recording."""

LEVEL_GAIN = 4.0
"""Speech RMS sits around 0.05-0.25 of full scale; this maps it onto most of the meter's width."""

COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "sox rec": lambda wav: ["rec", "-q", "-r", str(TARGET_RATE), "-c", "1", "-b", "16", str(wav)],
    "arecord": lambda wav: ["arecord", "-q", "-f", "S16_LE", "-r", str(TARGET_RATE), "-c", "1", str(wav)],
}
EXECUTABLES = {"sox rec": "rec", "arecord": "arecord"}


_NO_DEVICE = re.compile(r"no default audio device|no such (?:file|device)|cannot open audio device|no soundcards", re.I)


def meter_level(value: float) -> float:
    return max(0.0, min(1.0, value * LEVEL_GAIN))


class _Ticker:
    """Calls ``on_level`` every POLL_S from a daemon thread until stopped."""

    def __init__(self, on_level: LevelCallback | None, level: Callable[[], float]) -> None:
        self._on_level, self._level = on_level, level
        self._stop = threading.Event()
        self.started = time.monotonic()
        if on_level is not None:
            threading.Thread(target=self._run, name="stt-level", daemon=True).start()

    def _run(self) -> None:
        while not self._stop.wait(POLL_S):
            assert self._on_level is not None
            with contextlib.suppress(Exception):  # a meter that fails must never stop the recording
                self._on_level(RecordingLevel(time.monotonic() - self.started, meter_level(self._level())))

    def stop(self) -> None:
        self._stop.set()


class SoundDeviceRecording:
    def __init__(self, sd: Any, wav: Path, on_level: LevelCallback | None) -> None:
        self._wav = wav
        self._chunks: list[list[float]] = []
        self._last = 0.0

        def callback(indata: Any, frames: int, when: Any, status: Any) -> None:
            block = [float(x) for x in indata[:, 0]]
            self._chunks.append(block)
            self._last = rms(block)

        self._stream = sd.InputStream(samplerate=TARGET_RATE, channels=1, dtype="float32", callback=callback)
        self._stream.start()
        self._ticker = _Ticker(on_level, lambda: self._last)

    def stop(self) -> Path:
        self._ticker.stop()
        self._stream.stop()
        self._stream.close()
        write_wav(self._wav, [s for chunk in self._chunks for s in chunk])
        return self._wav

    def cancel(self) -> None:
        self._ticker.stop()
        with contextlib.suppress(Exception):
            self._stream.abort()
            self._stream.close()


class SoundDeviceRecorder:
    backend = "sounddevice (PortAudio)"

    def __init__(self, sd: Any) -> None:
        self._sd = sd

    def start(self, wav: Path, on_level: LevelCallback | None = None) -> SoundDeviceRecording:
        try:
            return SoundDeviceRecording(self._sd, wav, on_level)
        except Exception as exc:  # PortAudioError: the device vanished or is busy
            raise VoiceInputError(f"cannot record from the microphone: {exc}") from None


class CommandRecording:
    def __init__(self, argv: Sequence[str], wav: Path, on_level: LevelCallback | None) -> None:
        self._wav = wav
        try:
            self._process = subprocess.Popen(
                list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
        except OSError as exc:
            raise VoiceInputError(f"cannot run {argv[0]}: {exc.strerror or exc}") from None
        try:
            self._process.wait(START_GRACE_S)
        except subprocess.TimeoutExpired:
            pass  # still running: recording
        else:
            detail = self._stderr_line()
            if _NO_DEVICE.search(detail):
                raise VoiceInputError(
                    f"no microphone found ({argv[0]}: {detail}). Plug one in or choose it as the default input, "
                    "or type your answer."
                )
            raise VoiceInputError(f"{argv[0]} could not record: {detail}")
        self._ticker = _Ticker(on_level, self._tail_level)

    def _stderr_line(self) -> str:
        err = self._process.stderr.read().decode("utf-8", "replace") if self._process.stderr else ""
        lines = [line.strip() for line in err.splitlines() if line.strip() and not line.startswith("ALSA lib")]
        return lines[-1] if lines else f"exit code {self._process.returncode}"

    def _tail_level(self) -> float:
        try:
            with open(self._wav, "rb") as handle:
                handle.seek(0, os.SEEK_END)
                size = handle.tell()
                handle.seek(max(44, size - 3200))
                tail = handle.read()
        except OSError:
            return 0.0
        import array

        values = array.array("h")
        values.frombytes(tail[: len(tail) - len(tail) % 2])
        return rms([v / 32768.0 for v in values])

    def stop(self) -> Path:
        self._ticker.stop()
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGINT)  # both recorders finish the WAV header on SIGINT
            try:
                self._process.wait(3)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if not self._wav.is_file():
            raise VoiceInputError(f"the recorder stopped without writing {self._wav}: {self._stderr_line()}")
        return self._wav

    def cancel(self) -> None:
        self._ticker.stop()
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._wav.unlink(missing_ok=True)


@dataclass
class CommandRecorder:
    backend: str
    argv: Callable[[Path], list[str]]

    def start(self, wav: Path, on_level: LevelCallback | None = None) -> CommandRecording:
        return CommandRecording(self.argv(wav), wav, on_level)


def _sounddevice() -> tuple[Any | None, str]:
    """The sounddevice module when it has an input device, else None and why not."""
    try:
        import sounddevice as sd
    except ImportError:
        return None, "the sounddevice library is not installed (it comes with the voice-input extra)"
    except OSError as exc:  # sounddevice raises OSError when the PortAudio C library is missing
        return None, f"sounddevice cannot load PortAudio ({exc}; on Debian/Ubuntu: apt install libportaudio2)"
    try:
        device = sd.query_devices(kind="input")
    except Exception as exc:
        return None, f"PortAudio found no input device ({exc})"
    if not device:
        return None, "PortAudio found no input device"
    return sd, str(device.get("name", "default input") if isinstance(device, dict) else device)


def find_recorder() -> tuple[Any | None, list[str]]:
    """The first recorder that can work here, and why each one before it cannot (for errors and ``doctor``)."""
    reasons: list[str] = []
    sd, detail = _sounddevice()
    if sd is not None:
        return SoundDeviceRecorder(sd), reasons
    reasons.append(detail)
    for backend, argv in COMMANDS.items():
        if shutil.which(EXECUTABLES[backend]) is not None:
            return CommandRecorder(backend, argv), reasons
        reasons.append(f"{EXECUTABLES[backend]} ({backend.split()[0]}) is not installed")
    return None, reasons


def build_recorder() -> Any:
    """A ``domain.transcription.Recorder``, or ``VoiceInputError`` naming the missing library or device."""
    recorder, reasons = find_recorder()
    if recorder is None:
        raise VoiceInputError(
            "no way to record from a microphone: " + "; ".join(reasons) + ". Install PortAudio (libportaudio2) or "
            "sox, and check that a microphone is connected."
        )
    return recorder

"""Subprocess entry point: synthesise stdin's text to a WAV file with pyttsx3, then exit.

Run as ``python -m interview_coach.tts.synth_worker --out X.wav [--voice ID] [--rate WPM]`` with the text on
stdin. pyttsx3 runs here, never in the app's process, because ``runAndWait()`` blocks and is not
re-entrant, ``save_to_file`` leaks into later ``say()`` calls, and the drivers print to stdout ("Audio saved
to ...") and let ALSA write to stderr. A fresh process per utterance has none of that state, and its
output is captured.

Exit codes: 0 ok, 2 usage (bad voice), 3 pyttsx3 or its platform driver unavailable, 4 synthesis failed. The
last line on stderr is the reason, for the parent's message.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import subprocess
import sys
import threading
import wave
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3
EXIT_FAILED = 4
# espeak-ng delivers the audio on its own thread; how long to wait for it after runAndWait() has returned.
ESPEAK_FINISH_TIMEOUT_S = 45.0


def _fail(code: int, message: str) -> int:
    sys.stderr.write(message.replace("\n", " ") + "\n")
    return code


def _voice_matches(voice: Any, wanted: str) -> bool:
    wanted = wanted.lower()
    return wanted in {str(voice.id).lower(), str(getattr(voice, "name", "") or "").lower()}


def _select_voice(engine: Any, wanted: str) -> str | None:
    """Set the voice by id or name; returns an error message if no installed voice matches."""
    voices = list(engine.getProperty("voices") or [])
    for voice in voices:
        if _voice_matches(voice, wanted):
            engine.setProperty("voice", voice.id)
            return None
    examples = ", ".join(str(v.id) for v in voices[:6])
    return f"unknown pyttsx3 voice {wanted!r}; {len(voices)} voices are installed, e.g. {examples}"


def _is_wav(path: Path) -> bool:
    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() > 0
    except (OSError, EOFError, wave.Error):
        return False


def _to_wav(produced: Path, out: Path) -> str | None:
    """macOS's driver writes AIFF whatever the name says; convert with afconvert. Returns an error or None."""
    if _is_wav(produced):
        if produced != out:
            produced.replace(out)
        return None
    afconvert = shutil.which("afconvert")
    if afconvert is None:
        return f"the speech driver wrote {produced.name} in a format other than WAV and afconvert is missing"
    result = subprocess.run(
        [afconvert, "-f", "WAVE", "-d", "LEI16", str(produced), str(out)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    produced.unlink(missing_ok=True)
    if result.returncode != 0 or not _is_wav(out):
        return f"afconvert could not convert the speech to WAV (exit {result.returncode})"
    return None


def synthesize(text: str, out: Path, voice: str | None, rate: int | None) -> int:
    try:
        import pyttsx3

        engine = pyttsx3.init()
    except Exception as exc:  # ImportError, or the driver's own error when espeak-ng / pyobjc / comtypes is missing
        return _fail(EXIT_UNAVAILABLE, f"pyttsx3 cannot start: {type(exc).__name__}: {exc}")
    if voice:
        error = _select_voice(engine, voice)
        if error:
            return _fail(EXIT_USAGE, error)
    if rate:
        engine.setProperty("rate", rate)
    # Let the driver write where it likes (AIFF on macOS), then make sure `out` is a real WAV file.
    produced = out.with_suffix(".aiff") if sys.platform == "darwin" else out
    finished = threading.Event()
    engine.connect("finished-utterance", lambda **_: finished.set())
    engine.save_to_file(text, str(produced))
    engine.runAndWait()
    # The espeak driver synthesises asynchronously (AUDIO_OUTPUT_RETRIEVAL) and ends its loop after 10 ms, so
    # runAndWait() may return before the WAV is written; its finished-utterance event comes after the write.
    if sys.platform not in ("darwin", "win32") and not finished.wait(ESPEAK_FINISH_TIMEOUT_S):
        return _fail(EXIT_FAILED, f"espeak-ng did not finish within {ESPEAK_FINISH_TIMEOUT_S:g} s")
    if not produced.is_file() or produced.stat().st_size == 0:
        return _fail(EXIT_FAILED, "the speech driver produced no audio")
    error = _to_wav(produced, out)
    return _fail(EXIT_FAILED, error) if error else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="interview_coach.tts.synth_worker")
    parser.add_argument("--out", required=True, type=Path, help="WAV file to write")
    parser.add_argument("--voice", default=None, help="voice id or name (default: the driver's)")
    parser.add_argument("--rate", default=None, type=int, help="words per minute (default: the driver's)")
    args = parser.parse_args(argv)
    text = sys.stdin.buffer.read().decode("utf-8", "replace").strip()
    if not text:
        return _fail(EXIT_USAGE, "no text on stdin")
    # The drivers print progress on stdout; the parent discards it, and this keeps a manual run quiet too.
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            return synthesize(text, args.out, args.voice, args.rate)
        except Exception as exc:
            return _fail(EXIT_FAILED, f"speech synthesis failed: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    code = main()
    sys.stderr.flush()
    # Skip interpreter teardown: espeak-ng's thread may still be unwinding its callback into Python.
    os._exit(code)

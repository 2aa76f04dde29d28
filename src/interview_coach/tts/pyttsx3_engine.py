"""Local, offline speech with pyttsx3, synthesised in a child process (see synth_worker for why)."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import shutil
import sys
from pathlib import Path

import interview_coach
from interview_coach.tts import synth_worker
from interview_coach.tts.base import SpeechError, wav_duration_s

WORKER_MODULE = "interview_coach.tts.synth_worker"


def driver_name() -> str:
    """pyttsx3's driver on this platform; part of the cache key because the voices differ."""
    if sys.platform == "darwin":
        return "nsss"
    if sys.platform == "win32":
        return "sapi5"
    return "espeak"


def engine_problem() -> str | None:
    """Why pyttsx3 cannot work here (without starting it), or None if it looks usable."""
    if importlib.util.find_spec("pyttsx3") is None:
        return "the pyttsx3 package is not installed"
    if driver_name() == "espeak":
        import ctypes.util

        found = ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak")
        if not found and not shutil.which("espeak-ng"):
            return "espeak-ng is not installed (e.g. `sudo apt install espeak-ng`)"
    return None


def _worker_env() -> dict[str, str]:
    """The child must import this very package, installed or not: put its source root first on the path."""
    env = dict(os.environ)
    root = str(Path(interview_coach.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


class Pyttsx3Synthesizer:
    """Runs ``python -m interview_coach.tts.synth_worker`` with asyncio, so the event loop is never held."""

    name = "pyttsx3"

    def __init__(
        self,
        voice: str | None = None,
        rate: int | None = None,
        *,
        timeout_s: float = 60.0,
        python: str = sys.executable,
    ) -> None:
        self.voice = voice
        self.rate = rate
        self.timeout_s = timeout_s
        self.python = python

    def cache_identity(self) -> tuple[str, ...]:
        return (self.name, self.voice or "default", driver_name(), str(self.rate or "default"))

    def command(self, out: Path) -> list[str]:
        argv = [self.python, "-m", WORKER_MODULE, "--out", str(out)]
        if self.voice:
            argv += ["--voice", self.voice]
        if self.rate:
            argv += ["--rate", str(self.rate)]
        return argv

    async def synthesize(self, text: str, out: Path) -> None:
        try:
            process = await asyncio.create_subprocess_exec(
                *self.command(out),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
                env=_worker_env(),
            )
        except OSError as exc:
            raise SpeechError(f"cannot start the pyttsx3 worker: {exc}", short="pyttsx3 unavailable") from None
        try:
            _, stderr = await asyncio.wait_for(process.communicate(text.encode("utf-8")), self.timeout_s)
        except TimeoutError:
            await _kill(process)
            raise SpeechError(
                f"pyttsx3 took longer than {self.timeout_s:g} s to synthesise the speech",
                short="pyttsx3 timed out",
                permanent=False,
            ) from None
        except BaseException:
            await _kill(process)  # the caller was cancelled: leave no orphan behind
            raise
        if process.returncode != synth_worker.EXIT_OK:
            raise _worker_error(process.returncode, stderr.decode("utf-8", "replace"))
        wav_duration_s(out)  # raises SpeechError unless the worker really wrote audio


async def _kill(process: asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    with contextlib.suppress(Exception):
        await asyncio.shield(process.wait())


def _worker_error(returncode: int | None, stderr: str) -> SpeechError:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    reason = lines[-1] if lines else f"exit code {returncode}"
    if returncode == synth_worker.EXIT_UNAVAILABLE:
        hint = engine_problem()
        detail = f"{reason} ({hint})" if hint else reason
        return SpeechError(f"local speech is unavailable: {detail}", short="pyttsx3 unavailable")
    if returncode == synth_worker.EXIT_USAGE:
        return SpeechError(reason, short="pyttsx3 voice not found")
    return SpeechError(f"pyttsx3 failed: {reason}", short="pyttsx3 failed", permanent=False)

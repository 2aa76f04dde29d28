"""Plays a WAV file with the platform's own player in a subprocess: output captured, killable at any moment.

Nothing here writes to the terminal. ALSA and PulseAudio complain loudly on stderr when there is no sound
card; that text is captured and only used to tell "no audio device" apart from other failures.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# In order of preference. The flags keep each player quiet and make ffplay exit at the end of the file.
PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("aplay", ("-q",)),
    ("paplay", ()),
    ("ffplay", ("-nodisp", "-autoexit", "-loglevel", "error")),
    ("afplay", ()),
)
PLAYER_NAMES = tuple(name for name, _ in PLAYERS)

# Phrases the players print when there is no device (ALSA, PulseAudio/PipeWire, SDL in ffplay).
_NO_DEVICE_HINTS = (
    "no soundcards",
    "audio open error",
    "cannot find card",
    "unknown pcm",
    "no such device",
    "connection refused",
    "connection failure",
    "could not connect",
    "audio device",
    "failed to open audio",
)
_STDERR_LIMIT = 4096

# Player processes still running, killed at interpreter exit so speech never outlives the app.
_live_pids: set[int] = set()


def find_player() -> list[str] | None:
    """The command (argv prefix) of the first player installed, or None."""
    for name, flags in PLAYERS:
        path = shutil.which(name)
        if path:
            return [path, *flags]
    return None


@dataclass(frozen=True)
class PlaybackResult:
    returncode: int | None
    cancelled: bool
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.cancelled or self.returncode == 0

    @property
    def no_device(self) -> bool:
        text = self.stderr.lower()
        return not self.ok and any(hint in text for hint in _NO_DEVICE_HINTS)

    @property
    def reason(self) -> str:
        """One line for a message: the player's last stderr line, or its exit code."""
        lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        return lines[-1] if lines else f"exit code {self.returncode}"


class Playback:
    """One running player process. ``cancel()`` is synchronous so an Esc handler can call it directly."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self._process = process
        self._cancelled = False
        self._result: PlaybackResult | None = None
        self._waiter: asyncio.Task[PlaybackResult] | None = None

    @classmethod
    async def start(cls, command: Sequence[str], path: Path) -> Playback:
        """Start playing ``path``; raises OSError if the player cannot be started at all."""
        process = await asyncio.create_subprocess_exec(
            *command,
            str(path),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        _live_pids.add(process.pid)
        return cls(process)

    @property
    def running(self) -> bool:
        return self._process.returncode is None

    def cancel(self) -> None:
        self._cancelled = True
        if self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()

    async def wait(self) -> PlaybackResult:
        """Wait for the player to exit (end of audio, failure or cancel). Safe to call more than once."""
        if self._waiter is None:
            self._waiter = asyncio.ensure_future(self._collect())
        return await asyncio.shield(self._waiter)

    async def _collect(self) -> PlaybackResult:
        assert self._process.stderr is not None
        try:
            # Read all of stderr (so the pipe never fills and blocks the player) but keep only the tail.
            tail = b""
            while chunk := await self._process.stderr.read(4096):
                tail = (tail + chunk)[-_STDERR_LIMIT:]
            returncode = await self._process.wait()
        finally:
            _live_pids.discard(self._process.pid)
        self._result = PlaybackResult(
            returncode=returncode, cancelled=self._cancelled, stderr=tail.decode("utf-8", "replace")
        )
        return self._result


async def play_file(command: Sequence[str], path: Path) -> PlaybackResult:
    """Play ``path`` to the end (the `speak` command); cancelling this coroutine kills the player."""
    playback = await Playback.start(command, path)
    try:
        return await playback.wait()
    finally:
        playback.cancel()


@atexit.register
def _kill_live_players() -> None:
    for pid in list(_live_pids):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)

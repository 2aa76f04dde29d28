"""Waiting in tests: always for a condition, with one generous deadline, never for a fixed time or number of rounds.

A fixed sleep is either too short on a loaded CI machine (a flaky test) or longer than needed everywhere else. The
deadline only decides when to give up; a test that waits for the right thing finishes as soon as it happens.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

TIMEOUT_S = float(os.environ.get("INTERVIEW_COACH_TEST_TIMEOUT", "60"))
"""How long a test waits for a state before it fails: generous, so that a loaded machine makes a test slow, never
red. Set INTERVIEW_COACH_TEST_TIMEOUT to change it (lower it to find a hang faster)."""

POLL_S = 0.01
"""How often a polled condition is checked again (the wait still ends on the condition)."""


def wait_for(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT_S) -> None:
    """Block until ``condition()`` holds; fail with ``what`` if it has not after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g}s for {what}")
        time.sleep(POLL_S)


def unread_bytes(pipe: object) -> int:
    """Bytes written to a pipe that its reader has not taken yet (POSIX ``FIONREAD``)."""
    import fcntl
    import struct
    import termios

    fileno = pipe.fileno()  # type: ignore[attr-defined]
    return int(struct.unpack("i", fcntl.ioctl(fileno, termios.FIONREAD, b"\0\0\0\0"))[0])

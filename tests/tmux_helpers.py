"""Drive the real console script in tmux, as a person would: type, press keys, read the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

CONSOLE_SCRIPT = Path(sys.executable).with_name("interview-coach")


def require_tmux() -> None:
    """Skip where tmux is missing on a developer machine; in CI (where .ci/run installs it) that is a failure."""
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is not installed, but CI must run the tmux tests (.ci/run installs it)")
        pytest.skip("tmux is not installed")


class TmuxSession:
    def __init__(self, command: str, env: dict[str, str], *, width: int = 120, height: int = 40) -> None:
        # Each session runs on its own tmux server (-L), so tests never touch a user's tmux or each other.
        self.name = f"ic-test-{uuid.uuid4().hex[:10]}"
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # After the program exits, the pane stays up a while so the test can read what it printed last.
        subprocess.run(
            [
                "tmux",
                "-L",
                self.name,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(width),
                "-y",
                str(height),
                f"env {exports} {command}; echo EXIT-CODE=$?; sleep 30",
            ],
            check=True,
            env={**os.environ, "TERM": "xterm-256color"},
        )

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "-L", self.name, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        ).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} did not appear within {timeout}s; the screen shows:\n{screen}")

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "-L", self.name, "send-keys", "-t", self.name, "-l", text], check=True)

    def press(self, *keys: str) -> None:
        subprocess.run(["tmux", "-L", self.name, "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.name, "kill-server"], capture_output=True, check=False)

"""Drive the real console script in tmux, as a person would: type, press keys, read the screen."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tests.system_tools import require_tool
from tests.waiting import TIMEOUT_S

CONSOLE_SCRIPT = Path(sys.executable).with_name("interview-coach")


def require_tmux() -> None:
    """Skip where tmux is missing on a developer machine; in CI (where .ci/run installs it) that is a failure."""
    require_tool(None if shutil.which("tmux") else "tmux is not installed", "tmux")


class TmuxSession:
    def __init__(self, command: str, env: dict[str, str], *, width: int = 120, height: int = 40) -> None:
        # Each session runs on its own tmux server (-L), so tests never touch a user's tmux or each other.
        self.name = f"ic-test-{uuid.uuid4().hex[:10]}"
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # The inner shell writes its pid, then becomes the program (exec): that pid is the program's, for close().
        self.pid_file = Path(tempfile.gettempdir()) / f"{self.name}.pid"
        program = f"echo $$ > {shlex.quote(str(self.pid_file))}; exec env {exports} {command}"
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
                f"sh -c {shlex.quote(program)}; echo EXIT-CODE=$?; sleep 30",
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

    def wait_for(self, text: str, timeout: float = TIMEOUT_S) -> str:
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
        """End a program still running with SIGTERM, as a closing terminal would, so it exits through its own
        handlers (and coverage saves its data); then end the tmux server, which would only hang it up."""
        try:
            pid = int(self.pid_file.read_text())
        except (OSError, ValueError):
            pid = None
        if pid is not None and "EXIT-CODE=" not in self.screen():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            with contextlib.suppress(AssertionError):  # it ends soon; if not, the server's end hangs it up
                self.wait_for("EXIT-CODE=", timeout=10)
        self.pid_file.unlink(missing_ok=True)
        subprocess.run(["tmux", "-L", self.name, "kill-server"], capture_output=True, check=False)

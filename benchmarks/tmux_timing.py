"""Time how long a terminal program takes to show a given text, the way a person sees it: in tmux."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid


def _tmux(socket: str, *args: str) -> str:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, check=False).stdout


def time_until_visible(
    command: str,
    marker: str,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 20.0,
    width: int = 120,
    height: int = 40,
) -> float:
    """Seconds from launching ``command`` in a fresh tmux session until ``marker`` is on screen."""
    # A private tmux server per run: a shared one exits when its last session closes, racing the next launch.
    name = f"bench-{uuid.uuid4().hex[:8]}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
    start = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "-L",
            name,
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(width),
            "-y",
            str(height),
            f"env {exports} {command}",
        ],
        check=True,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    try:
        while time.perf_counter() - start < timeout:
            if marker in _tmux(name, "capture-pane", "-p", "-t", name):
                return time.perf_counter() - start
            time.sleep(0.005)
        raise TimeoutError(f"{marker!r} did not appear within {timeout}s for: {command}")
    finally:
        subprocess.run(["tmux", "-L", name, "kill-server"], capture_output=True, check=False)

"""TUI memory: resident set size after a full offline interview driven in tmux. Target: under 120 MB."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import Row

BIN = Path(sys.executable).parent
TARGET_MB = 120.0
SOCKET = f"bench-mem-{uuid.uuid4().hex[:8]}"
ANSWER = (
    "I would start by measuring, then change one thing at a time: add the missing index, cache the hot read path "
    "with a short TTL, and retry idempotent calls with backoff and jitter, watching p99 latency and error rates."
)


def _tmux(*args: str) -> str:
    # A private tmux server (-L): never the user's, and no race with other sessions closing.
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False).stdout


def _wait(name: str, texts: tuple[str, ...], timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", name)
        for text in texts:
            if text in screen:
                return text
        time.sleep(0.05)
    raise TimeoutError(f"none of {texts} appeared")


def rss_after_full_interview(questions: int = 5) -> float:
    name = f"bench-mem-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as home:
        command = f"env INTERVIEW_COACH_HOME={home} {BIN / 'interview-coach'} start --track backend --seed 1"
        subprocess.run(
            ["tmux", "-L", SOCKET, "new-session", "-d", "-s", name, "-x", "120", "-y", "40", command], check=True
        )
        try:
            _wait(name, ("Warm-up",))
            for _ in range(3 * questions + 3):  # warm-up, questions and follow-ups; the summary ends the loop
                time.sleep(0.3)
                seen = _wait(name, ("Difficulty path", "That was the last question", "0 words"))
                if seen == "Difficulty path":
                    break
                if seen == "That was the last question":
                    _tmux("send-keys", "-t", name, "C-s")  # open the summary
                    continue
                _tmux("send-keys", "-t", name, "-l", ANSWER)
                _tmux("send-keys", "-t", name, "C-s")
                time.sleep(0.5)
            _wait(name, ("Difficulty path",))
            pane_pid = _tmux("list-panes", "-t", name, "-F", "#{pane_pid}").strip()
            status = Path(f"/proc/{pane_pid}/status").read_text()
            kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            return kib / 1024
        finally:
            _tmux("kill-server")


def results() -> list[Row]:
    mb = rss_after_full_interview()
    return [
        Row("TUI resident memory after a full interview", f"{mb:.0f} MB", "-", f"< {TARGET_MB:.0f} MB", mb < TARGET_MB)
    ]


if __name__ == "__main__":
    for row in results():
        print(row.markdown())

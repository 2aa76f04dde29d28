"""The README's Quickstart and plain example run as written against the installed console script."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Commands that need a terminal, a sound device or the user's own data are shown, not run.
NEEDS_A_PERSON = ("start --track", "start --resume", "--install-completion", "speak ", "--voice", "delete ")


def _block(after: str) -> list[str]:
    """The command lines of every bash block in the section that starts at ``after``."""
    section = README.split(after, 1)[1].split("\n## ", 1)[0]
    lines = []
    for code in section.split("```bash\n")[1:]:
        body = code.split("```", 1)[0]
        lines += [line.split("  #", 1)[0].strip() for line in body.splitlines() if line.strip()]
    return lines


def _run(command: str, home: Path) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)  # the installed copy's console script
    env = {**os.environ, "INTERVIEW_COACH_HOME": str(home), "PATH": bin_dir + os.pathsep + os.environ["PATH"]}
    env.pop("DEEPSEEK_API_KEY", None)
    return subprocess.run(
        ["bash", "-c", command], cwd=home, env=env, capture_output=True, text=True, timeout=180, check=False
    )


@pytest.mark.slow
def test_the_plain_example_then_the_quickstart_run_as_written(tmp_path: Path) -> None:
    plain = next(line for line in _block("## Quickstart") if line.startswith("printf"))
    assert re.search(r"interview-coach start .*--plain", plain)
    first = _run(plain, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "saved. Export it" in first.stdout  # the session completed, not left in progress
    for command in _block("## Quickstart"):
        if command.startswith("printf") or any(skip in command for skip in NEEDS_A_PERSON):
            continue
        result = _run(command, tmp_path)
        assert result.returncode == 0, f"{command}: {result.stderr}"

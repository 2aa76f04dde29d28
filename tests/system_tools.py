"""System tools some tests need (tmux, espeak-ng): skipped on a developer machine without them, a failure in CI.

.ci/run installs both, so under CI a missing tool means the tests that prove the product works end to end (the
real console script in tmux, real speech) silently stopped running: that must be red, never a quiet skip.
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    """True when the ``CI`` variable is set the way CI services set it (``CI=true``; not empty, 0 or false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_tool(problem: str | None, what: str) -> None:
    """Skip the test when ``problem`` says ``what`` is unusable here; under CI, fail it instead."""
    if problem is None:
        return
    if in_ci():
        pytest.fail(f"{what} is unusable ({problem}), but CI must run these tests (.ci/run installs it)")
    pytest.skip(f"{what} is unusable here: {problem}")

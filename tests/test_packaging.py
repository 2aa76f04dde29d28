"""The wheel carries everything a plain `pip install .` needs: the question bank, migrations and styles."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_wheel_contains_questions_migrations_and_styles(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("interview_coach-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.name for p in (ROOT / "questions").glob("*.json")}
    assert {f"interview_coach/questions/{name}" for name in shipped} <= names
    assert any(n.startswith("interview_coach/storage/migrations/versions/") and n.endswith(".py") for n in names)
    assert "interview_coach/storage/migrations/env.py" in names
    assert any(n.startswith("interview_coach/tui/") and n.endswith(".tcss") for n in names)
    assert "interview_coach/py.typed" in names


def test_shipped_questions_dir_is_found_from_the_package() -> None:
    from interview_coach.paths import shipped_questions_dir

    assert (shipped_questions_dir() / "backend.json").is_file()

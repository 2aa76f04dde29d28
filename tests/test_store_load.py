"""A reduced run of benchmarks/bench_store_load.py: candidate processes writing at once lose nothing and never hang.

5 processes x 10 answers on PostgreSQL (each its own role, row-level security on) and 3 on one SQLite file. No
timing is asserted here (a shared CI machine is too noisy); the benchmark reports p95 latency in the README.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.bench_store_load import grant_candidates, run_load, sqlite_load

from tests.pg_fixtures import OWNER, PgServer


def test_concurrent_candidates_on_postgresql_lose_nothing(
    pg_server: PgServer, pg_database: str, tmp_path: Path
) -> None:
    owner = pg_server.url(OWNER, pg_database)
    roles = [f"load{n}" for n in range(5)]
    grant_candidates(owner, pg_server.run, roles)
    result = run_load([(pg_server.url(role, pg_database), role) for role in roles], 10, owner, tmp_path)
    assert (result.stored_sessions, result.stored_answers, result.lost) == (5, 50, 0)
    assert len(result.latencies_ms) == 50
    profiles = pg_server.run("SELECT DISTINCT profile FROM sessions ORDER BY 1", database=pg_database)
    assert [p for (p,) in profiles] == roles  # each candidate's session is in its own role's name


def test_concurrent_candidates_on_sqlite_lose_nothing(tmp_path: Path) -> None:
    result = sqlite_load(tmp_path, 3, 10)
    assert (result.stored_sessions, result.stored_answers, result.lost) == (3, 30, 0)

"""Durability: a writer killed mid-session leaves a sound database holding every answer it reported."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

from interview_coach.paths import get_paths

REPORTED = 25

WRITER = textwrap.dedent(
    """
    import itertools, sys
    from interview_coach.config import load_settings
    from interview_coach.domain.models import Role, Session, Turn, TurnKind
    from interview_coach.storage.db import open_store

    store = open_store(load_settings())
    store.create_session(Session(id="killed-session", track="backend"))
    for seq in itertools.count():
        text = f"answer {seq} " + "words " * 200
        store.add_turn(Turn(session_id="killed-session", seq=seq, role=Role.CANDIDATE, kind=TurnKind.ANSWER, text=text))
        print(seq, flush=True)  # only after add_turn returned, i.e. after the commit
    """
)


def test_killing_a_writer_loses_no_reported_answer_and_leaves_a_sound_file() -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),  # carries the test's INTERVIEW_COACH_HOME
    )
    assert writer.stdout is not None
    reported = []
    try:
        for _ in range(REPORTED):
            line = writer.stdout.readline()
            if not line:
                raise AssertionError(f"the writer died early: {writer.stderr.read() if writer.stderr else ''}")
            reported.append(int(line))
        writer.send_signal(signal.SIGKILL)  # mid-session: it is already writing the next answer
    finally:
        writer.kill()
        writer.wait()
    assert writer.returncode == -signal.SIGKILL

    db = get_paths().database_file
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {seq for (seq,) in raw.execute("SELECT seq FROM turns WHERE session_id = 'killed-session'")}
    assert set(reported) <= stored
    assert reported == list(range(REPORTED))

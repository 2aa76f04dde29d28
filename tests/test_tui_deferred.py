"""The start-up stand-ins (DeferredStore, DeferredCoach), the TUI's labels and keymap checks, exports, launch."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from interview_coach.config import load_settings
from interview_coach.domain.models import Role, Session, Turn, TurnKind, utcnow
from interview_coach.domain.ports import CoachHealth, CoachState
from interview_coach.errors import StorageError, UsageError
from interview_coach.tui.bindings import SUBMIT, check_keymap
from interview_coach.tui.deferred import DeferredCoach, DeferredStore
from interview_coach.tui.exporting import export_session
from interview_coach.tui.labels import OFFLINE_BY_CHOICE, OFFLINE_NO_KEY, coach_label, countdown
from tests.engine_helpers import make_bank, make_question
from tests.fakes.coaches import ScriptedCoach
from tests.fakes.memory_store import InMemorySessionStore


def turn(session_id: str, seq: int, text: str) -> Turn:
    return Turn(session_id=session_id, seq=seq, role=Role.COACH, kind=TurnKind.QUESTION, text=text)


def test_writes_before_open_are_replayed_in_order_as_they_were() -> None:
    deferred = DeferredStore()
    session = Session(id="s1", track="t")
    deferred.create_session(session)
    deferred.add_turn(turn("s1", 1, "first"))
    session.turns.append(turn("s1", 1, "first"))  # the engine keeps its own copy growing; the journal must not
    assert deferred.has_pending_writes and not deferred.is_open

    saved: list[str] = []
    deferred.listeners.append(lambda: saved.append("saved"))
    real = InMemorySessionStore()
    deferred.attach(real)
    assert deferred.is_open and not deferred.has_pending_writes
    assert [t.text for t in real.sessions["s1"].turns] == ["first"]  # once, not twice
    deferred.add_turn(turn("s1", 2, "second"))
    assert [t.text for t in real.sessions["s1"].turns] == ["first", "second"]
    assert saved == ["saved", "saved"]  # after the replay, and after the direct write


def test_reads_block_until_the_store_is_attached() -> None:
    deferred = DeferredStore()
    result: list[object] = []
    reader = threading.Thread(target=lambda: result.append(deferred.list_sessions()))
    reader.start()
    reader.join(timeout=0.05)
    assert reader.is_alive() and result == []
    deferred.attach(InMemorySessionStore())
    reader.join(timeout=5)
    assert result == [[]]


async def test_wait_open_wakes_up_when_a_thread_attaches_and_reports_a_failure() -> None:
    deferred = DeferredStore()
    real = InMemorySessionStore()
    waiter = asyncio.ensure_future(deferred.wait_open())
    await asyncio.sleep(0)
    assert not waiter.done()
    await asyncio.to_thread(deferred.attach, real)
    assert await asyncio.wait_for(waiter, 5) is real

    broken = DeferredStore()
    waiting = asyncio.ensure_future(broken.wait_open())
    await asyncio.sleep(0)
    await asyncio.to_thread(broken.fail, StorageError("database is newer than this app"))
    with pytest.raises(StorageError, match="newer"):
        await asyncio.wait_for(waiting, 5)
    with pytest.raises(StorageError, match="newer"):
        broken.add_turn(turn("s", 1, "x"))


def test_close_releases_blocked_readers() -> None:
    deferred = DeferredStore()
    errors: list[BaseException] = []

    def read() -> None:
        try:
            deferred.load_session("nope")
        except StorageError as exc:
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    deferred.close()
    reader.join(timeout=5)
    assert len(errors) == 1 and "nothing was saved" in str(errors[0])


async def test_deferred_coach_builds_the_real_coach_once_off_the_event_loop() -> None:
    built: list[str] = []
    loop_thread = threading.get_ident()

    def factory() -> ScriptedCoach:
        built.append("built" if threading.get_ident() != loop_thread else "on the loop!")
        return ScriptedCoach(name="deepseek-v4-flash")

    coach = DeferredCoach("deepseek-v4-flash", factory)
    assert coach.health().state is CoachState.ONLINE and not coach.built
    question = make_question("q", 2)
    results = await asyncio.gather(coach.score(question, "score=70"), coach.score(question, "score=30"))
    assert [r.overall for r in results] == [70.0, 30.0]
    assert built == ["built"]
    chunks = [chunk async for chunk in coach.stream_feedback(question, "x", results[0])]
    assert "".join(chunks).strip() == "deepseek-v4-flash: 70"
    assert coach.health().configured


def test_coach_labels_say_plainly_what_is_going_on() -> None:
    no_key = load_settings()
    assert coach_label(CoachHealth(configured=False), no_key) == OFFLINE_NO_KEY
    with_key = load_settings({"deepseek_api_key": "sk-test-000000000000", "offline": True})
    assert coach_label(CoachHealth(configured=False), with_key) == OFFLINE_BY_CHOICE
    unchecked = CoachHealth(configured=True, state=CoachState.ONLINE, model="deepseek-v4-flash")
    assert coach_label(unchecked, with_key) == "AI coach (deepseek-v4-flash), not reached yet"
    online = CoachHealth(configured=True, state=CoachState.ONLINE, model="deepseek-v4-flash", last_ok_at=utcnow())
    assert coach_label(online, with_key) == "AI online (deepseek-v4-flash)"
    degraded = CoachHealth(configured=True, state=CoachState.DEGRADED, fallback_active=True)
    assert coach_label(degraded, with_key) == "AI unavailable - offline fallback"


def test_countdown() -> None:
    assert countdown(None, 10) == ("", False)
    assert countdown(300, 12.4) == ("4:48 left", False)
    assert countdown(60, 75) == ("0:15 over", True)


def test_submit_is_not_a_priority_binding() -> None:
    # A priority binding runs before the keystrokes still queued for the answer box: fast typists lost words.
    assert not SUBMIT.priority


def test_check_keymap_keeps_known_ids_and_names_the_unknown() -> None:
    usable, problems = check_keymap({"hint": "ctrl+g", "submit": " ", "bogus": "f9"})
    assert usable == {"hint": "ctrl+g"}
    assert any("unknown binding id 'bogus'" in p for p in problems)
    assert any("empty key for 'submit'" in p for p in problems)


def test_export_writes_markdown_and_json_atomically(tmp_path: Path) -> None:
    session = Session(id="f" * 32, track="t", turns=[turn("f" * 32, 1, "Prompt of q")])
    md = export_session(session, "md", tmp_path / "exports", make_bank().questions)
    js = export_session(session, "json", tmp_path / "exports", {})
    assert md.name.endswith(f"-t-{'f' * 8}.md") and "Prompt of q" in md.read_text(encoding="utf-8")
    assert json.loads(js.read_text(encoding="utf-8"))["session"]["id"] == "f" * 32
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == sorted([md.name, js.name])  # no temp files


def test_start_engine_starts_with_a_warm_up_without_touching_the_database(tmp_path: Path) -> None:
    from interview_coach.tui.services import start_engine
    from tests.tui_helpers import make_services

    services = make_services(tmp_path, opener=lambda: InMemorySessionStore())
    engine = start_engine(services, "t", {"seed": 3, "warmups": 1})
    assert engine is not None and engine.current is not None and engine.current.warmup
    assert not services.store.is_open and services.store.has_pending_writes
    # Without a warm-up the first question depends on past sessions: the screen starts it once the store is open.
    assert start_engine(services, "t", {"seed": 3, "warmups": 0}) is None
    assert start_engine(services, "t", {"seed": 3, "review": True}) is None


def test_run_tui_rejects_an_unknown_track_before_opening_anything() -> None:
    from interview_coach.tui.launch import run_tui

    with pytest.raises(UsageError, match="unknown track 'nope'; choose one of: "):
        run_tui(load_settings(), track="nope", resume=False, session_id=None, extra_dirs=[], flags={})


def test_nothing_heavy_is_imported_before_the_first_screen(tmp_path: Path) -> None:
    """Even with an API key: the database (SQLAlchemy, Alembic) and httpx load after the first question shows."""
    probe = (
        "import sys, json\n"
        "from interview_coach.config import load_settings\n"
        "from interview_coach.tui.services import build_services, start_engine\n"
        "import interview_coach.tui.launch, interview_coach.tui.app\n"
        "services = build_services(load_settings())\n"
        "engine = start_engine(services, services.bank.tracks()[0], {'seed': 1})\n"
        "assert engine is not None and engine.current is not None\n"
        "heavy = {'sqlmodel', 'sqlalchemy', 'alembic', 'httpx'}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & heavy)))"
    )
    env = {"INTERVIEW_COACH_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "DEEPSEEK_API_KEY": "sk-test-0000000000"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []

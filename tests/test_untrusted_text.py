"""Untrusted text stays inert (no escape sequence or live markup reaches a terminal or an export), undecodable
input never ends a session, and the user's files are private whatever the umask."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from interview_coach.domain.inert import inert, inert_json
from tests.cli_helpers import run_cli
from tests.validation_helpers import complete_track, write_file

ESC_TITLE = "\x1b]0;pwned\x07"
OSC_52 = "\x1b]52;c;aGVsbG8=\x07"
CSI_C1 = "\x9b31m"
BIDI = "\u202e"
MARKUP = "[reverse]X [@click=app.quit]Y[/] <script>alert(1)</script> [link=https://example.invalid]z[/link]"
HOSTILE_ANSWER = (
    f"I would use an index{ESC_TITLE}{OSC_52} on the filter columns {CSI_C1}and{BIDI} check the plan. {MARKUP}"
)


def test_inert_escapes_control_characters_and_keeps_newlines_and_tabs() -> None:
    assert inert("a\tb\nc") == "a\tb\nc"
    assert inert("a\r\nb\rc") == "a\nb\nc"
    shown = inert(ESC_TITLE + OSC_52 + CSI_C1 + BIDI)
    assert "\x1b" not in shown and "\x9b" not in shown and "\x07" not in shown and BIDI not in shown
    assert shown.startswith("\\x1b]0;pwned\\x07")
    assert inert("caf\udce9") == "caf\\xe9"  # a byte that was not UTF-8 stays visible
    assert inert(MARKUP) == MARKUP  # markup is not a control character: the views show it as text


def test_inert_json_escapes_what_json_dumps_leaves_raw_and_still_parses() -> None:
    text = json.dumps({"a": "x\x9by\u202ez"}, ensure_ascii=False)
    safe = inert_json(text)
    assert "\x9b" not in safe and "\u202e" not in safe
    assert json.loads(safe) == {"a": "x\x9by\u202ez"}


def test_validate_reports_control_characters_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = complete_track()
    questions[1]["prompt"] = "Explain caching " + OSC_52
    questions[2]["hints"] = ["Think " + ESC_TITLE]
    write_file(tmp_path, "backend.json", questions)
    result = run_cli(capsys, "validate-questions", str(tmp_path))
    assert result.code == 1
    assert "control-characters" in result.out and "prompt holds control characters" in result.out
    assert "hints[0] holds control characters" in result.out
    assert "\x1b" not in result.out


def test_a_file_with_bytes_that_are_not_utf8_is_read_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_file(tmp_path, "backend.json", complete_track())
    path.write_bytes(path.read_bytes().replace(b"Think.", b"Th\xe9nk."))
    result = run_cli(capsys, "validate-questions", str(tmp_path))
    assert result.code == 0 and "encoding" in result.out and "6 valid question(s)" in result.out


def _plain(home: Path, stdin: bytes, *args: str, umask: int = 0o022) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "INTERVIEW_COACH_HOME": str(home), "NO_COLOR": "1"}
    env.pop("DEEPSEEK_API_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "interview_coach", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        preexec_fn=lambda: os.umask(umask),
        check=False,
    )


START = ("start", "--plain", "--offline", "--no-voice", "--track", "backend", "--questions", "1", "--warmups", "0")


def test_a_hostile_answer_never_reaches_the_terminal_or_any_export(tmp_path: Path) -> None:
    home = tmp_path / "home"
    pack = tmp_path / "pack"
    hostile_pack = complete_track()
    for question in hostile_pack:
        question["prompt"] = f"{MARKUP} {question['prompt']}"
    write_file(pack, "backend.json", hostile_pack)
    run = _plain(home, (HOSTILE_ANSWER + "\n.\n").encode(), *START, "--follow-ups", "0", "--questions-dir", str(pack))
    assert run.returncode == 0, run.stderr
    assert b"\x1b" not in run.stdout and b"\x9b" not in run.stdout and BIDI.encode() not in run.stdout
    for fmt in ("md", "csv", "json", "jsonl"):
        exported = _plain(home, b"", "export", "--last", "--format", fmt)
        assert exported.returncode == 0, exported.stderr
        assert b"\x1b" not in exported.stdout and b"\x9b" not in exported.stdout, fmt
        assert BIDI.encode() not in exported.stdout, fmt
        if fmt in ("md", "csv"):
            assert b"\\x1b]0;pwned" in exported.stdout, fmt  # kept, as visible text


def test_an_answer_with_bytes_that_are_not_utf8_is_saved(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run = _plain(home, b"caf\xe9 x\n.\n", *START, "--follow-ups", "0")
    assert run.returncode == 0, run.stderr
    exported = _plain(home, b"", "export", "--last", "--format", "json")
    answers = [t["text"] for t in json.loads(exported.stdout)["session"]["turns"] if t["kind"] == "answer"]
    assert answers == ["caf\\xe9 x"]


def test_files_are_private_whatever_the_umask_and_old_installs_are_tightened(tmp_path: Path) -> None:
    home = tmp_path / "home"
    old_config = home / "config" / "config.toml"
    old_config.parent.mkdir(parents=True)
    old_config.write_text('deepseek_model = "deepseek-chat"\n')
    old_config.chmod(0o644)
    old_config.parent.chmod(0o755)
    run = _plain(home, b"An index on the filter columns.\n.\n", *START, "--follow-ups", "0")
    assert run.returncode == 0, run.stderr
    exposed = [
        f"{path} {stat.filemode(path.stat().st_mode)}"
        for path in [home / "config", home / "data", home / "cache", *home.rglob("*")]
        if path.exists() and path.stat().st_mode & 0o077
    ]
    assert exposed == []
    assert (home / "data" / "interview-coach.sqlite3").exists()


def test_doctor_warns_about_a_key_others_can_read(tmp_path: Path) -> None:
    home = tmp_path / "home"
    config = home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('deepseek_api_key = "sk-0123456789abcdef0123"\n')
    config.chmod(0o644)
    run = _plain(home, b"", "doctor")
    out = run.stdout.decode()
    assert "holds an API key and others can read it" in out and "chmod 600" in out
    assert "sk-0123456789abcdef0123" not in out


async def test_tui_notifications_show_untrusted_text_as_text(tmp_path: Path) -> None:
    from tests.tui_helpers import make_app, make_services, settle

    app = make_app(make_services(tmp_path))
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        app.notify(f"broken pack {MARKUP}.json {ESC_TITLE}", title=f"API {OSC_52}")
        await pilot.pause()
        [shown] = [n for n in app._notifications if "broken pack" in n.message]
        assert shown.markup is False  # "[@click=app.quit]" stays text, not a live action
        assert "[@click=app.quit]" in shown.message and "\x1b" not in shown.message + shown.title

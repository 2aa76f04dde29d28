"""`interview-coach speak`: real audio to a file, and clear one-line errors."""

from __future__ import annotations

import wave
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from interview_coach.cli import app
from interview_coach.commands._common import run_guarded
from interview_coach.tts import player
from tests.tts_helpers import fake_player

needs_pyttsx3 = pytest.mark.usefixtures("speech_engine")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run_guarded(app, args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@needs_pyttsx3
def test_speak_out_writes_a_wav_file(tmp_path: Path) -> None:
    out = tmp_path / "question.wav"
    result = CliRunner().invoke(app, ["speak", "What is dependency injection?", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    with wave.open(str(out)) as wav:
        assert 0.5 <= wav.getnframes() / wav.getframerate() <= 10


@needs_pyttsx3
def test_speak_out_with_voice_and_rate(tmp_path: Path) -> None:
    out = tmp_path / "q.wav"
    result = CliRunner().invoke(
        app, ["speak", "Hi there", "--engine", "pyttsx3", "--voice", "gmw/en-US", "--rate", "150", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 44


@needs_pyttsx3
def test_speak_without_an_audio_device_fails_with_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    command, _ = fake_player(tmp_path, "nodevice")
    monkeypatch.setattr(player, "find_player", lambda: command)
    code, _, err = run(["speak", "hello"], capsys)
    assert code == 1
    assert err.startswith("error: no audio device") and "--out FILE.wav" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@needs_pyttsx3
def test_speak_plays_with_the_player_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    command, log = fake_player(tmp_path, "ok")
    monkeypatch.setattr(player, "find_player", lambda: command)
    code, out, _ = run(["speak", "hello"], capsys)
    assert code == 0
    assert "spoke" in out and "pyttsx3" in out
    assert log.read_text().strip().endswith(".wav")


def test_speak_with_no_player_installed(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(player, "find_player", lambda: None)
    code, _, err = run(["speak", "hello"], capsys)
    assert code == 1
    assert "no audio player found" in err and "--out" in err


def test_elevenlabs_without_a_key_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["speak", "hello", "--engine", "elevenlabs", "--out", str(tmp_path / "x.wav")], capsys)
    assert code == 1
    assert err.strip() == "error: ElevenLabs needs an API key: set ELEVENLABS_API_KEY (or use the pyttsx3 engine)."


@needs_pyttsx3
@respx.mock
def test_configured_chain_falls_back_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key = "sk_el_cli_key_0123456789"
    monkeypatch.setenv("ELEVENLABS_API_KEY", key)
    monkeypatch.setenv("INTERVIEW_COACH_TTS_PRIMARY", "elevenlabs")
    monkeypatch.setenv("INTERVIEW_COACH_TTS_FALLBACK", "pyttsx3")
    route = respx.post(url__startswith="https://api.elevenlabs.io/v1/text-to-speech/").mock(
        return_value=httpx.Response(401, json={"detail": {"status": "quota_exceeded", "message": "no"}})
    )
    out = tmp_path / "x.wav"
    code, stdout, err = run(["speak", "hello", "--out", str(out)], capsys)
    assert code == 0
    assert route.call_count == 1
    assert err.strip() == "voice: ElevenLabs quota exceeded - using pyttsx3"
    assert "pyttsx3" in stdout and out.exists()
    assert key not in stdout + err


def test_engine_none_with_out_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["speak", "hello", "--engine", "none", "--out", str(tmp_path / "x.wav")], capsys)
    assert code == 2
    assert "makes no audio" in err


def test_out_must_name_a_wav_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["speak", "hello", "--out", str(tmp_path / "x.mp3")], capsys)
    assert code == 2 and "writes WAV audio" in err and "x.mp3" in err
    assert not (tmp_path / "x.mp3").exists()


def test_engine_none_without_out_says_voice_is_off(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["speak", "hello", "--engine", "none"], capsys)
    assert code == 0
    assert "voice is off" in err


def test_empty_text_and_bad_engine_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["speak", "   "], capsys)[0] == 2
    code, _, err = run(["speak", "hi", "--engine", "espeak"], capsys)
    assert code == 2
    assert "--engine" in err


@needs_pyttsx3
def test_unwritable_out_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing-dir" / "x.wav"
    code, _, err = run(["speak", "hi", "--out", str(target)], capsys)
    assert code == 1
    assert str(target) in err and "Traceback" not in err

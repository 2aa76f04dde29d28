"""The recorder: sounddevice first, then sox `rec` / `arecord`, and clear messages when nothing can record."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from interview_coach.domain.transcription import RecordingLevel
from interview_coach.stt import VoiceInputError
from interview_coach.stt import recorder as rec
from interview_coach.stt.wav import read_wav

# A stand-in for `rec`: writes a one-second WAV header and samples, then waits for SIGINT like the real tools.
FAKE_REC = """
import signal, sys, time, wave
path = sys.argv[1]
stop = []
signal.signal(signal.SIGINT, lambda *a: stop.append(1))
w = wave.open(path, "wb"); w.setnchannels(1); w.setsampwidth(2); w.setframerate(16000)
while not stop:
    w.writeframes(b"\\x00\\x20" * 1600); time.sleep(0.05)
w.close()
"""
FAILING_REC = "import sys; sys.stderr.write('ALSA lib noise\\nrec FAIL sox: no default audio device\\n'); sys.exit(1)"


def test_sounddevice_comes_first_when_it_has_a_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rec, "_sounddevice", lambda: (object(), "USB mic"))
    recorder, reasons = rec.find_recorder()
    assert isinstance(recorder, rec.SoundDeviceRecorder) and reasons == []


def test_falls_back_to_sox_rec_then_arecord(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rec, "_sounddevice", lambda: (None, "sounddevice cannot load PortAudio"))
    monkeypatch.setattr(rec.shutil, "which", lambda name: "/usr/bin/arecord" if name == "arecord" else None)
    recorder, reasons = rec.find_recorder()
    assert isinstance(recorder, rec.CommandRecorder) and recorder.backend == "arecord"
    assert reasons == ["sounddevice cannot load PortAudio", "rec (sox) is not installed"]


def test_no_recorder_names_every_missing_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rec, "_sounddevice", lambda: (None, "the sounddevice library is not installed"))
    monkeypatch.setattr(rec.shutil, "which", lambda name: None)
    with pytest.raises(VoiceInputError) as caught:
        rec.build_recorder()
    message = str(caught.value)
    assert "sounddevice library is not installed" in message and "arecord (arecord) is not installed" in message
    assert "microphone" in message


def test_missing_portaudio_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_portaudio(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_portaudio)
    module, reason = rec._sounddevice()
    assert module is None and "PortAudio library not found" in reason and "libportaudio2" in reason


def test_command_recorder_records_until_stopped_and_reports_levels(tmp_path: Path) -> None:
    levels: list[RecordingLevel] = []
    recorder = rec.CommandRecorder("fake rec", lambda wav: [sys.executable, "-c", FAKE_REC, str(wav)])
    recording = recorder.start(tmp_path / "a.wav", levels.append)
    import time

    deadline = time.monotonic() + 5
    while not any(level.level > 0 for level in levels) and time.monotonic() < deadline:
        time.sleep(0.05)
    wav = recording.stop()
    assert read_wav(wav).duration_s > 0.1
    assert any(level.level > 0 for level in levels) and levels[-1].elapsed_s > 0


def test_command_recorder_that_cannot_open_a_device_says_why(tmp_path: Path) -> None:
    recorder = rec.CommandRecorder("fake rec", lambda wav: [sys.executable, "-c", FAILING_REC])
    with pytest.raises(VoiceInputError, match="no microphone found .*rec FAIL sox: no default audio device"):
        recorder.start(tmp_path / "a.wav")


def test_command_recorder_cancel_leaves_no_file(tmp_path: Path) -> None:
    recorder = rec.CommandRecorder("fake rec", lambda wav: [sys.executable, "-c", FAKE_REC, str(wav)])
    recording = recorder.start(tmp_path / "a.wav")
    recording.cancel()
    assert not (tmp_path / "a.wav").exists()


# ----- doctor -----


def _doctor(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, Any]]:
    import json

    from tests.cli_helpers import run_cli

    result = run_cli(capsys, "doctor", "--json")
    assert result.code == 0  # voice input is optional: never a failure
    return {c["name"]: c for c in json.loads(result.out)["checks"]}


def test_doctor_reports_the_microphone_backend_and_device(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rec, "_sounddevice", lambda: (object(), "USB mic"))
    check = _doctor(capsys)["microphone"]
    assert check["status"] == "ok" and "sounddevice" in check["details"]["backend"]
    monkeypatch.setattr(rec, "_sounddevice", lambda: (None, "PortAudio found no input device"))
    monkeypatch.setattr(rec.shutil, "which", lambda name: None)
    check = _doctor(capsys)["microphone"]
    assert check["status"] == "warn" and "PortAudio found no input device" in check["summary"]


def test_doctor_reports_a_command_recorder_that_finds_no_device(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rec, "_sounddevice", lambda: (None, "no PortAudio"))
    failing = rec.CommandRecorder("sox rec", lambda wav: [sys.executable, "-c", FAILING_REC])
    monkeypatch.setattr(rec, "find_recorder", lambda: (failing, ["no PortAudio"]))
    check = _doctor(capsys)["microphone"]
    assert check["status"] == "warn" and "no default audio device" in check["summary"]


def test_doctor_reports_the_engine_or_how_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("interview_coach.stt.probe.engine_installed", lambda: False)
    check = _doctor(capsys)["stt"]
    assert check["status"] == "warn" and "pip install 'interview-coach[voice-input]'" in check["summary"]
    monkeypatch.setattr("interview_coach.stt.probe.engine_installed", lambda: True)
    monkeypatch.setattr("interview_coach.stt.moonshine_engine.model_present", lambda: True)
    check = _doctor(capsys)["stt"]
    assert check["status"] == "ok" and check["details"]["model_present"] is True

"""`start --plain --answer-audio DIR` and `--talk`: spoken answers scored, with delivery kept in the export."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest

from interview_coach.paths import get_paths
from interview_coach.stt import VoiceInputError
from tests.cli_helpers import Result, run_cli
from tests.stt_helpers import (
    FakeRecorder,
    FakeRecording,
    FakeTranscriber,
    espeak_wav,
    hide_engine,
    require_engine,
    tone_wav,
)

START = ("start", "--track", "backend", "--plain", "--questions", "2", "--warmups", "0", "--follow-ups", "0")
START += ("--seed", "7", "--offline")
ANSWER = "Um, an index is a sorted structure, you know, a B-tree, so the database avoids a full table scan."


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> Result:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return run_cli(capsys, *args)


def fake_engine(monkeypatch: pytest.MonkeyPatch, *texts: str) -> FakeTranscriber:
    fake = FakeTranscriber(list(texts))
    monkeypatch.setattr("interview_coach.stt.build_transcriber", lambda: fake)
    return fake


def answers_dir(tmp_path: Path, count: int, seconds: float = 6.0) -> Path:
    folder = tmp_path / "answers"
    folder.mkdir()
    for n in range(count):
        tone_wav(folder / f"{n + 1:02d}.wav", seconds, gaps=[(2.0, 4.5)])
    return folder


def test_session_answered_from_wav_files_keeps_transcripts_and_delivery_in_the_export(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = fake_engine(monkeypatch, ANSWER)
    folder = answers_dir(tmp_path, 2)
    result = run(capsys, monkeypatch, "", *START, "--answer-audio", str(folder))
    assert result.code == 0, result.err
    assert [p.name for p in fake.heard] == ["01.wav", "02.wav"]  # sorted order, one per answer
    assert result.out.count("-- Heard: Um, an index is a sorted structure") == 2
    assert "Delivery: " in result.out and "1 long pause (longest 2.5 s)" in result.out
    assert result.out.index("-- Score:") < result.out.index("Delivery: ")  # beside the score, after it
    exported = json.loads(run_cli(capsys, "export", "--last", "--format", "json").out)
    answers = [t for t in exported["session"]["turns"] if t["kind"] == "answer"]
    assert [a["text"] for a in answers] == [ANSWER, ANSWER]
    delivery = answers[0]["metrics"]["delivery"]
    assert delivery["source"] == "speech" and delivery["fillers"] == {"um": 1, "you know": 1}
    assert delivery["long_pauses"] == 1 and delivery["audio_file"]
    kept = get_paths().data_dir / "answer-audio" / delivery["audio_file"]
    assert kept.is_file() and stat.S_IMODE(kept.stat().st_mode) == 0o600
    markdown = run_cli(capsys, "export", "--last", "--format", "md").out
    assert "Delivery: " in markdown
    assert "to first keystroke" not in markdown and "filler word" not in markdown.split("Delivery: ")[0]
    import csv

    csv_rows = list(csv.DictReader(io.StringIO(run_cli(capsys, "export", "--last", "--format", "csv").out)))
    assert [(r["spoken_long_pauses"], r["spoken_fillers"]) for r in csv_rows] == [("1", "2"), ("1", "2")]
    stats = run_cli(capsys, "stats", "--json")
    trend = json.loads(stats.out)["delivery"]
    assert trend["spoken_answers"] == 2 and trend["fillers_per_100_words"]["count"] == 1
    assert "Delivery of spoken answers (2 answers in 1 session" in run_cli(capsys, "stats").out


def test_json_events_carry_the_transcript_and_delivery(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_engine(monkeypatch, ANSWER)
    result = run(capsys, monkeypatch, "", *START, "--json", "--answer-audio", str(answers_dir(tmp_path, 2)))
    events = [json.loads(line) for line in result.out.splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds.count("transcript") == 2 and kinds.count("delivery") == 2
    delivery = next(e for e in events if e["event"] == "delivery")
    assert delivery["delivery"]["filler_count"] == 2 and isinstance(delivery["tips"], list)


def test_no_keep_audio_keeps_no_recording(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_engine(monkeypatch, ANSWER)
    result = run(capsys, monkeypatch, "", *START, "--answer-audio", str(answers_dir(tmp_path, 2)), "--no-keep-audio")
    assert result.code == 0, result.err
    assert not (get_paths().data_dir / "answer-audio").exists()
    exported = json.loads(run_cli(capsys, "export", "--last", "--format", "json").out)
    answers = [t for t in exported["session"]["turns"] if t["kind"] == "answer"]
    assert answers[0]["metrics"]["delivery"]["audio_file"] is None


def test_keep_audio_setting_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_engine(monkeypatch, ANSWER)
    monkeypatch.setenv("INTERVIEW_COACH_KEEP_AUDIO", "false")
    assert run(capsys, monkeypatch, "", *START, "--answer-audio", str(answers_dir(tmp_path, 2))).code == 0
    assert not (get_paths().data_dir / "answer-audio").exists()


def test_running_out_of_wav_files_is_a_clear_error_and_the_session_can_resume(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_engine(monkeypatch, ANSWER)
    result = run(capsys, monkeypatch, "", *START, "--answer-audio", str(answers_dir(tmp_path, 1)))
    assert result.code == 2 and "ran out of WAV files after 1 answer" in result.err
    assert "Traceback" not in result.err
    history = run_cli(capsys, "history").out
    assert "in_progress" in history or "in progress" in history


def test_a_file_that_is_not_a_wav_is_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_engine(monkeypatch, ANSWER)
    folder = answers_dir(tmp_path, 1)
    (folder / "02.txt").write_text("not audio")
    result = run(capsys, monkeypatch, "", *START, "--answer-audio", str(folder))
    assert result.code == 2 and "02.txt is not a WAV file" in result.err


def test_a_bad_file_or_an_empty_directory_stops_before_any_session_starts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_engine(monkeypatch, ANSWER, ANSWER)
    folder = answers_dir(tmp_path, 2)
    (folder / "03.wav").write_text("not audio either")  # the third file is bad: nothing may be answered first
    bad = run(capsys, monkeypatch, "", *START, "--answer-audio", str(folder))
    assert bad.code == 2 and "03.wav is not a WAV file" in bad.err
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run(capsys, monkeypatch, "", *START, "--answer-audio", str(empty))
    assert nothing.code == 2 and "no WAV files in it" in nothing.err
    assert "No sessions" in run_cli(capsys, "history").out


def test_a_24_bit_wav_is_read_through_sox(tmp_path: Path) -> None:
    import shutil
    import subprocess

    from interview_coach.stt.wav import read_wav
    from tests.system_tools import require_tool

    require_tool(None if shutil.which("sox") else "sox is not installed", "sox")
    source = tone_wav(tmp_path / "16.wav", 2.0)
    deep = tmp_path / "24.wav"
    subprocess.run(["sox", str(source), "-b", "24", str(deep)], check=True)
    audio = read_wav(deep)
    assert audio.rate == 16_000 and abs(audio.duration_s - 2.0) < 0.05


def test_answer_audio_must_be_a_directory(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(capsys, monkeypatch, "", *START, "--answer-audio", "/no/such/dir")
    assert result.code == 2 and "not a directory of WAV files" in result.err


def test_talk_in_plain_mode_records_with_enter_and_scores_the_transcript(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(monkeypatch, ANSWER)
    recorder = FakeRecorder(seconds=5.0)
    monkeypatch.setattr("interview_coach.stt.recorder.build_recorder", lambda: recorder)
    # Question 1: Enter starts, Enter stops. Question 2: /skip.
    result = run(capsys, monkeypatch, "\n\n/skip\n", *START, "--talk")
    assert result.code == 0, result.err
    assert "Press Enter to start recording" in result.out and "Recording... press Enter to stop." in result.out
    assert len(recorder.recordings) == 1 and recorder.recordings[0].stopped
    assert "-- Heard: Um, an index" in result.out and "Delivery: " in result.out


def test_talk_without_a_microphone_says_what_is_missing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(monkeypatch, ANSWER)
    monkeypatch.setattr("interview_coach.stt.recorder._sounddevice", lambda: (None, "PortAudio found no input device"))
    monkeypatch.setattr("interview_coach.stt.recorder.shutil.which", lambda name: None)
    result = run(capsys, monkeypatch, "", *START, "--talk")
    assert result.code == 1 and "no way to record from a microphone" in result.err
    assert "PortAudio found no input device" in result.err and "rec (sox) is not installed" in result.err


class _NoDeviceRecorder(FakeRecorder):
    def start(self, wav: Path, on_level: object = None) -> FakeRecording:
        raise VoiceInputError("no microphone found (rec: no default audio device). Plug one in, or type your answer.")


def test_a_recorder_that_finds_no_device_falls_back_to_typed_answers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # `rec` is installed but there is no sound card (an SSH box): the session goes on with typed answers instead
    # of stopping with an empty session left in progress.
    fake_engine(monkeypatch, ANSWER)
    monkeypatch.setattr("interview_coach.stt.recorder.build_recorder", lambda: _NoDeviceRecorder())
    typed = "An index is a sorted B-tree over the column, so lookups avoid a full table scan."
    result = run(capsys, monkeypatch, f"\n{typed}\n.\n/skip\n", *START, "--talk")
    assert result.code == 0, result.err
    assert "-- no microphone found" in result.out and "Type your answer instead" in result.out
    assert result.out.count("Press Enter to start recording") == 1  # the second question is typed too
    exported = json.loads(run_cli(capsys, "export", "--last", "--format", "json").out)
    assert exported["session"]["status"] == "completed"
    answers = [t for t in exported["session"]["turns"] if t["kind"] == "answer"]
    assert answers[0]["text"] == typed


def test_real_engine_plain_session_from_espeak_answers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    require_engine()
    folder = tmp_path / "spoken"
    folder.mkdir()
    for n in range(2):
        espeak_wav(
            folder / f"{n}.wav", "We measured the error rate before and after the change, and it dropped by half."
        )
    result = run(capsys, monkeypatch, "", *START, "--answer-audio", str(folder))
    assert result.code == 0, result.err
    assert "error rate" in result.out.lower() and "Delivery: " in result.out


def test_talk_without_the_extra_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    hide_engine(monkeypatch)
    result = run(capsys, monkeypatch, "", *START, "--talk")
    assert result.code == 1 and "pip install 'interview-coach[voice-input]'" in result.err
    assert "Traceback" not in result.err
    # Typed answers still work on the same install.
    typed = run(capsys, monkeypatch, "an index avoids a full scan\n.\n/quit\n", *START)
    assert typed.code == 0 and "-- Score:" in typed.out

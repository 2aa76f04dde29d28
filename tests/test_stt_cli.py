"""`transcribe`, the real offline engine on espeak-ng speech, and the base install without the extra."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from interview_coach.stt import EXTRA_INSTALL, VoiceInputError, build_transcriber
from interview_coach.stt.audio_store import AnswerAudioStore
from interview_coach.stt.wav import read_wav, speech_spans
from tests.cli_helpers import run_cli
from tests.stt_helpers import FakeTranscriber, espeak_wav, hide_engine, require_engine, tone_wav, word_error_rate

SPOKEN = (
    "In my last role I led the migration of our payment service to a new database.",
    "We measured the error rate before and after the change, and it dropped by half.",
    "If the service is overloaded, it should shed load and return an error quickly.",
)


def fake_engine(monkeypatch: pytest.MonkeyPatch, *texts: str) -> FakeTranscriber:
    fake = FakeTranscriber(list(texts))
    monkeypatch.setattr("interview_coach.stt.build_transcriber", lambda: fake)
    return fake


def test_transcribe_prints_timed_segments_and_delivery(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_engine(monkeypatch, "Um, I would, you know, add an index.")
    wav = tone_wav(tmp_path / "a.wav", 6.0, gaps=[(2.0, 4.5)])
    result = run_cli(capsys, "transcribe", str(wav), "--time-limit", "5")
    assert result.code == 0, result.err
    assert "[00:00.00 - 00:06.00] Um, I would, you know, add an index." in result.out
    assert "1 long pause (longest 2.5 s)" in result.out and "2 fillers (um 1, you know 1)" in result.out
    assert "0:01 over the 0:05 limit" in result.out


def test_transcribe_json(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_engine(monkeypatch, "An index avoids a full scan.")
    result = run_cli(capsys, "transcribe", str(tone_wav(tmp_path / "a.wav", 4.0)), "--json")
    payload = json.loads(result.out)
    assert result.code == 0 and payload["text"] == "An index avoids a full scan."
    assert payload["segments"] == [{"text": "An index avoids a full scan.", "start_s": 0.0, "end_s": 4.0}]
    assert payload["delivery"]["word_count"] == 6 and payload["delivery"]["long_pauses"] == 0
    assert payload["duration_s"] == 4.0 and "audio_file" not in payload["delivery"]


def test_transcribe_json_keeps_control_and_bidi_characters_escaped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_engine(monkeypatch, "An index \u202eavoids\x9b a full scan.")
    wav = tone_wav(tmp_path / "evil\u202egnp.wav", 2.0)
    result = run_cli(capsys, "transcribe", str(wav), "--json")
    assert result.code == 0
    assert "\u202e" not in result.out and "\x9b" not in result.out  # escaped as \\u202e, never raw
    assert json.loads(result.out)["file"].endswith("evil\u202egnp.wav")


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"hello, not audio", "not a PCM WAV file"), ("dir", "is a directory")],
)
def test_transcribe_bad_files_are_named_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Any, message: str
) -> None:
    path = tmp_path / "answer.wav"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    result = run_cli(capsys, "transcribe", str(path))
    assert result.code == 1 and message in result.err and str(path) in result.err
    assert "Traceback" not in result.err


def test_base_install_without_the_extra_says_how_to_add_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    hide_engine(monkeypatch)
    with pytest.raises(VoiceInputError, match=r"pip install 'interview-coach\[voice-input\]'"):
        build_transcriber()
    result = run_cli(capsys, "transcribe", str(tone_wav(tmp_path / "a.wav")))
    assert result.code == 1 and EXTRA_INSTALL in result.err
    # The rest of the app does not need the extra.
    assert run_cli(capsys, "tracks").code == 0


def test_speech_spans_find_the_silences(tmp_path: Path) -> None:
    audio = read_wav(tone_wav(tmp_path / "a.wav", 5.0, gaps=[(1.0, 1.1), (2.0, 3.5)]))
    spans = speech_spans(audio)
    assert len(spans) == 2  # the 0.1 s gap is bridged (a gap between words), the 1.5 s one is not
    assert spans[0][0] == 0.0 and abs(spans[0][1] - 2.0) < 0.05 and abs(spans[1][0] - 3.5) < 0.05


def test_stereo_and_other_rates_are_read(tmp_path: Path) -> None:
    import wave

    path = tmp_path / "s.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\x00\x10\x00\x30" * 8000)
    audio = read_wav(path)
    assert audio.rate == 8000 and len(audio.samples) == 8000 and abs(audio.samples[0] - 0.25) < 0.01


def test_audio_store_keeps_private_files_within_its_cap(tmp_path: Path) -> None:
    store = AnswerAudioStore(tmp_path / "answer-audio", max_bytes=70_000)
    source = tone_wav(tmp_path / "a.wav", 1.0)  # 32 kB
    kept = [store.keep(source, "s1", seq) for seq in range(2)]
    os.utime(kept[0], (1, 1))  # the oldest
    os.utime(kept[1], (2, 2))
    kept.append(store.keep(source, "s1", 2))  # three do not fit in 70 kB: the oldest goes
    assert [p.exists() for p in kept] == [False, True, True]
    assert stat.S_IMODE(kept[2].stat().st_mode) == 0o600 and store.path(kept[2].name) == kept[2]


# ----- the real engine (CI installs the voice-input extra and espeak-ng) -----


def real_engine() -> Any:
    require_engine()
    return build_transcriber()


def test_real_engine_transcribes_espeak_speech_offline(tmp_path: Path) -> None:
    """The autouse guard refuses the network: loading the model and transcribing must not need it."""
    engine = real_engine()
    errors = []
    for n, sentence in enumerate(SPOKEN):
        transcript = engine.transcribe(espeak_wav(tmp_path / f"{n}.wav", sentence))
        assert transcript.segments and transcript.duration_s > 2
        errors.append(word_error_rate(sentence, transcript.text))
    assert sum(errors) / len(errors) <= 0.5, errors  # loose: the benchmark holds the 0.35 target


def test_real_engine_through_the_cli_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    real_engine()
    wav = espeak_wav(tmp_path / "a.wav", SPOKEN[0])
    result = run_cli(capsys, "transcribe", str(wav), "--json")
    payload = json.loads(result.out)
    assert result.code == 0 and "payment service" in payload["text"].lower()
    assert payload["engine"] == "moonshine tiny-en" and payload["delivery"]["words_per_minute"] > 60


def test_a_recording_that_cannot_be_kept_still_gives_the_answer(tmp_path: Path) -> None:
    from interview_coach.stt.answers import hear

    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the store's folder should be")
    store = AnswerAudioStore(blocked / "answer-audio", max_bytes=10**6)
    heard = hear(
        FakeTranscriber(["an answer"]),
        tone_wav(tmp_path / "a.wav"),
        time_limit_s=None,
        store=store,
        session_id="s",
        seq=1,
    )
    assert heard.transcript.text == "an answer" and heard.kept is None and heard.delivery.audio_file is None

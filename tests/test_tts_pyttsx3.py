"""Real local speech: pyttsx3 + espeak-ng in a worker process (CI installs espeak-ng)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from interview_coach.tts.base import SpeechError
from interview_coach.tts.cache import AudioCache
from interview_coach.tts.chain import ChainSpeaker
from interview_coach.tts.pyttsx3_engine import Pyttsx3Synthesizer
from tests.tts_helpers import fake_player

real_speech = pytest.mark.usefixtures("speech_engine")  # espeak-ng: skipped where missing, a failure under CI

SENTENCE = "Tell me about a project you are proud of."


class CountingSynth(Pyttsx3Synthesizer):
    def __init__(self) -> None:
        super().__init__()
        self.runs = 0

    async def synthesize(self, text: str, out: Path) -> None:
        self.runs += 1
        await super().synthesize(text, out)


@real_speech
async def test_real_synthesis_writes_plausible_speech(tmp_path: Path) -> None:
    out = tmp_path / "speech.wav"
    await Pyttsx3Synthesizer().synthesize(SENTENCE, out)
    with wave.open(str(out)) as wav:
        frames, rate = wav.getnframes(), wav.getframerate()
        assert wav.getnchannels() >= 1 and wav.getsampwidth() in (1, 2, 4)
        samples = wav.readframes(frames)
    assert frames > 0
    assert 0.5 <= frames / rate <= 10.0
    assert any(samples[i] != 0 for i in range(0, len(samples), 97))  # not silence


@real_speech
async def test_rate_changes_the_duration(tmp_path: Path) -> None:
    slow, fast = tmp_path / "slow.wav", tmp_path / "fast.wav"
    await Pyttsx3Synthesizer(rate=100).synthesize(SENTENCE, slow)
    await Pyttsx3Synthesizer(rate=300).synthesize(SENTENCE, fast)
    with wave.open(str(slow)) as s, wave.open(str(fast)) as f:
        assert s.getnframes() > f.getnframes()


@real_speech
async def test_synthesis_in_the_background_prints_nothing(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    capfd.readouterr()
    task = asyncio.create_task(Pyttsx3Synthesizer().synthesize("Audio saved? Not on my terminal.", tmp_path / "a.wav"))
    await task
    captured = capfd.readouterr()
    assert captured.out == ""
    assert captured.err == ""
    assert (tmp_path / "a.wav").stat().st_size > 44


@real_speech
def test_the_worker_keeps_pyttsx3_chatter_off_stdout(tmp_path: Path) -> None:
    out = tmp_path / "w.wav"
    result = subprocess.run(
        [sys.executable, "-m", "interview_coach.tts.synth_worker", "--out", str(out)],
        input=b"hello",
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""  # pyttsx3 itself prints "Audio saved to ..."
    assert out.stat().st_size > 44


@real_speech
async def test_unknown_voice_is_a_permanent_error_naming_the_voice(tmp_path: Path) -> None:
    with pytest.raises(SpeechError) as caught:
        await Pyttsx3Synthesizer(voice="no-such-voice").synthesize("hi", tmp_path / "v.wav")
    assert "no-such-voice" in caught.value.message
    assert caught.value.permanent


@real_speech
async def test_a_named_voice_is_used(tmp_path: Path) -> None:
    out = tmp_path / "v.wav"
    await Pyttsx3Synthesizer(voice="gmw/en-US").synthesize("hi", out)
    assert out.stat().st_size > 44


@pytest.mark.skipif(os.name != "posix", reason="uses a shell script as a fake interpreter")
async def test_a_missing_driver_is_reported_as_unavailable(tmp_path: Path) -> None:
    fake_python = tmp_path / "python"
    fake_python.write_text("#!/bin/sh\necho 'pyttsx3 cannot start: RuntimeError: no espeak' >&2\nexit 3\n")
    fake_python.chmod(0o755)
    with pytest.raises(SpeechError) as caught:
        await Pyttsx3Synthesizer(python=str(fake_python)).synthesize("hi", tmp_path / "x.wav")
    assert "unavailable" in caught.value.message and "no espeak" in caught.value.message
    assert caught.value.permanent


@pytest.mark.skipif(os.name != "posix", reason="uses a shell script as a fake interpreter")
async def test_a_hung_worker_is_killed_on_timeout(tmp_path: Path) -> None:
    fake_python = tmp_path / "python"
    fake_python.write_text(f"#!/bin/sh\necho $$ > {tmp_path / 'pid'}\nexec sleep 120\n")
    fake_python.chmod(0o755)
    with pytest.raises(SpeechError) as caught:
        await Pyttsx3Synthesizer(python=str(fake_python), timeout_s=1.0).synthesize("hi", tmp_path / "x.wav")
    assert not caught.value.permanent
    assert "longer than 1 s" in caught.value.message
    pid_file = tmp_path / "pid"
    if pid_file.exists():  # (absent only if the kill came before the shell's first line)
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid_file.read_text()), 0)  # killed and reaped: no orphan left behind


@real_speech
async def test_a_repeated_question_is_synthesised_once(tmp_path: Path) -> None:
    synth = CountingSynth()
    command, log = fake_player(tmp_path, "ok")
    chain = ChainSpeaker([synth], AudioCache(tmp_path / "cache", 10**8), command)
    for _ in range(2):
        await chain.speak(SENTENCE)
        await chain.wait_until_done()
    assert synth.runs == 1
    played = log.read_text().splitlines()
    assert len(played) == 2 and played[0] == played[1]

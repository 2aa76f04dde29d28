"""The speaker chain: fallback, one-time status messages, cache, cancel and the no-audio-device path."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from interview_coach.config import load_settings
from interview_coach.domain.ports import Speaker, SpeechState
from interview_coach.tts import build_speaker, describe_engines, engine_order
from interview_coach.tts.base import SpeechError
from interview_coach.tts.cache import AudioCache, cache_key
from interview_coach.tts.chain import ChainSpeaker
from interview_coach.tts.silent import SilentSpeaker
from tests.tts_helpers import FakeSynth, fake_player


def make_chain(
    tmp_path: Path, synths: list[FakeSynth], mode: str = "ok", *, max_bytes: int = 10_000_000
) -> tuple[ChainSpeaker, list[str], Path]:
    command, log = fake_player(tmp_path, mode)
    messages: list[str] = []
    chain = ChainSpeaker(synths, AudioCache(tmp_path / "cache", max_bytes), command, messages.append)
    return chain, messages, log


def test_engine_order_follows_primary_then_fallback() -> None:
    assert engine_order("elevenlabs", "pyttsx3") == ["elevenlabs", "pyttsx3"]
    assert engine_order("pyttsx3", "pyttsx3") == ["pyttsx3"]
    assert engine_order("pyttsx3", "none") == ["pyttsx3"]
    assert engine_order("none", "pyttsx3") == []


async def test_voice_off_builds_a_silent_speaker() -> None:
    speaker = build_speaker(load_settings({"tts_primary": "none"}))
    assert isinstance(speaker, SilentSpeaker)
    assert isinstance(speaker, Speaker)
    await speaker.speak("anything")
    assert speaker.status() == "voice: off"


def test_the_chain_is_a_speaker(tmp_path: Path) -> None:
    chain, _, _ = make_chain(tmp_path, [FakeSynth("a")])
    assert isinstance(chain, Speaker)
    assert chain.status() == "voice: a"


async def test_speak_plays_the_synthesised_wav_and_returns(tmp_path: Path) -> None:
    synth = FakeSynth("a")
    chain, messages, log = make_chain(tmp_path, [synth])
    await chain.speak("What is a closure?")
    await chain.wait_until_done()
    played = Path(log.read_text().strip())
    with wave.open(str(played)) as wav:
        assert wav.getnframes() > 0
    assert synth.calls == ["What is a closure?"]
    assert messages == []
    assert chain.last_playback is not None and chain.last_playback.ok
    assert chain.state is SpeechState.READY


async def test_a_repeated_text_is_not_synthesised_again(tmp_path: Path) -> None:
    synth = FakeSynth("a")
    chain, _, log = make_chain(tmp_path, [synth])
    for _ in range(2):
        await chain.speak("Explain the GIL.")
        await chain.wait_until_done()
    assert synth.calls == ["Explain the GIL."]
    assert len(log.read_text().splitlines()) == 2


async def test_primary_failure_steps_down_to_the_fallback_and_says_so_once(tmp_path: Path) -> None:
    bad = FakeSynth("elevenlabs", always=SpeechError("key rejected", short="ElevenLabs key rejected"))
    good = FakeSynth("pyttsx3")
    chain, messages, log = make_chain(tmp_path, [bad, good])
    await chain.speak("first question")
    await chain.speak("second question")
    await chain.wait_until_done()
    assert messages == ["voice: ElevenLabs key rejected - using pyttsx3"]
    assert bad.calls == ["first question"]  # a permanent error drops the engine for the session
    assert good.calls == ["first question", "second question"]
    assert chain.engines == ["pyttsx3"]
    assert chain.status() == "voice: pyttsx3"
    assert log.read_text().strip()


async def test_a_transient_failure_skips_the_engine_for_one_text_only(tmp_path: Path) -> None:
    flaky = FakeSynth("elevenlabs", [SpeechError("timeout", short="ElevenLabs timed out", permanent=False)])
    local = FakeSynth("pyttsx3")
    chain, messages, _ = make_chain(tmp_path, [flaky, local])
    await chain.speak("one")
    await chain.speak("two")
    await chain.wait_until_done()
    assert local.calls == ["one"]
    assert flaky.calls == ["one", "two"]
    assert chain.engines == ["elevenlabs", "pyttsx3"]
    assert messages == ["voice: ElevenLabs timed out - using pyttsx3"]


async def test_repeated_transient_failures_drop_the_engine(tmp_path: Path) -> None:
    busy = SpeechError("busy", short="ElevenLabs busy", permanent=False)
    flaky = FakeSynth("elevenlabs", always=busy)
    local = FakeSynth("pyttsx3")
    chain, messages, _ = make_chain(tmp_path, [flaky, local])
    for text in ("one", "two", "three"):
        await chain.speak(text)
    await chain.wait_until_done()
    assert flaky.calls == ["one", "two"]
    assert chain.engines == ["pyttsx3"]
    assert messages == ["voice: ElevenLabs busy - using pyttsx3"]


async def test_when_every_engine_fails_the_speaker_goes_silent_without_raising(tmp_path: Path) -> None:
    chain, messages, log = make_chain(
        tmp_path,
        [
            FakeSynth("elevenlabs", always=SpeechError("no key", short="no ElevenLabs key")),
            FakeSynth("pyttsx3", always=SpeechError("espeak-ng missing", short="pyttsx3 unavailable")),
        ],
    )
    await chain.speak("hello")
    await chain.speak("again")
    assert messages == ["voice: no ElevenLabs key - using pyttsx3", "voice: pyttsx3 unavailable - silent"]
    assert chain.state is SpeechState.UNAVAILABLE
    assert chain.status().startswith("voice: silent")
    assert not log.exists()


async def test_no_audio_device_degrades_to_silent_with_one_status_message(tmp_path: Path) -> None:
    synth = FakeSynth("pyttsx3")
    chain, messages, _ = make_chain(tmp_path, [synth], mode="nodevice")
    await chain.speak("first")
    await chain.wait_until_done()
    await chain.speak("second")
    await chain.wait_until_done()
    assert messages == ["voice: no audio device - silent"]
    assert chain.status() == "voice: silent (no audio device)"
    assert synth.calls == ["first"]  # once silent, nothing more is synthesised


async def test_a_failing_player_also_degrades_to_silent(tmp_path: Path) -> None:
    chain, messages, _ = make_chain(tmp_path, [FakeSynth("pyttsx3")], mode="fail")
    await chain.speak("first")
    await chain.wait_until_done()
    assert len(messages) == 1
    assert "unsupported format" in messages[0] and messages[0].endswith("- silent")


async def test_no_player_installed_degrades_to_silent(tmp_path: Path) -> None:
    messages: list[str] = []
    chain = ChainSpeaker([FakeSynth("pyttsx3")], AudioCache(tmp_path / "c", 10**6), None, messages.append)
    await chain.speak("hello")
    assert messages == ["voice: no audio player (aplay, paplay, ffplay, afplay) - silent"]


async def test_cancel_kills_playback(tmp_path: Path) -> None:
    chain, messages, _ = make_chain(tmp_path, [FakeSynth("a")], mode="hang")
    await chain.speak("a long question")
    playback = chain.current_playback
    assert playback is not None and playback.running
    assert chain.state is SpeechState.SPEAKING
    assert chain.status() == "voice: speaking (a)"
    chain.cancel()
    result = await playback.wait()
    assert result.cancelled and result.returncode != 0
    await chain.wait_until_done()
    assert chain.state is SpeechState.READY
    assert messages == []  # a cancel is not a failure


async def test_new_speech_cancels_the_old(tmp_path: Path) -> None:
    chain, _, _ = make_chain(tmp_path, [FakeSynth("a")], mode="hang")
    await chain.speak("question one")
    first = chain.current_playback
    await chain.speak("question two")
    second = chain.current_playback
    assert first is not None and second is not None and first is not second
    assert (await first.wait()).cancelled
    assert second.running
    await chain.aclose()
    assert not second.running


async def test_a_broken_status_callback_does_not_break_speech(tmp_path: Path) -> None:
    def explode(message: str) -> None:
        raise RuntimeError("status bar gone")

    command, _ = fake_player(tmp_path, "nodevice")
    chain = ChainSpeaker([FakeSynth("a")], AudioCache(tmp_path / "c", 10**6), command, explode)
    await chain.speak("hello")
    await chain.wait_until_done()
    assert chain.state is SpeechState.UNAVAILABLE


def test_cache_key_covers_engine_voice_model_rate_and_text() -> None:
    base = cache_key(("pyttsx3", "v", "m", "200"), "hello")
    assert base == cache_key(("pyttsx3", "v", "m", "200"), "hello")
    assert base != cache_key(("elevenlabs", "v", "m", "200"), "hello")
    assert base != cache_key(("pyttsx3", "w", "m", "200"), "hello")
    assert base != cache_key(("pyttsx3", "v", "m2", "200"), "hello")
    assert base != cache_key(("pyttsx3", "v", "m", "150"), "hello")
    assert base != cache_key(("pyttsx3", "v", "m", "200"), "hello!")
    assert cache_key(("a", "bc"), "d") != cache_key(("ab", "c"), "d")


async def test_cache_evicts_the_oldest_files_beyond_its_bound(tmp_path: Path) -> None:
    import os

    cache = AudioCache(tmp_path / "cache", max_bytes=3 * 4500)  # each fake WAV is 4,454 bytes
    synth = FakeSynth("a")
    paths = []
    for index, text in enumerate(["one", "two", "three"]):
        path = await cache.get_or_create(synth.cache_identity(), text, synth.synthesize)
        os.utime(path, (1_000 + index, 1_000 + index))  # make the age order explicit
        paths.append(path)
    assert cache.get(cache_key(synth.cache_identity(), "one")) is not None  # a hit refreshes "one"
    fourth = await cache.get_or_create(synth.cache_identity(), "four", synth.synthesize)
    remaining = {p.name for p in cache.entries()}
    assert paths[1].name not in remaining  # "two" was the least recently used
    assert {paths[0].name, paths[2].name, fourth.name} <= remaining
    assert cache.size_bytes() <= cache.max_bytes


async def test_a_zero_size_cache_keeps_only_the_current_file(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path / "cache", max_bytes=0)
    synth = FakeSynth("a")
    await cache.get_or_create(synth.cache_identity(), "one", synth.synthesize)
    latest = await cache.get_or_create(synth.cache_identity(), "two", synth.synthesize)
    assert cache.entries() == [latest]


@pytest.mark.usefixtures("speech_engine")
def test_describe_engines_reports_engines_player_and_key() -> None:
    info = describe_engines(load_settings({"tts_primary": "elevenlabs", "tts_fallback": "pyttsx3"}))
    assert info["chain"] == ["elevenlabs", "pyttsx3"]
    assert info["engines"]["pyttsx3"]["available"] is True
    assert info["engines"]["elevenlabs"]["key_set"] is False
    assert info["engines"]["elevenlabs"]["available"] is False
    assert info["player"] in (None, "aplay", "paplay", "ffplay", "afplay")
    assert info["cache_limit_bytes"] == 100 * 1024 * 1024


def test_describe_engines_never_shows_the_key() -> None:
    import json

    key = "sk_secret_elevenlabs_0123456789"
    info = describe_engines(load_settings({"elevenlabs_api_key": key}))
    assert info["engines"]["elevenlabs"]["key_set"] is True
    assert key not in json.dumps(info, default=str)

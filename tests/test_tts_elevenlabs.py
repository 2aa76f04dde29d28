"""ElevenLabs through respx: the request, every documented error, retries, timeouts, the cache hit."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import httpx
import pytest
import respx
from pydantic import SecretStr

from interview_coach.tts.base import SpeechError
from interview_coach.tts.cache import AudioCache
from interview_coach.tts.chain import ChainSpeaker
from interview_coach.tts.elevenlabs import OUTPUT_FORMAT, SAMPLE_RATE, ElevenLabsSynthesizer
from tests.tts_helpers import FakeSynth, fake_player

BASE = "https://api.elevenlabs.test"
KEY = "sk_el_test_key_0123456789abcdef"
VOICE = "voice123"
URL = f"{BASE}/v1/text-to-speech/{VOICE}"
PCM = b"\x10\x00\x20\x00" * 11_025  # one second of 16-bit mono at 22,050 Hz


class RecordingSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def make_synth(sleep: RecordingSleep | None = None, *, key: str | None = KEY) -> ElevenLabsSynthesizer:
    return ElevenLabsSynthesizer(
        api_key=SecretStr(key) if key is not None else None,
        voice_id=VOICE,
        model_id="eleven_flash_v2_5",
        base_url=BASE,
        max_retries=2,
        sleep=sleep or RecordingSleep(),
    )


def error(status: int, detail: object) -> httpx.Response:
    return httpx.Response(status, json={"detail": detail})


def assert_key_hidden(exc: SpeechError) -> None:
    for text in (str(exc), exc.message, exc.short, repr(exc), repr(exc.args)):
        assert KEY not in text


@respx.mock
async def test_request_shape_and_wav_output(tmp_path: Path) -> None:
    route = respx.post(URL, params={"output_format": OUTPUT_FORMAT}, headers={"xi-api-key": KEY}).mock(
        return_value=httpx.Response(200, content=PCM, headers={"content-type": "audio/pcm"})
    )
    out = tmp_path / "q.wav"
    await make_synth().synthesize("Describe a hash map.", out)
    request = route.calls.last.request
    assert json.loads(request.content) == {"text": "Describe a hash map.", "model_id": "eleven_flash_v2_5"}
    with wave.open(str(out)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, SAMPLE_RATE)
        assert wav.getnframes() == len(PCM) // 2


@pytest.mark.parametrize(
    ("status", "detail", "expected", "permanent"),
    [
        (401, {"status": "invalid_api_key", "message": "Invalid API key"}, "ELEVENLABS_API_KEY", True),
        (401, {"status": "quota_exceeded", "message": "quota"}, "quota exceeded", True),
        (404, {"status": "voice_not_found", "message": "A voice with that id was not found"}, VOICE, True),
        (422, [{"loc": ["body", "model_id"], "msg": "field required", "type": "missing"}], "model_id", False),
        (400, {"status": "max_character_limit_exceeded", "message": "too long"}, "max_character_limit", False),
        (403, {"status": "missing_permissions", "message": "no tts"}, "permission", True),
    ],
)
@respx.mock
async def test_documented_errors_map_to_clear_messages(
    tmp_path: Path, status: int, detail: object, expected: str, permanent: bool
) -> None:
    route = respx.post(URL).mock(return_value=error(status, detail))
    with pytest.raises(SpeechError) as caught:
        await make_synth().synthesize("hello", tmp_path / "x.wav")
    assert expected in caught.value.message
    assert caught.value.permanent is permanent
    assert route.call_count == 1  # not retried
    assert_key_hidden(caught.value)
    assert not (tmp_path / "x.wav").exists()


@pytest.mark.parametrize("busy", ["too_many_concurrent_requests", "system_busy"])
@respx.mock
async def test_429_is_retried_with_backoff_then_succeeds(tmp_path: Path, busy: str) -> None:
    sleep = RecordingSleep()
    route = respx.post(URL).mock(
        side_effect=[error(429, {"status": busy, "message": "later"}), httpx.Response(200, content=PCM)]
    )
    await make_synth(sleep).synthesize("hello", tmp_path / "x.wav")
    assert route.call_count == 2
    assert len(sleep.delays) == 1 and sleep.delays[0] > 0


@respx.mock
async def test_429_honours_retry_after(tmp_path: Path) -> None:
    sleep = RecordingSleep()
    busy = httpx.Response(429, json={"detail": {"status": "system_busy"}}, headers={"retry-after": "2"})
    respx.post(URL).mock(side_effect=[busy, httpx.Response(200, content=PCM)])
    await make_synth(sleep).synthesize("hello", tmp_path / "x.wav")
    assert sleep.delays == [2.0]


@respx.mock
async def test_429_gives_up_after_the_retries_with_a_transient_error(tmp_path: Path) -> None:
    sleep = RecordingSleep()
    route = respx.post(URL).mock(return_value=error(429, {"status": "too_many_concurrent_requests"}))
    with pytest.raises(SpeechError) as caught:
        await make_synth(sleep).synthesize("hello", tmp_path / "x.wav")
    assert route.call_count == 3  # one try and max_retries=2 retries
    assert len(sleep.delays) == 2 and sleep.delays[1] > sleep.delays[0] * 1.2  # exponential
    assert "too many concurrent requests" in caught.value.message
    assert caught.value.permanent is False


@respx.mock
async def test_5xx_is_retried(tmp_path: Path) -> None:
    route = respx.post(URL).mock(
        side_effect=[httpx.Response(503), httpx.Response(500), httpx.Response(200, content=PCM)]
    )
    await make_synth().synthesize("hello", tmp_path / "x.wav")
    assert route.call_count == 3


@respx.mock
async def test_5xx_gives_up_after_the_retries(tmp_path: Path) -> None:
    respx.post(URL).mock(return_value=httpx.Response(502, text="bad gateway"))
    with pytest.raises(SpeechError) as caught:
        await make_synth().synthesize("hello", tmp_path / "x.wav")
    assert "server error (502)" in caught.value.message
    assert caught.value.permanent is False


@respx.mock
async def test_timeout_is_a_clear_transient_error(tmp_path: Path) -> None:
    route = respx.post(URL).mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(SpeechError) as caught:
        await make_synth().synthesize("hello", tmp_path / "x.wav")
    assert "did not answer in time" in caught.value.message
    assert caught.value.permanent is False
    assert route.call_count == 1
    assert_key_hidden(caught.value)


@respx.mock
async def test_unreachable_host_is_a_clear_transient_error(tmp_path: Path) -> None:
    respx.post(URL).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(SpeechError) as caught:
        await make_synth().synthesize("hello", tmp_path / "x.wav")
    assert "cannot reach ElevenLabs" in caught.value.message and "ELEVENLABS_BASE_URL" in caught.value.message


@respx.mock
async def test_a_server_message_echoing_the_key_is_masked(tmp_path: Path) -> None:
    respx.post(URL).mock(return_value=error(400, {"status": "bad_request", "message": f"bad header {KEY}"}))
    with pytest.raises(SpeechError) as caught:
        await make_synth().synthesize("hello", tmp_path / "x.wav")
    assert_key_hidden(caught.value)
    assert "****" in caught.value.message


async def test_no_key_fails_without_a_request(tmp_path: Path) -> None:
    with respx.mock(assert_all_called=False) as mock:
        route = mock.post(URL)
        with pytest.raises(SpeechError) as caught:
            await make_synth(key=None).synthesize("hello", tmp_path / "x.wav")
    assert "ELEVENLABS_API_KEY" in caught.value.message
    assert caught.value.permanent is True
    assert route.call_count == 0


def test_repr_hides_the_key() -> None:
    assert KEY not in repr(make_synth())


@respx.mock
async def test_a_repeated_text_makes_no_second_request(tmp_path: Path) -> None:
    route = respx.post(URL).mock(return_value=httpx.Response(200, content=PCM))
    command, log = fake_player(tmp_path, "ok")
    chain = ChainSpeaker([make_synth()], AudioCache(tmp_path / "cache", 10**8), command)
    await chain.speak("Tell me about yourself.")
    await chain.wait_until_done()
    await chain.speak("Tell me about yourself.")
    await chain.wait_until_done()
    assert route.call_count == 1
    assert len(log.read_text().splitlines()) == 2


@respx.mock
async def test_invalid_key_falls_back_to_the_next_engine_once(tmp_path: Path) -> None:
    route = respx.post(URL).mock(return_value=error(401, {"status": "invalid_api_key", "message": "bad"}))
    command, _ = fake_player(tmp_path, "ok")
    messages: list[str] = []
    local = FakeSynth("pyttsx3")
    chain = ChainSpeaker([make_synth(), local], AudioCache(tmp_path / "cache", 10**8), command, messages.append)
    await chain.speak("one")
    await chain.speak("two")
    await chain.wait_until_done()
    assert route.call_count == 1
    assert local.calls == ["one", "two"]
    assert messages == ["voice: ElevenLabs key rejected - using pyttsx3"]
    assert all(KEY not in m for m in messages)

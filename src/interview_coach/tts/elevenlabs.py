"""ElevenLabs speech over httpx: raw PCM wrapped in a WAV header, typed errors, retries for 429 and 5xx.

We ask for ``pcm_22050`` (16-bit little-endian mono, available on every plan) rather than MP3, so the
result plays with aplay/afplay and needs no decoder. The API key travels only in the ``xi-api-key`` header;
no message built here ever contains it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import SecretStr

from interview_coach.tts.base import SpeechError, write_pcm_wav

log = logging.getLogger(__name__)

OUTPUT_FORMAT = "pcm_22050"
SAMPLE_RATE = 22_050
MAX_RETRY_AFTER_S = 30.0
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)

Sleep = Callable[[float], Awaitable[None]]


class ElevenLabsSynthesizer:
    name = "elevenlabs"

    def __init__(
        self,
        api_key: SecretStr | None,
        voice_id: str,
        model_id: str,
        base_url: str = "https://api.elevenlabs.io",
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 3,
        backoff_s: float = 0.5,
        sleep: Sleep = asyncio.sleep,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._api_key = api_key
        self.voice_id = voice_id
        self.model_id = model_id
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self._sleep = sleep
        self._transport = transport

    def __repr__(self) -> str:  # never the key
        return f"ElevenLabsSynthesizer(voice_id={self.voice_id!r}, model_id={self.model_id!r})"

    @property
    def has_key(self) -> bool:
        return self._api_key is not None and bool(self._api_key.get_secret_value().strip())

    def cache_identity(self) -> tuple[str, ...]:
        return (self.name, self.voice_id, self.model_id, OUTPUT_FORMAT)

    async def synthesize(self, text: str, out: Path) -> None:
        pcm = await self.fetch_pcm(text)
        write_pcm_wav(out, pcm, sample_rate=SAMPLE_RATE)

    async def fetch_pcm(self, text: str) -> bytes:
        if not self.has_key or self._api_key is None:
            raise SpeechError(
                "ElevenLabs needs an API key: set ELEVENLABS_API_KEY (or use the pyttsx3 engine).",
                short="no ElevenLabs key",
            )
        url = f"{self.base_url}/v1/text-to-speech/{quote(self.voice_id, safe='')}"
        headers = {"xi-api-key": self._api_key.get_secret_value(), "accept": "audio/pcm"}
        payload = {"text": text, "model_id": self.model_id}
        async with httpx.AsyncClient(timeout=self.timeout, transport=self._transport) as client:
            attempt = 0
            while True:
                try:
                    response = await client.post(
                        url, params={"output_format": OUTPUT_FORMAT}, headers=headers, json=payload
                    )
                except httpx.TimeoutException:
                    # Not retried: the interview should not wait twice; the chain falls back at once.
                    raise SpeechError(
                        f"ElevenLabs did not answer in time ({self.base_url}); using the next voice engine.",
                        short="ElevenLabs timed out",
                        permanent=False,
                    ) from None
                except httpx.HTTPError as exc:
                    raise SpeechError(
                        f"cannot reach ElevenLabs at {self.base_url}: {type(exc).__name__}. "
                        "Check the network or ELEVENLABS_BASE_URL.",
                        short="ElevenLabs unreachable",
                        permanent=False,
                    ) from None
                if response.status_code == 200:
                    if not response.content:
                        raise SpeechError(
                            "ElevenLabs returned no audio.", short="ElevenLabs: no audio", permanent=False
                        )
                    return response.content
                error = _map_error(response, self.voice_id, self.base_url, headers["xi-api-key"])
                if error.permanent or not _retryable(response.status_code) or attempt >= self.max_retries:
                    log.info("ElevenLabs request failed: %s", error.message)
                    raise error
                delay = self._delay(attempt, response)
                log.info("ElevenLabs %s; retry %d in %.2f s", response.status_code, attempt + 1, delay)
                await self._sleep(delay)
                attempt += 1

    def _delay(self, attempt: int, response: httpx.Response) -> float:
        retry_after = response.headers.get("retry-after", "")
        try:
            return min(max(float(retry_after), 0.0), MAX_RETRY_AFTER_S)
        except ValueError:
            pass
        base: float = self.backoff_s * float(2**attempt)
        return base + random.uniform(0, base / 2)


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def _detail(response: httpx.Response) -> tuple[str, str]:
    """(status, message) from ``{"detail": {"status", "message"}}``, or from a 422's ``{"detail": [...]}``."""
    try:
        body: Any = response.json()
    except ValueError:
        return "", ""
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, dict):
        return str(detail.get("status") or ""), str(detail.get("message") or "")
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        first = detail[0]
        loc = ".".join(str(part) for part in first.get("loc", []) if part != "body")
        msg = str(first.get("msg") or "")
        return "validation_error", f"{loc}: {msg}" if loc else msg
    if isinstance(detail, str):
        return "", detail
    return "", ""


def _map_error(response: httpx.Response, voice_id: str, base_url: str, secret: str) -> SpeechError:
    code = response.status_code
    status, message = _detail(response)
    tag = f"{code} {status}".strip()
    if code == 401 and status == "quota_exceeded":
        return SpeechError(
            f"ElevenLabs quota exceeded ({tag}). Wait for the quota to reset, top up, or use pyttsx3.",
            short="ElevenLabs quota exceeded",
        )
    if code == 401:
        return SpeechError(
            f"ElevenLabs rejected the API key ({tag or 401}). Check ELEVENLABS_API_KEY.",
            short="ElevenLabs key rejected",
        )
    if code == 403:
        return SpeechError(
            f"ElevenLabs refused the request ({tag}). The key may lack the text-to-speech permission.",
            short="ElevenLabs access denied",
        )
    if code == 404 and status == "voice_not_found":
        return SpeechError(
            f"ElevenLabs has no voice {voice_id!r} ({tag}). Set ELEVENLABS_VOICE_ID to one of your voices.",
            short="ElevenLabs voice not found",
        )
    if code == 404:
        return SpeechError(
            f"ElevenLabs endpoint not found at {base_url} ({tag}). Check ELEVENLABS_BASE_URL.",
            short="ElevenLabs endpoint not found",
        )
    if code == 422:
        detail = f": {_clip(message, secret)}" if message else ""
        return SpeechError(
            f"ElevenLabs rejected the request as invalid (422{detail}). Check ELEVENLABS_MODEL_ID.",
            short="ElevenLabs rejected the request",
            permanent=False,
        )
    if code == 429:
        why = "too many concurrent requests" if status == "too_many_concurrent_requests" else "the service is busy"
        return SpeechError(
            f"ElevenLabs is rate limiting ({tag}: {why}); gave up after retries.",
            short="ElevenLabs busy",
            permanent=False,
        )
    if code >= 500:
        return SpeechError(
            f"ElevenLabs server error ({code}); gave up after retries.",
            short="ElevenLabs server error",
            permanent=False,
        )
    detail = f": {_clip(message, secret)}" if message else ""
    return SpeechError(
        f"ElevenLabs rejected the request ({tag}{detail}).", short=f"ElevenLabs error {code}", permanent=False
    )


def _clip(text: str, secret: str, limit: int = 160) -> str:
    """A server message, shortened, with our key masked in case the server echoed what we sent."""
    text = " ".join(text.split())
    if secret:
        text = text.replace(secret, "****")
    return text if len(text) <= limit else text[: limit - 1] + "…"

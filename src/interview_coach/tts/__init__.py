"""Speech: questions read aloud with pyttsx3 (local) or ElevenLabs, falling back to silence.

Public API:
- ``build_speaker(settings, on_status=...)`` -> a ``domain.ports.Speaker`` for the TUI and plain mode;
- ``build_chain(settings, ...)`` -> the ``ChainSpeaker`` behind it (adds ``synthesize``, ``wait_until_done``);
- ``describe_engines(settings)`` -> what `doctor` prints.

This module stays light (no httpx, no pyttsx3 at import): the synth worker subprocess imports the package too.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interview_coach.config import Settings
    from interview_coach.domain.ports import Speaker
    from interview_coach.tts.base import Synthesizer
    from interview_coach.tts.chain import ChainSpeaker

__all__ = ["build_chain", "build_speaker", "describe_engines", "engine_order", "make_synthesizer"]


def engine_order(primary: str, fallback: str) -> list[str]:
    """The engines to try: primary, then fallback; ``none`` ends the chain (primary none = voice off)."""
    order: list[str] = []
    for name in (primary, fallback):
        if name == "none":
            break
        if name not in order:
            order.append(name)
    return order


def make_synthesizer(
    name: str, settings: Settings, *, voice: str | None = None, rate: int | None = None
) -> Synthesizer:
    """One engine. ``voice``: pyttsx3 voice id or name, or ElevenLabs voice id. ``rate``: pyttsx3 only."""
    if name == "pyttsx3":
        from interview_coach.tts.pyttsx3_engine import Pyttsx3Synthesizer

        return Pyttsx3Synthesizer(voice=voice, rate=rate)
    if name == "elevenlabs":
        from interview_coach.tts.elevenlabs import ElevenLabsSynthesizer

        return ElevenLabsSynthesizer(
            api_key=settings.elevenlabs_api_key,
            voice_id=voice or settings.elevenlabs_voice_id,
            model_id=settings.elevenlabs_model_id,
            base_url=settings.elevenlabs_base_url,
        )
    raise ValueError(f"unknown speech engine {name!r}")


def build_chain(
    settings: Settings,
    on_status: Callable[[str], None] | None = None,
    *,
    player_command: Sequence[str] | None = None,
    synthesizers: Sequence[Synthesizer] | None = None,
    cache_dir: Path | None = None,
) -> ChainSpeaker:
    """The fallback chain from settings. ``player_command`` defaults to the first player found on PATH."""
    from interview_coach.paths import get_paths
    from interview_coach.tts.cache import AudioCache
    from interview_coach.tts.chain import ChainSpeaker
    from interview_coach.tts.player import find_player

    if synthesizers is None:
        synthesizers = [
            make_synthesizer(name, settings) for name in engine_order(settings.tts_primary, settings.tts_fallback)
        ]
    cache = AudioCache(cache_dir or get_paths().audio_cache_dir, settings.audio_cache_mb * 1024 * 1024)
    player = list(player_command) if player_command is not None else find_player()
    return ChainSpeaker(synthesizers, cache, player, on_status)


def build_speaker(
    settings: Settings,
    on_status: Callable[[str], None] | None = None,
    *,
    player_command: Sequence[str] | None = None,
) -> Speaker:
    """The app's Speaker: silent when ``tts_primary`` is ``none``, else the fallback chain.

    ``on_status`` receives each one-line status change ("voice: no audio device - silent") exactly once.
    """
    if not engine_order(settings.tts_primary, settings.tts_fallback):
        from interview_coach.tts.silent import SilentSpeaker

        return SilentSpeaker()
    return build_chain(settings, on_status, player_command=player_command)


def describe_engines(settings: Settings) -> dict[str, Any]:
    """What `doctor` reports: engines available, the chain, the player and the cache. Starts nothing."""
    from interview_coach.paths import get_paths
    from interview_coach.tts.cache import AudioCache
    from interview_coach.tts.player import PLAYER_NAMES, find_player
    from interview_coach.tts.pyttsx3_engine import driver_name, engine_problem

    pyttsx3_problem = engine_problem()
    key_set = settings.elevenlabs_api_key is not None and bool(settings.elevenlabs_api_key.get_secret_value().strip())
    player = find_player()
    cache = AudioCache(get_paths().audio_cache_dir, settings.audio_cache_mb * 1024 * 1024)
    return {
        "primary": settings.tts_primary,
        "fallback": settings.tts_fallback,
        "chain": engine_order(settings.tts_primary, settings.tts_fallback) or ["none"],
        "voice_default": settings.voice,
        "engines": {
            "pyttsx3": {
                "available": pyttsx3_problem is None,
                "driver": driver_name(),
                "detail": pyttsx3_problem or "ready",
            },
            "elevenlabs": {
                "available": key_set,
                "key_set": key_set,
                "voice_id": settings.elevenlabs_voice_id,
                "model_id": settings.elevenlabs_model_id,
                "base_url": settings.elevenlabs_base_url,
                "detail": "key set (not verified)" if key_set else "ELEVENLABS_API_KEY is not set",
            },
            "none": {"available": True, "detail": "silent"},
        },
        "player": Path(player[0]).name if player else None,
        "player_path": player[0] if player else None,
        "players_looked_for": list(PLAYER_NAMES),
        "audio_device": _audio_device_hint(),
        "cache_dir": str(cache.directory),
        "cache_bytes": cache.size_bytes(),
        "cache_limit_bytes": cache.max_bytes,
    }


def _audio_device_hint() -> bool | None:
    """Linux only, and only a hint: a sound card node or a PulseAudio/PipeWire socket. None = cannot tell."""
    if not sys.platform.startswith("linux"):
        return None
    import os

    if Path("/dev/snd").is_dir() or os.environ.get("PULSE_SERVER"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and (Path(runtime, "pulse", "native").exists() or Path(runtime, "pipewire-0").exists()):
        return True
    return False if shutil.which("aplay") or shutil.which("paplay") else None

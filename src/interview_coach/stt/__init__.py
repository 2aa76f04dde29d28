"""Offline speech-to-text for spoken answers: the optional ``voice-input`` extra.

Everything heavy (moonshine-voice, numpy, sounddevice) is imported lazily, inside the functions that need it, so
the base install and ``--help`` never pay for it. Without the extra, every entry point raises ``VoiceInputError``
saying how to add it.
"""

from __future__ import annotations

import importlib.util

from interview_coach.errors import CoachError

EXTRA_INSTALL = "pip install 'interview-coach[voice-input]'"
ENGINE_PACKAGE = "moonshine_voice"


class VoiceInputError(CoachError):
    """Speech input cannot work here: the extra, the engine, the microphone or the audio file is missing or bad."""

    title = "Voice input"
    exit_code = 1


def missing_extra_message(what: str = "Voice input") -> str:
    return f"{what} needs the optional speech-to-text engine, which is not installed. Add it with: {EXTRA_INSTALL}"


def engine_installed() -> bool:
    """True when the speech-to-text engine can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(ENGINE_PACKAGE) is not None
    except (ImportError, ValueError):
        return False


def build_transcriber() -> object:
    """The offline transcriber (``domain.transcription.Transcriber``), or ``VoiceInputError`` saying what to do."""
    from interview_coach.stt.moonshine_engine import MoonshineTranscriber

    return MoonshineTranscriber()


def require_voice_input() -> None:
    """``VoiceInputError`` with the install command when the speech-to-text engine is missing."""
    if not engine_installed():
        raise VoiceInputError(missing_extra_message())

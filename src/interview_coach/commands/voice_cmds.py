"""`interview-coach speak TEXT`: try a voice, or write the speech to a WAV file (no sound card needed)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from interview_coach.commands._common import settings_from

if TYPE_CHECKING:
    from interview_coach.config import Settings
    from interview_coach.tts.chain import ChainSpeaker


class EngineChoice(StrEnum):
    PYTTSX3 = "pyttsx3"
    ELEVENLABS = "elevenlabs"
    NONE = "none"


def speak(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The text to speak.", show_default=False)],
    engine: Annotated[
        EngineChoice | None,
        typer.Option(
            "--engine",
            metavar="pyttsx3|elevenlabs|none",
            case_sensitive=False,
            help="Use only this engine, with no fallback. Default: tts_primary, then tts_fallback.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="FILE", dir_okay=False, help="Write the audio to this WAV file instead of playing it."
        ),
    ] = None,
    voice: Annotated[
        str | None,
        typer.Option(
            "--voice", metavar="VOICE", help="pyttsx3 voice id or name (e.g. gmw/en-US), or ElevenLabs voice id."
        ),
    ] = None,
    rate: Annotated[
        int | None, typer.Option("--rate", metavar="WPM", min=50, max=500, help="pyttsx3 speed in words/min.")
    ] = None,
) -> None:
    """Speak TEXT aloud, or write it to a WAV file with --out.

    Exit codes: 0 spoken or written; 1 the speech could not be made or played (for example no audio device:
    use --out FILE.wav there); 2 bad arguments.
    """
    import asyncio

    from interview_coach.errors import UsageError

    if not text.strip():
        raise UsageError("nothing to speak: TEXT is empty.")
    if out is not None and out.suffix.lower() != ".wav":
        # Every engine here writes WAV data; a .mp3 name would give a file that players misread.
        raise UsageError(f"--out writes WAV audio: name the file with .wav (got {out.name}).")
    if rate is not None and engine is EngineChoice.ELEVENLABS:
        raise UsageError("--rate only applies to the pyttsx3 engine.")
    settings = settings_from(ctx)
    chain = _chain(settings, engine, voice, rate)
    if not chain.engines:
        if out is not None:
            raise UsageError("engine 'none' makes no audio; pass --engine pyttsx3 or --engine elevenlabs.")
        typer.echo("voice is off (engine 'none'): nothing spoken. Try --engine pyttsx3.", err=True)
        return
    if out is not None:
        asyncio.run(_write(chain, text, out))
    else:
        asyncio.run(_play(chain, text))


def _chain(settings: Settings, engine: EngineChoice | None, voice: str | None, rate: int | None) -> ChainSpeaker:
    from interview_coach.tts import build_chain, engine_order, make_synthesizer

    names = [engine.value] if engine else engine_order(settings.tts_primary, settings.tts_fallback)
    synthesizers = [
        make_synthesizer(name, settings, voice=voice, rate=rate) for name in names if name != EngineChoice.NONE
    ]
    return build_chain(settings, _print_step_down, synthesizers=synthesizers)


def _print_step_down(message: str) -> None:
    """Step-downs ("voice: ElevenLabs key rejected - using pyttsx3") go to stderr as they happen. The last
    one ("... - silent") is not printed: the command fails with the full error message instead."""
    if not message.endswith("- silent"):
        typer.echo(message, err=True)


async def _write(chain: ChainSpeaker, text: str, out: Path) -> None:
    import shutil

    from interview_coach.errors import CoachError
    from interview_coach.tts.base import wav_duration_s

    path, used = await chain.synthesize(text)
    target = out.expanduser()
    try:
        shutil.copyfile(path, target)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise CoachError(f"cannot write {target}: {reason}. Check that the directory exists and is writable.") from None
    typer.echo(f"wrote {target} ({wav_duration_s(target):.1f} s of speech, {used})")


async def _play(chain: ChainSpeaker, text: str) -> None:
    from interview_coach.tts.base import SpeechError, wav_duration_s
    from interview_coach.tts.player import PLAYER_NAMES, find_player, play_file

    player = find_player()
    if player is None:
        raise SpeechError(
            f"no audio player found (looked for {', '.join(PLAYER_NAMES)}). "
            "Install one, or write the speech to a file with --out FILE.wav."
        )
    path, used = await chain.synthesize(text)
    result = await play_file(player, path)
    name = Path(player[0]).name
    if result.no_device:
        raise SpeechError(
            f"no audio device: {name} could not play the speech ({result.reason}). "
            "Write it to a file instead with --out FILE.wav."
        )
    if not result.ok:
        raise SpeechError(f"{name} could not play the speech ({result.reason}). Try --out FILE.wav.")
    typer.echo(f"spoke {wav_duration_s(path):.1f} s with {used} (played by {name})")


def register(app: typer.Typer) -> None:
    """Register this module's commands on the root app."""
    app.command("speak", short_help="Speak text aloud, or save it as a WAV.")(speak)

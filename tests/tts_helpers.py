"""Fakes for the voice tests: a scriptable synthesiser and a fake audio player (a tiny Python script)."""

from __future__ import annotations

import sys
from pathlib import Path

from interview_coach.tts.base import SpeechError, write_pcm_wav

# argv: MODE LOGFILE WAV. Modes: ok (log and exit 0), nodevice (ALSA's complaint, exit 1), fail (exit 3),
# hang (log, then play "forever" until killed).
FAKE_PLAYER = r"""
import sys, time
mode, log, wav = sys.argv[1], sys.argv[2], sys.argv[3]
if mode == "nodevice":
    sys.stderr.write("ALSA lib confmisc.c:855:(parse_card) cannot find card '0'\n")
    sys.stderr.write("aplay: main:831: audio open error: No such file or directory\n")
    sys.exit(1)
if mode == "fail":
    sys.stderr.write("player: unsupported format\n")
    sys.exit(3)
with open(log, "a") as f:
    f.write(wav + "\n")
if mode == "hang":
    time.sleep(120)
"""


def fake_player(tmp_path: Path, mode: str) -> tuple[list[str], Path]:
    """A player command for ChainSpeaker/build_speaker and the log file it appends played paths to."""
    script = tmp_path / "fake_player.py"
    script.write_text(FAKE_PLAYER, encoding="utf-8")
    log = tmp_path / f"played-{mode}.log"
    return [sys.executable, str(script), mode, str(log)], log


class FakeSynth:
    """Writes a short tone-less WAV, or raises the errors it is given (one per call, then succeeds)."""

    def __init__(self, name: str, errors: list[SpeechError] | None = None, *, always: SpeechError | None = None):
        self.name = name
        self.errors = list(errors or [])
        self.always = always
        self.calls: list[str] = []

    def cache_identity(self) -> tuple[str, ...]:
        return (self.name, "voice", "model", "rate")

    async def synthesize(self, text: str, out: Path) -> None:
        self.calls.append(text)
        if self.always is not None:
            raise self.always
        if self.errors:
            raise self.errors.pop(0)
        write_pcm_wav(out, b"\x00\x01" * 2205, sample_rate=22_050)

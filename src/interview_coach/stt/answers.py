"""From audio to a spoken answer: transcribe, measure delivery, keep the recording. Shared by the plain mode
(``--answer-audio DIR`` and ``--talk``) and the TUI's push-to-talk."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from interview_coach.domain.delivery import DeliveryMetrics, compute_delivery
from interview_coach.domain.transcription import Transcriber, Transcript
from interview_coach.errors import UsageError
from interview_coach.stt.audio_store import AnswerAudioStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HeardAnswer:
    transcript: Transcript
    delivery: DeliveryMetrics
    kept: Path | None  # the copy in the answer-audio store; None when audio is not kept


def hear(
    transcriber: Transcriber,
    wav: Path,
    *,
    time_limit_s: float | None,
    store: AnswerAudioStore | None,
    session_id: str,
    seq: int,
) -> HeardAnswer:
    """Transcribe ``wav`` and measure its delivery; keep a copy in ``store`` unless it is None. Blocking."""
    transcript = transcriber.transcribe(wav)
    kept = None
    if store is not None:
        try:
            kept = store.keep(wav, session_id, seq)
        except OSError as exc:  # a full disk or a read-only data dir costs the replay, never the answer
            log.warning("could not keep the recording of answer %s/%s: %s", session_id, seq, exc)
    delivery = compute_delivery(transcript, time_limit_s=time_limit_s, audio_file=kept.name if kept else None)
    return HeardAnswer(transcript, delivery, kept)


class AudioDirAnswers:
    """The answers of ``--answer-audio DIR``: its files in sorted name order, one per answer.

    Hidden files are ignored; any other file must be a WAV (checked when its turn comes, so the error names it).
    """

    def __init__(self, directory: Path) -> None:
        if not directory.is_dir():
            raise UsageError(f"--answer-audio {directory}: not a directory of WAV files")
        self.directory = directory
        self._files = sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
        self._next = 0
        # Checked before a session starts, so a bad file never leaves a session half answered.
        if not self._files:
            raise UsageError(f"--answer-audio {directory}: no WAV files in it (one per answer, in name order)")
        for path in self._files:
            _check_wav(path)

    @property
    def remaining(self) -> int:
        return len(self._files) - self._next

    def next_file(self) -> Path:
        if self._next >= len(self._files):
            used = len(self._files)
            raise UsageError(
                f"--answer-audio {self.directory}: ran out of WAV files after {used} answer{'s' if used != 1 else ''};"
                " add one WAV per remaining question (the session is saved: resume it with --resume)"
            )
        path = self._files[self._next]
        self._next += 1
        _check_wav(path)
        return path


def _check_wav(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(12)
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise UsageError(
            f"--answer-audio: {path} is not a WAV file; the directory must hold only WAV files, one per answer"
        )

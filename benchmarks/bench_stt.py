"""Offline speech-to-text on spoken interview answers: word error rate and speed.

Each sentence below is spoken by espeak-ng (150 words a minute), resampled by sox to 16 kHz mono, and transcribed
by the voice-input extra's engine (moonshine tiny-en, model from the wheel, no network). Prints each sentence's
WER, then the corpus WER (total edits / total reference words, after lower-casing and dropping punctuation) and
the real-time factor (audio seconds / transcription seconds; model loading is timed separately).

Targets (issue #18): WER <= 0.35 and at least 5x faster than real time on 2 cores.
Run: .venv/bin/python benchmarks/bench_stt.py   (needs espeak-ng, sox and pip install -e '.[voice-input]')
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SENTENCES = (
    "In my last role I led the migration of our payment service to a new database.",
    "I would add an index on the columns used by the filter and check the query plan.",
    "The main trade-off is consistency versus availability when the network partitions.",
    "We cut the deploy time from one hour to ten minutes by automating the release.",
    "A cache in front of the database reduces latency, but you have to handle stale data.",
    "When two teammates disagreed about the design, I asked them to write down their assumptions.",
    "I would retry the request with exponential backoff and a limit on the number of attempts.",
    "The queue lets the producer keep working while the consumer catches up with the backlog.",
    "My manager asked me to own the incident review, so I collected the timeline first.",
    "We measured the error rate before and after the change, and it dropped by half.",
    "I prefer small pull requests because they are easier to review and safer to roll back.",
    "If the service is overloaded, it should shed load and return an error quickly.",
    "I learned to share bad news early, with a plan, instead of waiting for the deadline.",
    "The tests run on every commit, so a broken build is found within a few minutes.",
)

_PUNCT = re.compile(r"[^\w\s']|(?<!\w)'|'(?!\w)")
_NUMBERS = {"1": "one", "10": "ten", "2": "two", "5": "five"}


def normalise(text: str) -> list[str]:
    """Lower-case words without punctuation; hyphens split words, digits spelled out (10 -> ten)."""
    words = _PUNCT.sub(" ", text.lower().replace("-", " ")).split()
    return [_NUMBERS.get(w, w) for w in words]


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    """Levenshtein distance over words: substitutions, insertions and deletions each cost one."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1]


def word_error_rate(reference: str, hypothesis: str) -> float:
    ref = normalise(reference)
    return edit_distance(ref, normalise(hypothesis)) / max(1, len(ref))


def synthesise(text: str, wav: Path) -> None:
    raw = wav.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(raw), text], check=True, capture_output=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav)], check=True, capture_output=True)


def measure(verbose: bool = False) -> tuple[float, float, float, int, float]:
    """(WER, real-time factor, audio seconds, words, model load seconds) over ``SENTENCES``."""
    from interview_coach.stt.moonshine_engine import MoonshineTranscriber

    started = time.perf_counter()
    transcriber = MoonshineTranscriber()
    load_s = time.perf_counter() - started
    edits = words = 0
    audio_s = busy_s = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for n, sentence in enumerate(SENTENCES):
            wav = Path(tmp) / f"{n:02d}.wav"
            synthesise(sentence, wav)
            started = time.perf_counter()
            transcript = transcriber.transcribe(wav)
            busy_s += time.perf_counter() - started
            audio_s += transcript.duration_s
            ref = normalise(sentence)
            errors = edit_distance(ref, normalise(transcript.text))
            edits, words = edits + errors, words + len(ref)
            if verbose:
                print(f"{errors / len(ref):5.2f}  {transcript.text}")
    return edits / words, audio_s / busy_s, audio_s, words, load_s


def results() -> list[Any]:
    """Rows for benchmarks/run.py (the README's performance table)."""
    from common import Row

    wer, rtf, audio_s, words, _ = measure()
    where = f"{len(SENTENCES)} espeak-ng sentences, {words} words, {audio_s:.0f} s of audio"
    return [
        Row(f"speech-to-text word error rate, moonshine tiny-en ({where})", f"{wer:.3f}", "-", "<= 0.35", wer <= 0.35),
        Row("speech-to-text speed, same audio (transcription alone)", f"{rtf:.0f}x real time", "-", ">= 5x", rtf >= 5),
    ]


def main() -> int:
    wer, rtf, audio_s, words, load_s = measure(verbose=True)
    print(f"\n{len(SENTENCES)} sentences, {words} words, {audio_s:.1f} s of audio; model load {load_s:.2f} s")
    print(f"WER {wer:.3f} (target <= 0.35)   speed {rtf:.1f}x real time (target >= 5x)")
    return 0 if wer <= 0.35 and rtf >= 5 else 1


if __name__ == "__main__":
    sys.exit(main())

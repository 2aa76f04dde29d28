"""Delivery feedback for a spoken answer: pace, long pauses, filler words and length against the time limit.

It describes *how* the answer was said, from its transcript and audio timings. It is shown beside the content
score and stored with the answer's metrics, but never feeds the score: a nervous, slow speaker who covers the
rubric still earns the points (tests/test_delivery.py pins that down).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from interview_coach.domain.text import clock, tokenize
from interview_coach.domain.transcription import Transcript

LONG_PAUSE_S = 2.0
"""A silence this long inside an answer reads to an interviewer as a lost thread; shorter ones are breathing and
the ordinary thinking gaps between sentences (conversation-analysis work puts the 'awkward' mark near one second;
answers to hard questions earn a little more slack)."""

SLOW_WPM = 110.0
"""Below this the answer drags. Conversational English runs at about 120-160 words per minute."""

FAST_WPM = 170.0
"""Above this the listener struggles to follow technical content, and it usually signals nerves."""

MANY_FILLERS_PER_100_WORDS = 5.0
"""More than one filler in twenty words is what listeners notice and remember; fewer passes unremarked."""

MIN_PACE_SECONDS = 3.0
"""Under three seconds of speech a pace figure is noise (one sentence, or a false start)."""


class DeliveryMetrics(BaseModel):
    """How a spoken answer was delivered. Stored in ``AnswerMetrics.delivery``; None for typed answers."""

    source: str = "speech"
    engine: str = ""
    audio_duration_s: float = 0.0
    speaking_s: float = 0.0  # first to last moment of speech, long pauses left out (see _speaking_s)
    word_count: int = 0
    words_per_minute: float | None = None
    pace: str | None = None  # "slow", "good" or "fast"; None when too short to say
    long_pauses: int = 0
    longest_pause_s: float = 0.0
    fillers: dict[str, int] = Field(default_factory=dict)
    filler_count: int = 0
    fillers_per_100_words: float = 0.0
    time_limit_s: float | None = None
    over_limit_s: float | None = None  # seconds past the time limit (0 when within it); None without a limit
    audio_file: str | None = None  # the kept recording's file name in the answer-audio store; None when not kept


def _pauses(transcript: Transcript) -> list[float]:
    """Silences between stretches of speech; from the audio's loudness, else from the engine's segments."""
    spans = list(transcript.speech_spans) or [(s.start_s, s.end_s) for s in transcript.segments]
    spans.sort()
    return [max(0.0, nxt[0] - cur[1]) for cur, nxt in zip(spans, spans[1:], strict=False)]


def _speaking_s(transcript: Transcript) -> float:
    """From the first to the last moment of speech, long pauses left out: a long pause is reported as a pause, so
    it must not also drag the pace down. Short gaps (breaths) are part of speaking."""
    spans = list(transcript.speech_spans) or [(s.start_s, s.end_s) for s in transcript.segments]
    if not spans:
        return transcript.duration_s
    whole = max(b for _, b in spans) - min(a for a, _ in spans)
    return max(0.0, whole - sum(p for p in _pauses(transcript) if p >= LONG_PAUSE_S))


def pace_label(wpm: float | None) -> str | None:
    if wpm is None:
        return None
    if wpm < SLOW_WPM:
        return "slow"
    if wpm > FAST_WPM:
        return "fast"
    return "good"


def compute_delivery(
    transcript: Transcript, *, time_limit_s: float | None = None, audio_file: str | None = None
) -> DeliveryMetrics:
    """The delivery metrics of one spoken answer."""
    from interview_coach.domain.metrics import filler_counts  # metrics -> models -> this module: import late

    words = len(tokenize(transcript.text))
    speaking = _speaking_s(transcript)
    wpm = round(words * 60.0 / speaking, 1) if speaking >= MIN_PACE_SECONDS and words else None
    long_pauses = [p for p in _pauses(transcript) if p >= LONG_PAUSE_S]
    fillers = dict(sorted(filler_counts(transcript.text).items(), key=lambda kv: (-kv[1], kv[0])))
    filler_total = sum(fillers.values())
    over = None
    if time_limit_s is not None:
        over = round(max(0.0, transcript.duration_s - time_limit_s), 1)
    return DeliveryMetrics(
        engine=transcript.engine,
        audio_duration_s=round(transcript.duration_s, 2),
        speaking_s=round(speaking, 2),
        word_count=words,
        words_per_minute=wpm,
        pace=pace_label(wpm),
        long_pauses=len(long_pauses),
        longest_pause_s=round(max(long_pauses, default=0.0), 1),
        fillers=fillers,
        filler_count=filler_total,
        fillers_per_100_words=round(filler_total * 100.0 / words, 1) if words else 0.0,
        time_limit_s=time_limit_s,
        over_limit_s=over,
        audio_file=audio_file,
    )


def delivery_summary(delivery: DeliveryMetrics) -> str:
    """One line for the feedback: 'Delivery: 142 wpm (good pace), 1 long pause (3.2 s), 3 fillers (um 2, ...)'."""
    parts = []
    if delivery.words_per_minute is not None:
        parts.append(f"{delivery.words_per_minute:.0f} wpm ({delivery.pace} pace)")
    else:
        parts.append(f"{delivery.word_count} words")
    if delivery.long_pauses:
        noun = "long pause" if delivery.long_pauses == 1 else "long pauses"
        parts.append(f"{delivery.long_pauses} {noun} (longest {delivery.longest_pause_s:.1f} s)")
    else:
        parts.append("no long pauses")
    if delivery.fillers:
        listed = ", ".join(f"{word} {count}" for word, count in delivery.fillers.items())
        parts.append(f"{delivery.filler_count} filler{'s' if delivery.filler_count != 1 else ''} ({listed})")
    else:
        parts.append("no fillers")
    length = clock(delivery.audio_duration_s)
    if delivery.time_limit_s is not None and delivery.over_limit_s:
        parts.append(f"{length}, {clock(delivery.over_limit_s)} over the {clock(delivery.time_limit_s)} limit")
    elif delivery.time_limit_s is not None:
        parts.append(f"{length} of the {clock(delivery.time_limit_s)} limit")
    else:
        parts.append(length)
    return "Delivery: " + ", ".join(parts)


def delivery_tips(delivery: DeliveryMetrics) -> list[str]:
    """What to change next time, most useful first; empty when the delivery was fine."""
    tips = []
    if delivery.pace == "fast":
        tips.append("Slow down: aim for 120-160 words a minute so technical points land.")
    elif delivery.pace == "slow":
        tips.append("Pick up the pace a little: aim for 120-160 words a minute.")
    if delivery.long_pauses:
        tips.append("Long silences: say what you are thinking about ('let me consider the failure case') instead.")
    if delivery.fillers_per_100_words > MANY_FILLERS_PER_100_WORDS:
        top = next(iter(delivery.fillers))
        tips.append(f"Fillers: replace '{top}' with a short pause; silence sounds more confident.")
    if delivery.over_limit_s:
        tips.append("Over time: lead with the answer, then the detail, and stop when the point is made.")
    return tips

"""Delivery metrics of spoken answers, and the rule that they never change the content score."""

from __future__ import annotations

import pytest

from interview_coach.domain.delivery import (
    LONG_PAUSE_S,
    DeliveryMetrics,
    compute_delivery,
    delivery_summary,
    delivery_tips,
)
from interview_coach.domain.interview import InterviewEngine, InterviewOptions
from interview_coach.domain.offline_coach import OfflineCoach
from interview_coach.domain.transcription import Transcript, TranscriptSegment
from tests.engine_helpers import make_bank
from tests.fakes.memory_store import InMemorySessionStore


def transcript(text: str, duration: float, spans: tuple[tuple[float, float], ...] = ()) -> Transcript:
    return Transcript(text=text, duration_s=duration, speech_spans=spans or ((0.0, duration),), engine="t")


def test_pace_is_words_per_minute_over_the_speaking_time_not_the_leading_silence() -> None:
    words = " ".join(["word"] * 60)
    delivery = compute_delivery(transcript(words, 35.0, ((5.0, 35.0),)))  # 5 s of silence before speaking
    assert delivery.speaking_s == 30.0 and delivery.words_per_minute == 120.0 and delivery.pace == "good"
    assert compute_delivery(transcript(words, 20.0)).pace == "fast"  # 180 wpm
    assert compute_delivery(transcript(words, 60.0)).pace == "slow"  # 60 wpm
    assert compute_delivery(transcript("yes", 1.0)).words_per_minute is None  # too short to call a pace


def test_a_long_pause_is_a_pause_not_a_slower_pace() -> None:
    words = " ".join(["word"] * 60)
    tight = compute_delivery(transcript(words, 30.0, ((0.0, 15.0), (15.5, 30.0))))
    paused = compute_delivery(transcript(words, 36.0, ((0.0, 15.0), (21.0, 36.0))))  # 6 s of silence between
    assert paused.long_pauses == 1 and tight.long_pauses == 0
    assert paused.words_per_minute == tight.words_per_minute == 120.0


def test_long_pauses_are_counted_and_the_longest_kept() -> None:
    spans = ((0.0, 4.0), (4.5, 8.0), (8.0 + LONG_PAUSE_S, 12.0), (16.5, 20.0))
    delivery = compute_delivery(transcript("some words here", 20.0, spans))
    assert delivery.long_pauses == 2 and delivery.longest_pause_s == 4.5  # 0.5 s is a breath, not a pause


def test_pauses_fall_back_to_the_engines_segments() -> None:
    segments = (TranscriptSegment("one", 0.0, 3.0), TranscriptSegment("two", 6.0, 9.0))
    delivery = compute_delivery(Transcript("one two", 9.0, segments=segments))
    assert delivery.long_pauses == 1 and delivery.longest_pause_s == 3.0


def test_fillers_include_multi_word_ones_and_spare_ordinary_uses() -> None:
    text = (
        "Um, so I, you know, sort of rebuilt the cache. I mean, it was kind of slow. Uh, basically it worked. "
        "Do you know what kind of index it was? It was the sort of thing we like."
    )
    delivery = compute_delivery(transcript(text, 20.0))
    assert delivery.fillers == {
        "basically": 1,
        "i mean": 1,
        "kind of": 1,
        "sort of": 1,
        "uh": 1,
        "um": 1,
        "you know": 1,
    }
    assert delivery.filler_count == 7 and delivery.fillers_per_100_words > 5
    assert "Fillers" in " ".join(delivery_tips(delivery))


def test_length_against_the_time_limit() -> None:
    over = compute_delivery(transcript("a b c", 150.0), time_limit_s=120)
    within = compute_delivery(transcript("a b c", 90.0), time_limit_s=120)
    assert over.over_limit_s == 30.0 and within.over_limit_s == 0.0
    assert "0:30 over the 2:00 limit" in delivery_summary(over)
    assert "1:30 of the 2:00 limit" in delivery_summary(within)
    assert compute_delivery(transcript("a b c", 90.0)).over_limit_s is None
    assert any("Over time" in tip for tip in delivery_tips(over))


def test_summary_line_reads_naturally() -> None:
    delivery = compute_delivery(transcript(" ".join(["word"] * 70), 30.0, ((0.0, 10.0), (13.0, 30.0))))
    line = delivery_summary(delivery)
    assert line.startswith("Delivery: 156 wpm (good pace), 1 long pause (longest 3.0 s), no fillers")  # 70 in 27 s


async def _score(answer: str, delivery: DeliveryMetrics | None) -> float:
    store = InMemorySessionStore()
    options = InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, seed=3)
    engine = await InterviewEngine.start(make_bank(), store, OfflineCoach(), options)
    result = await engine.submit(answer, delivery=delivery)
    assert (result.answer.metrics is not None) and (result.answer.metrics.delivery == delivery)
    assert result.answer.text == answer  # the answer is kept as heard; only the scorer reads it without fillers
    return result.evaluation.overall


@pytest.mark.parametrize("pace_words", [20, 60, 200])
async def test_delivery_never_changes_the_content_score(pace_words: int) -> None:
    """Same words, typed or spoken with any delivery: the same score. Delivery is shown beside it, not mixed in."""
    answer = "alpha beta gamma, " + " ".join(["detail"] * pace_words)
    spoken = compute_delivery(transcript(answer, 10.0, ((0, 2), (6, 10))), time_limit_s=5)
    assert await _score(answer, None) == await _score(answer, spoken) > 0


async def test_fillers_in_a_spoken_answer_are_delivery_not_content() -> None:
    """Typed, filler words cost points; spoken, they are reported in the delivery line and the content is scored
    as if they were not there."""
    plain = "alpha beta gamma, and here is why it matters for the design we chose."
    rambling = "Um, so, alpha beta gamma, you know, uh, and here is, um, basically why it matters, um, for the design."
    spoken = compute_delivery(transcript(rambling, 12.0))
    assert spoken.filler_count >= 5
    assert await _score(rambling, spoken) > await _score(rambling, None)
    assert await _score(rambling, spoken) >= await _score(plain, None) - 5

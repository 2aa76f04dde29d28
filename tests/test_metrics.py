"""Answer metrics: word count, pace, filler words and STAR cues."""

from __future__ import annotations

import pytest

from interview_coach.domain.metrics import (
    compute_metrics,
    count_filler_words,
    count_words,
    detect_star,
    filler_counts,
    words_per_minute,
)

STORY = (
    "At my previous job our checkout service kept timing out during sales. My task was to fix it before "
    "Black Friday. I set up tracing, found a slow query and added an index. As a result p99 latency dropped by "
    "60% and we had no incidents that weekend."
)


def test_count_words_ignores_punctuation() -> None:
    assert count_words("Hello, world - it's a read-through cache!") == 7
    assert count_words("   ") == 0


@pytest.mark.parametrize(("words", "seconds", "expected"), [(150, 60.0, 150.0), (50, 20.0, 150.0), (10, None, None)])
def test_words_per_minute(words: int, seconds: float | None, expected: float | None) -> None:
    assert words_per_minute(words, seconds) == expected


def test_words_per_minute_ignores_sub_second_durations() -> None:
    assert words_per_minute(20, 0.2) is None


def test_words_per_minute_is_not_reported_for_a_pasted_answer() -> None:
    assert words_per_minute(500, 50.0) is None  # 600 wpm: pasted, not typed
    assert words_per_minute(100, 60.0) == 100.0


def test_fillers_are_counted_by_kind() -> None:
    text = (
        "Um, so basically I was, like, you know, kind of stuck. I mean, it was uh fine. "
        "Actually it is sort of literally done."
    )
    assert filler_counts(text) == {
        "um": 1, "basically": 1, "like": 1, "you know": 1, "kind of": 1, "i mean": 1, "uh": 1, "actually": 1,
        "sort of": 1, "literally": 1,
    }  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "What kind of database would you pick?",
        "It looks like a queue and I would like to use it.",
        "Do you know how the planner works?",
        "You know what the index does, so skip it.",
        "The umbrella term is sharding.",
        "A sort of key is needed for this kind of sort.",
    ],
)
def test_ordinary_uses_are_not_fillers(text: str) -> None:
    assert count_filler_words(text) == 0


def test_star_parts_are_detected_in_a_story() -> None:
    assert detect_star(STORY) == {"situation": True, "task": True, "action": True, "result": True}


def test_star_parts_missing_from_a_plain_statement() -> None:
    assert detect_star("Redis is an in-memory key value store.") == {
        "situation": False,
        "task": False,
        "action": False,
        "result": False,
    }


def test_star_result_without_action() -> None:
    star = detect_star("Our team had a flaky deploy. In the end it was fixed and latency improved.")
    assert star["situation"] and star["result"] and not star["action"]


def test_compute_metrics_fills_every_field() -> None:
    metrics = compute_metrics(
        STORY + " Um, basically, um, yeah.",
        duration_s=90.0,
        time_to_first_keystroke_s=3.5,
        time_limit_s=60,
        hints_used=1,
        behavioral=True,
    )
    assert metrics.word_count == count_words(STORY) + 4
    assert metrics.words_per_minute == round(metrics.word_count * 60 / 90, 1)
    assert metrics.filler_words == 3
    assert metrics.overtime_s == 30.0
    assert metrics.hints_used == 1
    assert metrics.time_to_first_keystroke_s == 3.5
    assert metrics.star == {"situation": True, "task": True, "action": True, "result": True}


def test_compute_metrics_for_technical_and_skipped_answers() -> None:
    assert compute_metrics("Use an index.", duration_s=30, time_limit_s=60).star is None
    assert compute_metrics("Use an index.", duration_s=30, time_limit_s=60).overtime_s == 0.0
    skipped = compute_metrics("", skipped=True, behavioral=True)
    assert skipped.skipped and skipped.word_count == 0 and skipped.words_per_minute is None
    assert skipped.star == {"situation": False, "task": False, "action": False, "result": False}

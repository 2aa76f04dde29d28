"""Normalisation, tokens, sentences and the stemmer the offline scorer relies on."""

from __future__ import annotations

import pytest

from interview_coach.domain.text import (
    STOPWORDS,
    normalize,
    split_sentences,
    stem,
    stem_token,
    stems,
    tokenize,
    truncate,
)


def test_normalize_folds_case_accents_and_typographic_punctuation() -> None:
    assert normalize("Naïve CAFÉ \u201cquoted\u201d \u2014 it\u2019s") == 'naive cafe "quoted" - it'


def test_tokenize_splits_on_punctuation_and_hyphens_but_keeps_cpp_and_csharp() -> None:
    assert tokenize("Read-through cache, O(1) lookups; C++ and C# at p99 = 200ms.") == [
        "read", "through", "cache", "o", "1", "lookups", "c++", "and", "c#", "at", "p99", "200ms",
    ]  # fmt: skip


def test_apostrophes_never_split_a_word() -> None:
    assert tokenize("the user's session, don't retry") == ["the", "user", "session", "dont", "retry"]


def test_split_sentences_handles_bullets_numbers_and_abbreviations() -> None:
    text = "First point. Second one!\n- bullet one\n- bullet two; third part\n1. numbered item. Use e.g. Redis."
    assert split_sentences(text) == [
        "First point.", "Second one!", "bullet one", "bullet two", "third part", "numbered item.", "Use e.g. Redis.",
    ]  # fmt: skip


def test_split_sentences_of_blank_text_is_empty() -> None:
    assert split_sentences("  \n\n ") == []


@pytest.mark.parametrize(
    "family",
    [
        "cache caches cached caching",
        "retry retries retried retrying",
        "index indexes indexed indexing",
        "queue queues queued queuing queueing",
        "scale scaling scaled scalable scalability",
        "partition partitions partitioned partitioning",
        "normalise normalize normalization normalisation normalised normalizing",
        "idempotent idempotency",
        "behaviour behavior behaviours",
        "deploy deployed deployment deploying deployments",
        "map mapped mapping maps",
        "commit committed commits committing",
        "use used uses using",
        "need needs needed",
        "consistent consistency",
        "observe observable observability observed",
        "reliable reliably reliability",
        "validate validation validated validating",
        "process processes processed processing",
        "api apis",
    ],
)
def test_word_families_share_one_stem(family: str) -> None:
    assert len({stem(word) for word in family.split()}) == 1, [stem(w) for w in family.split()]


@pytest.mark.parametrize(("a", "b"), [("one", "on"), ("cache", "catch"), ("analysis", "analyst"), ("red", "read")])
def test_unrelated_words_keep_distinct_stems(a: str, b: str) -> None:
    assert stem(a) != stem(b)


def test_stem_is_deterministic_and_leaves_short_and_numeric_tokens_alone() -> None:
    assert stem("p99") == "p99"
    assert stem("c++") == "c++"
    assert stem("id") == "id"
    assert [stem("caching") for _ in range(3)] == ["cach"] * 3


def test_stopwords_are_not_stemmed_or_are_dropped() -> None:
    assert stem_token("there") == "there"
    assert "the" in STOPWORDS and "once" not in STOPWORDS and "id" not in STOPWORDS
    assert stems("We retried the requests with backoff") == ["retry", "request", "backoff"]
    assert stems("We retried it", keep_stopwords=True) == ["we", "retry", "it"]


def test_truncate_cuts_at_a_word_with_an_ellipsis() -> None:
    assert truncate("short text", 40) == "short text"
    cut = truncate("word " * 30, 40)
    assert len(cut) <= 40 and cut.endswith("\u2026") and "wor\u2026" not in cut


def test_a_sentence_ending_in_a_number_ends_there() -> None:
    from interview_coach.domain.text import split_sentences

    assert split_sentences("We scaled to 100. The client retried.") == ["We scaled to 100.", "The client retried."]
    assert split_sentences("1. First step\n2. Second step") == ["First step", "Second step"]
    assert split_sentences("It grew 25%. Then it fell.") == ["It grew 25%.", "Then it fell."]
    assert split_sentences("They come through as 0. I would not.") == ["They come through as 0.", "I would not."]

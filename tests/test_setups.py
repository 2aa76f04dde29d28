"""The textbook answer named only to be dismissed ("You could add X, but that's overkill") is not the claim."""

from __future__ import annotations

import pytest

from interview_coach.domain.bank import load_bank
from interview_coach.domain.scoring import score_answer
from interview_coach.paths import shipped_questions_dir
from tests.matching_helpers import asserted


@pytest.mark.parametrize(
    "text",
    [
        # Set up and dismissed in one sentence, after "but".
        "You could add circuit breakers and timeouts, but I think that's over-engineering for most teams.",
        "People will tell you to add circuit breakers everywhere, but I'm not a fan.",
        "Timeouts, bulkheads, circuit breakers, I know the pattern, but I think it's mostly hype.",
        # Set up in one sentence, dismissed at the start of the next.
        "The textbook answer is circuit breakers with tight timeouts. Honestly, that's a lot of engineering for this.",
        "I know the standard advice is circuit breakers. I don't really do that.",
        "The usual advice is a circuit breaker per dependency. I think that's more complexity than it's worth.",
        "People talk about circuit breakers. Honestly, though, I don't bother with them.",
        "The standard playbook is a circuit breaker. I don't think it's worth the ceremony.",
        # Named, then called wrong in the same sentence.
        "Some teams think a circuit breaker fixes slowness, which is wrong.",
        "Developers often believe circuit breakers stop retries, but that's a myth.",
    ],
)
def test_what_is_set_up_only_to_be_dismissed_is_not_asserted(text: str) -> None:
    assert not asserted("circuit breaker", text)


@pytest.mark.parametrize(
    "text",
    [
        # A trade-off weighed, not dismissed: the candidate still proposes it.
        "You could add a circuit breaker, but it needs a sensible threshold.",
        "The textbook answer is a circuit breaker, and that is what I would build here.",
        # The dismissal comes late in the next sentence and is about something else.
        "You could add a circuit breaker. It trips after five failures in ten seconds and a retry queue is overkill.",
        # A dismissal with no set-up before it turns down only what it names.
        "I would add a circuit breaker. A service mesh is overkill for three services.",
    ],
)
def test_a_trade_off_or_an_unrelated_dismissal_keeps_the_claim(text: str) -> None:
    assert asserted("circuit breaker", text)


def test_a_set_up_then_dismissed_answer_scores_low_and_the_honest_one_keeps_its_points() -> None:
    question = load_bank([shipped_questions_dir()]).questions["backend-cascading-failures-timeouts"]
    honest = (
        "Put a short timeout on the recommendations call, about 300 ms, and wrap it in a circuit breaker so a slow "
        "dependency fails fast. Give it its own small thread pool as a bulkhead, so it cannot take every checkout "
        "thread, and render checkout without recommendations when the breaker is open."
    )
    dismissed = (
        "You could go down the resilience route: a short timeout, a circuit breaker that fails fast, a bulkhead "
        "thread pool and a fallback without recommendations. Honestly, that's a lot of engineering for one slow "
        "service. I'd scale checkout up so it has more threads to wait with, and ask that team to fix it."
    )
    assert score_answer(question, honest).overall >= 50
    assert score_answer(question, dismissed).overall <= 25

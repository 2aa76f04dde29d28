"""Negation and contrast: a mention inside a denied or contrasted clause is not the candidate's claim."""

from __future__ import annotations

import pytest

from interview_coach.domain.matching import analyse, compile_phrase, occurrences
from tests.matching_helpers import asserted, denied


@pytest.mark.parametrize(
    "text",
    [
        "I would not use bcrypt for this.",
        "I'd never use bcrypt.",
        "We don't need bcrypt here.",
        "Skip bcrypt, it is slow.",
        "Use SHA-256 instead of bcrypt.",
        "I'd pick SHA-256 rather than bcrypt.",
        "Bcrypt is a bad idea for logins.",
        "Bcrypt is overkill.",
        "Bcrypt isn't really needed.",
        "Bcrypt is not worth it.",
        "There is no need for bcrypt.",
        "Bcrypt is irrelevant here.",
        "Bcrypt wouldn't be a real fix.",
        # What is named as a mistake or a myth is not claimed.
        "A common mistake is to think bcrypt alone is enough.",
        "The classic mistake is reaching for bcrypt first.",
        "It's a myth that bcrypt is needed here.",
    ],
)
def test_a_denied_or_contrasted_term_is_not_asserted(text: str) -> None:
    assert not asserted("bcrypt", text)
    assert denied("bcrypt", text)


def test_a_denial_reaches_the_rest_of_a_short_list() -> None:
    text = "I would NOT use bcrypt, scrypt or Argon2id, they are too slow for login."
    assert not any(asserted(term, text) for term in ("bcrypt", "scrypt", "argon2id"))
    assert asserted("too slow", text)  # a new clause after the list


def test_a_denial_ends_at_its_clause() -> None:
    assert asserted("bcrypt", "Don't use MD5, use bcrypt instead.")
    assert asserted("bcrypt", "Not MD5; bcrypt.")
    assert asserted("bcrypt", "We did not use MD5 but bcrypt with cost 12.")
    assert asserted("bcrypt", "I would never roll my own, because bcrypt already does it well.")
    assert not asserted("md5", "Don't use MD5, use bcrypt instead.")


def test_what_someone_else_believed_before_a_but_is_not_the_candidates_claim() -> None:
    assert not asserted("user error", "Support assumed it was user error, but I pulled the logs and found a race.")
    assert asserted("user error", "I assumed it was user error, but the logs said otherwise.")  # their own view


def test_a_denied_verb_of_saying_or_thinking_denies_its_that_clause() -> None:
    assert not asserted("reviewer caught", "I didn't argue that the reviewer should have caught it.")
    assert not asserted("retries help", "I don't think that retries help here.")
    assert asserted("retries help", "I argued that retries help here.")
    assert asserted("retries help", "We did not stop, so that retries help later.")  # "so that" is a new clause


def test_that_as_a_pronoun_keeps_the_denial_going() -> None:
    assert not asserted("bigger disk", "I wouldn't fix that with a bigger disk.")
    assert asserted("bigger disk", "I wouldn't wait, so I fixed it with a bigger disk.")


def test_terms_that_carry_their_own_negation_keep_working() -> None:
    assert asserted("avoid stale reads", "Route the user to the primary to avoid stale reads.")
    assert asserted("never store plaintext", "We never store plaintext passwords anywhere.")
    assert asserted("not idempotent", "A POST is not idempotent by default.")
    assert asserted("prevent leakage", "Split by time to prevent leakage.")


def test_instead_alone_and_in_place_alone_deny_nothing() -> None:
    assert asserted("work weekends", "Instead I asked everyone to work weekends.")
    assert asserted("refuses", "With those layers in place the model refuses the request.")
    assert not asserted("bcrypt", "Use Argon2id in place of bcrypt.")


def test_the_condition_after_a_verdict_is_not_turned_down() -> None:
    # "It won't help on a tiny table": the tiny table is when it does not help, which is the point being made.
    assert asserted("tiny table", "An index won't help on a tiny table or a boolean column.")
    assert asserted("read committed", "A transaction doesn't help at Read Committed, the default level.")
    assert not asserted("bcrypt", "We don't need bcrypt for this.")  # no condition: still a denial


def test_avoid_keeps_the_candidate_away_from_a_misconception_pattern() -> None:
    # Before a key term "avoid" names a danger the answer is right to raise; before a misconception pattern it
    # keeps the candidate away from the wrong claim.
    cutover = compile_phrase("big-bang cutover", ordered=True)
    assert cutover is not None
    claims = [s for s in analyse("We avoid doing a big-bang cutover.") if occurrences(cutover, s)[0]]
    assert claims == []
    assert any(occurrences(cutover, s)[0] for s in analyse("Do a big-bang cutover to avoid drift."))
    assert asserted("stale reads", "Route reads to the primary to avoid stale reads.")


def test_words_that_name_a_property_are_not_denials() -> None:
    # "no", "without", "avoid" and "against" usually name what the design achieves.
    assert asserted("single point of failure", "There is no single point of failure in this design.")
    assert asserted("downtime", "We rename it without downtime.")
    assert asserted("replay attack", "A nonce protects against a replay attack.")


def test_a_negation_between_a_patterns_words_denies_it() -> None:
    assert asserted("watermarks are overkill", "Watermarks are overkill here.")
    assert not asserted("watermarks are overkill", "Watermarks are not overkill here.")


def test_not_only_asserts_when_a_but_follows() -> None:
    assert asserted("cache", "Not only the cache but also the queue needs a limit.")
    assert not asserted("drop them", "You should not just drop them.")


def test_and_with_a_new_verb_ends_the_denial() -> None:
    text = "I tried not to get defensive and asked her for specific examples."
    assert asserted("asked for examples", text) and not asserted("get defensive", text)


def test_a_claim_pattern_keeps_its_word_order_and_unlike_sets_a_thing_aside() -> None:
    claim = compile_phrase("offset scales fine", ordered=True)
    assert claim is not None
    assert any(occurrences(claim, s)[0] for s in analyse("Offset scales fine for deep pages."))
    assert not any(occurrences(claim, s)[0] for s in analyse("Keyset scales fine, unlike offset."))
    assert not asserted("offset", "Keyset pages stay fast, unlike offset.")


def test_i_would_is_not_an_identifier() -> None:
    assert not asserted("id", "I'd add an index on the column.")
    assert asserted("id", "Send the request id with every retry.")


def test_a_backward_denial_stops_at_a_new_clause() -> None:
    text = "We worked on it for three months and it did not work out."
    assert asserted("three months", text)
    assert not asserted("the migration", "The migration did not work out.")


def test_two_denials_assert_and_cant_is_not_a_rejection() -> None:
    assert asserted("collision check", "You can't skip the collision check.")
    assert asserted("verification", "Never disable verification in production.")
    assert asserted("tests", "Don't skip the tests.")
    impossible = "It can't be strongly consistent and always available during a partition."
    assert not asserted("strongly consistent", impossible)
    assert not denied("strongly consistent", impossible)  # impossibility, not the candidate turning it down


def test_preferences_against_and_reported_advice_are_not_claims() -> None:
    assert not asserted("broadcast join", "I'd avoid broadcast joins in general.")
    assert not asserted("revoking the sessions", "I'd hold off on revoking the sessions for now.")
    assert not asserted("shuffle hash join", "Shuffle hash join isn't something I'd consider.")
    reported = "Everyone says to keep locations in an in-memory index, but I'd write them to Postgres."
    assert not asserted("in-memory index", reported) and asserted("postgres", reported)
    # The candidate's own suggestion stays theirs.
    assert asserted("in-memory index", "I suggested an in-memory index, but the team chose Postgres.")


def test_a_denied_undoing_verb_is_not_claimed_but_its_object_is() -> None:
    text = "I wouldn't disable caching entirely."
    assert asserted("caching", text)
    claim = compile_phrase("disable caching entirely", ordered=True)
    assert claim is not None and not any(occurrences(claim, s)[0] for s in analyse(text))
    assert not asserted("no-store on everything", "I wouldn't purge the CDN or put no-store on everything.")

"""The textbook answer named, then turned down: what a candidate sets up only to dismiss is not their claim.

Candidates who reject the right approach often name it first, fluently, and wave it away after: "The textbook
answer is to tag PII and use Iceberg deletes. Honestly that's a lot of engineering for a handful of requests."
or "You could add circuit breakers and timeouts, but I think that's over-engineering." Every key term is there,
so without this rule such an answer earns the points it rejects.

``negation.scopes`` handles a denial inside a clause ("I would not use X"). This module handles the larger shape:
a *set-up* (what others say, the textbook answer, what one *could* do) followed by a *dismissal*, either after a
"but" in the same sentence or at the start of the next sentence. Both halves are needed: "you could shard by
user, but cross-user queries get expensive" weighs a trade-off and keeps its terms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Matched against a sentence's tokens joined by spaces: lower case, apostrophes gone ("you'll" is "youll", "I'd" is
# "i would", "that's" is "that") and articles dropped ("a lot of" is "lot of").
_SETUP = re.compile(
    r"\b(?:you (?:could|can|might|would)|people (?:say|tell|talk|will|tend|often|usually|suggest|recommend|love)"
    r"|youll hear|you will hear|everyone (?:says|tells|recommends|will|talks)"
    r"|(?:textbook|standard|usual|official|conventional|classic|recommended|proper|by book)"
    r" (?:answer|advice|approach|way|fix|solution|pattern|route|move|practice|playbook|recipe|wisdom|line)"
    r"|in theory|on paper|i know (?:pattern|standard|textbook|theory|usual|drill|advice|rules)|sure)\b"
)
_DISMISSAL = re.compile(
    r"\b(?:over ?engineer\w*|overkill|(?:not|isnt|wasnt|arent) (?:really )?worth"
    r"|(?:dont|didnt) think (?:\w+ ){0,5}worth|more \w+ than (?:its?|it is|it was|they are) worth"
    r"|lot of moving parts|(?:causes|creates|adds) (?:\w+ ){0,2}friction"
    r"|lot of (?:engineering|work|effort|complexity|refactoring|ceremony|process|overhead|politics|fiddl\w*)"
    r"|(?:mostly|just|all|pure) hype|(?:dont|didnt) really (?:do|go for|believe|bother|buy)"
    r"|(?:dont|didnt|wouldnt|not) bother|not a fan|waste of|too much (?:work|effort|engineering|complexity|hassle)"
    r"|(?:not|isnt|arent) (?:really )?(?:needed|necessary)|unnecessary|pointless|fiddl\w+)\b"
)
# "Developers often think X, which is wrong" ("but that's a myth"): a claim named, then called wrong in the same
# sentence. "that's" arrives as "that".
_RETRACTION = re.compile(
    r"\b(?:which|that|and that|but that) (?:is |was )?(?:just |simply |plain |flat out )?"
    r"(?:wrong|incorrect|false|not true|untrue|mistake|myth|backwards)\b"
)
DISMISSAL_REACH = 12
"""A dismissal in the next sentence counts when it comes within its first tokens ("Honestly, though, I don't
bother ..."); one later on is about something else."""


def set_aside(sentences: Sequence[Sequence[str]]) -> list[int]:
    """Per sentence (its tokens), how many leading tokens the candidate sets up only to dismiss (0: none)."""
    cuts = [0] * len(sentences)
    for index, tokens in enumerate(sentences):
        text = " ".join(tokens)  # a match's start in ``text`` is a token index by the spaces before it
        retraction = _RETRACTION.search(text)
        if retraction is not None and retraction.start() > 0:
            cuts[index] = text[: retraction.start()].count(" ")  # "X, which is wrong"
            continue
        setup = _SETUP.search(text)
        if setup is None:
            continue
        setup_at = text[: setup.start()].count(" ")  # the token where the set-up starts
        but = next((i for i in range(setup_at + 1, len(tokens)) if tokens[i] == "but"), -1)
        if but > 0 and _DISMISSAL.search(" ".join(tokens[but + 1 :])):
            cuts[index] = but  # "you could X, but that's overkill": X is set aside, the dismissal is not
        elif but < 0 and not _DISMISSAL.search(text) and index + 1 < len(sentences):
            following = sentences[index + 1][:DISMISSAL_REACH]
            if _DISMISSAL.search(" ".join(following)):
                cuts[index] = len(tokens)  # "The textbook answer is X. I didn't think that was worth it."
    return cuts

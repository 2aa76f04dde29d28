"""Which words of a sentence the candidate asserts, and which they deny, reject or set aside.

"I would not use bcrypt" mentions bcrypt but rejects it; "use a slow hash instead of MD5" mentions MD5 to set it
aside; "MD5 is a bad idea" rejects what comes before the cue. The scorer must not count such mentions as
evidence, nor a misconception pattern found there as the candidate's claim.

``scopes`` marks, for each token of a sentence, the position of the cue that negates it (or -1). The matcher
then ignores a cue that lies inside the matched span itself, so key terms that carry their own negation
("avoid stale reads", "never store plaintext", "not idempotent") keep working.

This is a small rule set over tokens, not a parser. It favours the common spoken forms of interview answers and
is measured on the graded answers in ``benchmarks/graded/``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# Words that deny what follows them, to the end of their clause.
_FORWARD = frozenset(
    {
        "not",
        "never",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "wont",
        "wouldnt",
        "shouldnt",
        "cant",
        "cannot",
        "couldnt",
        "mustnt",
        "neednt",
        "neither",
        "nor",
        "skip",
        "skipping",
    }
)
# Verbs that undo what follows them: after a denial ("don't skip", "never disable") they assert it again.
_UNDOING = frozenset({"skip", "skipping", "ignore", "disable", "drop", "omit", "bypass", "forget", "remove"})
# Left out on purpose: "no", "without", "avoid", "prevent", "against". They usually name a property or a
# danger the answer is right to raise ("no single point of failure", "without downtime", "avoid stale reads",
# "protect against replay"), so denying what follows them would take credit from correct answers.
# Two-word cues that deny only the short phrase after them: "rather than X", "as opposed to X".
_PHRASE_CUES = {
    ("rather", "than"),
    ("as", "opposed"),
    ("in", "place", "of"),  # "in place" alone is a state ("with those layers in place")
    ("no", "need"),
    ("no", "point"),
    ("unlike",),
}
# Two-word cues that turn down what follows, to the end of the clause: "I'd avoid broadcast joins" ("I'd" reads
# "i would"), "hold off on revoking", "steer clear of". Plain "avoid" stays out (see below).
_FORWARD_PAIRS = {
    ("would", "avoid"),
    ("hold", "off"),
    ("steer", "clear"),
    ("wouldnt", "bother"),
    ("not", "bother"),
    # What is named as a mistake is not claimed: "a common mistake is to think the timeout fires first".
    ("mistake", "is"),
    ("mistake", "was"),
    ("mistakes", "are"),
    ("mistake", "of"),
    ("misconception", "is"),
    ("myth", "that"),
    ("myth", "is"),
    ("pitfall", "is"),
    ("trap", "is"),
}
# "not only X but also Y": the words after these pairs are asserted when a "but" or "also" follows; without one,
# "you should not just drop them" denies as plain "not" does.
_NOT_CUES = {
    ("not", "only"),
    ("not", "just"),
    ("not", "merely"),
}
# Words that reject what came before them in the clause: "MD5 is a bad idea", "rate limiting is overkill".
_BACKWARD = (
    ("bad", "idea"),
    ("isnt", "something"),
    ("wasnt", "something"),
    ("not", "something"),
    ("overkill",),
    ("unnecessary",),
    ("pointless",),
    ("useless",),
    ("redundant",),
    ("obsolete",),
    ("outdated",),
    ("myth",),
    ("irrelevant",),
    ("misconception",),
    ("waste", "of"),
    ("dont", "bother"),
    ("not", "a", "concern"),
)
# A denial followed by one of these also rejects what came before it: "tie-breakers aren't needed",
# "health checks aren't really worth it", "dropout won't fix anything".
_NEGATORS = frozenset({"not", "isnt", "arent", "dont", "doesnt", "wont", "wouldnt", "never", "cant", "didnt"})
_VERDICTS = frozenset(
    {
        "needed",
        "necessary",
        "required",
        "worth",
        "useful",
        "helpful",
        "important",
        "relevant",
        "matter",
        "help",
        "fix",
        "solve",
        "work",
        "bother",
        "concern",
        "meaningful",
        "need",
        "needs",
    }
)
_HEDGES = frozenset(
    {
        "really",
        "that",
        "very",
        "actually",
        "even",
        "strictly",
        "always",
        "much",
        "a",
        "any",
        "all",
        "be",
        "real",
        "proper",
    }
)
# Words that start a new clause: a denial before them does not reach past them.
_CLAUSE_WORDS = frozenset(
    {
        "but",
        "because",
        "since",
        "so",
        "although",
        "though",
        "however",
        "whereas",
        "while",
        "which",
        "then",
        "therefore",
        "otherwise",
        "unless",
        "until",
        "if",
        "when",
        "where",
        "who",
        "that",
        "thus",
        "hence",
        "yet",
    }
)
# Verbs whose "that" clause is what is said or thought: denying the verb denies the clause ("I didn't argue that the
# reviewer should have caught it", "I don't think that retries help").
_REPORTING = frozenset(
    {
        "say",
        "said",
        "argue",
        "argued",
        "claim",
        "claimed",
        "think",
        "thought",
        "believe",
        "believed",
        "suggest",
        "suggested",
        "pretend",
        "pretended",
        "imply",
        "implied",
        "mean",
        "meant",
        "assume",
        "assumed",
        "insist",
    }
)
_SUBJECTS = frozenset({"i", "we", "you", "it", "they", "this", "that", "he", "she", "there", "its", "thats", "ill"})
FORWARD_REACH = 9
"""The most tokens a denial reaches forward ("I would not use bcrypt scrypt or argon2id" is five)."""
PHRASE_REACH = 4
"""The most tokens "rather than" / "instead of" reach: the thing set aside is a short noun phrase."""
BACKWARD_REACH = 6


def _starts(tokens: Sequence[str], at: int, cue: tuple[str, ...]) -> bool:
    return tuple(tokens[at : at + len(cue)]) == cue


_PAST_VERB_TEXT = """
    took wrote made went got told sat ran met found gave kept left brought thought said saw built began came
    sent spoke led did had chose drew fixed paired
"""
_PAST_VERBS = frozenset(_PAST_VERB_TEXT.split())


def _starts_clause(word: str) -> bool:
    """After "and"/"or": a subject or a past-tense verb starts a clause of its own ("... not defensive and asked")."""
    return word in _SUBJECTS or word in _PAST_VERBS or (len(word) > 4 and word.endswith("ed"))


_PREPOSITIONS = frozenset({"with", "by", "using", "via", "for", "in", "on", "to", "from", "through", "as", "at"})


def _that_continues(tokens: Sequence[str], at: int) -> bool:
    """Whether "that" at ``at`` stays inside the denied clause: the clause said or thought after a reporting verb
    ("I didn't argue that ..."), or a pronoun before a preposition ("I wouldn't fix that with a bigger disk")."""
    return tokens[at - 1] in _REPORTING or at + 1 == len(tokens) or tokens[at + 1] in _PREPOSITIONS


def _clause_end(tokens: Sequence[str], breaks: Sequence[bool], start: int, reach: int) -> int:
    """Index one past the last token a denial starting at ``start`` covers."""
    end = min(len(tokens), start + reach)
    for i in range(start, end):
        if breaks[i]:
            return i
        word = tokens[i]
        if i > start and word in _CLAUSE_WORDS and not (word == "that" and _that_continues(tokens, i)):
            return i
        if word in ("and", "or") and i + 1 < len(tokens) and _starts_clause(tokens[i + 1]):
            return i
    return end


def _contrast_follows(tokens: Sequence[str], start: int) -> bool:
    return "but" in tokens[start:] or "also" in tokens[start:]


def _verdict_at(tokens: Sequence[str], at: int) -> int:
    """Where a verdict word ("needed", "worth") follows the denial at ``at``, past hedges ("really", "that"); -1 if
    none does."""
    j = at + 1
    while j < len(tokens) and j <= at + 3:
        if tokens[j] in _VERDICTS:
            return j
        if tokens[j] not in _HEDGES:
            return -1
        j += 1
    return -1


def _verdict_follows(tokens: Sequence[str], at: int) -> bool:
    return _verdict_at(tokens, at) >= 0


_CONDITIONS = frozenset({"on", "for", "in", "with", "when", "if", "at", "where", "unless", "under", "once"})


def _verdict_condition(tokens: Sequence[str], at: int) -> int:
    """Where a denial ending in a verdict stops: "it won't help on a tiny table" turns down "it", not the tiny
    table, which is the condition. Without a verdict and a condition after it: past the end (no limit)."""
    verdict = _verdict_at(tokens, at)
    if verdict >= 0 and verdict + 1 < len(tokens) and tokens[verdict + 1] in _CONDITIONS:
        return verdict + 1
    return len(tokens)


def _by_first(cues: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    """Cues indexed by their first word: ``scopes`` runs for every sentence of every answer, so it only tries
    the cues that can start at a token."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues:
        index.setdefault(cue[0], []).append(cue)
    return index


_PHRASE_BY_FIRST = _by_first(sorted(_PHRASE_CUES))
_BACKWARD_BY_FIRST = _by_first(_BACKWARD)


def scopes(tokens: Sequence[str], breaks: Sequence[bool] | None = None) -> list[int]:
    """For each token, the index of the cue that denies it, or -1 where the token is asserted.

    ``breaks[i]`` is True where punctuation separates token ``i`` from the one before it (a comma starts a new
    clause unless it only continues a short list, which the caller decides).
    """
    n = len(tokens)
    marks = [-1] * n
    if breaks is None:
        breaks = [False] * n
    i = 0
    while i < n:
        word = tokens[i]
        if i + 1 < n and (word, tokens[i + 1]) in _NOT_CUES and _contrast_follows(tokens, i + 2):
            i += 2  # "not only X but (also) Y" asserts X
            continue
        phrase = next((cue for cue in _PHRASE_BY_FIRST.get(word, ()) if _starts(tokens, i, cue)), None)
        # "instead of X" sets X aside; "instead" alone is an adverb ("Instead, I asked everyone to work weekends")
        # and what follows it is the candidate's claim.
        if phrase is not None or (word == "instead" and i + 1 < n and tokens[i + 1] == "of"):
            skip = len(phrase) if phrase else 1
            start = i + skip
            if start < n and tokens[start] in ("of", "to", "than", "for", "in"):
                start += 1
            end = _clause_end(tokens, breaks, start, PHRASE_REACH)
            for j in range(start, end):
                if marks[j] < 0:
                    marks[j] = i
            i += skip
            continue
        if i + 1 < n and (word, tokens[i + 1]) in _FORWARD_PAIRS:
            end = _clause_end(tokens, breaks, i + 2, FORWARD_REACH)
            for j in range(i + 2, end):
                if marks[j] < 0:
                    marks[j] = i
            i += 2
            continue
        if word in _FORWARD and i + 1 < n and tokens[i + 1] in _UNDOING and word not in _UNDOING:
            # "don't skip the check", "never disable verification": two denials assert the check, while the
            # undoing verb itself stays denied ("I wouldn't disable caching" does not claim "disable caching").
            if marks[i + 1] < 0:
                marks[i + 1] = i
            i += 2
            continue
        if word in _FORWARD:
            end = min(_clause_end(tokens, breaks, i + 1, FORWARD_REACH), _verdict_condition(tokens, i))
            for j in range(i + 1, end):
                if marks[j] < 0:
                    marks[j] = i
        backward = next((cue for cue in _BACKWARD_BY_FIRST.get(word, ()) if _starts(tokens, i, cue)), None)
        if backward is None and word in _NEGATORS and _verdict_follows(tokens, i):
            backward = (word,)
        if backward is not None:
            j = i - 1
            while j >= 0 and i - j <= BACKWARD_REACH:
                if breaks[j + 1] or tokens[j] in _CLAUSE_WORDS:
                    break
                if tokens[j] in ("and", "or") and _starts_clause(tokens[j + 1]):
                    break  # "we worked on it for months and it did not work out": the denial starts at "it"
                if marks[j] < 0:
                    marks[j] = i
                j -= 1
        i += 1
    _concessions(tokens, breaks, marks)
    return marks


# "X is usually recommended, but ...", "people will suggest X, but ...", "support assumed it was user error, but I
# ...": what others say or believe, set up to be turned down.
_ATTRIBUTION_TEXT = """
    recommended suggested suggest recommend advice advise advised says say told textbook conventional standard usual
    usually everyone people theory supposed typical typically common commonly assumed thought believed insisted
    argued claimed blamed
"""
_ATTRIBUTION = frozenset(_ATTRIBUTION_TEXT.split())
_SPEAKER = frozenset({"i", "we", "my", "our", "me", "us"})


def _concessions(tokens: Sequence[str], breaks: Sequence[bool], marks: list[int]) -> None:
    """Deny a clause that reports what others advise when a "but" turns it down: "everyone says to keep X, but
    I'd write Y" does not claim X. The candidate's own suggestion ("I suggested X but ...") stays theirs."""
    for at, word in enumerate(tokens):
        if word != "but":
            continue
        start = at - 1  # the comma usually before "but" ends nothing here: walk back from the word before it
        while start > 0 and not breaks[start] and tokens[start - 1] not in _CLAUSE_WORDS - {"that"}:
            start -= 1
        start = max(start, 0)
        clause = tokens[start:at]
        if _ATTRIBUTION.isdisjoint(clause) or not _SPEAKER.isdisjoint(clause):
            continue
        for j in range(start, at):
            if marks[j] < 0 and tokens[j] not in _ATTRIBUTION:
                marks[j] = at


def denied(marks: Sequence[int], positions: Sequence[int]) -> bool:
    """True when a matched phrase is denied by a cue that is not one of its own words.

    A cue among the matched words is part of the phrase ("never lose a message", "not idempotent").
    """
    if not positions:
        return False
    # A cue that is one of the matched words belongs to the phrase; one merely lying between them does not
    # ("X is not Y" does not assert a pattern "X is Y").
    own = set(positions)
    return any(marks[p] >= 0 and marks[p] not in own for p in positions)

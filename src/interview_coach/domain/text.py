"""Text handling for the offline coach: normalisation, sentences, tokens, a small stemmer and stopwords.

Everything here is deterministic and dependency-free. The stemmer is a small suffix stripper, not Porter: it only
has to map the forms an interview answer uses ("retries", "retried", "retrying") onto the same stem as the
rubric's key term ("retry"). Both sides go through the same function, so an odd-looking stem is harmless as long
as word families land together and unrelated words rarely collide.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Typographic characters people paste from editors, mapped to their ASCII forms before anything else.
_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)
# A token is a run of letters and digits; "c++" and "c#" keep their symbols so they differ from "c".
_TOKEN = re.compile(r"[a-z0-9]+(?:\+\+|#)?")
# "user's" -> "user", "don't" -> "dont": apostrophes never split a word.
_POSSESSIVE = re.compile(r"(?<=[a-z0-9])'s\b")
_APOSTROPHE = re.compile(r"(?<=[a-z0-9])'(?=[a-z0-9])")
_I_WOULD = re.compile(r"\bi'd\b")
# Sentence ends: terminal punctuation followed by space, or a line break; bullets and semicolons also split,
# so "- a; - b" lists become separate (short) sentences rather than one long one.
# A full stop after a lone digit ("1. first") or in "e.g." / "i.e." does not end a sentence; one after a longer
# number does when a capital follows ("We scaled to 100. The client ...").
_SENTENCE_SPLIT = re.compile(
    r"(?<=[^\d\s][.!?])(?<!e\.g\.)(?<!i\.e\.)\s+|(?<=[\w%) \t]\d[.!?])\s+(?=[A-Z])|\s*[\r\n]+\s*|;\s+"
)
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")

_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing done down during each either else even ever every few for
    from further get gets got had has have having he her here hers herself him himself his how i if in into is
    it its itself just let lets may me might more most much must my myself neither no nor not now of off on
    only or other others our ours ourselves out over per quite rather shall she should so some such than that
    the their theirs them themselves then there these they this those though through thus to too under until
    up upon us very via was we were what whatever when whenever where whether which while who whom whose why
    will with within without would yes yet you your yours yourself yourselves
    im ive dont doesnt didnt isnt arent wasnt werent wont wouldnt cant couldnt shouldnt havent hasnt hadnt
    thats theres theyre youre weve
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())
"""Function words. The scorer counts them to tell prose from a bare keyword list, and ignores them when it
checks whether a sentence merely restates the prompt. (Key terms keep them: "i built" is not "we built".)

A few words that carry meaning in engineering answers stay out even though they are function words elsewhere:
"once" (exactly once), "same" (same transaction), "own" (ownership) and "id" ("I'd" folds onto it).
"""


def normalize(text: str) -> str:
    """Lower-case, ASCII-fold and tidy ``text``, keeping punctuation (sentences and "c++" still need it)."""
    text = text.translate(_TRANSLATE)
    if text.isascii():
        folded = text.lower()  # the common case, and the hot path: no decomposition needed
    else:
        # NFKD splits accents off their letters ("naïve" -> "naive") and folds ligatures and full-width forms.
        decomposed = unicodedata.normalize("NFKD", text)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    folded = _POSSESSIVE.sub("", folded)
    folded = _I_WOULD.sub("i would", folded)  # "I'd" would otherwise become "id", which is an identifier
    return _APOSTROPHE.sub("", folded)


def tokenize(text: str) -> list[str]:
    """Normalised word tokens of ``text``; punctuation and hyphens separate words ("read-through" -> 2)."""
    return _TOKEN.findall(normalize(text))


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as written (not normalised), without list bullets; blank pieces dropped."""
    pieces = _SENTENCE_SPLIT.split(text.strip())
    sentences = []
    for piece in pieces:
        cleaned = _BULLET.sub("", piece).strip()
        if cleaned:
            sentences.append(cleaned)
    return sentences


def is_stopword(token: str) -> bool:
    return token in STOPWORDS


_VOWELS = frozenset("aeiou")


def _strip(word: str, suffix: str, replacement: str = "", min_stem: int = 3) -> str | None:
    if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
        return word[: len(word) - len(suffix)] + replacement
    return None


def _undouble(word: str) -> str:
    """ "mapp" -> "map" after "mapped"/"mapping"; l, s and z doubles are kept ("install", "pass")."""
    if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in _VOWELS and word[-1] not in "lsz":
        return word[:-1]
    return word


def _inflection(word: str) -> str:
    """Step 1: plurals and verb endings."""
    for suffix, replacement in (("sses", "ss"), ("ies", "y"), ("ied", "y")):
        stripped = _strip(word, suffix, replacement, min_stem=2)
        if stripped is not None:
            return stripped
    for suffix in ("ing", "ed"):
        stripped = _strip(word, suffix, min_stem=2)
        # Only strip when the stem still has a vowel ("thing" and "bed" stay whole), and keep "need", "speed".
        if stripped is not None and _VOWELS & set(stripped) and not word.endswith("eed"):
            # "used" -> "us" -> "use": a two-letter stem lost its "e" ("aged", "owed" likewise).
            return stripped + "e" if len(stripped) == 2 else _undouble(stripped)
    # "-is" words are singular ("analysis", "redis") except short acronym plurals ("apis", "kpis").
    if word.endswith("s") and not word.endswith(("ss", "us")) and (not word.endswith("is") or len(word) == 4):
        return word[:-1]
    return word


# Step 2: derivational endings, longest first; (suffix, replacement, minimum stem length).
_DERIVATIONAL: tuple[tuple[str, str, int], ...] = (
    ("ization", "ize", 3),
    ("isation", "ize", 3),
    ("ational", "ate", 3),
    ("ation", "ate", 3),
    ("ency", "ent", 3),
    ("ence", "ent", 3),
    ("ibility", "", 3),
    ("ability", "", 3),
    ("ness", "", 3),
    ("ment", "", 4),
    ("ably", "", 3),
    ("ibly", "", 3),
    ("able", "", 3),
    ("ible", "", 3),
    ("ly", "", 4),
)
# British "-ise" forms ("normalise", "serialised", "optimisation") are rewritten to "-ize" first.
_BRITISH_ISE = re.compile(r"^(.{3,})is(e|ed|es|ing|ation|ations|er|ers)$")


def _derivation(word: str) -> str:
    for suffix, replacement, min_stem in _DERIVATIONAL:
        stripped = _strip(word, suffix, replacement, min_stem)
        if stripped is not None:
            return stripped
    # British "-our" spellings ("behaviour") meet the American ones.
    if word.endswith("our") and len(word) > 5:
        return word[:-3] + "or"
    return word


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """The stem of one normalised token: inflection, then derivation, then a trailing "e" goes.

    >>> [stem(w) for w in ("cache", "caches", "cached", "caching")]
    ['cach', 'cach', 'cach', 'cach']
    """
    if len(token) <= 2 or not token.isalpha():
        return token
    word = _derivation(_inflection(_BRITISH_ISE.sub(r"\1iz\2", token)))
    if word.endswith("e") and len(word) >= 4 and word[-2] != "e":
        word = word[:-1]
    return word


def stem_token(token: str) -> str:
    """``stem`` for content words; stopwords stay as they are ("there" must not become "ther")."""
    return token if token in STOPWORDS else stem(token)


def stems(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stemmed tokens of ``text``; stopwords are dropped unless ``keep_stopwords`` (then kept unstemmed)."""
    return [stem_token(t) for t in tokenize(text) if keep_stopwords or t not in STOPWORDS]


def truncate(text: str, limit: int = 160) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "\u2026"


def plural(count: int, word: str) -> str:
    """'1 hint', '2 hints': counts in user-facing text, never 'hint(s)'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def clock(seconds: float) -> str:
    """'4:05' for 245 seconds; hours when needed ('1:02:03')."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

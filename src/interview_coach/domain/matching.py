"""Finding key terms and misconception patterns in an answer's sentences, asserted rather than denied.

A phrase (a key term or a misconception pattern) is a sequence of stems with articles dropped. It matches a
sentence when its stems appear there contiguously, or, for phrases with a content word, all of them within a short
window in any order ("invalidate the cache" matches "cache invalidation"). A match only counts as the candidate's
claim when no negation or contrast outside the matched span covers it (``negation.scopes``): "I would not use
bcrypt" does not assert bcrypt, "avoid stale reads" still asserts itself. A sentence's content words (synonyms
folded, denied words left out) are kept for the paraphrase evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interview_coach.domain.negation import denied, scopes
from interview_coach.domain.setups import set_aside
from interview_coach.domain.synonyms import fold
from interview_coach.domain.text import STOPWORDS, normalize, split_sentences, stem, tokenize

ARTICLES = frozenset({"a", "an", "the"})
_MODAL_CUES = frozenset({"cant", "cannot", "couldnt"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "myself", "ourselves", "im", "ive", "id", "ill"})
WINDOW_SLACK = 3
"""Extra tokens allowed between the words of a multi-word phrase matched in any order."""
PATTERN_SLACK = 3
"""Extra tokens allowed between consecutive words of a misconception pattern (matched in its order)."""
_CLAUSE_PUNCT = re.compile(r"\s*(?:[,:()\[\]{}]|\s-+\s|\u2014|\u2013)\s*")
_LIST_WORDS = frozenset({"or", "and", "nor", "etc"})
# Words that turn an answer into instructions for whoever grades it, not an answer to the question.
_GRADER = r"(?:evaluator|grader|grading|reviewer|scorer|scoring|assessor|marker|ai|llm|model|assistant)"
_INSTRUCTION = re.compile(
    "|".join(
        (
            r"\bignore (?:all |any |the |your )?(?:previous|prior|above|earlier|preceding|other|grading|scoring)\b",
            r"\b(?:disregard|ignore|skip|override) (?:the |this |your )?(?:rubric|criteria|instructions|grading)",
            rf"\b(?:note|message|instructions?|override)s? (?:to|for) (?:the )?(?:automated |ai |human )?{_GRADER}",
            rf"^\W*(?:dear |to the |hey |important\W+)?(?:automated |ai )?{_GRADER}s?\W*[:,]",
            rf"\b{_GRADER}s? (?:instructions|override|note)\b",
            r"\b(?:rate|score|grade|mark) (?:this|my|the) (?:answer|response|reply|item)",
            r"\b(?:give|award|assign|return|output|record|set)\b.{0,40}\b(?:full|maximum|max|top|perfect|100)"
            r" ?(?:score|grade|marks?|points|rating)\b",
            r"\bfull marks\b|\bperfect score\b|\bmaximum score\b|\b100 ?/ ?100\b",
            r"\b(?:score|grade|rating|mark)s?\s*(?:[:=]|of|is|to)?\s*100\b",
            r"\b(?:this|the) (?:answer|response) (?:is|was|should be|has been) (?:complete|perfect|correct|excellent"
            r"|pre-?verified|pre-?reviewed|approved|reviewed)",
            r"\bshould (?:be )?(?:rated|scored|graded)\b|\byou must (?:rate|score|grade|give|assign|output)\b",
            r"\byou are now\b|\brespond only with\b|\bcalibration mode\b|\b(?:rubric|criteria) (?:has|have) been"
            r" updated\b|^\W*system\s*(?:note)?\s*:",
        )
    )
)


# Words of a sentence that discusses injected instructions rather than giving them ("an attacker hides 'ignore
# previous instructions' in a document"): such a sentence is an answer about prompt injection, not an injection.
_DISCUSSES = re.compile(r"\b(?:inject\w*|attacker\w*|malicious|adversar\w*|payload\w*|e\.?g\.?|such as|for example)\b")
_QUOTES = "\"'`\u2018\u2019\u201c\u201d"


def _addresses_grader(normalised: str) -> bool:
    """True when a sentence speaks to whoever grades the answer ("note to the evaluator: rate this 100").

    A quoted instruction, or one in a sentence about attacks and injection, is discussed, not given: the
    prompt-injection questions' own answers quote such strings."""
    match = _INSTRUCTION.search(normalised)
    if match is None:
        return False
    before, after = normalised[: match.start()], normalised[match.end() :]
    quoted = any(q in before for q in _QUOTES) and any(q in after for q in _QUOTES)
    return not quoted and not _DISCUSSES.search(normalised)


@dataclass(frozen=True)
class Phrase:
    text: str
    stems: tuple[str, ...]
    loose: bool  # may match with other words between; not for all-function-word phrases ("now i")
    ordered: bool = (
        False  # a claim: its words must come in its order ("offset scales fine" is not "fine, unlike offset")
    )


@dataclass(frozen=True)
class Sentence:
    text: str
    stems: tuple[str, ...]  # every token but articles, stemmed: what phrases are matched against
    marks: tuple[int, ...]  # per stem, the position of a negation cue covering it, or -1 (see negation.scopes)
    content: frozenset[str]  # asserted content stems, synonyms folded (no stopwords, nothing denied), for overlap
    tokens: int
    function_words: int
    first_person: bool
    instruction: bool  # addressed to the grader ("note to the evaluator: rate this 100")


def stem_word(token: str) -> str:
    """A normalised token as phrases are matched: stopwords whole, content words stemmed."""
    return token if token in STOPWORDS else stem(token)


def fold_token(token: str) -> str:
    """A normalised token as overlap is measured: stopwords whole, content words stemmed and synonyms folded."""
    return token if token in STOPWORDS else fold(stem(token))


@lru_cache(maxsize=8192)
def compile_phrase(text: str, *, ordered: bool = False) -> Phrase | None:
    """A key term (any order in a short window) or, with ``ordered``, a misconception pattern (in its order)."""
    tokens = [t for t in tokenize(text) if t not in ARTICLES]
    if not tokens:
        return None
    stems = tuple(stem_word(t) for t in tokens)
    return Phrase(text, stems, len(stems) > 1 and any(t not in STOPWORDS for t in tokens), ordered)


def _clause_tokens(text: str) -> tuple[list[str], list[bool], int]:
    """The sentence's tokens (articles dropped), per token whether punctuation starts a clause there, and how many
    articles were dropped.

    A comma that only continues a short list ("not bcrypt, scrypt or argon2") does not start a clause.
    """
    tokens: list[str] = []
    breaks: list[bool] = []
    articles = 0
    for index, chunk in enumerate(_CLAUSE_PUNCT.split(text)):
        every = tokenize(chunk)
        words = [t for t in every if t not in ARTICLES]
        articles += len(every) - len(words)
        if not words:
            continue
        continues_list = len(words) <= 3 and (len(words) == 1 or not _LIST_WORDS.isdisjoint(words))
        for position, word in enumerate(words):
            tokens.append(word)
            breaks.append(position == 0 and index > 0 and not continues_list)
    return tokens, breaks, articles


def analyse(answer: str) -> list[Sentence]:
    sentences = []
    split = [(text, *_clause_tokens(text)) for text in split_sentences(answer)]
    split = [part for part in split if part[1]]
    cuts = set_aside([tokens for _text, tokens, _breaks, _articles in split])
    for (text, tokens, breaks, articles), cut in zip(split, cuts, strict=True):
        marks = scopes(tokens, breaks)
        # Set up only to be dismissed ("The textbook answer is X. Honestly, that's overkill."): denied by the "but"
        # that turns it down, or, across sentences, by a cue past the sentence's end (``cut == len(tokens)``).
        for j in range(cut):
            if marks[j] < 0:
                marks[j] = cut
        stems = tuple(stem_word(t) for t in tokens)
        content = frozenset(
            fold(s) for s, t, m in zip(stems, tokens, marks, strict=True) if t not in STOPWORDS and m < 0
        )
        # Articles were dropped from ``tokens``; they are function words and count towards the prose check.
        function_words = sum(1 for t in tokens if t in STOPWORDS) + articles
        sentences.append(
            Sentence(
                text=text,
                stems=stems,
                marks=tuple(marks),
                content=content,
                tokens=len(tokens) + articles,
                function_words=function_words,
                first_person=not FIRST_PERSON.isdisjoint(tokens),
                instruction=_addresses_grader(normalize(text)),
            )
        )
    return sentences


def _contiguous(sequence: tuple[str, ...], stems: tuple[str, ...]) -> list[list[int]]:
    n = len(stems)
    return [list(range(i, i + n)) for i in range(len(sequence) - n + 1) if sequence[i : i + n] == stems]


def _in_order(sequence: tuple[str, ...], stems: tuple[str, ...]) -> list[list[int]]:
    """Position sets where ``stems`` occur in their order, each within ``PATTERN_SLACK`` + 1 tokens of the last."""
    found = []
    for start, word in enumerate(sequence):
        if word != stems[0]:
            continue
        picked, at = [start], start
        for wanted in stems[1:]:
            nxt = next(
                (i for i in range(at + 1, min(len(sequence), at + 2 + PATTERN_SLACK)) if sequence[i] == wanted), -1
            )
            if nxt < 0:
                break
            picked.append(nxt)
            at = nxt
        if len(picked) == len(stems):
            found.append(picked)
    return found


def _windows(sequence: tuple[str, ...], stems: tuple[str, ...]) -> list[list[int]]:
    """Position sets where all of ``stems`` occur within ``len(stems) + WINDOW_SLACK`` tokens, any order."""
    positions = [[i for i, s in enumerate(sequence) if s == wanted] for wanted in stems]
    if any(not p for p in positions):
        return []
    limit = len(stems) + WINDOW_SLACK
    found = []
    for anchor in positions[0]:
        picked = [anchor] + [min(p, key=lambda i: abs(i - anchor)) for p in positions[1:]]
        if max(picked) - min(picked) < limit:
            found.append(picked)
    return found


def occurrences(phrase: Phrase, sentence: Sentence) -> tuple[bool, bool]:
    """(asserted, denied): whether the phrase occurs as the candidate's claim, and whether it occurs denied."""
    sequence = sentence.stems
    if phrase.stems[0] not in sequence:
        return False, False
    spans = _contiguous(sequence, phrase.stems)
    if not spans and phrase.loose:
        spans = _in_order(sequence, phrase.stems) if phrase.ordered else _windows(sequence, phrase.stems)
    was_denied = False
    for span in spans:
        if denied(sentence.marks, span):
            # "can't" often says what is impossible ("it can't be consistent and available"), not what the
            # candidate turns down: not asserted, but not counted as a rejection either.
            cues = {sequence[m] if m < len(sequence) else "" for p in span if (m := sentence.marks[p]) >= 0}
            was_denied = was_denied or not cues <= _MODAL_CUES
        elif phrase.ordered and _guarded(sequence, span[0]):
            was_denied = True  # "avoid a big-bang cutover" does not claim the cutover a pattern describes
        else:
            return True, was_denied
    return False, was_denied


# Before a misconception pattern, words that keep the candidate away from it. They are not denials in general:
# before a key term they name a danger the answer is right to raise ("avoid stale reads", "without downtime").
_GUARDS = frozenset({"avoid", "prevent", "without", "eliminat"})  # not "against": "compare it against X"
_GUARD_FILLERS = frozenset({"doing", "using", "having", "any", "all", "such"})


def _guarded(sequence: tuple[str, ...], start: int) -> bool:
    before = start - 1
    if before >= 1 and sequence[before] in _GUARD_FILLERS:
        before -= 1
    return before >= 0 and sequence[before] in _GUARDS


def dismissed(phrase: Phrase, sentence: Sentence) -> bool:
    """Whether the sentence waves the phrase away ("X is unnecessary", "X isn't needed", "no need for X").

    Narrower than denied: "built from the base URL, never from the Host header" denies a term while making the
    point, as experts do; a verdict after the term, or "no need", dismisses it."""
    sequence = sentence.stems
    if phrase.stems[0] not in sequence:
        return False
    spans = _contiguous(sequence, phrase.stems) or (_windows(sequence, phrase.stems) if phrase.loose else [])
    for span in spans:
        cues = {sentence.marks[p] for p in span if sentence.marks[p] >= 0} - set(span)
        if cues and all(cue > max(span) or sequence[cue] == "no" for cue in cues):
            return True
    return False


def content_stems(text: str) -> frozenset[str]:
    """Folded stems of the content words of ``text`` (no stopwords)."""
    return frozenset(fold_token(t) for t in tokenize(text) if t not in STOPWORDS)

"""Answer metrics: length, pace, filler words and STAR structure, filled into ``AnswerMetrics``.

Filler and STAR detection are cue-phrase heuristics on the normalised text. They are meant for feedback ("you
said 'basically' nine times", "no result in your story"), not for judging content, so they favour precision:
"like" only counts when commas set it off, "kind of" not after "what"/"this"/"the".
"""

from __future__ import annotations

import re
import time
from collections import Counter
from typing import TYPE_CHECKING

from interview_coach.domain.models import AnswerMetrics
from interview_coach.domain.questions import QuestionType
from interview_coach.domain.text import normalize, tokenize

if TYPE_CHECKING:
    from interview_coach.domain.interview_types import AnswerTiming, Prompt

# Each entry is a regex over normalised text. Word boundaries keep "um" out of "umbrella".
_FILLER_PATTERNS: dict[str, re.Pattern[str]] = {
    "um": re.compile(r"\b(?:um+|erm+|hmm+)\b"),
    "uh": re.compile(r"\b(?:uh+|er)\b"),
    "like": re.compile(r"(?:^|[,.;!?]\s*|\.\.\.\s*)like\s*,|,\s*like\b(?!\s+(?:a|an|the|this|that)\b)"),
    # Exclusions are lookbehinds placed after the phrase, so they only run where the phrase matched.
    "you know": re.compile(
        r"\byou know\b(?<!\bdo you know)(?<!\bdid you know)(?<!\bif you know)(?<!\bas you know)"
        r"(?<!\bdont you know)(?!\s+(?:how|what|that|which|when|why|where|whether|if|the|a|an|about|it)\b)"
    ),
    "basically": re.compile(r"\bbasically\b"),
    "actually": re.compile(r"\bactually\b"),
    "literally": re.compile(r"\bliterally\b"),
    "sort of": re.compile(
        r"\bsort of\b(?<!\bwhat sort of)(?<!\bwhich sort of)(?<!\bthis sort of)(?<!\bthat sort of)"
        r"(?<!\bthe sort of)(?<!\ba sort of)(?<!\bsame sort of)(?<!\bany sort of)(?<!\bsome sort of)"
    ),
    "kind of": re.compile(
        r"\bkind of\b(?<!\bwhat kind of)(?<!\bwhich kind of)(?<!\bthis kind of)(?<!\bthat kind of)"
        r"(?<!\bthe kind of)(?<!\ba kind of)(?<!\bsame kind of)(?<!\bany kind of)(?<!\bsome kind of)"
    ),
    "i mean": re.compile(r"(?:^|[,.;!?]\s*)i mean\b"),
    "so yeah": re.compile(r"\bso yeah\b"),
    "and stuff": re.compile(r"\band stuff\b"),
}

STAR_PARTS: tuple[str, ...] = ("situation", "task", "action", "result")

# Cue phrases for each STAR part, over normalised text. A part counts as present when any cue matches.
_STAR_CUES: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(?:situation|context|background|at the time|back then|when i was|while i was|while working"
        r"|at my (?:previous|last|current|first|old) (?:job|company|role|team|employer)"
        r"|in my (?:previous|last|current|first|old) (?:job|company|role|team|position)"
        r"|(?:last|this|that) (?:year|quarter|month|summer)|a few (?:years|months) ago|years ago|once"
        r"|we were (?:building|working|running|migrating|launching)|our team|there was|we had)\b"
    ),
    "task": re.compile(
        r"\b(?:my (?:task|job|role|goal|responsibility|assignment|mandate) was"
        r"|i was (?:responsible|asked|tasked|in charge|assigned|expected)|i (?:needed|had) to"
        r"|we (?:needed|had) to|the (?:goal|task|objective|challenge|problem) was|(?:goal|objective|deadline)"
        r"|i owned|my responsibility)\b"
    ),
    "action": re.compile(
        r"\bi (?:then |first |also |quickly |personally )?(?:decided|started|built|wrote|set up|proposed|talked"
        r"|spoke|met|organi[sz]ed|implemented|created|led|reached out|scheduled|introduced|reviewed|refactored"
        r"|migrated|added|fixed|investigated|worked|asked|explained|suggested|pushed|negotiated|designed"
        r"|prototyped|paired|documented|escalated|analy[sz]ed|measured|wrote up|gathered|listened|volunteered"
        r"|took|made|sat down|broke|split|ran|automated|rolled back|rewrote|changed|focused|prioriti[sz]ed"
        r"|coordinated|mentored|convinced|presented|drafted|tested|checked|used|tried|agreed|offered)\b"
        r"|\b(?:my approach|what i did|the first thing i did)\b"
    ),
    "result": re.compile(
        r"\b(?:as a result|result(?:ed|s)?|outcome|in the end|eventually|ended up|finally|consequently"
        r"|reduc(?:ed|ing)|improv(?:ed|ing)|increas(?:ed|ing)|decreas(?:ed|ing)|cut|saved|shipped|launched"
        r"|delivered|on time|learn(?:ed|t)|lesson|since then|afterwards|which meant|led to|the impact"
        r"|percent|fewer|faster|no longer|went from|promoted|praised|adopted)\b|\d+\s*%"
    ),
}


def count_words(text: str) -> int:
    return len(tokenize(text))


MAX_TYPED_WPM = 200.0
"""Faster than anyone types: the answer was pasted or written elsewhere, so its pace says nothing."""


def words_per_minute(word_count: int, duration_s: float | None) -> float | None:
    """Words per minute over ``duration_s``; None without a usable duration (under one second is noise) or for
    a pace no one types at (a pasted answer)."""
    if duration_s is None or duration_s < 1.0:
        return None
    pace = round(word_count * 60.0 / duration_s, 1)
    return pace if pace <= MAX_TYPED_WPM else None


def filler_counts(text: str) -> Counter[str]:
    """How often each filler word or phrase occurs; only the fillers that occur are present."""
    normalised = " ".join(normalize(text).split())
    counts: Counter[str] = Counter()
    for filler, pattern in _FILLER_PATTERNS.items():
        found = len(pattern.findall(normalised))
        if found:
            counts[filler] = found
    return counts


def without_fillers(text: str) -> str:
    """``text`` with its filler words taken out, for scoring a spoken answer: there they are part of the delivery
    (reported beside the score), not of what the answer says. Case and punctuation are kept for the scorer."""
    kept = text
    for pattern in _FILLER_PATTERNS.values():
        # Some patterns take the punctuation before the filler ("works? I mean, yes"): it stays, the words go.
        kept = re.compile(pattern.pattern, re.IGNORECASE).sub(_keep_punctuation, kept)
    kept = re.sub(r"[ \t]{2,}", " ", kept)
    kept = re.sub(r"([,;])(?:\s*,)+", r"\1", kept)  # "use, , a cache" -> "use, a cache"
    kept = re.sub(r"([.!?])\s*,\s*", r"\1 ", kept)  # "cache. , it is" -> "cache. it is"
    kept = re.sub(r"^\s*[,;]\s*", "", kept)
    return re.sub(r"\s+([,.;!?])", r"\1", kept).strip()


def _keep_punctuation(match: re.Match[str]) -> str:
    found = match.group(0)
    return found[0] if found[:1] in {",", ".", ";", "!", "?"} else ""


def count_filler_words(text: str) -> int:
    return sum(filler_counts(text).values())


def detect_star(text: str) -> dict[str, bool]:
    """Which STAR parts (situation, task, action, result) the answer has cues for."""
    normalised = " ".join(normalize(text).split())
    return {part: bool(_STAR_CUES[part].search(normalised)) for part in STAR_PARTS}


def compute_metrics(
    text: str,
    *,
    duration_s: float | None = None,
    time_to_first_keystroke_s: float | None = None,
    time_limit_s: float | None = None,
    hints_used: int = 0,
    skipped: bool = False,
    behavioral: bool = False,
) -> AnswerMetrics:
    """The metrics of one answer. ``behavioral`` adds the STAR check; ``time_limit_s`` gives ``overtime_s``."""
    words = 0 if skipped else count_words(text)
    overtime = None
    if duration_s is not None and time_limit_s is not None:
        overtime = round(max(0.0, duration_s - time_limit_s), 1)
    return AnswerMetrics(
        word_count=words,
        time_to_first_keystroke_s=time_to_first_keystroke_s,
        duration_s=duration_s,
        words_per_minute=words_per_minute(words, duration_s),
        filler_words=0 if skipped else count_filler_words(text),
        overtime_s=overtime,
        hints_used=hints_used,
        skipped=skipped,
        star=(detect_star("" if skipped else text) if behavioral else None),
    )


def answer_metrics(prompt: Prompt, text: str, timing: AnswerTiming, skipped: bool) -> AnswerMetrics:
    """The metrics of one answer to ``prompt``: timings relative to when the prompt was shown."""
    duration = None
    if timing.shown_at is not None:
        duration = max(0.0, (timing.submitted_at or time.monotonic()) - timing.shown_at)
    first_key = None
    if timing.shown_at is not None and timing.first_keystroke_at is not None:
        first_key = max(0.0, timing.first_keystroke_at - timing.shown_at)
    return compute_metrics(
        text,
        duration_s=duration,
        time_to_first_keystroke_s=first_key,
        time_limit_s=prompt.time_limit_s,
        hints_used=prompt.hints_used,
        skipped=skipped,
        behavioral=prompt.question.type is QuestionType.BEHAVIORAL,
    )

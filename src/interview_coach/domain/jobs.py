"""What a job description asks for: requirements, seniority, the track that fits, and the bank's coverage of it.

All offline and deterministic: the shipped vocabulary (``job_vocabulary``) finds the terms, and simple, named
weights turn them into a track. Nothing here reads files or talks to a model.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from interview_coach.domain.inert import inert
from interview_coach.domain.job_vocabulary import Term, Vocabulary, shipped_vocabulary
from interview_coach.domain.questions import Question, QuestionType

KIND_WEIGHT: dict[str, float] = {"role": 4.0, "technology": 1.0, "practice": 1.0, "skill": 0.8, "soft": 0.3}
"""How much a mention of each kind of term counts towards a track. A job title says more than any one tool, and
soft skills appear in nearly every job description whatever the track, so they barely move it."""
TRACK_RANK_WEIGHT = (1.0, 0.4, 0.2)
"""A term's first track gets its full weight, the next ones less: Kafka is data engineering before backend."""
TITLE_BOOST = 3.0
"""Terms in the title (the first line) count this many times: 'Senior Data Engineer' names the job."""
MENTION_CAP = 3
"""Repeating a term past this many times adds nothing: a long list of one tool must not outvote the title."""
SENIORITY_LEVELS: dict[str, int] = {"junior": 1, "mid": 2, "senior": 3, "staff": 4}
"""The adaptive difficulty a session starts at for each seniority."""

_STAFF = re.compile(r"\b(staff|principal|distinguished)\b", re.IGNORECASE)
_SENIOR = re.compile(r"\b(senior|sr\.?|lead)\b", re.IGNORECASE)
_JUNIOR = re.compile(r"\b(junior|jr\.?|graduate|entry[- ]level|intern|internship|new grad)\b", re.IGNORECASE)
_YEARS = re.compile(r"\b(\d{1,2})\s*\+?\s*(?:(?:-|to|–)\s*\d{1,2}\s*)?\+?\s*years?\b", re.IGNORECASE)
_MAX_TITLE = 120


@dataclass
class Requirement:
    name: str
    kind: str
    mentions: int
    tags: list[str]
    competencies: list[str]
    written: list[str] = field(default_factory=list)  # how the document spelt it, first few

    @property
    def label(self) -> str:
        """The name as the job wrote it: "Kubernetes", or "k8s (Kubernetes)", "Avro (Parquet)" when the job used a
        spelling or a relative of the vocabulary's name, so a reason never names what the job did not say."""
        name = _plain(self.name)
        if not self.written or any(_plain(w) in name or name in _plain(w) for w in self.written):
            return self.name  # "exactly-once" for "exactly-once delivery", "Postgres" for "PostgreSQL" read as one
        return f"{self.written[0]} ({self.name})"

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "label": self.label,
            "kind": self.kind,
            "mentions": self.mentions,
            "tags": self.tags,
            "competencies": self.competencies,
            "written": self.written,
        }


def _plain(text: str) -> str:
    return re.sub(r"[\s\-_.]+", "", text.casefold())


@dataclass
class JobProfile:
    title: str
    requirements: list[Requirement]
    roles: list[str]
    seniority: str
    track: str | None
    track_scores: dict[str, float]
    track_reason: str


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip(" #*\t-=")
        if line:
            return inert(line[:_MAX_TITLE])
    return ""


def seniority(text: str) -> str:
    """junior, mid, senior or staff: from the title first, then the years of experience asked for, else mid."""
    title = _title(text)
    for pattern, level in ((_STAFF, "staff"), (_SENIOR, "senior"), (_JUNIOR, "junior")):
        if pattern.search(title):
            return level
    years = [int(m.group(1)) for m in _YEARS.finditer(text) if int(m.group(1)) <= 30]
    if years:
        most = max(years)
        return "staff" if most >= 8 else "senior" if most >= 5 else "mid" if most >= 2 else "junior"
    for pattern, level in ((_STAFF, "staff"), (_SENIOR, "senior"), (_JUNIOR, "junior")):
        if pattern.search(text):
            return level
    return "mid"


def analyse_job(text: str, *, tracks: Iterable[str] | None = None, vocabulary: Vocabulary | None = None) -> JobProfile:
    """The profile of a job description. ``tracks`` limits the track choice (to the bank's tracks)."""
    vocabulary = vocabulary or shipped_vocabulary()
    allowed = set(tracks) if tracks is not None else None
    title = _title(text)
    title_end = text.find(title) + len(title) if title else 0
    mentions: Counter[str] = Counter()
    in_title: set[str] = set()
    written: dict[str, list[str]] = defaultdict(list)
    terms: dict[str, Term] = {}  # in order of first mention
    for mention in vocabulary.find(text):
        name = mention.term.name
        terms.setdefault(name, mention.term)
        mentions[name] += 1
        if mention.start < title_end:
            in_title.add(name)
        if mention.text not in written[name] and len(written[name]) < 3:
            written[name].append(mention.text)
    scores: dict[str, float] = defaultdict(float)
    contributions: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for name, count in mentions.items():
        term = terms[name]
        weight = KIND_WEIGHT.get(term.kind, 1.0) * min(count, MENTION_CAP) * (TITLE_BOOST if name in in_title else 1)
        for rank, candidate in enumerate(term.tracks[: len(TRACK_RANK_WEIGHT)]):
            if allowed is not None and candidate not in allowed:
                continue
            share = weight * TRACK_RANK_WEIGHT[rank]
            scores[candidate] += share
            contributions[candidate].append((share, name))
    track = max(sorted(scores), key=lambda t: scores[t]) if scores else None
    roles = {name for name, term in terms.items() if term.kind == "role"}
    order = {name: index for index, name in enumerate(terms)}
    requirements = [
        Requirement(
            name=name,
            kind=terms[name].kind,
            mentions=count,
            tags=list(terms[name].tags),
            competencies=list(terms[name].competencies),
            written=[inert(w) for w in written[name]],
        )
        for name, count in sorted(mentions.items(), key=lambda item: (-item[1], order[item[0]]))
        if terms[name].kind != "role"
    ]
    labels = {r.name: r.label for r in requirements}
    ranked = [(share, labels.get(name, name)) for share, name in contributions.get(track or "", [])]
    in_title = {labels.get(name, name) for name in in_title}
    reason = _track_reason(track, ranked, in_title, roles) if track else "no known skill found"
    return JobProfile(
        title=title,
        requirements=requirements,
        roles=sorted(roles),
        seniority=seniority(text),
        track=track,
        track_scores={t: round(s, 2) for t, s in sorted(scores.items(), key=lambda item: -item[1])},
        track_reason=reason,
    )


def _track_reason(track: str, contributions: list[tuple[float, str]], in_title: set[str], roles: set[str]) -> str:
    ranked = [name for _, name in sorted(contributions, key=lambda c: (-c[0], c[1]))]
    titled = [name for name in ranked if name in in_title][:2]
    asked = [name for name in ranked if name not in roles][:4]
    parts = [f"the title names {join_names(titled)}"] if titled else []
    if asked:
        parts.append(f"the job asks for {join_names(asked)}")
    return f"{track}: {'; '.join(parts) or 'the closest match'}"


def join_names(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# ----- the bank against the job -----


def matches(requirement: Requirement, question: Question) -> bool:
    return bool(set(requirement.tags) & set(question.tags))


@dataclass
class Coverage:
    requirement: Requirement
    in_track: int  # questions of the chosen track that match
    in_bank: int  # questions of any track that match

    def as_dict(self) -> dict[str, object]:
        return {**self.requirement.as_dict(), "questions_in_track": self.in_track, "questions_in_bank": self.in_bank}


def coverage(profile: JobProfile, questions: Sequence[Question], track: str | None) -> list[Coverage]:
    """How many bank questions match each requirement, in the track and in the whole bank (warm-ups left out)."""
    asked = [q for q in questions if q.type is not QuestionType.WARMUP]
    return [
        Coverage(
            requirement,
            sum(1 for q in asked if q.track == track and matches(requirement, q)),
            sum(1 for q in asked if matches(requirement, q)),
        )
        for requirement in profile.requirements
    ]


def uncovered(rows: Sequence[Coverage]) -> list[Requirement]:
    """Requirements no question of the chosen track asks about (behavioural ones are left to the behavioural track)."""
    return [row.requirement for row in rows if row.in_track == 0 and row.requirement.kind != "soft"]


def why_chosen(requirements: Sequence[Requirement], question: Question) -> str | None:
    """'the job asks for Kafka and exactly-once delivery', or None when the question matches nothing it asks."""
    hits = [r for r in requirements if matches(r, question)]
    if not hits:
        return None
    hits.sort(key=lambda r: (r.kind == "soft", -r.mentions))  # stable: the job's own order among equals
    return f"the job asks for {join_names([r.label for r in hits[:2]])}"

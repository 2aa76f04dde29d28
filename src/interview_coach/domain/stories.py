"""The story bank: prepared STAR+R stories for behavioural interviews, and their Markdown and JSON forms.

A story file is Markdown with a small front matter and one ``##`` section per STAR+R part::

    ---
    title: Moving billing to Postgres without downtime
    competencies: [ownership, technical-decision]
    tags: [migration, postgres]
    ---

    ## Situation
    ...
    ## Task
    ## Action
    ## Result
    ## Reflection

Headings are matched without regard to case, extra spaces or a trailing colon, and a few common synonyms are
accepted ("Actions", "Outcome", "Learnings"). Several stories can share one file (``stories export`` writes them
that way): each starts with its own front matter. Every error names the file and the line, and says how to fix it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from interview_coach.domain.inert import inert
from interview_coach.errors import CoachError

PARTS: tuple[str, ...] = ("situation", "task", "action", "result", "reflection")
"""The sections of a story, in the order it is told."""

COMPETENCIES: dict[str, str] = {
    "leadership": "Leadership",
    "conflict": "Conflict",
    "failure": "Failure",
    "ownership": "Ownership",
    "ambiguity": "Ambiguity",
    "influence": "Influence",
    "mentoring": "Mentoring",
    "prioritisation": "Prioritisation",
    "customer-focus": "Customer focus",
    "technical-decision": "Technical decision",
    "collaboration": "Collaboration",
    "communication": "Communication",
    "feedback": "Giving and taking feedback",
    "learning": "Learning something new",
    "delivery": "Delivering under pressure",
}
"""The shipped competency list: stable slugs (stored and used in JSON) and the words shown to people."""

_COMPETENCY_ALIASES = {
    "prioritization": "prioritisation",
    "priorities": "prioritisation",
    "customer": "customer-focus",
    "customer-obsession": "customer-focus",
    "technical-decisions": "technical-decision",
    "decision-making": "technical-decision",
    "teamwork": "collaboration",
    "mentorship": "mentoring",
    "conflict-resolution": "conflict",
    "pressure": "delivery",
    "deadlines": "delivery",
}

SCHEMA_VERSION = 1
"""Of the JSON export; bumped on an incompatible change."""

_HEADINGS = {
    **{part: part for part in PARTS},
    "context": "situation",
    "background": "situation",
    "goal": "task",
    "actions": "action",
    "what i did": "action",
    "results": "result",
    "outcome": "result",
    "impact": "result",
    "learnings": "reflection",
    "lessons": "reflection",
    "lessons learned": "reflection",
    "what i learned": "reflection",
}
_FRONT_KEYS = ("title", "competencies", "tags")
_HEADING = re.compile(r"^\s*##\s+(.*?)\s*:?\s*#*\s*$")
_TITLE = re.compile(r"^\s*#\s+(.+?)\s*#*\s*$")
_KEY = re.compile(r"^\s*([A-Za-z_][\w -]*?)\s*:\s*(.*?)\s*$")
_ITEM = re.compile(r"^\s*-\s+(.*?)\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)  # the template's guidance: never part of the story


def utcnow() -> datetime:
    return datetime.now(UTC)


class StoryError(CoachError):
    """A story file that cannot be read: names the file and line (exit 2, like any bad input file)."""

    title = "Story file error"
    exit_code = 2


class Story(BaseModel):
    id: int | None = None
    title: str
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    reflection: str = ""
    competencies: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None

    def part(self, name: str) -> str:
        return str(getattr(self, name))

    def content_key(self) -> tuple[str, ...]:
        """What makes two stories the same story (an import skips one it already has)."""
        return (self.title.strip().lower(), *(" ".join(self.part(p).split()) for p in PARTS))

    @property
    def text(self) -> str:
        return "\n".join(self.part(p) for p in PARTS if self.part(p))


class StoryUse(BaseModel):
    """A story told in a session: for which question, how we know, and the competencies that question tests."""

    session_id: str
    story_id: int | None = None
    story_title: str
    question_id: str | None = None
    turn_seq: int | None = None
    competencies: list[str] = Field(default_factory=list)
    how: str = "marked"  # marked (by the candidate), detected (from the answer's words) or saved (answer -> story)
    used_at: datetime = Field(default_factory=utcnow)


def competency_slug(value: str) -> str | None:
    """The shipped slug for ``value`` ("Customer focus", "prioritization", ...), or None if it is not one."""
    slug = re.sub(r"[\s_]+", "-", value.strip().lower())
    slug = _COMPETENCY_ALIASES.get(slug, slug)
    return slug if slug in COMPETENCIES else None


def competency_label(slug: str) -> str:
    return COMPETENCIES.get(slug, slug)


# --- Markdown ----------------------------------------------------------------------------------------------------


def _inline_list(value: str) -> list[str]:
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    return [item.strip().strip("'\"").strip() for item in value.split(",") if item.strip().strip("'\"").strip()]


class _Parser:
    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = inert(text).lstrip("\ufeff").splitlines()
        self.at = 0

    def error(self, line: int, message: str) -> StoryError:
        return StoryError(f"{self.source}, line {line}: {message}")

    def starts_front_matter(self, index: int) -> bool:
        if self.lines[index].strip() != "---":
            return False
        for line in self.lines[index + 1 :]:
            if line.strip():
                match = _KEY.match(line)
                return bool(match and match.group(1).strip().lower() in (*_FRONT_KEYS, "id"))
        return False

    def parse_all(self) -> list[Story]:
        stories: list[Story] = []
        while self.at < len(self.lines):
            if not self.lines[self.at].strip():
                self.at += 1
                continue
            stories.append(self.parse_one())
        if not stories:
            raise StoryError(f"{self.source}: no story found. Start with a front matter (---, title: ..., ---).")
        return stories

    def parse_one(self) -> Story:
        start = self.at + 1
        front: dict[str, Any] = {}
        if self.starts_front_matter(self.at):
            front = self.front_matter()
        sections: dict[str, list[str]] = {}
        current: str | None = None
        title: str | None = None
        while self.at < len(self.lines):
            line = self.lines[self.at]
            number = self.at + 1
            if self.starts_front_matter(self.at):
                break  # the next story of the file
            heading = _HEADING.match(line)
            if heading:
                name = " ".join(heading.group(1).lower().split())
                part = _HEADINGS.get(name)
                if part is None:
                    raise self.error(
                        number,
                        f"unknown section '## {heading.group(1)}'; use ## Situation, ## Task, ## Action, "
                        "## Result or ## Reflection.",
                    )
                if part in sections:
                    raise self.error(number, f"a second '## {part.capitalize()}' section; merge the two.")
                sections[part], current = [], part
            elif current is None:
                h1 = _TITLE.match(line)
                if h1 and title is None and "title" not in front:
                    title = h1.group(1)
                elif line.strip():
                    raise self.error(
                        number, "text before the first section; put it under a heading such as ## Situation."
                    )
            else:
                sections[current].append(line)
            self.at += 1
        title = str(front.get("title") or title or "").strip()
        if not title:
            raise self.error(start, "the story has no title; add 'title: ...' to its front matter.")
        values = {part: _COMMENT.sub("", "\n".join(lines)).strip() for part, lines in sections.items()}
        return Story(title=title, competencies=front.get("competencies", []), tags=front.get("tags", []), **values)

    def front_matter(self) -> dict[str, Any]:
        opened = self.at + 1
        self.at += 1
        front: dict[str, Any] = {}
        key: str | None = None
        while self.at < len(self.lines):
            line, number = self.lines[self.at], self.at + 1
            self.at += 1
            if line.strip() == "---":
                return self.checked(front)
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            item = _ITEM.match(line)
            if item and key in ("competencies", "tags"):
                front[key].extend(_inline_list(item.group(1)))
                continue
            match = _KEY.match(line)
            if match is None:
                raise self.error(number, f"cannot read {line.strip()!r} in the front matter; write 'key: value'.")
            key, value = match.group(1).strip().lower(), match.group(2)
            if key == "id":
                continue  # an export's id: a story gets a new one where it is imported
            if key not in _FRONT_KEYS:
                raise self.error(number, f"unknown front-matter key {key!r}; the keys are {', '.join(_FRONT_KEYS)}.")
            front[key] = value.strip().strip("'\"") if key == "title" else _inline_list(value)
            front.setdefault("_lines", {})[key] = number
        raise self.error(opened, "the front matter is not closed; end it with a line holding only '---'.")

    def checked(self, front: dict[str, Any]) -> dict[str, Any]:
        lines: dict[str, int] = front.pop("_lines", {})
        slugs: list[str] = []
        for value in front.get("competencies", []):
            slug = competency_slug(value)
            if slug is None:
                raise self.error(
                    lines.get("competencies", 0),
                    f"unknown competency {value!r}; choose from: {', '.join(COMPETENCIES)}.",
                )
            if slug not in slugs:
                slugs.append(slug)
        front["competencies"] = slugs
        front["tags"] = list(dict.fromkeys(t.lower() for t in front.get("tags", [])))
        return front


def parse_markdown(text: str, source: str = "<story>") -> list[Story]:
    """Every story in a Markdown document (one or more); StoryError names ``source`` and the line."""
    return _Parser(source, text).parse_all()


def render_markdown(story: Story, *, with_id: bool = False) -> str:
    """The story as Markdown that ``parse_markdown`` reads back into the same story."""
    lines = ["---"]
    if with_id and story.id is not None:
        lines.append(f"id: {story.id}")
    lines += [
        f"title: {story.title}",
        f"competencies: [{', '.join(story.competencies)}]",
        f"tags: [{', '.join(story.tags)}]",
        "---",
        "",
    ]
    for part in PARTS:
        lines += [f"## {part.capitalize()}", "", story.part(part).strip(), ""]
    return inert("\n".join(lines)).rstrip() + "\n"


def render_many(stories: Iterable[Story]) -> str:
    return "\n".join(render_markdown(story, with_id=True) for story in stories)


TEMPLATE = """---
title: A short name you will recognise
# One or more of: {competencies}
competencies: []
tags: []
---

## Situation

<!-- Where and when; one or two sentences of context. -->

## Task

<!-- What you were responsible for, or the problem you had to solve. -->

## Action

<!-- What *you* did, step by step ("I ...", not only "we ..."). -->

## Result

<!-- How it ended, with a number if you can (time saved, errors down, revenue, people helped). -->

## Reflection

<!-- What you learned, or what you would do differently. Lines in these comment marks are not saved. -->
"""


def template() -> str:
    return TEMPLATE.format(competencies=", ".join(COMPETENCIES))


# --- JSON --------------------------------------------------------------------------------------------------------

_EXPORTED = ("title", *PARTS, "competencies", "tags", "last_used_at")


def stories_document(stories: Iterable[Story], generator: str) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": generator,
        "stories": [{"id": s.id, **s.model_dump(mode="json", include=set(_EXPORTED))} for s in stories],
    }


def parse_json(text: str, source: str = "<stories>") -> list[Story]:
    """Stories from a ``stories export --format json`` document (or a bare list of story objects)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StoryError(f"{source}, line {exc.lineno}: not valid JSON ({exc.msg}).") from None
    items = document.get("stories") if isinstance(document, Mapping) else document
    if not isinstance(items, list):
        raise StoryError(f"{source}: expected a 'stories' list (as `interview-coach stories export` writes).")
    stories = []
    for index, item in enumerate(items, 1):
        if not isinstance(item, Mapping):
            raise StoryError(f"{source}: story {index} is not an object.")
        values = {k: v for k, v in item.items() if k in _EXPORTED}
        try:
            story = Story.model_validate({k: inert(v) if isinstance(v, str) else v for k, v in values.items()})
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise StoryError(f"{source}: story {index}, field {where!r}: {first['msg']}.") from None
        unknown = [c for c in story.competencies if competency_slug(c) is None]
        if unknown:
            known = ", ".join(COMPETENCIES)
            raise StoryError(f"{source}: story {index} has unknown competency {unknown[0]!r}; choose from: {known}.")
        story.competencies = list(dict.fromkeys(competency_slug(c) or c for c in story.competencies))
        stories.append(story)
    return stories

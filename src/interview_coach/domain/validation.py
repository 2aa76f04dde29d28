"""Load and check question banks. Every finding names the file, line and question id, and says how to fix it.

Loading and validating are one pass: the questions without errors form the bank, so one broken file (or one
broken question) in a user's pack never takes the shipped tracks down with it.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from interview_coach.domain.findings import Finding, Severity
from interview_coach.domain.near_duplicates import near_duplicate_pairs
from interview_coach.domain.questions import Question, QuestionType
from interview_coach.domain.vocabulary import TAGS

SKIPPED_FILES = frozenset({"schema.json", "vocabulary.json"})
NEAR_DUPLICATE_THRESHOLD = 0.8
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class TrackInfo:
    track: str
    title: str | None = None
    description: str | None = None


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    tracks: dict[str, TrackInfo] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def has_io_errors(self) -> bool:
        return any(f.code == "io-error" for f in self.findings)


class _Lines:
    """Line numbers in one file's text, found lazily: most files have no findings at all."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._newlines: list[int] | None = None
        self._id_lines: dict[str, int] | None = None

    def line_at(self, offset: int) -> int:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect.bisect_right(self._newlines, offset - 1) + 1

    def of_id(self, question_id: object, index: int) -> int:
        if self._id_lines is None:
            self._id_lines = {}
            for match in re.finditer(r'"id"\s*:\s*"([^"\\]*)"', self.text):
                self._id_lines.setdefault(match.group(1), self.line_at(match.start()))
        if isinstance(question_id, str) and question_id in self._id_lines:
            return self._id_lines[question_id]
        return self._nth_question_line(index)

    def _nth_question_line(self, index: int) -> int:
        # Rare path (a question without a usable id): find the index-th object inside the "questions" array.
        start = self.text.find('"questions"')
        if start < 0:
            return 1
        depth, seen, in_string, escape = 0, -1, False, False
        for pos in range(self.text.find("[", start), len(self.text)):
            char = self.text[pos]
            if in_string:
                escape = not escape and char == "\\"
                in_string = escape or char != '"'
                continue
            if char == '"':
                in_string = True
            elif char in "[{":
                depth += 1
                if char == "{" and depth == 2:
                    seen += 1
                    if seen == index:
                        return self.line_at(pos)
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    break
        return self.line_at(start)


def iter_question_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*.json")) if p.name not in SKIPPED_FILES)
        else:
            files.append(path)
    return files


def _pack_tags(path: Path) -> set[str]:
    vocab = path.parent / "vocabulary.json"
    try:
        data = json.loads(vocab.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    tags = data.get("tags") if isinstance(data, dict) else None
    return {t for t in tags if isinstance(t, str)} if isinstance(tags, list) else set()


def _blank_fields(value: Any, path: str = "") -> Iterable[str]:
    if isinstance(value, str):
        if not value.strip():
            yield path or "(value)"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _blank_fields(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _blank_fields(item, f"{path}[{i}]")


def _describe(error: Any) -> str:
    loc = ".".join(str(p) for p in error.get("loc", ()))
    return f"{loc or 'question'}: {error.get('msg', 'invalid')}"


class _FileChecker:
    def __init__(self, path: Path, display: str, report: ValidationReport) -> None:
        self.path, self.display, self.report = path, display, report

    def add(self, severity: Severity, code: str, line: int, message: str, qid: str | None = None) -> None:
        self.report.findings.append(Finding(severity, code, self.display, line, message, qid))

    def run(self) -> list[tuple[Question, int]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.add(Severity.ERROR, "io-error", 1, f"cannot read the file: {exc}")
            return []
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            self.report.findings.append(
                Finding(
                    Severity.ERROR,
                    "json-syntax",
                    self.display,
                    exc.lineno,
                    f"invalid JSON: {exc.msg}. Fix the syntax at line {exc.lineno}, column {exc.colno}.",
                    column=exc.colno,
                )
            )
            return []
        lines = _Lines(text)
        if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
            self.add(
                Severity.ERROR,
                "schema",
                1,
                'a question file is a JSON object with "track" and a "questions" array (see questions/schema.json)',
            )
            return []
        track = data.get("track")
        if not isinstance(track, str) or not _SLUG.match(track):
            self.add(Severity.ERROR, "schema", 1, 'set "track" to the track slug, e.g. "backend"')
            return []
        unknown_keys = set(data) - {"$schema", "version", "track", "title", "description", "questions"}
        if unknown_keys:
            self.add(Severity.ERROR, "schema", 1, f"unknown top-level keys {sorted(unknown_keys)}; remove them")
        info = self.report.tracks.setdefault(track, TrackInfo(track))
        info.title = info.title or data.get("title")
        info.description = info.description or data.get("description")
        allowed_tags = TAGS | _pack_tags(self.path)
        valid: list[tuple[Question, int]] = []
        for index, raw in enumerate(data["questions"]):
            qid = raw.get("id") if isinstance(raw, dict) else None
            line = lines.of_id(qid, index)
            shown_id = qid if isinstance(qid, str) else f"#{index + 1}"
            question = self._check_question(raw, track, allowed_tags, line, shown_id)
            if question is not None:
                valid.append((question, line))
        return valid

    def _check_question(
        self, raw: Any, track: str, allowed_tags: AbstractSet[str], line: int, qid: str
    ) -> Question | None:
        errors_before = len(self.report.errors)
        if isinstance(raw, dict):
            for blank in _blank_fields(raw):
                self.add(
                    Severity.ERROR,
                    "empty-field",
                    line,
                    f"{blank} is empty or whitespace; write it or remove it",
                    qid,
                )
            for i, criterion in enumerate(raw.get("rubric") or []):
                weight = criterion.get("weight", 1) if isinstance(criterion, dict) else 1
                if isinstance(weight, int | float) and weight <= 0:
                    self.add(
                        Severity.ERROR,
                        "rubric-weight",
                        line,
                        f"rubric[{i}] weight is {weight}; weights must be positive (e.g. 1)",
                        qid,
                    )
        try:
            question = Question.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                self.add(Severity.ERROR, "schema", line, f"{_describe(error)}; see questions/schema.json", qid)
            return None
        if question.track != track:
            self.add(
                Severity.ERROR,
                "track-mismatch",
                line,
                f"question track {question.track!r} differs from the file's track {track!r}; "
                "move the question or fix its track",
                qid,
            )
        for tag in question.tags:
            if tag not in allowed_tags:
                self.add(
                    Severity.ERROR,
                    "unknown-tag",
                    line,
                    f"tag {tag!r} is not in the vocabulary; use a known tag or add it to a vocabulary.json "
                    "beside this file",
                    qid,
                )
        for follow_up in question.follow_ups:
            if follow_up.criterion and follow_up.criterion not in question.criterion_ids:
                self.add(
                    Severity.ERROR,
                    "unknown-criterion",
                    line,
                    f"follow-up names criterion {follow_up.criterion!r}, which is not in the rubric "
                    f"({', '.join(sorted(question.criterion_ids))})",
                    qid,
                )
        if not question.hints and not question.reference_answer:
            self.add(Severity.WARNING, "no-help", line, "add hints or a reference_answer so users can learn", qid)
        elif not question.hints:
            self.add(Severity.WARNING, "no-hints", line, "add at least one hint", qid)
        elif not question.reference_answer:
            self.add(Severity.WARNING, "no-reference", line, "add a reference_answer (shown after answering)", qid)
        if len(question.rubric) < 3:
            self.add(
                Severity.WARNING,
                "thin-rubric",
                line,
                f"only {len(question.rubric)} rubric criteria; 3 or more make scoring fairer",
                qid,
            )
        return question if len(self.report.errors) == errors_before else None


def validate_paths(paths: Sequence[Path], *, base: Path | None = None) -> ValidationReport:
    """Validate every question file under ``paths``; the report holds the findings and the valid questions."""
    report = ValidationReport()
    located: list[tuple[Question, str, int]] = []
    for path in iter_question_files(paths):
        display = _display(path, base)
        report.files.append(display)
        for question, line in _FileChecker(path, display, report).run():
            located.append((question, display, line))
    _cross_checks(located, report)
    report.findings.sort(key=lambda f: (f.file, f.line, f.severity != Severity.ERROR, f.code))
    return report


def _display(path: Path, base: Path | None) -> str:
    base = base or Path.cwd()
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def _cross_checks(located: list[tuple[Question, str, int]], report: ValidationReport) -> None:
    first_by_id: dict[str, tuple[str, int]] = {}
    first_by_prompt: dict[str, tuple[str, int, str]] = {}
    kept: list[tuple[Question, str, int]] = []
    for question, file, line in located:
        if question.id in first_by_id:
            other_file, other_line = first_by_id[question.id]
            report.findings.append(
                Finding(
                    Severity.ERROR,
                    "duplicate-id",
                    file,
                    line,
                    f"id also used at {other_file}:{other_line}; ids must be unique",
                    question.id,
                )
            )
            continue
        first_by_id[question.id] = (file, line)
        key = " ".join(question.prompt.lower().split())
        if key in first_by_prompt:
            other_file, other_line, other_id = first_by_prompt[key]
            report.findings.append(
                Finding(
                    Severity.ERROR,
                    "duplicate-prompt",
                    file,
                    line,
                    f"same prompt as {other_id} at {other_file}:{other_line}; reword it or remove one",
                    question.id,
                )
            )
            continue
        first_by_prompt[key] = (file, line, question.id)
        kept.append((question, file, line))
    for i, j, similarity in near_duplicate_pairs([q.prompt for q, _, _ in kept], NEAR_DUPLICATE_THRESHOLD):
        (qa, fa, la), (qb, fb, lb) = kept[i], kept[j]
        report.findings.append(
            Finding(
                Severity.WARNING,
                "near-duplicate",
                fb,
                lb,
                f"prompt is {similarity:.0%} similar to {qa.id} at {fa}:{la}; make them ask different things",
                qb.id,
            )
        )
    _track_checks(kept, report)
    report.questions = [q for q, _, _ in kept]


def _track_checks(kept: list[tuple[Question, str, int]], report: ValidationReport) -> None:
    by_track: dict[str, list[tuple[Question, str, int]]] = defaultdict(list)
    for item in kept:
        by_track[item[0].track].append(item)
    for track, items in sorted(by_track.items()):
        file, line = items[0][1], 1
        if not any(q.type is QuestionType.WARMUP for q, _, _ in items):
            report.findings.append(
                Finding(
                    Severity.WARNING,
                    "no-warmup",
                    file,
                    line,
                    f"track {track!r} has no warm-up question; add one with type 'warmup'",
                )
            )
        levels = {q.difficulty for q, _, _ in items}
        for level in range(1, 6):
            if level not in levels:
                report.findings.append(
                    Finding(
                        Severity.WARNING,
                        "difficulty-gap",
                        file,
                        line,
                        f"track {track!r} has no question at difficulty {level}; "
                        "adaptive sessions will skip that level",
                    )
                )

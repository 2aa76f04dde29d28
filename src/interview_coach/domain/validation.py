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
from interview_coach.domain.inert import question_control_characters, unsafe_characters
from interview_coach.domain.near_duplicates import near_duplicate_pairs
from interview_coach.domain.questions import Question, QuestionType
from interview_coach.domain.selfcheck import reference_findings
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
            self._id_lines, seen = {}, set()
            for match in re.finditer(r'"id"\s*:\s*"([^"\\]*)"', self.text):
                found = match.group(1)
                if found in seen:
                    self._id_lines.pop(found, None)  # an id used twice in this file: only its position tells
                else:
                    seen.add(found)
                    self._id_lines[found] = self.line_at(match.start())
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
    """The question files under ``paths``, each once (a folder named twice, or inside another, is not a
    duplicate of itself)."""
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        found = sorted(path.rglob("*.json")) if path.is_dir() else [path]
        for file in found:
            key = file.resolve()
            if file.name not in SKIPPED_FILES and key not in seen:
                seen.add(key)
                files.append(file)
    return files


def _pack_tags(path: Path) -> tuple[set[str], str | None]:
    """The extra tags of the pack ``path`` belongs to, and what is wrong with its vocabulary.json (if anything)."""
    vocab = path.parent / "vocabulary.json"
    if not vocab.is_file():
        return set(), None
    try:
        data = json.loads(vocab.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return set(), f"cannot read the tag vocabulary: {exc}"
    tags = data.get("tags") if isinstance(data, dict) else None
    if not isinstance(tags, list) or not all(isinstance(t, str) and _SLUG.match(t) for t in tags):
        return set(), 'a vocabulary.json is {"tags": ["tag-one", "tag-two"]}: a list of lowercase-hyphen tags'
    return set(tags), None


def _location(error: Any) -> str:
    parts: list[str] = []
    for part in error.get("loc", ()):
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]}[{part}]"] if parts else [f"[{part}]"]
        else:
            parts.append(str(part))
    return ".".join(parts) or "question"


def _describe(error: Any) -> tuple[str, str]:
    """(code, message) for one pydantic error; blank text gets its own code and a plain message."""
    blank_pattern = error.get("type") == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == r"\S"
    if error.get("type") == "string_too_short" or blank_pattern:
        return "empty-field", f"{_location(error)} is empty or whitespace; write it or remove it"
    if error.get("type") == "greater_than" and error.get("loc", ())[-1:] == ("weight",):
        return "rubric-weight", f"{_location(error)} is {error.get('input')}; weights must be positive (e.g. 1)"
    return "schema", f"{_location(error)}: {error.get('msg', 'invalid')}; see questions/schema.json"


@dataclass
class _Where:
    """Where a question sits; the line is looked up only when a finding needs it (most questions have none)."""

    file: str
    lines: _Lines
    index: int
    raw_id: object

    @property
    def line(self) -> int:
        return self.lines.of_id(self.raw_id, self.index)


class _FileChecker:
    def __init__(self, path: Path, display: str, report: ValidationReport) -> None:
        self.path, self.display, self.report = path, display, report

    def add(self, severity: Severity, code: str, line: int, message: str, qid: str | None = None) -> None:
        self.report.findings.append(Finding(severity, code, self.display, line, message, qid))

    def run(self) -> list[tuple[Question, _Where]]:
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            self.add(Severity.ERROR, "io-error", 1, f"cannot read the file: {exc}")
            return []
        try:
            text = raw.decode("utf-8-sig")  # editors on Windows like to add a BOM
        except UnicodeDecodeError as exc:
            # Replaced, not refused: one bad byte must not take a whole pack down. The author is told where.
            text = raw.decode("utf-8-sig", errors="replace")
            line = raw[: exc.start].count(b"\n") + 1
            self.add(
                Severity.WARNING,
                "encoding",
                line,
                f"bytes that are not UTF-8 at byte {exc.start}; they were replaced with U+FFFD. Save the file as UTF-8",
            )
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            message = f"invalid JSON: {exc.msg}. Fix the syntax at line {exc.lineno}, column {exc.colno}."
            self.report.findings.append(
                Finding(Severity.ERROR, "json-syntax", self.display, exc.lineno, message, column=exc.colno)
            )
            return []
        if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
            shape = 'a question file is a JSON object with "track" and a "questions" array (see questions/schema.json)'
            self.add(Severity.ERROR, "schema", 1, shape)
            return []
        track = data.get("track")
        if not isinstance(track, str) or not _SLUG.match(track):
            self.add(Severity.ERROR, "schema", 1, 'set "track" to the track slug, e.g. "backend"')
            return []
        unknown_keys = set(data) - {"$schema", "version", "track", "title", "description", "questions"}
        if unknown_keys:
            self.add(Severity.ERROR, "schema", 1, f"unknown top-level keys {sorted(unknown_keys)}; remove them")
        for key in ("title", "description"):
            value = data.get(key)
            found = unsafe_characters(value) if isinstance(value, str) else []
            if found:
                self.add(
                    Severity.ERROR, "control-characters", 1, f"{key} holds control characters ({found[0]}); remove them"
                )
                data[key] = None  # never shown
        info = self.report.tracks.setdefault(track, TrackInfo(track))
        info.title = info.title or data.get("title")
        info.description = info.description or data.get("description")
        pack_tags, vocabulary_problem = _pack_tags(self.path)
        vocab_display = _display(self.path.parent / "vocabulary.json", None)
        if vocabulary_problem and not any(f.file == vocab_display for f in self.report.findings):
            self.report.findings.append(Finding(Severity.ERROR, "vocabulary", vocab_display, 1, vocabulary_problem))
        allowed_tags = TAGS | pack_tags
        lines = _Lines(text)
        valid: list[tuple[Question, _Where]] = []
        for index, raw in enumerate(data["questions"]):
            where = _Where(self.display, lines, index, raw.get("id") if isinstance(raw, dict) else None)
            question = self._check_question(raw, track, allowed_tags, where)
            if question is not None:
                valid.append((question, where))
        return valid

    def _check_question(self, raw: Any, track: str, allowed_tags: AbstractSet[str], where: _Where) -> Question | None:
        qid = where.raw_id if isinstance(where.raw_id, str) else f"#{where.index + 1}"
        try:
            question = Question.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                code, message = _describe(error)
                self.add(Severity.ERROR, code, where.line, message, qid)
            return None
        errors: list[tuple[str, str]] = []
        if question.track != track:
            errors.append(
                (
                    "track-mismatch",
                    f"question track {question.track!r} differs from the file's track "
                    f"{track!r}; move the question or fix its track",
                )
            )
        errors += [
            (
                "unknown-tag",
                f"tag {tag!r} is not in the vocabulary; use a known tag or add it to a vocabulary.json "
                "beside this file",
            )
            for tag in question.tags
            if tag not in allowed_tags
        ]
        errors += [
            (
                "unknown-criterion",
                f"follow-up names criterion {f.criterion!r}, which is not in the rubric "
                f"({', '.join(sorted(question.criterion_ids))})",
            )
            for f in question.follow_ups
            if f.criterion and f.criterion not in question.criterion_ids
        ]
        errors += [
            ("control-characters", f"{field} holds control characters ({', '.join(found[:3])}); remove them")
            for field, found in question_control_characters(question)
        ]
        warnings: list[tuple[str, str]] = []
        if not question.hints and not question.reference_answer:
            warnings.append(("no-help", "add hints or a reference_answer so users can learn"))
        elif not question.hints:
            warnings.append(("no-hints", "add at least one hint"))
        elif not question.reference_answer:
            warnings.append(("no-reference", "add a reference_answer (shown after answering)"))
        if len(question.rubric) < 3:
            count = len(question.rubric)
            warnings.append(
                (
                    "thin-rubric",
                    f"only {count} rubric criteri{'on' if count == 1 else 'a'}; 3 or more make scoring fairer",
                )
            )
        warnings += [
            (
                "follow-up-no-criterion",
                f"follow-up {f.prompt[:40]!r} names no criterion, so its answer is scored against the whole rubric; "
                f"add the one it probes ({', '.join(sorted(question.criterion_ids))})",
            )
            for f in question.follow_ups
            if not f.criterion
        ]
        for severity, found in ((Severity.ERROR, errors), (Severity.WARNING, warnings)):
            for code, message in found:
                self.add(severity, code, where.line, message, qid)
        return None if errors else question


def validate_paths(paths: Sequence[Path], *, base: Path | None = None, author_checks: bool = True) -> ValidationReport:
    """Validate every question file under ``paths``; the report holds the findings and the valid questions.

    ``author_checks=False`` skips the near-duplicate prompts and the reference-answer self-check: they are advice
    for authors, never leave a question out, and are the slowest checks, so loading the bank for an interview goes
    without them."""
    report = ValidationReport()
    located: list[tuple[Question, _Where]] = []
    for path in iter_question_files(paths):
        display = _display(path, base)
        report.files.append(display)
        located.extend(_FileChecker(path, display, report).run())
    kept = _cross_checks(located, report, near_duplicates=author_checks)
    if author_checks:
        for question, where in kept:
            for code, message in reference_findings(question):
                report.findings.append(Finding(Severity.WARNING, code, where.file, where.line, message, question.id))
    report.findings.sort(key=lambda f: (f.file, f.line, f.severity != Severity.ERROR, f.code))
    return report


def _display(path: Path, base: Path | None) -> str:
    base = base or Path.cwd()
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def _cross_checks(
    located: list[tuple[Question, _Where]], report: ValidationReport, *, near_duplicates: bool
) -> list[tuple[Question, _Where]]:
    first_by_id: dict[str, _Where] = {}
    first_by_prompt: dict[str, tuple[_Where, str]] = {}
    kept: list[tuple[Question, _Where]] = []
    for question, where in located:
        if question.id in first_by_id:
            other = first_by_id[question.id]
            report.findings.append(
                Finding(
                    Severity.ERROR,
                    "duplicate-id",
                    where.file,
                    where.line,
                    f"id also used at {other.file}:{other.line}; ids must be unique",
                    question.id,
                )
            )
            continue
        first_by_id[question.id] = where
        key = " ".join(question.prompt.lower().split())
        if key in first_by_prompt:
            other, other_id = first_by_prompt[key]
            report.findings.append(
                Finding(
                    Severity.ERROR,
                    "duplicate-prompt",
                    where.file,
                    where.line,
                    f"same prompt as {other_id} at {other.file}:{other.line}; reword it or remove one",
                    question.id,
                )
            )
            continue
        first_by_prompt[key] = (where, question.id)
        kept.append((question, where))
    pairs = near_duplicate_pairs([q.prompt for q, _ in kept], NEAR_DUPLICATE_THRESHOLD) if near_duplicates else []
    for i, j, similarity in pairs:
        (qa, wa), (qb, wb) = kept[i], kept[j]
        report.findings.append(
            Finding(
                Severity.WARNING,
                "near-duplicate",
                wb.file,
                wb.line,
                f"prompt is {similarity:.0%} similar to {qa.id} at {wa.file}:{wa.line}; make them ask different things",
                qb.id,
            )
        )
    _track_checks(kept, report)
    report.questions = [q for q, _ in kept]
    return kept


def _track_checks(kept: list[tuple[Question, _Where]], report: ValidationReport) -> None:
    by_track: dict[str, list[tuple[Question, _Where]]] = defaultdict(list)
    for item in kept:
        by_track[item[0].track].append(item)
    for track, items in sorted(by_track.items()):
        file = items[0][1].file
        if not any(q.type is QuestionType.WARMUP for q, _ in items):
            report.findings.append(
                Finding(
                    Severity.WARNING,
                    "no-warmup",
                    file,
                    1,
                    f"track {track!r} has no warm-up question; add one with type 'warmup'",
                )
            )
        levels = {q.difficulty for q, _ in items}
        for level in range(1, 6):
            if level not in levels:
                report.findings.append(
                    Finding(
                        Severity.WARNING,
                        "difficulty-gap",
                        file,
                        1,
                        f"track {track!r} has no question at difficulty {level}; "
                        "adaptive sessions will skip that level",
                    )
                )

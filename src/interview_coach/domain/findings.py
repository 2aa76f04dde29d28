"""Findings of question-bank validation: where, what, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from interview_coach.domain.inert import inert


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    file: str
    line: int
    message: str
    question_id: str | None = None
    column: int | None = None

    def as_text(self) -> str:
        where = f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")
        qid = f" [{self.question_id}]" if self.question_id else ""
        # A pack's file name and its content (quoted in messages) are someone else's text.
        return inert(f"{where}: {self.severity}: {self.code}{qid}: {self.message}")

    def as_github(self) -> str:
        # A GitHub Actions workflow command: the message escapes %, CR and LF; property values also , and :.
        message = _escape(self.message)
        qid = f"[{self.question_id}] " if self.question_id else ""
        col = f",col={self.column}" if self.column else ""
        file = _escape(self.file).replace(",", "%2C").replace(":", "%3A")
        return inert(f"::{self.severity} file={file},line={self.line}{col},title={self.code}::{qid}{message}")

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": str(self.severity),
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "question_id": self.question_id,
            "message": self.message,
        }


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

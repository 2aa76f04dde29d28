"""Reading a job description or a CV: plain text, Markdown or PDF, or ``-`` for standard input.

Every failure is a ``UsageError`` that names the file and says what to do: a missing file, a folder, bytes that
are not text, an empty document, or a PDF with no text layer (a scan). pypdf is imported only for a PDF.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from interview_coach.errors import UsageError

MAX_BYTES = 5 * 1024 * 1024
"""Job descriptions and CVs are a few pages; anything past 5 MB is the wrong file."""
MIN_CHARS = 20
"""Fewer characters than this is not a job description or a CV (an empty file, or a PDF of images)."""


@dataclass(frozen=True)
class Document:
    name: str  # as the user gave it, for messages
    text: str
    data: bytes  # the raw bytes, for the CV's hash; never stored


def read_document(source: str | Path, *, what: str) -> Document:
    """The text of ``source`` (a path, or ``-`` for stdin). ``what`` names it in errors: 'job description'."""
    name = str(source)
    if name == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1) if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        return _checked(name, _text(name, data, what), data, what)
    path = Path(source).expanduser()
    if not path.exists():
        raise UsageError(f"{what} file {name} does not exist; check the path")
    if path.is_dir():
        raise UsageError(f"{what} {name} is a folder; give the file itself (.txt, .md or .pdf)")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read the {what} {name}: {exc.strerror or exc}; check its permissions") from None
    if len(data) > MAX_BYTES:
        raise UsageError(f"{what} {name} is over {MAX_BYTES // (1024 * 1024)} MB; is it the right file?")
    if data[:1024].lstrip().startswith(b"%PDF"):  # by content: a .pdf name on a text file still reads
        return _checked(name, _pdf_text(name, data, what), data, what, pdf=True)
    return _checked(name, _text(name, data, what), data, what)


def _text(name: str, data: bytes, what: str) -> str:
    if len(data) > MAX_BYTES:
        raise UsageError(f"the {what} on standard input is over {MAX_BYTES // (1024 * 1024)} MB")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte-order mark: Notepad's "Unicode"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise UsageError(f"{what} {name} is not a text file; give plain text, Markdown or a PDF")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # an old editor's file: readable enough to find skills


def _pdf_text(name: str, data: bytes, what: str) -> str:
    import io

    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - a dependency; only a broken install lacks it
        raise UsageError(f"reading {name} needs pypdf; reinstall interview-coach, or save the {what} as text") from None
    import logging

    # pypdf logs what it repairs ("EOF marker not found") straight to stderr; the one-line error below says it.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UsageError(f"{what} {name} is an encrypted PDF; save an unprotected copy or the text")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except UsageError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UsageError(f"{what} {name} is not a readable PDF ({exc}); save it again or give the text") from None


def _checked(name: str, text: str, data: bytes, what: str, *, pdf: bool = False) -> Document:
    if len(text.strip()) < MIN_CHARS:
        if pdf:
            raise UsageError(
                f"{what} {name} has no text layer (a scanned image?); run OCR on it or paste the text into a .txt file"
            )
        where = "standard input" if name == "-" else name
        raise UsageError(f"the {what} ({where}) is empty; give a file with the text of the {what}")
    return Document(name, text, data)


def reattach_terminal() -> bool:
    """After the job was read from a pipe (``--job -``), take the answers from the keyboard: reopen the terminal
    as standard input, as pagers and fzf do. Only when the output is a terminal; True if it was done."""
    if not sys.stdout.isatty():
        return False
    try:
        fd = os.open("/dev/tty", os.O_RDONLY)
    except OSError:  # no controlling terminal (or Windows): stay on the pipe, which is at its end
        return False
    os.dup2(fd, 0)
    os.close(fd)
    sys.stdin = open(0, encoding=sys.stdout.encoding or "utf-8", closefd=False)  # noqa: SIM115 - lives as stdin
    return True

"""Write an answer in the user's own editor ($VISUAL, then $EDITOR, then vi), through ``App.suspend``."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported

from interview_coach.domain.inert import inert
from interview_coach.errors import CoachError


class EditorError(CoachError):
    title = "Editor"


def editor_command() -> list[str]:
    value = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        command = shlex.split(value)
    except ValueError:
        command = []
    if not command:
        raise EditorError(f"cannot run the editor {value!r}; set $EDITOR to a command such as 'nano' or 'vim'")
    return command


def edit_text(app: App[object], text: str) -> str:
    """Open ``text`` in the editor and return what the user saved.

    The terminal is handed to the editor with ``App.suspend``. Where an app cannot suspend, a headless app (tests,
    CI) runs the editor without a terminal; any other app reports that editing is not possible here.
    """
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix="interview-coach-answer-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        code = _run(app, [*command, str(path)])
        if code != 0:
            raise EditorError(f"the editor {command[0]!r} exited with status {code}; the answer was not changed")
        # An editor may save bytes that are not UTF-8: keep them (shown as escapes) rather than lose the answer.
        return inert(path.read_text(encoding="utf-8", errors="surrogateescape"))
    finally:
        path.unlink(missing_ok=True)


def _run(app: App[object], argv: list[str]) -> int:
    try:
        try:
            with app.suspend():
                return subprocess.call(argv)
        except SuspendNotSupported:
            if not app.is_headless:
                raise EditorError("this terminal cannot hand the screen to an editor; type the answer here") from None
            return subprocess.call(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        raise EditorError(f"the editor {argv[0]!r} was not found; set $EDITOR (e.g. EDITOR=nano)") from None
    except OSError as exc:
        raise EditorError(f"cannot start the editor {argv[0]!r}: {exc.strerror or exc}") from None

"""Text edited in the user's own editor ($VISUAL, then $EDITOR, then vi): answers in the TUI, stories in the CLI.

How the editor gets the terminal differs (the TUI suspends itself first), so the caller passes ``run``, which
starts the command and returns its exit status. No textual import here: the CLI uses it too.
"""

from __future__ import annotations

import os
import shlex
import tempfile
from collections.abc import Callable
from pathlib import Path

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


def edit_in_editor(text: str, run: Callable[[list[str]], int], *, prefix: str, unchanged: str) -> str:
    """Open ``text`` in the editor through ``run`` and return what the user saved.

    ``unchanged`` ends the message when the editor fails ("the answer was not changed"). Bytes that are not
    UTF-8 are kept (as surrogate escapes) rather than lose the user's writing."""
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        try:
            code = run([*command, str(path)])
        except FileNotFoundError:
            raise EditorError(f"the editor {command[0]!r} was not found; set $EDITOR (e.g. EDITOR=nano)") from None
        except OSError as exc:
            raise EditorError(f"cannot start the editor {command[0]!r}: {exc.strerror or exc}") from None
        if code != 0:
            raise EditorError(f"the editor {command[0]!r} exited with status {code}; {unchanged}")
        return path.read_text(encoding="utf-8", errors="surrogateescape")
    finally:
        path.unlink(missing_ok=True)

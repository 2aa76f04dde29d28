"""Write an answer in the user's own editor (see ``interview_coach.editing``), through ``App.suspend``."""

from __future__ import annotations

import subprocess

from textual.app import App, SuspendNotSupported

from interview_coach.domain.inert import inert
from interview_coach.editing import EditorError, edit_in_editor

__all__ = ["EditorError", "edit_text"]


def edit_text(app: App[object], text: str) -> str:
    """Open ``text`` in the editor and return what the user saved.

    The terminal is handed to the editor with ``App.suspend``. Where an app cannot suspend, a headless app (tests,
    CI) runs the editor without a terminal; any other app reports that editing is not possible here.
    """
    edited = edit_in_editor(
        text, lambda argv: _run(app, argv), prefix="interview-coach-answer-", unchanged="the answer was not changed"
    )
    return inert(edited)


def _run(app: App[object], argv: list[str]) -> int:
    try:
        with app.suspend():
            return subprocess.call(argv)
    except SuspendNotSupported:
        if not app.is_headless:
            raise EditorError("this terminal cannot hand the screen to an editor; type the answer here") from None
        return subprocess.call(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

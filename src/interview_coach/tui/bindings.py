"""Every key binding of the app, each with an ``id`` (remappable in config) and a ``tooltip``.

Remap keys in ``config.toml``::

    [keybindings]
    hint = "ctrl+g"
    submit = "ctrl+j,f5"      # several keys: comma-separated

Key choices: ``ctrl+h`` is backspace in most terminals and ``ctrl+b`` is tmux's prefix, and the answer box uses
the usual editing keys (ctrl+a/e/k/u/w/z/y/x/c/v), so the interview keys are ctrl+s/t/n/r/o, which reach the
app unchanged through tmux, screen and SSH.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

# --- everywhere -------------------------------------------------------------------------------------------
QUIT = Binding(
    "ctrl+q",
    "quit_app",
    "Quit",
    id="quit",
    tooltip="Quit. A session with answers (or a kept draft) is saved and the resume command printed on exit; "
    "one with nothing answered is not kept.",
    priority=True,
)
HELP = Binding("f1", "help", "Help", id="help", tooltip="Every key binding, and how to remap them.")

# --- the interview ----------------------------------------------------------------------------------------
# Not a priority binding on purpose: priority keys jump ahead of the keystrokes still queued for the answer box,
# so a fast typist's last words would miss the submitted answer.
SUBMIT = Binding(
    "ctrl+s", "submit", "Submit", id="submit", tooltip="Save your answer, then score it and show feedback."
)
# The same key (and id, so remapping moves both) once the last answer is in: the footer then says "Summary".
SUMMARY = Binding("ctrl+s", "summary", "Summary", id="submit", tooltip="Open the summary of the finished interview.")
HINT = Binding("ctrl+t", "hint", "Hint", id="hint", tooltip="Show the next hint (each one costs 5 points).")
SKIP = Binding("ctrl+n", "skip", "Skip", id="skip", tooltip="Skip this question: it scores 0 and shows the reference.")
REPEAT = Binding("ctrl+r", "repeat", "Repeat", id="repeat", tooltip="Read the question aloud again.")
EDITOR = Binding(
    "ctrl+o", "editor", "Editor", id="editor", tooltip="Write the answer in $VISUAL/$EDITOR (long or code answers)."
)
CANCEL = Binding(
    "escape",
    "cancel",
    "Stop",
    id="cancel",
    tooltip="While the AI scores: use the offline coach now. Else stop the streaming feedback and the voice.",
    show=False,
)

# --- voice input (push-to-talk; the voice-input extra) ------------------------------------------------------------
# Function keys: every ctrl+letter left is an editing key of the answer box, and F-keys pass through tmux and SSH.
# Out of the footer (F1 lists it; with --talk the strip under the answer box names it): the footer is full already.
TALK = Binding(
    "f5",
    "talk",
    "Talk",
    id="talk",
    tooltip="Start recording your answer; press again to stop and transcribe it.",
    show=False,
)
REPLAY = Binding("f6", "replay", "Replay", id="replay", tooltip="Play back the recording of your answer.", show=False)
RETRANSCRIBE = Binding(
    "f7", "retranscribe", "Re-transcribe", id="retranscribe", tooltip="Transcribe the recording again.", show=False
)

# --- home ---------------------------------------------------------------------------------------------------
START = Binding("ctrl+s", "start", "Start", id="start", tooltip="Start an interview on the chosen track.")
RESUME = Binding("r", "resume", "Resume", id="resume", tooltip="Resume the unfinished session.")
HISTORY = Binding("h", "history", "History", id="history", tooltip="Past sessions and score trends.")

# --- summary -------------------------------------------------------------------------------------------------
EXPORT_MD = Binding("m", "export('md')", "Export .md", id="export_md", tooltip="Export this session as Markdown.")
EXPORT_JSON = Binding("j", "export('json')", "Export .json", id="export_json", tooltip="Export this session as JSON.")
NEW = Binding("n", "new", "New interview", id="new", tooltip="Back to the home screen for another interview.")

# --- history, transcript, help ------------------------------------------------------------------------------
OPEN = Binding("enter", "open", "Open", id="open", tooltip="Open the session's transcript (read-only).")
BACK = Binding("escape", "back", "Back", id="back", tooltip="Close this screen.")

# --- the story bank (interview) -------------------------------------------------------------------------------
MARK_STORY = Binding(
    "ctrl+l",
    "mark_story",
    "Story",
    id="mark_story",
    tooltip="Mark the suggested story you are telling (press again for the next one, then none).",
)
SAVE_STORY = Binding(
    "ctrl+g",
    "save_story",
    "Save story",
    id="save_story",
    tooltip="Save your last behavioural answer as a story (STAR parts pre-filled), then polish it in $EDITOR.",
)


@dataclass(frozen=True)
class BindingGroup:
    title: str
    bindings: tuple[Binding, ...]


GROUPS: tuple[BindingGroup, ...] = (
    BindingGroup("Everywhere", (HELP, QUIT)),
    BindingGroup("Interview", (SUBMIT, HINT, SKIP, REPEAT, EDITOR, CANCEL)),
    BindingGroup("Home", (START, RESUME, HISTORY)),
    BindingGroup("Summary", (EXPORT_MD, EXPORT_JSON, NEW, HISTORY)),
    BindingGroup("History", (OPEN, RESUME, BACK)),
    BindingGroup("Story bank (interview)", (MARK_STORY, SAVE_STORY)),
    BindingGroup("Voice input", (TALK, REPLAY, RETRANSCRIBE)),
)

KNOWN_IDS: frozenset[str] = frozenset(b.id for group in GROUPS for b in group.bindings if b.id)


def check_keymap(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The usable part of ``settings.keybindings``, and a warning for each unknown binding id."""
    usable = {k: v for k, v in keymap.items() if k in KNOWN_IDS and v.strip()}
    problems = [
        f"keybindings: unknown binding id {key!r} (known: {', '.join(sorted(KNOWN_IDS))})"
        for key in keymap
        if key not in KNOWN_IDS
    ]
    problems += [f"keybindings: empty key for {key!r}" for key, value in keymap.items() if not value.strip()]
    return usable, problems


def effective_key(binding: Binding, keymap: dict[str, str]) -> str:
    """The key(s) a binding answers to, after the user's remapping."""
    return keymap.get(binding.id or "", binding.key)

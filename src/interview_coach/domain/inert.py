"""Untrusted text made inert: no control sequence from a pack, an answer, a model or a server reaches a terminal
or an export.

Question packs come from other people's repositories, answers are pasted from anywhere, and servers send messages
we do not control. An ESC byte in any of them can retitle the terminal, write the clipboard (OSC 52) or worse.
``inert`` keeps newlines and tabs, turns Windows line ends into newlines, and shows every other C0/C1 control
character, the bidirectional overrides ("Trojan source") and stray surrogates (undecodable input bytes) as
visible escapes such as ``\\x1b``. Markup is a separate matter: views show text through Textual ``Content`` or
Rich ``escape``, never as markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview_coach.domain.questions import Question

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_ENDS = re.compile(r"\r\n?")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by the surrogateescape error handler
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """``text`` safe to print: control characters other than newline and tab become visible escapes."""
    if text.isprintable() or not _UNSAFE.search(text):
        return text  # the common case, and cheap: most text has nothing to escape
    return _UNSAFE.sub(_visible, _LINE_ENDS.sub("\n", text))


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def inert_json(document: str) -> str:
    """JSON text with the control characters ``json.dumps(ensure_ascii=False)`` leaves raw (DEL, C1, bidi
    overrides) written as ``\\uXXXX`` escapes: the same data when parsed, inert when printed. They can only occur
    inside strings, where the escape is valid."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def unsafe_characters(text: str) -> list[str]:
    """The control characters ``inert`` would escape, each as its escape (for validation messages)."""
    return [_visible(m) for m in _UNSAFE.finditer(_LINE_ENDS.sub("\n", text))]


def _texts(question: Question) -> list[tuple[str, str]]:
    """(field path, text) for every free-text field of a question."""
    fields = [("prompt", question.prompt), ("reference_answer", question.reference_answer or "")]
    fields += [(f"hints[{i}]", hint) for i, hint in enumerate(question.hints)]
    fields += [(f"follow_ups[{i}].prompt", f.prompt) for i, f in enumerate(question.follow_ups)]
    for i, c in enumerate(question.rubric):
        fields.append((f"rubric[{i}].description", c.description))
        fields += [(f"rubric[{i}].key_terms[{j}]", term) for j, term in enumerate(c.key_terms)]
        for j, m in enumerate(c.misconceptions):
            where = f"rubric[{i}].misconceptions[{j}]"
            fields += [(f"{where}.claim", m.claim), (f"{where}.correction", m.correction)]
            fields += [(f"{where}.patterns[{k}]", p) for k, p in enumerate(m.patterns)]
    return fields


def question_control_characters(question: Question) -> list[tuple[str, list[str]]]:
    """Fields holding terminal control characters: a pack must not be able to act on a candidate's terminal."""
    found = []
    for field_path, text in _texts(question):
        characters = unsafe_characters(text)
        if characters:
            found.append((field_path, characters))
    return found

"""What `doctor` says about voice input: the speech-to-text engine and the microphone. Never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from interview_coach.stt import EXTRA_INSTALL, VoiceInputError, engine_installed


def describe_engine() -> tuple[bool, str, dict[str, Any]]:
    """(ok, summary, details) for the speech-to-text engine: installed, and its model present in the wheel."""
    from interview_coach.stt.moonshine_engine import ENGINE_NAME, model_dir, model_present

    if not engine_installed():
        return False, f"not installed (optional); add it with: {EXTRA_INSTALL}", {"installed": False}
    directory = model_dir()
    details = {"installed": True, "engine": ENGINE_NAME, "model_dir": str(directory), "model_present": model_present()}
    if not model_present():
        return False, f"{ENGINE_NAME}: model files missing from {directory}; reinstall moonshine-voice==0.1.0", details
    return True, f"{ENGINE_NAME} installed, model in the package (offline): {directory}", details


def describe_microphone() -> tuple[bool, str, dict[str, Any]]:
    """(ok, summary, details) for recording: which backend would record, and whether it can open a device."""
    from interview_coach.stt.recorder import SoundDeviceRecorder, find_recorder

    recorder, reasons = find_recorder()
    details: dict[str, Any] = {"unavailable": reasons}
    if recorder is None:
        return False, "no recorder: " + "; ".join(reasons), details
    details["backend"] = recorder.backend
    if isinstance(recorder, SoundDeviceRecorder):
        return True, f"input device found; recording with {recorder.backend}", details
    try:  # a command-line recorder only shows whether a device exists by trying it
        with tempfile.TemporaryDirectory() as scratch:
            recorder.start(Path(scratch) / "probe.wav").cancel()
    except VoiceInputError as exc:
        details["error"] = exc.message
        return False, f"no microphone found ({recorder.backend}: {exc.message})", details
    return True, f"recording with {recorder.backend} (device opened)", details

"""The speaker for voice off (engine ``none``): accepts everything, says nothing."""

from __future__ import annotations

from interview_coach.domain.ports import SpeechState


class SilentSpeaker:
    name = "none"
    state = SpeechState.SILENT

    def __init__(self, reason: str = "off") -> None:
        self.reason = reason

    async def speak(self, text: str) -> None:
        return None

    def cancel(self) -> None:
        return None

    def status(self) -> str:
        return f"voice: {self.reason}"

    async def wait_until_done(self) -> None:
        return None

    async def aclose(self) -> None:
        return None

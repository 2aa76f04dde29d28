"""Speech during a Pilot-driven app: the UI keeps taking keys, and nothing reaches the terminal."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from interview_coach.config import load_settings
from interview_coach.tts import build_chain
from interview_coach.tts.chain import ChainSpeaker
from interview_coach.tts.pyttsx3_engine import Pyttsx3Synthesizer, engine_problem
from tests.tts_helpers import fake_player

pytestmark = pytest.mark.skipif(engine_problem() is not None, reason="pyttsx3/espeak-ng unavailable")


class GatedSynth(Pyttsx3Synthesizer):
    """Real pyttsx3 synthesis that cannot finish before the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.started = asyncio.Event()
        self.gate = asyncio.Event()

    async def synthesize(self, text: str, out: Path) -> None:
        work = asyncio.create_task(super().synthesize(text, out))
        self.started.set()
        await self.gate.wait()
        await work


class VoiceApp(App[None]):
    """The shape the interview screen uses: speak in a worker, status messages into a status line."""

    def __init__(self, speaker: ChainSpeaker) -> None:
        super().__init__()
        self.speaker = speaker

    def compose(self) -> ComposeResult:
        yield Input(id="answer")
        yield Static("", id="voice-status")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def ask(self, text: str) -> None:
        self.run_worker(self.speaker.speak(text), group="voice", exclusive=True, exit_on_error=False)

    def show_voice_status(self, message: str) -> None:
        self.query_one("#voice-status", Static).update(message)


async def test_speech_leaves_the_ui_responsive_and_the_terminal_clean(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    synth = GatedSynth()
    command, _ = fake_player(tmp_path, "nodevice")  # like CI: the player cannot open a device
    app: VoiceApp | None = None

    def on_status(message: str) -> None:
        assert app is not None
        app.show_voice_status(message)

    speaker = build_chain(load_settings(), on_status, player_command=command, synthesizers=[synth])
    app = VoiceApp(speaker)
    capfd.readouterr()
    async with app.run_test() as pilot:
        app.ask("Tell me about a time you disagreed with your team.")
        await synth.started.wait()
        await pilot.press("i", "t", "space", "d", "e", "p", "e", "n", "d", "s")
        assert app.query_one(Input).value == "it depends"
        assert not synth.gate.is_set()  # the keys were handled while speech was still being made
        synth.gate.set()
        await app.workers.wait_for_complete()
        await speaker.wait_until_done()
        await pilot.pause()
        status = app.query_one("#voice-status", Static)
        assert str(status.render()) == "voice: no audio device - silent"
        assert speaker.status() == "voice: silent (no audio device)"
    captured = capfd.readouterr()
    assert captured.out == ""
    assert captured.err == ""


async def test_speech_during_a_real_interview_keeps_typing_live_and_the_terminal_clean(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from interview_coach.tui.widgets.answer_area import AnswerArea
    from tests.tui_helpers import make_app, make_services, settle, wait_until

    synth = GatedSynth()
    command, _ = fake_player(tmp_path, "nodevice")  # like CI: the player cannot open a device
    built: list[ChainSpeaker] = []

    def factory(on_status: Callable[[str], None]) -> ChainSpeaker:  # the app's own status callback, as in real use
        built.append(build_chain(load_settings(), on_status, player_command=command, synthesizers=[synth]))
        return built[-1]

    services = make_services(tmp_path, settings={"voice": True})
    services.speaker_factory = factory
    app = make_app(services, flags={"questions": 1, "warmups": 0, "follow_ups": 0, "seed": 1})
    capfd.readouterr()
    async with app.run_test(size=(100, 32)) as pilot:
        await synth.started.wait()  # the question is being spoken...
        await pilot.press("i", "t", "space", "d", "e", "p", "e", "n", "d", "s")
        answer = app.screen.query_one(AnswerArea)
        assert answer.text == "it depends" and not synth.gate.is_set()  # ...and the keys still landed
        synth.gate.set()
        await built[0].wait_until_done()
        await wait_until(pilot, lambda: built[0].status() == "voice: silent (no audio device)")
        await settle(pilot)
        assert app.status_line.voice == "voice: silent (no audio device)"
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""

"""Pilot tests of push-to-talk: record, transcribe, edit, submit; delivery beside the score; errors shown."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from interview_coach.domain.models import TurnKind
from interview_coach.stt import VoiceInputError
from interview_coach.tui.screens.interview import InterviewScreen
from interview_coach.tui.widgets.answer_area import AnswerArea
from interview_coach.tui.widgets.recording_bar import RecordingBar, meter
from tests.fakes.memory_store import InMemorySessionStore
from tests.stt_helpers import FakeRecorder, FakeTranscriber
from tests.tui_helpers import make_app, make_services, settle, type_text, wait_until

SPOKEN = "Um, score=70 I would use alpha and, you know, beta"


def bar_text(app: object) -> str:
    from textual.app import App

    assert isinstance(app, App)
    bars = app.screen.query(RecordingBar)
    return str(bars.first().render()) if bars else ""


async def test_push_to_talk_lands_an_editable_transcript_and_keeps_delivery(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    services = make_services(tmp_path, store=store)
    recorder, transcriber = FakeRecorder(seconds=4.0), FakeTranscriber([SPOKEN])
    services.recorder_factory = lambda: recorder
    services.transcriber_factory = lambda: transcriber
    app = make_app(services)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("f5")
        await wait_until(pilot, lambda: "REC" in bar_text(app), what="the recording bar")
        assert meter(0.6) in bar_text(app)  # the level the recorder reported
        await pilot.press("f5")
        await wait_until(pilot, lambda: app.screen.query_one(AnswerArea).text == SPOKEN, what="the transcript")
        assert "Transcribed" in bar_text(app) and recorder.recordings[0].stopped
        await type_text(pilot, " gamma")  # the transcript is editable before it is submitted
        await pilot.press("ctrl+s")
        await settle(pilot)
        panel = " ".join(str(w.render()) for w in app.screen.query("FeedbackPanel Static").results(Static))
        assert "Score 70/100" in panel and "Delivery: " in panel and "2 fillers (um 1, you know 1)" in panel
    session = next(iter(store.sessions.values()))
    answer = next(t for t in session.turns if t.kind is TurnKind.ANSWER)
    assert answer.text == SPOKEN + " gamma"
    assert answer.metrics is not None and answer.metrics.delivery is not None
    assert answer.metrics.delivery.audio_file and answer.metrics.delivery.engine == "fake-stt"


async def test_typed_answers_after_a_spoken_one_carry_no_delivery(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    services = make_services(tmp_path, store=store)
    services.recorder_factory = lambda: FakeRecorder()
    services.transcriber_factory = lambda: FakeTranscriber([SPOKEN])
    app = make_app(services)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await wait_until(pilot, lambda: "REC" in bar_text(app))
        await pilot.press("f5")
        await wait_until(pilot, lambda: bool(app.screen.query_one(AnswerArea).text))
        await pilot.press("ctrl+s")
        await settle(pilot)
        await type_text(pilot, "score=50 typed alpha")
        await pilot.press("ctrl+s")
        await settle(pilot)
    session = next(iter(store.sessions.values()))
    answers = [t for t in session.turns if t.kind is TurnKind.ANSWER]
    assert answers[0].metrics and answers[0].metrics.delivery is not None
    assert answers[1].metrics and answers[1].metrics.delivery is None


async def test_no_microphone_is_a_clear_message_not_a_crash(tmp_path: Path) -> None:
    services = make_services(tmp_path)

    def no_mic() -> FakeRecorder:
        raise VoiceInputError("no way to record from a microphone: PortAudio found no input device")

    services.recorder_factory = no_mic
    services.transcriber_factory = lambda: FakeTranscriber([SPOKEN])
    app = make_app(services)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await wait_until(pilot, lambda: "unavailable" in bar_text(app), what="the error")
        assert "PortAudio found no input device" in bar_text(app)
        assert app.screen.query_one(AnswerArea).text == ""


async def test_talk_flag_says_which_key_records(tmp_path: Path) -> None:
    services = make_services(tmp_path)
    services.talk = True
    app = make_app(services)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        assert "press f5 to answer out loud" in bar_text(app).lower()


async def test_quitting_mid_recording_stops_the_recorder(tmp_path: Path) -> None:
    services = make_services(tmp_path)
    recorder = FakeRecorder()
    services.recorder_factory = lambda: recorder
    services.transcriber_factory = lambda: FakeTranscriber([SPOKEN])
    app = make_app(services)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await wait_until(pilot, lambda: "REC" in bar_text(app))
        await app.screen.remove()  # what leaving the screen does
    assert recorder.recordings[0].stopped

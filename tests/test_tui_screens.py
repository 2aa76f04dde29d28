"""Home, history, transcript, help, the command palette, remapped keys and themes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Checkbox, DataTable, OptionList, Static

from interview_coach.domain.bank import QuestionBank, load_bank
from interview_coach.domain.models import TurnKind
from interview_coach.domain.offline_coach import OfflineCoach
from interview_coach.tui import bindings
from interview_coach.tui.screens.help import HelpScreen
from interview_coach.tui.screens.history import HistoryScreen, TranscriptScreen, score_trends
from interview_coach.tui.screens.home import HomeScreen
from interview_coach.tui.screens.interview import InterviewScreen
from interview_coach.tui.widgets.answer_area import AnswerArea
from interview_coach.tui.widgets.charts import ScoreSparkline
from interview_coach.tui.widgets.feedback_panel import FeedbackPanel
from interview_coach.tui.widgets.question_panel import QuestionPanel
from tests.engine_helpers import make_bank
from tests.fakes.memory_store import InMemorySessionStore
from tests.tui_helpers import FakeSpeaker, make_app, make_services, settle, store_with_history, type_text, wait_until


async def test_home_lists_tracks_offers_resume_and_starts_with_the_chosen_options(tmp_path: Path) -> None:
    store = store_with_history()
    speaker = FakeSpeaker()
    services = make_services(tmp_path, store=store, speaker=speaker, coach=OfflineCoach())
    app = make_app(services, track=None, flags={"seed": 4})
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        tracks = screen.query_one(OptionList)
        assert tracks.option_count == 1 and tracks.get_option_at_index(0).id == "t"
        assert "23 questions" in str(tracks.get_option_at_index(0).prompt)
        assert screen.resumable is not None and screen.resumable.id == "d" * 32
        assert not screen.query_one("#home-resume").has_class("-hidden")
        info = str(screen.query_one("#home-info", Static).render())
        assert "Offline coach - rubric scoring, no API key" in info and "fake-voice" in info

        screen.query_one("#opt-questions").value = 3  # type: ignore[attr-defined]
        screen.query_one("#opt-difficulty").value = "4"  # type: ignore[attr-defined]
        screen.query_one(Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        interview = app.screen
        assert isinstance(interview, InterviewScreen) and interview.engine is not None
        options = interview.engine.options
        assert (options.questions, options.difficulty, options.seed) == (3, "4", 4)
        assert app.voice_on and speaker.spoken  # the voice choice applies to this session


async def test_home_resume_continues_the_unfinished_session(tmp_path: Path) -> None:
    store = store_with_history()
    app = make_app(make_services(tmp_path, store=store), track=None)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and screen.engine is not None
        assert screen.engine.session.id == "d" * 32


async def test_history_table_trends_and_read_only_transcript(tmp_path: Path) -> None:
    app = make_app(make_services(tmp_path, store=store_with_history()), track=None)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 4
        assert [str(table.get_cell_at((row, 1))) for row in range(4)] == ["t", "u", "t", "t"]
        sparklines = list(screen.query(ScoreSparkline))
        assert [s.scores for s in sparklines] == [[40.0, 65.0], [80.0]]
        # One cell per session on the fixed 0-100 scale: one session is one cell, not a full-width line.
        assert [s.render().plain for s in sparklines] == ["▄▆", "▇"]

        await pilot.press("down", "enter")
        await settle(pilot)
        transcript = app.screen
        assert isinstance(transcript, TranscriptScreen) and transcript.overview.id == "c" * 32
        # The report is shown as text, not rendered Markdown: answers and a model's words must not act as markup.
        body = transcript.query_one("#transcript", Static)
        assert "answer of " + "c" * 32 in str(body.render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


def test_score_trends_are_per_track_and_oldest_first() -> None:
    store = store_with_history()
    assert score_trends(store.list_sessions()) == {"t": [40.0, 65.0], "u": [80.0]}


async def test_help_shows_every_binding_with_remapped_keys(tmp_path: Path) -> None:
    services = make_services(tmp_path, settings={"keybindings": {"hint": "ctrl+g"}})
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen._table())
        text = console.export_text()
        for binding_id in bindings.KNOWN_IDS:
            assert binding_id in text
        assert "ctrl+g" in text and "ctrl+t" not in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)


async def test_remapped_key_works_and_an_unknown_binding_id_is_reported(tmp_path: Path) -> None:
    services = make_services(tmp_path, settings={"keybindings": {"hint": "ctrl+g", "nonsense": "f9"}})
    app = make_app(services)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(pilot)
        assert any("unknown binding id 'nonsense'" in n.message for n in app._notifications)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "Hint 1:" in " ".join(str(w.render()) for w in app.screen.query("QuestionPanel Static").results(Static))


def palette_highlights(app: Any, title: str) -> bool:
    """The command palette's search has finished and its highlighted entry is ``title``."""
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    if not lists:
        return False
    results = lists.first()
    index = results.highlighted
    return index is not None and str(results.get_option_at_index(index).prompt).startswith(title)


async def test_command_palette_runs_interview_actions(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    app = make_app(make_services(tmp_path, store=store))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "CommandPalette")
        await type_text(pilot, "Hint")
        await wait_until(pilot, lambda: palette_highlights(app, "Hint"), what="the palette offers 'Hint'")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        (session,) = store.sessions.values()
        assert [t.kind for t in session.turns].count(TurnKind.HINT) == 1


async def test_palette_offers_only_what_the_screen_can_do(tmp_path: Path) -> None:
    from interview_coach.tui.commands import CoachCommands

    app = make_app(make_services(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        provider = CoachCommands(app.screen)
        titles = [command.title for command, _ in provider._available()]
        assert {"Submit answer", "Hint", "Skip question", "Quit", "History"} <= set(titles)
        assert "Export session as Markdown" not in titles and "Start interview" not in titles


async def test_theme_from_settings_and_a_bad_theme_is_reported(tmp_path: Path) -> None:
    app = make_app(make_services(tmp_path, settings={"theme": "nord"}))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "nord"
    bad = make_app(make_services(tmp_path, settings={"theme": "no-such-theme"}))
    async with bad.run_test(notifications=True) as pilot:
        await settle(pilot)
        assert any("Unknown theme 'no-such-theme'" in n.message for n in bad._notifications)
        assert bad.screen.query_one(QuestionPanel).prompt is not None  # still usable


async def test_skip_with_a_draft_asks_first(tmp_path: Path) -> None:
    from interview_coach.tui.screens.choice import ChoiceScreen

    store = InMemorySessionStore()
    app = make_app(make_services(tmp_path, store=store), flags={"questions": 2, "warmups": 0, "follow_ups": 0})
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await type_text(pilot, "half an answer")
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("escape")  # keep answering
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        (session,) = store.sessions.values()
        assert not any(t.kind is TurnKind.ANSWER for t in session.turns)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("enter")  # the safe choice has focus: Enter keeps the answer too
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and app.screen.query_one(AnswerArea).text == "half an answer"
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.click("#choice-skip")
        await settle(pilot)
        assert app.screen.query_one(QuestionPanel).border_title == "Question 2 of 2"
        session = store.sessions[session.id]
        answers = [t for t in session.turns if t.kind is TurnKind.ANSWER]
        assert len(answers) == 1 and answers[0].metrics is not None and answers[0].metrics.skipped


@pytest.mark.parametrize(("track", "own_key"), [("t", "submit"), (None, "start")])
async def test_the_screens_the_app_opens_on_fill_in_their_key_hints(
    tmp_path: Path, track: str | None, own_key: str
) -> None:
    # Their footer mounts after the first frame. That it appears with no key pressed at all is timing that only a
    # real terminal shows: test_tmux_e2e guards it. This checks that it fills in with the screen's own keys.
    app = make_app(make_services(tmp_path), track=track)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: bool(app.screen.query("FooterKey")))
        shown = {getattr(key, "action", None) for key in app.screen.query("FooterKey")}
        assert {"quit_app", own_key} <= shown, shown


@pytest.mark.parametrize("size", [(60, 16), (50, 14), (80, 24)])
async def test_the_question_text_stays_in_view_on_small_terminals(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(make_services(tmp_path))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        panel, prompt = screen.query_one(QuestionPanel), screen.query_one("#prompt")
        assert screen.has_class("-short") == (size[1] < 22)
        # The prompt's first line is inside the panel's visible content, not scrolled or clipped away.
        assert prompt.region.height >= 1 and panel.content_region.contains(prompt.region.x, prompt.region.y)
        answer, feedback = screen.query_one(AnswerArea), screen.query_one(FeedbackPanel)
        assert not answer.region.overlaps(feedback.region) and not answer.region.overlaps(panel.region)


async def test_questions_left_out_of_the_bank_are_reported_on_start(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "broken.json").write_text("{ nope", encoding="utf-8")
    bank = load_bank([pack])
    app = make_app(make_services(tmp_path, bank=QuestionBank(make_bank().questions, {}, bank.report)))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        notes = [n.message for n in app._notifications]
    assert any("broken.json" in note and "validate-questions" in note for note in notes), notes


async def test_at_80x24_the_feedback_shows_a_score_and_three_criteria_without_scrolling(tmp_path: Path) -> None:
    from interview_coach.tui.widgets.feedback_panel import FeedbackPanel

    app = make_app(make_services(tmp_path), flags={"warmups": 0, "follow_ups": 0})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "alpha beta gamma in a sentence")
        await pilot.press("ctrl+s")
        await settle(pilot)
        panel = app.screen.query_one(FeedbackPanel)
        assert panel.content_region.height >= 8  # status, score, label and three criteria lines at least

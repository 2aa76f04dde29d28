"""The home screen's job fields: a job (and CV) analysed in a worker, the track it points to highlighted, the
analysis shown, and the session started tailored to it (each question saying why); bad files are a toast."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static

from interview_coach.domain.bank import load_bank
from interview_coach.domain.offline_coach import OfflineCoach
from interview_coach.tui.screens.home import HomeScreen
from interview_coach.tui.screens.interview import InterviewScreen
from interview_coach.tui.widgets.question_panel import QuestionPanel
from tests.tui_helpers import make_app, make_services, settle

ROOT = Path(__file__).resolve().parents[1]
JD = Path(__file__).parent / "data" / "jobs" / "streaming-data-engineer.txt"


def services(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_services(tmp_path, coach=OfflineCoach(), bank=load_bank([ROOT / "questions"]))


async def test_home_analyses_a_job_and_starts_a_tailored_session(tmp_path: Path) -> None:
    cv = tmp_path / "cv.md"
    cv.write_text("Senior Data Engineer at Initech\n- Led the Kafka migration\n", encoding="utf-8")
    app = make_app(services(tmp_path), track=None, flags={"seed": 3, "warmups": 0})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        screen.query_one("#job-file", Input).value = str(JD)
        screen.query_one("#cv-file", Input).value = str(cv)
        screen.query_one("#job-file", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.job is not None and screen.job.track == "data-engineering"
        tracks = screen.query_one("#home-tracks", OptionList)
        assert tracks.highlighted is not None
        assert tracks.get_option_at_index(tracks.highlighted).id == "data-engineering"
        shown = str(screen.query_one("#home-track-info", Static).render())
        assert "Senior Data Engineer" in shown and "Kafka:" in shown and "Initech" in shown
        assert screen.query_one("#home-track-box").border_title == "Job analysis"
        await pilot.press("ctrl+s")
        await settle(pilot)
        interview = app.screen
        assert isinstance(interview, InterviewScreen) and interview.engine is not None
        assert interview.engine.session.track == "data-engineering"
        assert interview.engine.session.job["cv"]["roles"] == ["Senior Data Engineer at Initech"]
        why = interview.query_one(QuestionPanel).query_one("#why", Static)
        assert str(why.render()).startswith("Why: the job asks for ")
        assert not why.has_class("-empty")


async def test_a_missing_job_file_is_a_notification_not_a_crash(tmp_path: Path) -> None:
    app = make_app(services(tmp_path), track=None, flags={})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        screen.query_one("#job-file", Input).value = str(tmp_path / "missing.txt")
        screen.query_one("#job-file", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.job is None
        assert any("does not exist" in n.message for n in app._notifications)
        assert isinstance(app.screen, HomeScreen)


async def test_a_dash_is_not_read_from_the_tuis_own_keyboard(tmp_path: Path) -> None:
    app = make_app(services(tmp_path), track=None, flags={})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        screen.query_one("#job-file", Input).value = "-"
        screen.query_one("#job-file", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.job is None
        assert any("start --job -" in n.message for n in app._notifications)

"""The home screen's job fields: a job (and CV) analysed in a worker, the track it points to highlighted, the
analysis shown, and the session started tailored to it (each question saying why); bad files are a toast."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static

from interview_coach.domain.bank import load_bank
from interview_coach.domain.offline_coach import OfflineCoach
from interview_coach.tui.screens.home import HomeScreen
from interview_coach.tui.screens.interview import InterviewScreen
from interview_coach.tui.widgets.question_panel import QuestionPanel
from tests.fakes.deepseek_replies import Reply
from tests.fakes.deepseek_server import FakeDeepSeek
from tests.job_helpers import JD_TEXT, valid
from tests.tui_helpers import make_app, make_services, settle, wait_until

ROOT = Path(__file__).resolve().parents[1]
JD = Path(__file__).parent / "data" / "jobs" / "streaming-data-engineer.txt"


async def analyse_job(pilot: Pilot[None], screen: HomeScreen, job: Path) -> None:
    """Type the job file's path in the home screen and press Enter, as a user does, and let the analysis finish."""
    screen.query_one("#job-file", Input).value = str(job)
    screen.query_one("#job-file", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


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


async def test_with_an_ai_coach_the_home_screen_has_questions_written_for_what_the_bank_lacks(
    tmp_path: Path, fake_deepseek_env: FakeDeepSeek
) -> None:
    # The CLI's `start --job` wrote questions for uncovered requirements; the home screen used to start without.
    jd = tmp_path / "jd.txt"
    jd.write_text(JD_TEXT, encoding="utf-8")
    fake_deepseek_env.script(Reply.chat(json.dumps({"questions": [valid(1), valid(2)]})))
    app = make_app(
        make_services(tmp_path, coach=OfflineCoach(), bank=load_bank([ROOT / "questions"]), settings={}),
        track=None,
        flags={"seed": 3, "warmups": 0},
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        await analyse_job(pilot, screen, jd)
        screen.query_one("#opt-questions", Select).value = 3
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.engine is not None, what="session"
        )
        interview = app.screen
        assert isinstance(interview, InterviewScreen) and interview.engine is not None
        written = [q["id"] for q in interview.engine.session.job["generated"]]
        assert written == ["job-rust-ingest-1", "job-rust-ingest-2"]
        assert any("Asking the AI coach for questions on: Rust" in n.message for n in app._notifications)
        sent = json.dumps(fake_deepseek_env.requests[0].json())
        assert "Rust" in sent


async def test_offline_the_home_screen_says_no_questions_were_written(tmp_path: Path) -> None:
    jd = tmp_path / "jd.txt"
    jd.write_text(JD_TEXT, encoding="utf-8")
    app = make_app(services(tmp_path), track=None, flags={"seed": 3, "warmups": 0})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        await analyse_job(pilot, screen, jd)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert any("Offline: no questions are written for Rust" in n.message for n in app._notifications)

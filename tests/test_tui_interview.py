"""Pilot tests: a whole offline interview in the TUI, then quitting with an unsent answer and resuming it."""

from __future__ import annotations

import json
from pathlib import Path

from textual import events
from textual.widgets import Static

from interview_coach.domain.models import SessionStatus, TurnKind
from interview_coach.export.json_export import session_from_document
from interview_coach.tui.screens.choice import ChoiceScreen
from interview_coach.tui.screens.interview import InterviewScreen
from interview_coach.tui.screens.summary import SummaryScreen
from interview_coach.tui.widgets.answer_area import AnswerArea
from interview_coach.tui.widgets.feedback_panel import FeedbackPanel
from interview_coach.tui.widgets.question_panel import QuestionPanel
from tests.fakes.memory_store import InMemorySessionStore
from tests.tui_helpers import make_app, make_services, settle, type_text, wait_until


def panel_text(app: object, selector: str) -> str:
    from textual.app import App

    assert isinstance(app, App)
    return " ".join(str(w.render()) for w in app.screen.query(f"{selector} Static").results(Static))


async def test_full_offline_interview_is_saved_exported_and_closed(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    app = make_app(make_services(tmp_path, store=store))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        question = app.screen.query_one(QuestionPanel)
        assert question.border_title == "Warm-up"

        # A hint, then the warm-up answer.
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "Hint 1: hint one of" in panel_text(app, "QuestionPanel")
        await type_text(pilot, "score=40 alpha")
        assert app.screen.query_one(AnswerArea).border_subtitle == "2 words"
        await pilot.press("ctrl+s")
        await settle(pilot)
        feedback = app.screen.query_one(FeedbackPanel)
        lines = [line.strip() for line in feedback.feedback_text.splitlines()]
        # Another coach's scores are explained per criterion first, then its own words, then the hint's cost.
        assert lines[0] == "AI coach's scores, checked against the rubric:"
        assert lines[-2:] == ["fake-coach: 40", "1 hint used: -5 points, so 35/100."]
        assert "Score 35/100" in panel_text(app, "FeedbackPanel")
        assert question.border_title == "Question 1 of 2"
        assert app.screen.query_one(AnswerArea).text == ""  # saved, so the box was cleared for the next answer

        # Question 1, then its follow-up, in the same flow.
        await type_text(pilot, "score=80 alpha beta")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert question.border_title == "Follow-up to question 1 of 2"
        # The reference answer waits for the follow-up: it would answer it in advance.
        assert not feedback.query("#fb-reference-text")
        await type_text(pilot, "score=70 more detail")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert question.border_title == "Question 2 of 2"
        assert "Reference for" in " ".join(
            str(w.render()) for w in feedback.query("#fb-reference-text").results(Static)
        )

        # Skip the last question: its reference answer stays on screen until the summary is asked for.
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and app.screen.awaiting_summary
        assert app.screen.query("#fb-reference-text")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)

        # Export both formats from the summary.
        await pilot.press("m", "j")
        await settle(pilot)
        exports = sorted((tmp_path / "exports").iterdir())
        assert [p.suffix for p in exports] == [".json", ".md"]
        exported = session_from_document(json.loads(exports[0].read_text(encoding="utf-8")))
        assert "score=80 alpha beta" in exports[1].read_text(encoding="utf-8")

        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0
    (session,) = store.sessions.values()
    assert app.exit_note is not None and f"interview-coach export {session.id} --format md" in app.exit_note
    assert session.status is SessionStatus.COMPLETED and session.summary is not None
    answers = [t for t in session.turns if t.kind is TurnKind.ANSWER]
    assert [a.text for a in answers] == ["score=40 alpha", "score=80 alpha beta", "score=70 more detail", ""]
    assert answers[-1].metrics is not None and answers[-1].metrics.skipped
    assert len(session.evaluations) == 4
    assert [t.kind for t in session.turns].count(TurnKind.HINT) == 1
    assert [t.kind for t in session.turns].count(TurnKind.FOLLOW_UP) == 1
    assert exported.id == session.id and len(exported.turns) == len(session.turns)


async def test_quitting_before_the_first_answer_discards_the_session_instead_of_offering_resume(
    tmp_path: Path,
) -> None:
    store = InMemorySessionStore()
    app = make_app(make_services(tmp_path, store=store))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert store.sessions == {}
    assert app.exit_note is not None and "Nothing was answered" in app.exit_note and "--resume" not in app.exit_note


async def test_quit_saves_the_unsent_answer_and_resume_scores_it(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    app = make_app(
        make_services(tmp_path, store=store), flags={"questions": 2, "warmups": 0, "follow_ups": 0, "seed": 3}
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await type_text(pilot, "score=90 an answer I did not submit")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.click("#choice-submit")
        await settle(pilot)
    (session,) = store.sessions.values()
    assert app.exit_note is not None and f"interview-coach start --resume {session.id}" in app.exit_note
    assert session.status is SessionStatus.IN_PROGRESS
    answer = next(t for t in session.turns if t.kind is TurnKind.ANSWER)
    assert answer.text == "score=90 an answer I did not submit"
    assert session.evaluations == []  # saved, not scored: resuming scores it

    resumed = make_app(make_services(tmp_path, store=store), track=None, resume=True, session_id=session.id)
    async with resumed.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert resumed.screen.query_one(QuestionPanel).border_title == "Question 2 of 2"
        assert "Session resumed: 1 answer so far" in panel_text(resumed, "FeedbackPanel")
        assert "Score 90/100" in panel_text(resumed, "FeedbackPanel")  # the saved answer, scored on resume
        await type_text(pilot, "score=50 second")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The last answer's feedback stays on screen until the user asks for the summary.
        assert "Score 50/100" in panel_text(resumed, "FeedbackPanel")
        assert resumed.screen.query_one(QuestionPanel).border_title == "That was the last question"
        assert resumed.screen.query_one(AnswerArea).read_only  # nothing left to answer
        assert "Summary" in {getattr(k, "description", None) for k in resumed.screen.query("FooterKey")}
        # Only the way to the summary stays in the footer; the answer keys are gone, not just greyed out.
        screen = resumed.screen
        actions = ("hint", "skip", "repeat", "editor", "submit", "summary")
        assert [screen.check_action(a, ()) for a in actions] == [False, False, False, False, False, True]
        assert not resumed.screen.query_one(AnswerArea).display  # its space goes to the feedback
        panel = resumed.screen.query_one(FeedbackPanel)
        assert panel.region.width >= 90 and panel.region.height >= 20  # the whole body, at 100x32
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(resumed.screen, SummaryScreen)
    session = store.sessions[session.id]
    assert session.status is SessionStatus.COMPLETED
    assert [e.overall for e in session.evaluations] == [90.0, 50.0]


async def test_quit_mid_question_prints_the_resume_command(tmp_path: Path) -> None:
    store = InMemorySessionStore()
    app = make_app(make_services(tmp_path, store=store))
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_text(pilot, "score=60 warm-up answer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    (session_id,) = store.sessions
    assert app.exit_note == (
        f"Session {session_id} saved as in progress. Resume it with:\n  interview-coach start --resume {session_id}"
    )


async def test_resume_without_a_session_goes_home_with_a_message(tmp_path: Path) -> None:
    app = make_app(make_services(tmp_path), track=None, resume=True)
    messages: list[str] = []
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        from interview_coach.tui.screens.home import HomeScreen

        assert isinstance(app.screen, HomeScreen)
    assert any("No unfinished session to resume" in m for m in messages)


async def test_letters_typed_while_the_feedback_pane_has_focus_go_into_the_answer(tmp_path: Path) -> None:
    app = make_app(make_services(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        app.screen.query_one(FeedbackPanel).focus()
        await pilot.press("I", "space", "t", "h", "i", "n", "k")  # a burst: the space must not be lost
        answer = app.screen.query_one(AnswerArea)
        assert answer.has_focus and answer.text == "I think"


async def test_a_paste_while_the_feedback_pane_has_focus_goes_into_the_answer(tmp_path: Path) -> None:
    app = make_app(make_services(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        app.screen.query_one(FeedbackPanel).focus()
        app.screen.query_one(FeedbackPanel).post_message(events.Paste("a pasted answer, with spaces"))
        await settle(pilot)
        answer = app.screen.query_one(AnswerArea)
        assert answer.has_focus and answer.text == "a pasted answer, with spaces"

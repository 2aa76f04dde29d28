"""The engine in a job-tailored session: the seniority sets where an adaptive session starts (and resume keeps it),
generated questions are asked after one bank question and stay out of other sessions, and the summary's next
steps name weak answers on what the job asks for."""

from __future__ import annotations

from interview_coach.domain.interview import InterviewEngine, InterviewOptions
from interview_coach.domain.job_context import JobContext
from interview_coach.domain.jobs import Requirement
from interview_coach.domain.offline_coach import OfflineCoach
from tests.engine_helpers import make_bank, make_question
from tests.fakes.memory_store import InMemorySessionStore


def job(seniority: str = "senior", *, generated: bool = False) -> dict[str, object]:
    context = JobContext(
        title="Senior Backend Engineer",
        seniority=seniority,
        track_reason="t: the job asks for Redis",
        requirements=[Requirement("Redis", "technology", 3, ["caching"], ["performance"])],
    )
    if generated:
        context.generated = [make_question("job-written-1", 3).model_copy(update={"prompt": "Written for the job?"})]
    return context.snapshot()


async def test_seniority_sets_the_start_level_and_resume_keeps_it() -> None:
    bank, store = make_bank(), InMemorySessionStore()
    options = InterviewOptions(track="t", questions=3, warmups=0, seed=5, job=job("staff"))
    engine = await InterviewEngine.start(bank, store, OfflineCoach(), options)
    assert engine.options.start_level == 4
    assert engine.current is not None and engine.current.difficulty in (3, 4, 5)
    assert engine.session.settings["seniority"] == "staff" and "job" not in engine.session.settings
    resumed = await InterviewEngine.resume(bank, store, OfflineCoach(), engine.session.id)
    assert resumed.options.start_level == 4
    assert resumed.current is not None and resumed.current.question.id == engine.current.question.id


async def test_questions_say_why_and_favour_the_job() -> None:
    bank, store = make_bank(), InMemorySessionStore()
    options = InterviewOptions(track="t", questions=2, warmups=0, follow_ups=0, seed=1, job=job())
    engine = await InterviewEngine.start(bank, store, OfflineCoach(), options)
    prompt = engine.current
    assert prompt is not None
    assert "caching" in prompt.question.tags
    assert prompt.why == "the job asks for Redis"


async def test_generated_questions_come_second_and_stay_in_their_session() -> None:
    bank, store = make_bank(), InMemorySessionStore()
    options = InterviewOptions(track="t", questions=3, warmups=0, follow_ups=0, seed=2, job=job(generated=True))
    engine = await InterviewEngine.start(bank, store, OfflineCoach(), options)
    assert engine.current is not None and not engine.current.question.id.startswith("job-")
    result = await engine.submit("alpha beta gamma")
    assert result.next_prompt is not None and result.next_prompt.question.id == "job-written-1"
    assert result.next_prompt.why is not None and result.next_prompt.why.startswith("written for this job")
    assert bank.get("job-written-1") is not None  # shown and scored like any question ...
    assert "job-written-1" not in {q.id for q in bank.for_track("t")}  # ... but never drawn by another session


async def test_a_one_question_session_asks_the_written_question() -> None:
    # With -n 1 the written question used to wait for a second question that never came.
    bank, store = make_bank(), InMemorySessionStore()
    options = InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, seed=2, job=job(generated=True))
    engine = await InterviewEngine.start(bank, store, OfflineCoach(), options)
    assert engine.current is not None and engine.current.question.id == "job-written-1"
    result = await engine.submit("alpha beta gamma")
    assert result.next_prompt is None


async def test_the_summary_names_weak_answers_on_what_the_job_asks() -> None:
    bank, store = make_bank(), InMemorySessionStore()
    options = InterviewOptions(track="t", questions=1, warmups=0, follow_ups=0, seed=3, job=job())
    engine = await InterviewEngine.start(bank, store, OfflineCoach(), options)
    await engine.submit("I am not sure.")
    summary = await engine.finish()
    assert summary.next_steps[0].startswith("The job asks for Redis: your answer to ")


async def test_a_session_without_a_job_is_unchanged() -> None:
    bank, store = make_bank(), InMemorySessionStore()
    engine = await InterviewEngine.start(bank, store, OfflineCoach(), InterviewOptions(track="t", warmups=0, seed=4))
    assert engine.job is None and engine.session.job is None
    assert engine.current is not None and engine.current.why is None
    assert "seniority" not in engine.session.settings and engine.options.start_level == 2

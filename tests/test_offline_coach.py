"""The offline coach: evaluations with feedback, authored follow-ups, streaming, health and session summaries."""

from __future__ import annotations

import re

from interview_coach.domain.metrics import compute_metrics
from interview_coach.domain.models import (
    AnswerMetrics,
    CriterionScore,
    Evaluation,
    Role,
    Session,
    Turn,
    TurnKind,
)
from interview_coach.domain.offline_coach import OfflineCoach
from interview_coach.domain.ports import Coach, CoachState, FollowUpRequest
from interview_coach.domain.questions import Criterion, FollowUp, Question, QuestionType

GOOD = (
    "The client generates an idempotency key for each payment attempt and sends it with every retry. "
    "The server inserts that key under a unique constraint in the same transaction as the payment, so a race "
    "condition between two servers cannot create two charges. "
    "When the key already exists we return the stored response instead of charging again."
)
PARTIAL = "I would make the payment handler idempotent with a key that the client sends along with each call."


def payment_question(
    *, reference: str | None = "Use an idempotency key ...", hints: list[str] | None = None
) -> Question:
    return Question(
        id="backend-payment-retries",
        track="backend",
        type=QuestionType.TECHNICAL,
        prompt="A mobile client retries a payment after a timeout and customers get charged twice. What do you do?",
        difficulty=3,
        competencies=["reliability", "api-design"],
        rubric=[
            Criterion(
                id="idempotency-key",
                description="Uses an idempotency key sent by the client.",
                weight=2.0,
                key_terms=["idempotency key", "idempotent", "request id"],
            ),
            Criterion(
                id="atomic-check",
                description="Makes the check-and-insert atomic.",
                weight=1.5,
                key_terms=["unique constraint", "transaction", "race condition"],
            ),
            Criterion(
                id="replay-response",
                description="Returns the stored response on a retry.",
                weight=1.0,
                key_terms=["stored response", "same response"],
            ),
        ],
        follow_ups=[
            FollowUp(prompt="What happens if the same retry reaches another server at once?", criterion="atomic-check"),
            FollowUp(prompt="What does the second call get back?", criterion="replay-response"),
            FollowUp(prompt="How long would you keep the keys?"),
        ],
        hints=hints if hints is not None else ["Think about what the client can send to identify an attempt."],
        reference_answer=reference,
    )


def simple_question(qid: str, kind: QuestionType, competencies: list[str], term: str) -> Question:
    return Question(
        id=qid,
        track="backend",
        type=kind,
        prompt=f"Question {qid}?",
        difficulty=1 if kind is QuestionType.WARMUP else 2,
        competencies=competencies,
        rubric=[Criterion(id="main", description=f"Mentions {term}.", key_terms=[term])],
        reference_answer="Reference.",
    )


async def test_offline_coach_satisfies_the_port() -> None:
    coach = OfflineCoach()
    assert isinstance(coach, Coach)
    assert coach.name == "offline-heuristic"
    health = coach.health()
    assert health.configured is False and health.state is CoachState.OFFLINE and health.label == "offline coach"


async def test_score_names_met_and_missed_criteria_and_points_to_the_reference() -> None:
    evaluation = await OfflineCoach().score(payment_question(), PARTIAL)
    assert evaluation.scored_by == "offline-heuristic"
    assert evaluation.question_id == "backend-payment-retries"
    assert evaluation.met == ["idempotency-key"]
    feedback = evaluation.feedback
    assert "Offline check: key points and known misconceptions." in feedback
    assert "- met (+" in feedback and 'Uses an idempotency key sent by the client. You said "' in feedback
    assert "- missed (+0 of " in feedback and "Makes the check-and-insert atomic." in feedback
    assert feedback.splitlines()[-1].startswith("Tip: next time, cover this too: Makes the check-and-insert atomic")
    assert evaluation.strengths == ["Uses an idempotency key sent by the client."]
    assert evaluation.improvements[:2] == [
        "Makes the check-and-insert atomic.",
        "Returns the stored response on a retry.",
    ]
    assert evaluation.latency_ms is not None and evaluation.latency_ms >= 0


async def test_the_points_in_the_feedback_add_up_to_the_overall() -> None:
    evaluation = await OfflineCoach().score(payment_question(), PARTIAL)
    earned = [int(m) for m in re.findall(r"^- \w+ \(\+(\d+) of", evaluation.feedback, re.MULTILINE)]
    deducted = sum(d.points for d in evaluation.deductions)
    assert sum(earned) - deducted == evaluation.overall
    assert sum(c.points or 0 for c in evaluation.criteria) - deducted == evaluation.overall


async def test_a_full_answer_has_no_missed_line() -> None:
    evaluation = await OfflineCoach().score(payment_question(), GOOD)
    assert evaluation.overall >= 80
    assert "Missed:" not in evaluation.feedback
    assert evaluation.improvements == []


async def test_score_reports_fillers_and_star_gaps() -> None:
    coach = OfflineCoach()
    question = payment_question().model_copy(update={"type": QuestionType.BEHAVIORAL})
    evaluation = await coach.score(question, "Um, well, basically, " + GOOD)
    assert "Filler words: 2 ('basically' x1, 'um' x1)." in evaluation.feedback
    assert "STAR structure: no clear situation, task, action" in evaluation.feedback


async def test_empty_answer_scores_zero_with_feedback() -> None:
    evaluation = await OfflineCoach().score(payment_question(), "")
    assert evaluation.overall == 0
    assert evaluation.met == []
    assert "No answer was given" in evaluation.feedback


async def test_follow_up_targets_the_most_important_missed_criterion_not_yet_asked() -> None:
    coach = OfflineCoach()
    question = payment_question()
    evaluation = await coach.score(question, PARTIAL)  # misses atomic-check (1.5) and replay-response (1.0)
    request = FollowUpRequest(question=question, answer=PARTIAL, evaluation=evaluation)
    assert await coach.follow_up(request) == "What happens if the same retry reaches another server at once?"
    request.asked_follow_ups = ["  what happens if the same retry reaches ANOTHER server at once? "]
    assert await coach.follow_up(request) == "What does the second call get back?"
    request.asked_follow_ups = [f.prompt for f in question.follow_ups[:2]]
    assert await coach.follow_up(request) == "How long would you keep the keys?"
    request.asked_follow_ups = [f.prompt for f in question.follow_ups]
    assert await coach.follow_up(request) is None


async def test_follow_up_scores_the_answer_itself_without_an_evaluation() -> None:
    coach = OfflineCoach()
    question = payment_question()
    full = FollowUpRequest(question=question, answer=GOOD)
    assert await coach.follow_up(full) == "How long would you keep the keys?"  # nothing missed: generic one
    partial = FollowUpRequest(question=question, answer=PARTIAL)
    assert await coach.follow_up(partial) == "What happens if the same retry reaches another server at once?"


async def test_follow_up_uses_another_coachs_evaluation_and_treats_missing_criteria_as_missed() -> None:
    question = payment_question()
    evaluation = Evaluation(
        question_id=question.id,
        overall=60,
        criteria=[CriterionScore(criterion_id="atomic-check", score=0.9)],
        scored_by="deepseek",
    )
    request = FollowUpRequest(question=question, answer=GOOD, evaluation=evaluation)
    assert await OfflineCoach().follow_up(request) == "What does the second call get back?"


async def test_stream_feedback_yields_the_evaluation_feedback() -> None:
    coach = OfflineCoach()
    question = payment_question()
    evaluation = await coach.score(question, PARTIAL)
    chunks = [chunk async for chunk in coach.stream_feedback(question, PARTIAL, evaluation)]
    assert len(chunks) >= 1 and "".join(chunks) == evaluation.feedback


async def test_stream_feedback_words_another_coachs_evaluation_offline() -> None:
    question = payment_question()
    evaluation = Evaluation(
        question_id=question.id,
        overall=72,
        criteria=[
            CriterionScore(criterion_id="idempotency-key", score=1.0),
            CriterionScore(criterion_id="atomic-check", score=0.2),
            CriterionScore(criterion_id="replay-response", score=0.8),
        ],
        feedback="AI feedback",
        scored_by="deepseek",
    )
    text = "".join([c async for c in OfflineCoach().stream_feedback(question, GOOD, evaluation)])
    # The engine shows the per-criterion block of another coach's scores; this adds what was said and a tip.
    assert "AI feedback" not in text and "Offline check" not in text
    assert text.splitlines()[-1].startswith("Tip: next time, cover this too: Makes the check-and-insert atomic")


def _turn(
    seq: int,
    kind: TurnKind,
    qid: str,
    text: str = "",
    *,
    difficulty: int | None = None,
    metrics: AnswerMetrics | None = None,
) -> Turn:
    role = Role.CANDIDATE if kind is TurnKind.ANSWER else Role.COACH
    return Turn(
        session_id="s1",
        seq=seq,
        role=role,
        kind=kind,
        question_id=qid,
        text=text,
        difficulty=difficulty,
        metrics=metrics,
    )


def _evaluation(
    qid: str, seq: int, overall: float, met: dict[str, float], scored_by: str = "offline-heuristic"
) -> Evaluation:
    criteria = [CriterionScore(criterion_id=cid, score=score) for cid, score in met.items()]
    return Evaluation(question_id=qid, answer_turn_seq=seq, overall=overall, criteria=criteria, scored_by=scored_by)


async def test_summarize_aggregates_main_questions_by_competency() -> None:
    warm = simple_question("warm", QuestionType.WARMUP, ["communication"], "hello")
    tech = payment_question()
    story = simple_question("story", QuestionType.BEHAVIORAL, ["collaboration"], "compromise")
    questions = {q.id: q for q in (warm, tech, story)}
    story_text = "We had a disagreement and I listened."
    session = Session(
        id="s1",
        track="backend",
        turns=[
            _turn(1, TurnKind.QUESTION, "warm", warm.prompt),
            _turn(2, TurnKind.ANSWER, "warm", "hello there", metrics=compute_metrics("hello there")),
            _turn(3, TurnKind.QUESTION, "backend-payment-retries", tech.prompt, difficulty=3),
            _turn(4, TurnKind.HINT, "backend-payment-retries", "hint"),
            _turn(5, TurnKind.ANSWER, "backend-payment-retries", GOOD, metrics=compute_metrics(GOOD, hints_used=1)),
            _turn(6, TurnKind.FOLLOW_UP, "backend-payment-retries", "What does the second call get back?"),
            _turn(7, TurnKind.ANSWER, "backend-payment-retries", "The stored response."),
            _turn(8, TurnKind.QUESTION, "story", story.prompt, difficulty=2),
            _turn(9, TurnKind.ANSWER, "story", story_text, metrics=compute_metrics(story_text, behavioral=True)),
        ],
        evaluations=[
            _evaluation("warm", 2, 10, {"main": 0.0}),
            _evaluation(
                "backend-payment-retries", 5, 90, {"idempotency-key": 1, "atomic-check": 0.9, "replay-response": 0.1}
            ),
            _evaluation("backend-payment-retries", 7, 20, {"replay-response": 0.9}),
            _evaluation("story", 9, 30, {"main": 0.0}),
        ],
    )
    summary = await OfflineCoach().summarize(session, questions)
    assert summary.generated_by == "offline-heuristic"
    # The warm-up does not count; the follow-up answer showed replay-response, which raises its question to 100.
    assert summary.overall == 65.0
    assert summary.competency_scores == {"api-design": 100.0, "collaboration": 30.0, "reliability": 100.0}
    assert "communication" not in summary.competency_scores
    assert summary.strengths[:2] == ["api-design: 100/100", "reliability: 100/100"]
    assert "Uses an idempotency key sent by the client." in summary.strengths
    assert summary.weaknesses[0] == "collaboration: 30/100"
    assert "Mentions compromise." in summary.weaknesses
    # The follow-up answer covered replay-response, so it is not listed as a weakness.
    assert "Returns the stored response on a retry." not in summary.weaknesses
    steps = "\n".join(summary.next_steps)
    assert 'Review the reference answer for "Question story?" (story).' in steps
    assert "Practise STAR" in steps and "task" in steps and "result" in steps
    assert "Practise more questions on collaboration." in steps
    assert "1 used" in steps


async def test_summarize_counts_skips_as_zero_and_says_so() -> None:
    tech = payment_question()
    session = Session(
        id="s1",
        track="backend",
        turns=[
            _turn(1, TurnKind.QUESTION, tech.id, tech.prompt, difficulty=3),
            _turn(2, TurnKind.ANSWER, tech.id, "", metrics=compute_metrics("", skipped=True)),
        ],
        evaluations=[_evaluation(tech.id, 2, 0, {}, scored_by="skipped")],
    )
    summary = await OfflineCoach().summarize(session, {tech.id: tech})
    assert summary.overall == 0.0
    assert "1 question skipped." in summary.weaknesses
    assert any("Attempt every question" in step for step in summary.next_steps)


async def test_summarize_of_an_empty_session() -> None:
    summary = await OfflineCoach().summarize(Session(id="s1", track="backend"), {})
    assert summary.overall is None and summary.competency_scores == {}
    assert summary.next_steps == ["Answer at least one main question to get scores and a summary."]


async def test_a_strong_session_suggests_moving_up() -> None:
    tech = payment_question()
    session = Session(
        id="s1",
        track="backend",
        turns=[
            _turn(1, TurnKind.QUESTION, tech.id, tech.prompt, difficulty=3),
            _turn(2, TurnKind.ANSWER, tech.id, GOOD, metrics=compute_metrics(GOOD)),
        ],
        evaluations=[_evaluation(tech.id, 2, 92, {c.id: 1.0 for c in tech.rubric})],
    )
    summary = await OfflineCoach().summarize(session, {tech.id: tech})
    assert summary.weaknesses == []
    assert summary.next_steps == ["Strong session: move up a difficulty level or try another track."]

"""Near-misses of key terms are mended in spoken answers only (domain/spoken_terms.py)."""

from __future__ import annotations

from interview_coach.domain.delivery import compute_delivery
from interview_coach.domain.interview import InterviewEngine, InterviewOptions
from interview_coach.domain.offline_coach import OfflineCoach
from interview_coach.domain.questions import Criterion
from interview_coach.domain.spoken_terms import mend_spoken_answer
from interview_coach.domain.transcription import Transcript
from tests.engine_helpers import make_bank, make_question
from tests.fakes.memory_store import InMemorySessionStore


def question():  # type: ignore[no-untyped-def]
    q = make_question("q", 2)
    rubric = [
        Criterion(id="idem", description="idempotency", key_terms=["idempotent", "idempotency key"]),
        Criterion(id="db", description="names the store", key_terms=["postgres", "kubernetes"]),
        Criterion(id="ttl", description="short term", key_terms=["TTL", "retry"]),
    ]
    return q.model_copy(update={"rubric": rubric})


def test_near_misses_become_the_key_terms() -> None:
    text = "Make it idempotant with an idempotensy key in post gress on kubernetis."
    mended, mends = mend_spoken_answer(question(), text)
    assert mended == "Make it idempotent with an idempotency key in postgres on kubernetes."
    assert [(m.heard, m.term) for m in mends] == [
        ("idempotant", "idempotent"),
        ("idempotensy key", "idempotency key"),
        ("post gress", "postgres"),
        ("kubernetis", "kubernetes"),
    ]


def test_exact_terms_short_terms_and_unrelated_words_are_left_alone() -> None:
    text = "It is idempotent. Set a TTT and retry. The potato was important, so is a post office."
    assert mend_spoken_answer(question(), text) == (text, [])  # TTL is too short to guess from "TTT"


async def _score(text: str, spoken: bool) -> float:
    bank = make_bank()
    engine = await InterviewEngine.start(
        bank, InMemorySessionStore(), OfflineCoach(), InterviewOptions(track="t", questions=1, warmups=0, seed=1)
    )
    prompt = engine.current
    assert prompt is not None
    delivery = compute_delivery(Transcript(text, 10.0)) if spoken else None
    return (await engine.submit(text, delivery=delivery)).evaluation.overall


async def test_only_spoken_answers_get_the_tolerance() -> None:
    # The synthetic bank's key terms are alpha, beta, gamma: "alpah"/"gamm" are recognition-style misses.
    misheard = "I would use alphaa, then betta, and finally gammma."
    typed, spoken = await _score(misheard, spoken=False), await _score(misheard, spoken=True)
    exact = await _score("I would use alpha, then beta, and finally gamma.", spoken=False)
    assert typed < spoken == exact


async def test_the_stored_answer_keeps_the_words_as_heard() -> None:
    engine = await InterviewEngine.start(
        make_bank(), InMemorySessionStore(), OfflineCoach(), InterviewOptions(track="t", questions=1, warmups=0)
    )
    text = "I would use alphaa here."
    result = await engine.submit(text, delivery=compute_delivery(Transcript(text, 5.0)))
    assert result.answer.text == text

"""Shared pieces of the DeepSeek adapter tests: a sample question, settings, and a no-wait sleep."""

from __future__ import annotations

from typing import Any

from interview_coach.config import Settings
from interview_coach.domain.questions import Criterion, FollowUp, Question, QuestionType

TEST_KEY = "sk-test-0123456789abcdef"
BASE_URL = "https://deepseek.test"


def sample_question(**changes: Any) -> Question:
    question = Question(
        id="backend-idempotent-retries",
        track="backend",
        type=QuestionType.TECHNICAL,
        prompt="How do you make a payment API safe to retry?",
        difficulty=3,
        competencies=["api-design", "reliability"],
        rubric=[
            Criterion(
                id="idempotency-key",
                description="Uses an idempotency key stored with the result.",
                weight=2.0,
                key_terms=["idempotency key", "request id"],
            ),
            Criterion(
                id="dedupe-window",
                description="Explains how long keys are kept and why.",
                weight=1.0,
                key_terms=["ttl", "expire"],
            ),
            Criterion(
                id="names-tradeoff",
                description="Names a trade-off of the design.",
                weight=1.0,
                key_terms=["trade-off", "tradeoff", "cost"],
            ),
        ],
        follow_ups=[FollowUp(prompt="How long do you keep the keys?", criterion="dedupe-window")],
        reference_answer="Store an idempotency key with the response; replay it for duplicates.",
    )
    return question.model_copy(update=changes)


GOOD_ANSWER = (
    "The client sends an idempotency key with every payment. The server stores the key together with the "
    "response in the same transaction, and replays that response for duplicates. Keys expire after 24 hours "
    "with a TTL. The trade-off is the storage cost of keeping every key and response."
)


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "deepseek_api_key": TEST_KEY,
        "deepseek_base_url": BASE_URL,
        "deepseek_max_retries": 2,
        "deepseek_retry_backoff_seconds": 0.5,
    }
    values.update(overrides)
    return Settings(**values)


class RecordingSleep:
    """Stands in for asyncio.sleep: records the delays and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)

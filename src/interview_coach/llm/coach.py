"""``DeepSeekCoach``: the ``Coach`` port over the DeepSeek API, or any OpenAI-compatible server (a local model).

Every failure is a typed ``CoachApiError``; the engine's fallback wrapper catches it and asks the offline coach
for that answer instead. Health is updated by each call, for the status bar and ``doctor``.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncGenerator, Callable, Iterator
from contextlib import aclosing, contextmanager
from typing import Any, TypeVar

import httpx

from interview_coach.config import Settings
from interview_coach.domain.models import Evaluation, Session, SessionSummary
from interview_coach.domain.ports import CoachHealth, FollowUpRequest, QuestionRequest
from interview_coach.domain.questions import Question
from interview_coach.llm import parsing, prompts
from interview_coach.llm.client import DeepSeekClient, Message, OnRetry, Sleep
from interview_coach.llm.errors import BadResponseError, CoachApiError
from interview_coach.llm.health import HealthTracker

T = TypeVar("T")

SCORE_MAX_TOKENS = 1200
SUMMARY_MAX_TOKENS = 1200
QUESTIONS_MAX_TOKENS = 3000
FOLLOW_UP_MAX_TOKENS = 120
FEEDBACK_MAX_TOKENS = 400


class DeepSeekCoach:
    """Follow-ups, scores, summaries and streamed feedback from the AI server (DeepSeek by default).

    ``on_retry`` is called with a ``RetryNotice`` just before each pause between attempts of a call.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep | None = None,
        rng: random.Random | None = None,
        on_retry: OnRetry | None = None,
    ) -> None:
        self.settings = settings
        self._client = DeepSeekClient(settings, transport=transport, sleep=sleep, rng=rng, on_retry=on_retry)
        self.name = self._client.model
        self._health = HealthTracker(configured=settings.use_llm, model=self._client.model)

    def __repr__(self) -> str:
        return f"DeepSeekCoach(model={self.name!r}, base_url={self._client.base_url!r})"

    @property
    def last_stream_usage(self) -> dict[str, Any] | None:
        """Token usage reported on the last chunk of the most recent stream."""
        return self._client.last_stream_usage

    def health(self) -> CoachHealth:
        return self._health.snapshot()

    async def aclose(self) -> None:
        await self._client.aclose()

    # --- the Coach port ---

    async def score(self, question: Question, answer: str) -> Evaluation:
        started = time.perf_counter()
        with self._tracked():
            reply = await self._json_call(
                prompts.score_messages(question, answer), parsing.parse_score_reply, SCORE_MAX_TOKENS
            )
        latency_ms = round((time.perf_counter() - started) * 1000, 1)
        return parsing.build_evaluation(question, answer, reply, scored_by=self.name, latency_ms=latency_ms)

    async def follow_up(self, request: FollowUpRequest) -> str | None:
        with self._tracked():
            reply = await self._client.chat(
                prompts.follow_up_messages(request), max_tokens=FOLLOW_UP_MAX_TOKENS, temperature=0.4
            )
        # Blank content from a plain-text call means the model had nothing to ask: treat it as "no follow-up".
        return parsing.parse_follow_up(reply.content, request.asked_follow_ups)

    async def summarize(self, session: Session, questions: dict[str, Question]) -> SessionSummary:
        with self._tracked():
            reply = await self._json_call(
                prompts.summary_messages(session, questions), parsing.parse_summary_reply, SUMMARY_MAX_TOKENS
            )
        return parsing.build_summary(reply, session, questions, generated_by=self.name)

    async def stream_feedback(
        self, question: Question, answer: str, evaluation: Evaluation
    ) -> AsyncGenerator[str, None]:
        """Feedback text as it arrives. A failure after the first chunk raises; the caller falls back."""
        messages = prompts.feedback_messages(question, answer, evaluation)
        with self._tracked():
            stream = self._client.stream_chat(messages, max_tokens=FEEDBACK_MAX_TOKENS, temperature=0.5)
            async with aclosing(stream) as chunks:
                async for chunk in chunks:
                    yield chunk

    # --- the QuestionWriter port (job-tailored sessions) ---

    async def write_questions(self, request: QuestionRequest) -> list[dict[str, object]]:
        """Raw question objects; the caller validates each one exactly as a shipped question."""
        with self._tracked():
            return await self._json_call(
                prompts.question_messages(request), parsing.parse_questions_reply, QUESTIONS_MAX_TOKENS
            )

    # --- doctor ---

    async def check_online(self) -> dict[str, Any]:
        """``GET /models`` and one short timed completion, within one DEEPSEEK_TIMEOUT_SECONDS in all.

        Raises the typed error of whichever fails; running out of time says what it waited for."""
        started = time.perf_counter()
        with self._tracked(check=True):
            try:
                async with asyncio.timeout(self._client.deadline_s):
                    models = await self._client.list_models()
                    asked = time.perf_counter()
                    reply = await self._client.chat(
                        [{"role": "user", "content": "Reply with the single word: ok"}], max_tokens=8, temperature=0
                    )
            except TimeoutError:
                raise self._client.deadline_error() from None
        reply_ms = round((time.perf_counter() - asked) * 1000, 1)
        return {
            "provider": self._client.provider.kind,
            "server": self._client.provider.at,
            "base_url": self._client.base_url,
            "model": self.name,
            "models": models,
            "model_listed": self.name in models,
            "json_mode": self._client.json_mode_supported,
            "reply": reply.content.strip()[:40],
            "usage": reply.usage,
            "reply_ms": reply_ms,
            "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        }

    # --- internals ---

    @contextmanager
    def _tracked(self, *, check: bool = False) -> Iterator[None]:
        """Fail fast after a permanent error (unless this is an explicit check); record the outcome."""
        blocking = self._health.blocking_error
        if blocking is not None and not check:
            raise blocking
        try:
            yield
        except CoachApiError as exc:
            self._client.provider.titled(exc)  # "AI server timeout", not "DeepSeek timeout", for a local model
            self._health.record_error(exc)
            raise
        self._health.record_ok()

    async def _json_call(self, messages: list[Message], parse: Callable[[str], T], max_tokens: int) -> T:
        """JSON mode with the two documented recoveries: blank content is re-asked once, and a reply that
        does not parse gets one repair turn. After that, BadResponseError (the engine falls back).

        A server without JSON mode is asked again without it by the client; the prompts ask for a JSON object
        anyway, and the parser takes one out of code fences or surrounding text."""
        reply = await self._client.chat(messages, json_mode=True, max_tokens=max_tokens, temperature=0.0)
        if not reply.content.strip():
            # DeepSeek documents that JSON mode sometimes returns blank (all-space) content: ask once more.
            reply = await self._client.chat(messages, json_mode=True, max_tokens=max_tokens, temperature=0.0)
            if not reply.content.strip():
                raise BadResponseError(f"{self._client.provider.name} returned empty content twice in JSON mode.")
        try:
            return parse(reply.content)
        except parsing.ReplyParseError as exc:
            problem = str(exc)
        repair = prompts.repair_messages(messages, reply.content, problem)
        second = await self._client.chat(repair, json_mode=True, max_tokens=max_tokens, temperature=0.0)
        try:
            return parse(second.content)
        except parsing.ReplyParseError as exc:
            raise BadResponseError(
                f"the reply from {self._client.provider.name} could not be used, even after a repair attempt: {exc}."
            ) from None

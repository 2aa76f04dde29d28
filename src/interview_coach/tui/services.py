"""What the app is given: the bank, the store, the coach, speech and clocks (``AppServices``), and what to open
first (``StartRequest``). Tests build an ``AppServices`` from fakes; ``build_services`` is the real wiring.

Nothing here imports textual, SQLAlchemy or httpx: ``build_services`` hands out factories that the app calls in
workers after the first screen is up.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_coach.config import Settings
from interview_coach.domain.models import utcnow
from interview_coach.domain.ports import Coach, SessionStore, Speaker, StoryStore
from interview_coach.tui.deferred import DeferredCoach, DeferredStore

if TYPE_CHECKING:
    from interview_coach.domain.bank import QuestionBank
    from interview_coach.domain.interview import InterviewEngine, InterviewOptions
    from interview_coach.domain.transcription import Recorder, Transcriber

StatusCallback = Callable[[str], None]
SpeakerFactory = Callable[[StatusCallback], Speaker]


@dataclass
class StartRequest:
    """What the command line asked for: a track to start, a session to resume, or neither (the home screen)."""

    track: str | None = None
    resume: bool = False
    session_id: str | None = None
    flags: dict[str, Any] = field(default_factory=dict)
    engine: InterviewEngine | None = None
    """An interview already started (by ``launch``), so the first frame shows its question."""


@dataclass
class AppServices:
    settings: Settings
    bank: QuestionBank
    coach: Coach
    store: DeferredStore
    open_store: Callable[[], SessionStore] | None = None
    """Opens the real database; called once, in a thread, after the first screen is shown."""
    speaker_factory: SpeakerFactory | None = None
    """Builds the speaker (in a thread) the first time something is spoken; None = no voice at all."""
    exports_dir: Path = field(default_factory=Path.cwd)
    clock: Callable[[], datetime] = utcnow
    today: Callable[[], date] = date.today
    monotonic: Callable[[], float] = time.monotonic
    cursor_blink: bool = True
    tts_engine: str = "none"
    """The speech engine(s) for the home screen, e.g. 'pyttsx3' or 'elevenlabs+pyttsx3'."""
    stories: StoryStore | None = None
    """The story bank; None: the one on the database, once it is open (tests pass an in-memory one)."""
    recorder_factory: Callable[[], Recorder] | None = None
    """Builds the microphone recorder for push-to-talk; None = the real one (``stt.recorder``). Tests fake it."""
    transcriber_factory: Callable[[], Transcriber] | None = None
    """Builds the offline transcriber; None = the real one (``stt``, the voice-input extra). Tests fake it."""
    talk: bool = False
    """`start --talk`: answers are meant to be spoken (the interview screen says which key records)."""

    def options(self, track: str, **overrides: Any) -> InterviewOptions:
        """Interview options for ``track``: ``overrides`` (None = not given) over the settings."""
        from interview_coach.wiring import interview_options

        return interview_options(self.settings, track, **overrides)

    def track_counts(self) -> list[tuple[str, str, int]]:
        """(track, title, question count) for every track in the bank."""
        return [(s.track, s.title, s.total) for s in self.bank.summaries()]


def start_engine(services: AppServices, track: str, flags: dict[str, Any]) -> InterviewEngine | None:
    """Start a fresh interview before the app runs, when that is cheap: the store only buffers and a warm-up
    needs no database read. Returns None when the first question depends on history (no warm-up, or review
    mode); the interview screen then starts it once the database is open."""
    import asyncio

    from interview_coach.domain.interview import InterviewEngine

    options = services.options(track, **flags)
    if options.warmups < 1 or options.review:
        return None
    return asyncio.run(
        InterviewEngine.start(
            services.bank, services.store, services.coach, options, today=services.today, clock=services.clock
        )
    )


def build_services(settings: Settings, extra_dirs: Sequence[Path] = ()) -> AppServices:
    """The real wiring: the bank now (it is fast), the store and the AI coach as deferred adapters."""
    from interview_coach.paths import get_paths
    from interview_coach.wiring import build_coach, load_question_bank, open_session_store

    bank = load_question_bank(settings, extra_dirs)
    coach: Coach
    if settings.use_llm:
        coach = DeferredCoach(settings.ai_model, lambda: build_coach(settings))
    else:
        coach = build_coach(settings)  # the offline coach: pure Python, nothing to defer
    from interview_coach.tts import engine_order

    tts = "+".join(engine_order(settings.tts_primary, settings.tts_fallback)) or "none"
    return AppServices(
        settings=settings,
        bank=bank,
        coach=coach,
        store=DeferredStore(),
        open_store=lambda: open_session_store(settings),
        speaker_factory=lambda on_status: _build_speaker(settings, on_status),
        exports_dir=get_paths().data_dir / "exports",
        tts_engine=tts,
    )


def _build_speaker(settings: Settings, on_status: StatusCallback) -> Speaker:
    from interview_coach.tts import build_speaker

    return build_speaker(settings, on_status=on_status)

"""The Speaker the app uses: a fallback chain of engines, a cache, and a cancellable player.

``speak()`` synthesises (or finds the cached audio) and *starts* playback, then returns: the interview never
waits for the voice. Every failure becomes a one-time status message and a step down the chain (primary ->
fallback -> silent); nothing raises into the UI.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from interview_coach.domain.ports import SpeechState
from interview_coach.tts.base import SpeechError, Synthesizer
from interview_coach.tts.cache import AudioCache
from interview_coach.tts.player import Playback, PlaybackResult

log = logging.getLogger(__name__)

StatusCallback = Callable[[str], None]


class ChainSpeaker:
    """Implements ``domain.ports.Speaker``.

    A *permanent* engine error (bad key, unknown voice, espeak-ng missing) drops the engine for the rest of
    the session; a transient one (timeout, busy server) skips it for the current text, and
    ``max_transient_failures`` of them in a row drop it too. A player that cannot reach an audio device
    makes the whole speaker silent.
    """

    def __init__(
        self,
        synthesizers: Sequence[Synthesizer],
        cache: AudioCache,
        player_command: Sequence[str] | None,
        on_status: StatusCallback | None = None,
        *,
        max_transient_failures: int = 2,
    ) -> None:
        self.name = "+".join(s.name for s in synthesizers) or "none"
        self._engines = list(synthesizers)
        self._cache = cache
        self._player = list(player_command) if player_command else None
        self._on_status = on_status
        self._max_transient = max(1, max_transient_failures)
        self._transient_failures: dict[str, int] = {}
        self._reported: set[str] = set()
        self._generation = 0
        self._playback: Playback | None = None
        self._playing_engine: str | None = None
        self._watchers: set[asyncio.Task[None]] = set()
        self.last_playback: PlaybackResult | None = None
        self._silent_reason: str | None = None if self._engines else "no voice engine"

    # --- the Speaker port ---

    async def speak(self, text: str) -> None:
        """Stop what is playing, then synthesise ``text`` and start playing it. Never raises SpeechError."""
        self._generation += 1
        generation = self._generation
        self._stop_playback()
        text = text.strip()
        if not text or self._silent_reason is not None:
            return
        try:
            path, engine = await self.synthesize(text)
        except SpeechError:
            return  # already reported; this text stays unspoken
        except Exception:  # an engine bug must not stop the interview
            log.exception("speech synthesis failed")
            self._go_silent("voice error", "voice: unexpected error - silent")
            return
        if generation != self._generation or self._silent_reason is not None:
            return  # cancel() or newer speech arrived while this one was being synthesised
        await self._start_playback(path, engine, generation)

    def cancel(self) -> None:
        """Stop playback now (Esc, next question). A synthesis in flight still finishes into the cache."""
        self._generation += 1
        self._stop_playback()

    def status(self) -> str:
        if self._silent_reason is not None:
            return f"voice: silent ({self._silent_reason})"
        if self.state is SpeechState.SPEAKING:
            return f"voice: speaking ({self._playing_engine})"
        return f"voice: {self._engines[0].name}"

    # --- beyond the port: for the CLI, doctor and tests ---

    @property
    def state(self) -> SpeechState:
        if self._silent_reason is not None:
            return SpeechState.UNAVAILABLE
        if self._playback is not None and self._playback.running:
            return SpeechState.SPEAKING
        return SpeechState.READY

    @property
    def current_playback(self) -> Playback | None:
        return self._playback

    @property
    def engines(self) -> list[str]:
        """The engines still in the chain, in order."""
        return [engine.name for engine in self._engines]

    async def synthesize(self, text: str) -> tuple[Path, str]:
        """The cached WAV for ``text`` from the first engine that works, and that engine's name.

        Raises the last engine's SpeechError when none can (each step down is reported once on the way).
        """
        last_error: SpeechError | None = None
        for engine in list(self._engines):
            try:
                path = await self._cache.get_or_create(engine.cache_identity(), text, engine.synthesize)
            except SpeechError as exc:
                last_error = exc
                self._step_down(engine, exc)
                continue
            self._transient_failures.pop(engine.name, None)
            return path, engine.name
        if not self._engines and self._silent_reason is None:
            self._silent_reason = "no voice engine left"
        raise last_error or SpeechError("no speech engine is available", short="no voice engine")

    async def wait_until_done(self) -> None:
        """Wait until the current playback has ended (finished, failed or cancelled)."""
        while self._watchers:
            await asyncio.gather(*list(self._watchers), return_exceptions=True)

    async def aclose(self) -> None:
        """Stop playback and wait for the player to exit (app shutdown)."""
        self.cancel()
        await self.wait_until_done()

    # --- internals ---

    def _report(self, message: str) -> None:
        if message in self._reported:
            return
        self._reported.add(message)
        log.info("%s", message)
        if self._on_status is not None:
            try:
                self._on_status(message)
            except Exception:  # a broken status bar must not break speech
                log.exception("voice status callback failed")

    def _go_silent(self, reason: str, message: str) -> None:
        self._silent_reason = reason
        self._stop_playback()
        self._report(message)

    def _step_down(self, engine: Synthesizer, error: SpeechError) -> None:
        failures = self._transient_failures.get(engine.name, 0) + 1
        self._transient_failures[engine.name] = failures
        position = self._engines.index(engine)
        if error.permanent or failures >= self._max_transient:
            self._engines.remove(engine)
            following = self._engines[position:]
        else:
            following = self._engines[position + 1 :]
        log.info("voice engine %s failed: %s", engine.name, error.message)
        target = f"using {following[0].name}" if following else "silent"
        self._report(f"voice: {error.short} - {target}")

    async def _start_playback(self, path: Path, engine: str, generation: int) -> None:
        if self._player is None:
            self._go_silent("no audio player", "voice: no audio player (aplay, paplay, ffplay, afplay) - silent")
            return
        try:
            playback = await Playback.start(self._player, path)
        except OSError as exc:
            log.info("cannot start the audio player %s: %s", self._player[0], exc)
            self._go_silent("audio player failed", f"voice: cannot start {Path(self._player[0]).name} - silent")
            return
        self._playback, self._playing_engine = playback, engine
        watcher = asyncio.create_task(self._watch(playback))
        self._watchers.add(watcher)
        watcher.add_done_callback(self._watchers.discard)
        if generation != self._generation:
            self._stop_playback()  # cancelled while the player was starting

    async def _watch(self, playback: Playback) -> None:
        result = await playback.wait()
        self.last_playback = result
        if playback is self._playback:
            self._playback = None
        if result.ok or self._silent_reason is not None:
            return
        assert self._player is not None
        player = Path(self._player[0]).name
        log.info("audio player %s failed: %s", player, result.reason)
        if result.no_device:
            self._go_silent("no audio device", "voice: no audio device - silent")
        else:
            self._go_silent(f"{player} failed", f"voice: {player} failed ({result.reason}) - silent")

    def _stop_playback(self) -> None:
        if self._playback is not None:
            self._playback.cancel()
            self._playback = None

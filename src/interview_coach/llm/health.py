"""What the status bar and ``doctor`` say about the DeepSeek coach, kept up to date by every call.

States: *online* while the last call worked (or none has failed yet); *degraded* after a transient failure
(timeout, 5xx, rate limit, unusable reply) - the next call tries the API again; *offline* after a permanent
one (bad key, empty balance). Permanent errors are also remembered so later calls fail fast without a request.
"""

from __future__ import annotations

from datetime import UTC, datetime

from interview_coach.domain.ports import CoachHealth, CoachState
from interview_coach.llm.errors import CoachApiError


def _now() -> datetime:
    return datetime.now(UTC)


class HealthTracker:
    def __init__(self, *, configured: bool, model: str) -> None:
        self.configured = configured
        self.model = model
        self.state = CoachState.ONLINE if configured else CoachState.OFFLINE
        self.last_ok_at: datetime | None = None
        self.last_error_at: datetime | None = None
        self.last_error: str | None = None
        self.blocking_error: CoachApiError | None = None

    def record_ok(self) -> None:
        self.state = CoachState.ONLINE
        self.last_ok_at = _now()
        self.blocking_error = None

    def record_error(self, error: CoachApiError) -> None:
        self.last_error_at = _now()
        self.last_error = error.message  # already masked by CoachApiError
        if error.sticky:
            self.state = CoachState.OFFLINE
            self.blocking_error = error
        else:
            self.state = CoachState.DEGRADED

    def snapshot(self) -> CoachHealth:
        return CoachHealth(
            configured=self.configured,
            state=self.state if self.configured else CoachState.OFFLINE,
            fallback_active=self.configured and self.state is not CoachState.ONLINE,
            model=self.model,
            last_ok_at=self.last_ok_at,
            last_error_at=self.last_error_at,
            last_error=self.last_error,
        )

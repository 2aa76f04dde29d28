"""What every screen of the app shares: typed access to the app and its services."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen
from textual.worker import Worker

if TYPE_CHECKING:
    from interview_coach.tui.app import InterviewCoachApp
    from interview_coach.tui.services import AppServices

ResultT = TypeVar("ResultT")


class CoachScreen(Screen[ResultT]):
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Worker messages do not bubble: every screen hands its workers' failures to the app's one handler.
        self.coach_app.on_worker_state_changed(event)

    @property
    def coach_app(self) -> InterviewCoachApp:
        return cast("InterviewCoachApp", self.app)

    @property
    def services(self) -> AppServices:
        return self.coach_app.services


class CoachModal(CoachScreen[ResultT], ModalScreen[ResultT]):
    """A modal with the same access to the app and the same worker-failure hand-off as every screen."""

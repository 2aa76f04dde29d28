"""Home: pick a track and the session's length, difficulty, voice and feedback timing, or resume a session."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from interview_coach.domain.models import SessionOverview
from interview_coach.tui import bindings
from interview_coach.tui.labels import coach_label, local_time, plural
from interview_coach.tui.screens.base import CoachScreen
from interview_coach.tui.widgets.key_footer import KeyFooter
from interview_coach.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from interview_coach.domain.job_context import JobContext
    from interview_coach.domain.jobs import Requirement
    from interview_coach.job_setup import JobSetup

LENGTHS = (3, 5, 8, 10, 15)
DIFFICULTIES = (("adaptive", "adaptive"), *((str(n), f"level {n} only") for n in range(1, 6)))
FEEDBACK = (("now", "after each answer"), ("end", "only at the end"))


class HomeScreen(CoachScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [bindings.START, bindings.RESUME, bindings.HISTORY]
    AUTO_FOCUS = "#home-tracks"

    def __init__(self) -> None:
        super().__init__()
        self.resumable: SessionOverview | None = None
        self.job: JobSetup | None = None  # a job description (and CV) analysed on this screen

    def compose(self) -> ComposeResult:
        tracks = self.services.track_counts()
        width = max((len(title) for _, title, _ in tracks), default=10)
        with Vertical(id="home-body"):
            yield Static(
                Content.assemble(("interview-coach", "bold $text-accent"), "  practice interviews, scored as you go"),
                id="home-title",
            )
            with Horizontal(id="home-main"):
                options = [
                    Option(
                        Content.assemble(f"{title:<{width}}  ", (plural(count, "question"), "$text-muted")), id=track
                    )
                    for track, title, count in tracks
                ]
                track_list = OptionList(*options, id="home-tracks")
                track_list.border_title = "Track"
                with Vertical(id="home-left"):
                    yield track_list
                    yield from self._job_box()
                with Vertical(id="home-side"):
                    yield from self._options_box()
                    with Vertical(id="home-track-box") as details:
                        details.border_title = "About this track"
                        yield Static(id="home-track-info")
            with Horizontal(id="home-resume", classes="-hidden"):
                yield Static(id="home-resume-text")
                yield Button("Resume", id="home-resume-button", variant="success")
            yield Static(self._info(), id="home-info")
        yield StatusBar()
        yield KeyFooter(defer=True)

    def _options_box(self) -> ComposeResult:
        settings = self.services.settings
        lengths = sorted({*LENGTHS, settings.questions})
        with Vertical(id="home-options") as box:
            box.border_title = "Session"
            yield self._field(
                "Questions",
                Select([(str(n), n) for n in lengths], value=settings.questions, allow_blank=False, id="opt-questions"),
            )
            difficulties = [(label, value) for value, label in DIFFICULTIES]
            yield self._field(
                "Difficulty", Select(difficulties, value=settings.difficulty, allow_blank=False, id="opt-difficulty")
            )
            feedback = [(label, value) for value, label in FEEDBACK]
            yield self._field(
                "Feedback", Select(feedback, value=settings.feedback, allow_blank=False, id="opt-feedback")
            )
            yield self._field("Voice", Checkbox("read aloud", value=self.coach_app.voice_on, id="opt-voice"))
            yield Button("Start interview", id="home-start", variant="primary")

    def _job_box(self) -> ComposeResult:
        with Vertical(id="home-job") as box:
            box.border_title = "Job (optional, Enter to analyse)"
            yield Horizontal(
                Label("Job file", classes="field-label"),
                Input(placeholder="path to a .txt, .md or .pdf", id="job-file", compact=True),
                classes="home-field",
            )
            yield Horizontal(
                Label("CV file", classes="field-label"),
                Input(placeholder="optional; stays on this machine", id="cv-file", compact=True),
                classes="home-field",
            )

    def _track_details(self, track: str) -> Content:
        if self.job is not None:
            from interview_coach.tui.job_view import analysis_content

            return analysis_content(self.job, self.services.bank, track)
        bank = self.services.bank
        summary = next((s for s in bank.summaries() if s.track == track), None)
        if summary is None:
            return Content("")
        info = bank.track_info.get(track)
        levels = " ".join(f"L{level}:{count}" for level, count in sorted(summary.by_difficulty.items()))
        kinds = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in sorted(summary.by_type.items()))
        parts: list[Content | tuple[str, str] | str] = [(summary.title, "bold")]
        if info is not None and info.description:
            parts += ["\n", info.description]
        parts += [
            "\n\n",
            (plural(summary.total, "question"), "bold"),
            f": {kinds}",
            "\n",
            ("levels ", "$text-muted"),
            levels,
        ]
        return Content.assemble(*parts)

    @staticmethod
    def _field(label: str, widget: Select[object] | Checkbox) -> Horizontal:
        if isinstance(widget, Select | Checkbox):
            widget.compact = True
        return Horizontal(Label(label, classes="field-label"), widget, classes="home-field")

    def _info(self) -> Content:
        services = self.services
        coach = coach_label(services.coach.health(), services.settings)
        voice = services.tts_engine if services.speaker_factory is not None else "unavailable"
        total = len(services.bank.questions)
        return Content.assemble(
            ("Coach ", "bold"),
            coach,
            ("   Voice engine ", "bold"),
            voice,
            ("   Bank ", "bold"),
            f"{plural(total, 'question')} in {plural(len(services.bank.tracks()), 'track')}",
        )

    def on_mount(self) -> None:
        tracks = self.query_one("#home-tracks", OptionList)
        if tracks.option_count:
            tracks.highlighted = 0
        if not self.services.bank.questions:
            self.notify(
                "The question bank is empty. Check `interview-coach validate-questions`.", severity="error", timeout=15
            )
        self.call_after_refresh(self._look_for_unfinished)

    def _look_for_unfinished(self) -> None:
        self.coach_app.ensure_store_opening()
        self._find_resumable()

    @work(group="home", exclusive=True, exit_on_error=False)
    async def _find_resumable(self) -> None:
        store = self.services.store
        await store.wait_open()
        latest = await asyncio.to_thread(store.latest_in_progress, None)
        self.resumable = latest
        box = self.query_one("#home-resume")
        box.set_class(latest is None, "-hidden")
        if latest is not None:
            text = Content.assemble(
                ("Unfinished session ", "bold"),
                f"{latest.track} · started {local_time(latest.started_at)} · {plural(latest.answers, 'answer')} saved",
            )
            self.query_one("#home-resume-text", Static).update(text)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "resume" and self.resumable is None)

    # --- actions --------------------------------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.query_one("#home-track-info", Static).update(self._track_details(event.option.id))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.coach_app.set_voice(event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "home-start":
            self.action_start()
        elif event.button.id == "home-resume-button":
            self.action_resume()

    def action_start(self) -> None:
        tracks = self.query_one("#home-tracks", OptionList)
        if tracks.highlighted is None:
            self.notify("Choose a track first.", severity="warning")
            return
        track = tracks.get_option_at_index(tracks.highlighted).id
        assert track is not None
        flags = dict(self.coach_app.start_request.flags)
        flags.update(
            questions=self._value("#opt-questions"),
            difficulty=self._value("#opt-difficulty"),
            feedback=self._value("#opt-feedback"),
        )
        self.coach_app.set_voice(self.query_one("#opt-voice", Checkbox).value)
        if self.job is not None:
            from interview_coach.domain.job_context import JobContext
            from interview_coach.job_session import requirements_to_write

            context = JobContext.from_profile(self.job.profile, self.job.cv)
            missing = requirements_to_write(self.job, self.services.bank, track)
            if missing and self.services.settings.use_llm:
                self._start_with_written_questions(track, flags, context, missing)
                return
            if missing:
                names = ", ".join(r.label for r in missing)
                self.notify(f"Offline: no questions are written for {names} (an AI coach writes them).", markup=False)
            flags["job"] = context.snapshot()
        self._open_interview(track, flags)

    def _open_interview(self, track: str, flags: dict[str, object]) -> None:
        from interview_coach.tui.screens.interview import InterviewScreen

        self.app.switch_screen(InterviewScreen(options=self.services.options(track, **flags)))

    @work(group="home-start", exclusive=True, exit_on_error=False)
    async def _start_with_written_questions(
        self, track: str, flags: dict[str, object], context: JobContext, missing: list[Requirement]
    ) -> None:
        """As `start --job` does: the AI coach writes questions for what the bank lacks, then the session starts.

        The CV goes along only if the candidate agreed before (`start --job --share-cv`, or yes when asked in a
        terminal); the home screen does not ask. A failed or empty reply starts the session with the bank alone."""
        from interview_coach.job_session import DEFAULT_GENERATE, cv_consent, write_for_job

        assert self.job is not None
        names = ", ".join(r.label for r in missing)
        self.notify(f"Asking the AI coach for questions on: {names} ...", title="Job", markup=False)
        share = cv_consent(False, None) if self.job.cv_text else False
        written, dropped = await write_for_job(
            self.services.settings, self.job, self.services.bank, missing, DEFAULT_GENERATE, share
        )
        context.generated, context.notes = written, dropped
        for note in dropped:
            self.notify(note, title="Job", severity="warning", markup=False, timeout=8)
        flags["job"] = context.snapshot()
        self._open_interview(track, flags)

    def _value(self, selector: str) -> object:
        value = self.query_one(selector, Select).value
        return None if value is Select.BLANK else value

    def action_resume(self) -> None:
        from interview_coach.tui.screens.interview import InterviewScreen

        if self.resumable is not None:
            self.app.switch_screen(InterviewScreen(resume=True, session_id=self.resumable.id))

    def action_history(self) -> None:
        self.coach_app.action_history()

    # --- a job description --------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("job-file", "cv-file"):
            self._analyse_job()

    @work(group="home-job", exclusive=True, exit_on_error=False)
    async def _analyse_job(self) -> None:
        """Read and analyse the files in a worker (a PDF takes a moment); a bad file is a notification."""
        from interview_coach.errors import CoachError
        from interview_coach.job_setup import prepare_job

        job = self.query_one("#job-file", Input).value.strip()
        cv = self.query_one("#cv-file", Input).value.strip() or None
        if not job:
            self.job = None
            self.notify("Type the path of a job description first.", severity="warning")
            return
        if "-" in (job, cv):  # standard input is the TUI's own keyboard here: reading it would swallow keystrokes
            self.job = None
            self.notify("Give a file path here; '-' (standard input) works with `start --job -`.", severity="warning")
            return
        try:
            setup = await asyncio.to_thread(prepare_job, job, cv, self.services.bank)
        except CoachError as exc:
            self.job = None
            self.notify(exc.message, title="Job description", severity="error", markup=False, timeout=10)
            return
        self.job = setup
        self.query_one("#home-track-box").border_title = "Job analysis"
        tracks = self.query_one("#home-tracks", OptionList)
        index = next((i for i in range(tracks.option_count) if tracks.get_option_at_index(i).id == setup.track), None)
        if index is not None:
            tracks.highlighted = index  # the track the job points to; another can still be chosen
        self.query_one("#home-track-info", Static).update(self._track_details(setup.track))

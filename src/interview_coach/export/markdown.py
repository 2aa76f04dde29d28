"""The Markdown report: header, transcript with each answer's score and feedback, a score table, the summary.

Given the question bank (``questions``), criteria are shown with their descriptions; without it, by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TextIO

from interview_coach.domain.delivery import delivery_summary
from interview_coach.domain.explain import scored_by_label
from interview_coach.domain.inert import inert
from interview_coach.domain.job_context import JobContext
from interview_coach.domain.models import AnswerMetrics, Evaluation, Session, SessionStatus, Turn, TurnKind
from interview_coach.domain.questions import Question
from interview_coach.domain.text import plural
from interview_coach.export.pairing import evaluation_for

SPEAKERS = {"coach": "Coach", "candidate": "You", "system": "Note"}


def _when(value: datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def _quote(text: str) -> str:
    """Block-quote user text so its own Markdown cannot break the report's structure."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in (text.strip() or "(no answer)").splitlines())


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _metrics_line(metrics: AnswerMetrics) -> str:
    parts = [plural(metrics.word_count, "word")]
    if metrics.duration_s is not None:
        parts.append(_duration(metrics.duration_s))
    typed = metrics.delivery is None  # a spoken answer's pace and fillers are on its own Delivery line
    if typed and metrics.time_to_first_keystroke_s is not None:
        parts.append(f"{metrics.time_to_first_keystroke_s:.1f}s to first keystroke")
    if typed and metrics.words_per_minute is not None:
        parts.append(f"{metrics.words_per_minute:.0f} wpm")
    if typed and metrics.filler_words:
        parts.append(plural(metrics.filler_words, "filler word"))
    if metrics.hints_used:
        parts.append(plural(metrics.hints_used, "hint"))
    if metrics.overtime_s:
        parts.append(f"{_duration(metrics.overtime_s)} over time")
    if metrics.skipped:
        parts.append("skipped")
    return "*" + " · ".join(parts) + "*"


def _criteria(ids: list[str], question: Question | None) -> str:
    if question is None:
        return ", ".join(ids)
    described = {c.id: c.description for c in question.rubric}
    return "; ".join(f"{cid} ({described[cid]})" if cid in described else cid for cid in ids)


def _evaluation_block(evaluation: Evaluation, question: Question | None) -> list[str]:
    lines = [f"**Score: {evaluation.overall:.0f}/100** ({scored_by_label(evaluation.scored_by)})", ""]
    if evaluation.met:
        lines.append(f"- Criteria met: {_criteria(evaluation.met, question)}")
    if evaluation.missed:
        lines.append(f"- Criteria not met: {_criteria(evaluation.missed, question)}")
    if evaluation.contradicted:
        lines.append(f"- Contradicted (a known misconception): {_criteria(evaluation.contradicted, question)}")
    lines.extend(f"- Strength: {item}" for item in evaluation.strengths)
    lines.extend(f"- To improve: {item}" for item in evaluation.improvements)
    if lines[-1] != "":
        lines.append("")
    if evaluation.feedback.strip():
        lines += ["Feedback:", "", _quote(evaluation.feedback), ""]
    return lines


def _turn_block(turn: Turn, session: Session, questions: Mapping[str, Question], shown: set[str]) -> list[str]:
    question = questions.get(turn.question_id) if turn.question_id else None
    if turn.kind is TurnKind.QUESTION:
        level = f" (difficulty {turn.difficulty})" if turn.difficulty else ""
        return [f"### {turn.question_id or 'Question'}{level}", "", f"**Coach:** {turn.text.strip()}", ""]
    if turn.kind is TurnKind.FOLLOW_UP:
        return [f"**Coach (follow-up):** {turn.text.strip()}", ""]
    if turn.kind is TurnKind.ANSWER:
        lines = ["**You:**", "", _quote(turn.text), ""]
        if turn.metrics is not None:
            lines += [_metrics_line(turn.metrics), ""]
        if turn.metrics is not None and turn.metrics.delivery is not None:  # a spoken answer
            lines += [f"*{delivery_summary(turn.metrics.delivery)}*", ""]
        evaluation = evaluation_for(turn, session)
        if evaluation is not None:
            lines += _evaluation_block(evaluation, question)
        return lines
    if turn.kind is TurnKind.HINT:
        return [f"*Hint:* {turn.text.strip()}", ""]
    if turn.kind is TurnKind.FEEDBACK:
        if turn.text.strip() in shown:  # already printed with the answer's evaluation
            return []
        return ["**Coach feedback:**", "", _quote(turn.text), ""]
    return [f"*{SPEAKERS.get(turn.role.value, 'Note')}: {turn.text.strip()}*", ""]


def _score_table(session: Session) -> list[str]:
    if not session.evaluations:
        return []
    lines = ["## Scores", "", "| # | Question | Score | Met | Missed |", "|---|---|---:|---|---|"]
    for number, evaluation in enumerate(session.evaluations, start=1):
        lines.append(
            f"| {number} | {_cell(evaluation.question_id)} | {evaluation.overall:.0f} | "
            f"{_cell(', '.join(evaluation.met))} | {_cell(', '.join(evaluation.missed))} |"
        )
    return [*lines, ""]


def _summary(session: Session) -> list[str]:
    summary = session.summary
    if summary is None:
        return []
    lines = ["## Summary", ""]
    if summary.overall is not None:
        lines += [f"Overall: **{summary.overall:.0f}/100** (by {summary.generated_by})", ""]
    for title, items in (
        ("Strengths", summary.strengths),
        ("Weaknesses", summary.weaknesses),
        ("Next steps", summary.next_steps),
    ):
        if items:
            lines += [f"### {title}", "", *(f"- {item}" for item in items), ""]
    if summary.competency_scores:
        lines += ["### Competencies", "", "| Competency | Score |", "|---|---:|"]
        lines += [f"| {_cell(name)} | {score:.0f} |" for name, score in sorted(summary.competency_scores.items())]
        lines.append("")
    return lines


def _reference(question: Question | None) -> list[str]:
    if question is None or not question.reference_answer:
        return []
    return ["**Reference answer:**", "", _quote(question.reference_answer), ""]


def render_markdown(session: Session, questions: Mapping[str, Question] | None = None) -> str:
    questions = questions or {}
    job = JobContext.read(session.job)
    if job is not None and job.generated:  # written by the AI coach for this session: not in any bank
        questions = {**questions, **{q.id: q for q in job.generated}}
    score = session.overall_score
    lines = [
        f"# Interview practice: {session.track}",
        "",
        f"- Session: `{session.id}`",
        f"- Started: {_when(session.started_at)}",
    ]
    if session.ended_at is not None:
        lines.append(f"- Ended: {_when(session.ended_at)}")
    lines += [f"- Mode: {session.mode.value}", f"- Status: {session.status.value.replace('_', ' ')}"]
    if session.profile:  # a reviewer's export of every profile says whose each session is
        lines.append(f"- Profile: {inert(session.profile)}")
    if score is not None:
        lines.append(f"- Overall score: **{score:.0f}/100**")
    if job is not None:
        written = f"; {plural(len(job.generated), 'question')} written by the AI coach" if job.generated else ""
        lines.append(f"- Tailored to: {job.title or 'a job description'} ({job.seniority}){written}")
    lines += ["", "## Transcript", ""]
    shown_feedback = {e.feedback.strip() for e in session.evaluations if e.feedback.strip()}
    current: Question | None = None
    for turn in session.turns:
        if turn.kind is TurnKind.QUESTION:
            lines += _reference(current)  # the previous question's, after its follow-ups (as on screen)
            current = questions.get(turn.question_id) if turn.question_id else None
        lines += _turn_block(turn, session, questions, shown_feedback)
    if session.status is SessionStatus.COMPLETED:
        # In an unfinished session the last question (or its follow-up) may still be waiting for an answer.
        lines += _reference(current)
    if not session.turns:
        lines += ["*No questions were asked.*", ""]
    lines += _score_table(session)
    lines += _summary(session)
    lines += _stories_told(session)
    # Answers, pack content and a model's words are untrusted: no control sequence reaches the file.
    return inert("\n".join(lines)).rstrip() + "\n"


def _stories_told(session: Session) -> list[str]:
    """The stories from the story bank told in this session, and for which question."""
    if not session.stories_used:
        return []
    lines = ["## Stories told", ""]
    for use in session.stories_used:
        ident = f" (story {use.story_id})" if use.story_id is not None else " (since deleted)"
        where = f" for `{use.question_id}`" if use.question_id else ""
        lines.append(f"- {use.story_title}{ident}{where}, {use.how}")
    return [*lines, ""]


def write_markdown(sessions: Iterable[Session], out: TextIO, questions: Mapping[str, Question] | None = None) -> int:
    """Reports one after another, separated by a rule; returns the count."""
    count = 0
    for session in sessions:
        if count:
            out.write("\n---\n\n")
        out.write(render_markdown(session, questions))
        count += 1
    return count

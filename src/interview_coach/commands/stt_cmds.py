"""`interview-coach transcribe`: a WAV file to text with timings and delivery metrics, offline (voice-input extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interview_coach.commands._common import echo_json


def transcribe(
    wav: Annotated[Path, typer.Argument(metavar="FILE.wav", help="A PCM WAV file (any rate; mono or stereo).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object: transcript, segments, delivery.")] = False,
    time_limit: Annotated[
        int | None,
        typer.Option("--time-limit", metavar="SECONDS", min=1, help="Compare the answer's length with this limit."),
    ] = None,
) -> None:
    """Transcribe a spoken answer offline, with delivery.

    Needs the voice-input extra: pip install 'interview-coach[voice-input]'.

    Examples:

    \b
      interview-coach transcribe answer.wav
      interview-coach transcribe answer.wav --json --time-limit 120
    """
    from interview_coach.domain.delivery import compute_delivery, delivery_summary, delivery_tips
    from interview_coach.domain.inert import inert
    from interview_coach.stt import build_transcriber
    from interview_coach.stt.wav import read_wav

    read_wav(wav)  # a bad file is named before the model loads
    transcriber = build_transcriber()
    transcript = transcriber.transcribe(wav)  # type: ignore[attr-defined]
    delivery = compute_delivery(transcript, time_limit_s=time_limit)
    if as_json:
        payload = {
            "file": str(wav),
            **transcript.to_json(),
            "delivery": delivery.model_dump(mode="json", exclude={"audio_file"}),
            "tips": delivery_tips(delivery),
        }
        echo_json(payload)  # ASCII-only JSON: a control or bidi character in a name or transcript stays escaped
        return
    lines = [f"{wav.name}: {transcript.duration_s:.1f} s, {transcript.engine}"]
    if not transcript.segments:
        lines.append("(nothing recognised)")
    for segment in transcript.segments:
        lines.append(f"[{_clock(segment.start_s)} - {_clock(segment.end_s)}] {segment.text}")
    lines += ["", delivery_summary(delivery), *(f"Tip: {tip}" for tip in delivery_tips(delivery))]
    typer.echo(inert("\n".join(lines)))


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:05.2f}"


def register(app: typer.Typer) -> None:
    app.command("transcribe")(transcribe)

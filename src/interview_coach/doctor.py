"""`interview-coach doctor`: one report on everything the coach depends on, and what to do about each problem.

Each check returns a ``Check`` (ok / warn / fail). A failing check is something needed that is broken (the command
then exits 1); a warning is something optional that is missing (no API key: the coach simply runs offline).
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from interview_coach.config import Settings, mask, read_config_file, value_source
from interview_coach.errors import CoachError
from interview_coach.paths import get_paths

Status = Literal["ok", "warn", "fail"]


@dataclass
class Check:
    name: str
    status: Status
    summary: str
    details: dict[str, Any] = field(default_factory=dict)


def run_checks(settings: Settings, *, online: bool = False) -> list[Check]:
    checks = [
        _config(settings),
        _privacy(),
        _coach(settings),
        _database(settings),
        _questions(settings),
        _voice(settings),
        _speech_to_text(),
        _microphone(),
    ]
    if online:
        checks.append(_online(settings))
    return checks


def _config(settings: Settings) -> Check:
    paths = get_paths()
    toml = read_config_file(paths.config_file)
    names = ("llm_provider", "deepseek_api_key", "deepseek_model", "llm_model", "llm_api_key", "database_url")
    sources = {name: value_source(name, {}, toml) for name in names}
    return Check(
        "config",
        "ok",
        f"config file {'found' if paths.config_file.is_file() else 'not present (defaults)'}: {paths.config_file}",
        {"config_file": str(paths.config_file), "data_dir": str(paths.data_dir), "sources": sources},
    )


_SECRET_KEYS = ("api_key", "_key", "token", "password")


def _readable_by_others(path: Path) -> bool:
    try:
        return bool(path.stat().st_mode & 0o077)
    except OSError:
        return False


def _privacy() -> Check:
    """Answers, logs and keys are private: warn about a config holding a key, or data, that others can read."""
    paths = get_paths()
    problems: list[str] = []
    config = paths.config_file
    if config.is_file() and _readable_by_others(config):
        text = config.read_text(encoding="utf-8", errors="replace").lower()
        if any(key in line.split("=", 1)[0] for line in text.splitlines() if "=" in line for key in _SECRET_KEYS):
            problems.append(f"{config} holds an API key and others can read it: run chmod 600 '{config}'")
    for folder in (paths.data_dir, paths.config_dir, paths.cache_dir):
        if folder.is_dir() and _readable_by_others(folder):
            problems.append(f"{folder} can be read by other users: run chmod 700 '{folder}' (start also fixes it)")
    if problems:
        return Check("privacy", "warn", "; ".join(problems), {"problems": problems})
    return Check("privacy", "ok", "config, data and cache are readable by you alone")


def _coach(settings: Settings) -> Check:
    if settings.llm_provider == "openai-compatible":
        return _local_coach(settings)
    details = {
        "provider": settings.llm_provider,
        "api_key": mask(settings.deepseek_api_key),
        "base_url": settings.deepseek_base_url,
        "model": settings.deepseek_model,
        "thinking": settings.deepseek_thinking,
        "mode": "llm" if settings.use_llm else "offline",
    }
    if settings.offline:
        return Check("coach", "ok", "offline coach (offline = true): rubric scoring, no API calls", details)
    if not settings.has_deepseek_key:
        return Check(
            "coach", "warn", "offline coach: no DEEPSEEK_API_KEY set (optional; it makes the coach better)", details
        )
    return Check(
        "coach",
        "ok",
        f"AI coach {settings.deepseek_model} at {settings.deepseek_base_url}, key "
        f"{details['api_key']}; offline fallback on any failure (check with --online)",
        details,
    )


def _local_coach(settings: Settings) -> Check:
    """An OpenAI-compatible server (a local model): no key needed, so it is configured once it has a model."""
    details = {
        "provider": settings.llm_provider,
        "api_key": mask(settings.llm_api_key),
        "base_url": settings.llm_base_url,
        "model": settings.llm_model,
        "mode": "llm" if settings.use_llm else "offline",
    }
    if settings.offline:
        return Check("coach", "ok", "offline coach (offline = true): rubric scoring, no API calls", details)
    key = f"key {details['api_key']}" if settings.llm_api_key else "no key"
    return Check(
        "coach",
        "ok",
        f"AI coach {settings.llm_model} on the OpenAI-compatible server at {settings.llm_base_url}, {key}; "
        "offline fallback on any failure (check with --online)",
        details,
    )


def _database(settings: Settings) -> Check:
    from interview_coach.storage.db import database_status
    from interview_coach.storage.guard import sqlite_write_problem

    try:
        status = database_status(settings)
    except CoachError as exc:
        return Check("database", "fail", exc.message)
    details = {"location": status.location.display, "revision": status.current, "head": status.head}
    problem = sqlite_write_problem(status.location)
    if problem:
        return Check("database", "fail", problem, details)
    if not status.exists:
        return Check("database", "ok", f"{status.location.display} will be created on first start", details)
    if status.at_head:
        return Check("database", "ok", f"{status.location.display} at revision {status.current} (head)", details)
    return Check(
        "database",
        "warn",
        f"{status.location.display} is at {status.current or 'base'}, head is "
        f"{status.head}: it is migrated (after a backup) on the next start, or run `interview-coach migrate`",
        details,
    )


def _questions(settings: Settings) -> Check:
    from interview_coach.domain.validation import validate_paths
    from interview_coach.question_sources import question_dirs

    try:
        dirs = [d for d in question_dirs(settings) if d.exists()]
    except CoachError as exc:
        return Check("questions", "fail", exc.message)
    report = validate_paths(dirs)
    details = {
        "dirs": [str(d) for d in dirs],
        "questions": len(report.questions),
        "errors": len(report.errors),
        "warnings": len(report.warnings),
    }
    if not report.questions:
        return Check("questions", "fail", "no valid questions found; check question_dirs", details)
    if report.errors:
        return Check(
            "questions",
            "warn",
            f"{len(report.questions)} questions; {len(report.errors)} error(s) left "
            "some out: run `interview-coach validate-questions`",
            details,
        )
    return Check("questions", "ok", f"{len(report.questions)} valid questions in {len(dirs)} dir(s)", details)


def _voice(settings: Settings) -> Check:
    from interview_coach.tts import describe_engines

    info = describe_engines(settings)
    engines = info.get("engines", {})
    available = [n for n, e in engines.items() if n != "none" and isinstance(e, dict) and e.get("available")]
    player = info.get("player") or "none found"
    summary = (
        f"engines available: {', '.join(available) or 'none'}; player: {player}; "
        f"ElevenLabs key {'set' if settings.elevenlabs_api_key else 'not set'}; "
        f"voice {'on' if settings.voice else 'off'} by default"
    )
    if info.get("audio_device") is False:
        summary += "; no audio device found (speech is silent; `speak --out FILE.wav` still works)"
    status: Status = "ok" if not settings.voice or (available and info.get("audio_device") is not False) else "warn"
    return Check("voice", status, summary, info)


def _speech_to_text() -> Check:
    """Voice input is optional: a missing engine is a warning, never a failure."""
    from interview_coach.stt.probe import describe_engine

    ok, summary, details = describe_engine()
    return Check("stt", "ok" if ok else "warn", f"speech-to-text: {summary}", details)


def _microphone() -> Check:
    from interview_coach.stt.probe import describe_microphone

    ok, summary, details = describe_microphone()
    return Check("microphone", "ok" if ok else "warn", summary, details)


def _online(settings: Settings) -> Check:
    """List the server's models and time one short reply, within one DEEPSEEK_TIMEOUT_SECONDS in all."""
    if not settings.ai_configured:
        return Check(
            "online",
            "fail",
            "--online needs DEEPSEEK_API_KEY; set it or drop --online (or use a local model: llm_provider = "
            "openai-compatible, see the README)",
        )
    from interview_coach.llm.coach import DeepSeekCoach

    async def probe() -> dict[str, Any]:
        coach = DeepSeekCoach(settings)
        try:
            return await coach.check_online()
        finally:
            await coach.aclose()

    try:
        result = asyncio.run(probe())
    except CoachError as exc:
        return Check("online", "fail", exc.message)
    models = [str(m) for m in result.get("models", [])]
    shown = ", ".join(models[:10]) + (f" and {len(models) - 10} more" if len(models) > 10 else "")
    summary = (
        f"{result['server']} answered in {result['reply_ms'] / 1000:.2f} s with model {result['model']}; "
        f"it lists {len(models)} model(s): {shown or 'none'}"
    )
    if not result.get("model_listed"):
        summary += f" ({result['model']} is not among them, but it answered)"
    if not result.get("json_mode", True):
        summary += "; it has no JSON mode, so replies are asked for as JSON in the prompt"
    return Check("online", "ok", summary, result)


def as_json(checks: list[Check]) -> dict[str, Any]:
    return {"ok": all(c.status != "fail" for c in checks), "checks": [asdict(c) for c in checks]}

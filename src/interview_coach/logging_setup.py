"""Logging, configured once: a rotating file in the data dir, never the terminal (it would garble the TUI).

Every record passes a filter that masks known secrets, so a key can never reach the log, even inside a
traceback or an HTTP error body.
"""

from __future__ import annotations

import logging
import logging.handlers
import re

from interview_coach.config import Settings
from interview_coach.paths import get_paths

_SECRETS: set[str] = set()
# Shapes of keys we may see in text we did not produce (error bodies, URLs), masked even if not configured.
_KEY_PATTERNS = (
    # DeepSeek/OpenAI-style keys. The word boundary spares words such as "desk-reference" and "task-board".
    re.compile(r"(\bsk-[A-Za-z0-9_\-]{6})[A-Za-z0-9_\-]+"),
    # ElevenLabs keys: "sk_" and 48 hex digits. The word boundary and length spare names such as "task_id".
    re.compile(r"(\bsk_[A-Za-z0-9]{6})[A-Za-z0-9]{14,}"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._\-]+"),
    re.compile(r"(?i)(xi-api-key[\"']?\s*[:=]\s*[\"']?)[A-Za-z0-9_\-]+"),
)
_configured = False


def register_secret(value: str | None) -> None:
    if value and len(value) >= 4:
        _SECRETS.add(value)


def redact(text: str) -> str:
    for secret in _SECRETS:
        text = text.replace(secret, "****")
    for pattern in _KEY_PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + "****", text)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = redact(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            # Render the traceback now, masked, and drop the live exception so handlers cannot re-render it.
            formatter = logging.Formatter()
            record.exc_text = redact(formatter.formatException(record.exc_info))
            record.exc_info = None
        return True


def configure_logging(settings: Settings, *, verbose: bool = False) -> None:
    """Idempotent: the first call wins the handler, later calls only update the level and secrets."""
    for secret in settings.secrets():
        register_secret(secret)
    level = logging.DEBUG if verbose else getattr(logging, settings.log_level, logging.WARNING)
    logging.getLogger("interview_coach").setLevel(level)
    ensure_file_logging()


def ensure_file_logging() -> None:
    """Attach the log file once. Also called on an unexpected error before settings could load, so the
    traceback still lands in the file (and never on the terminal through logging's last-resort handler)."""
    global _configured
    root = logging.getLogger("interview_coach")
    root.propagate = False
    if _configured:
        return
    paths = get_paths()
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()  # a read-only data dir must not stop the coach
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    _configured = True


def reset_logging_for_tests() -> None:
    """Tests point the data dir at tmp_path; drop the old handler so the next configure opens the new one."""
    global _configured
    root = logging.getLogger("interview_coach")
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    _configured = False
    _SECRETS.clear()

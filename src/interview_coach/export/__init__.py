"""Exporters: a session (or a stream of them) as Markdown, JSON, CSV or JSON Lines.

Each takes domain ``Session`` objects and a text stream, so ``--all`` can stream from the store. None of them
imports SQLAlchemy. Settings snapshots pass through ``storage.snapshot.scrub_settings`` once more on the way
out, so an export never carries a secret.
"""

from __future__ import annotations

FORMATS: tuple[str, ...] = ("md", "json", "csv", "jsonl")

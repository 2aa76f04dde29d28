"""Storage: SQLite (or any SQLAlchemy URL) through SQLModel, with packaged Alembic migrations.

Import ``interview_coach.storage.db`` for ``open_store``; this package module stays empty so importing it
does not pull in SQLAlchemy.
"""

"""The UI-free core: questions, the interview engine, scoring and the ports adapters implement.

Nothing in this package imports textual, httpx or sqlmodel; a test enforces it.
"""

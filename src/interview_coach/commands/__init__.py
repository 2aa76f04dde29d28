"""CLI command groups. Each module has ``register(app)`` and imports heavy modules only inside commands."""

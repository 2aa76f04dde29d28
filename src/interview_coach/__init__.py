"""interview-coach: a terminal-first interview coach for software developers."""

__version__ = "0.1.0"

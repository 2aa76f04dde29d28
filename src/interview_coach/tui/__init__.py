"""The Textual TUI: the main way people use interview-coach.

``launch.run_tui`` is the entry point (the CLI's ``start`` calls it). ``app.InterviewCoachApp`` takes an
``AppServices`` (bank, store, coach, speaker, clocks), so tests drive it with fakes and only ``launch`` and
``services.build_services`` know the real adapters. Importing this package imports nothing heavy.
"""

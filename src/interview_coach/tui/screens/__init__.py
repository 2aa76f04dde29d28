"""The app's screens: home, interview, summary, history (with the read-only transcript) and help."""

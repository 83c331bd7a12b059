"""The newsroom server: staff accounts, and the repository it commits to."""

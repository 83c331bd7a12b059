"""The build wrapper (``python -m sitebuild build``); not a Pelican plugin."""

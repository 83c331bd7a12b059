"""The one gunicorn command line: ``make newsroom``, systemd and the tests run it.

One worker process with threads: SQLite is happiest with one writer
process. A save waits for the repository's lock on a thread of its own, so
there are more threads than editors who save at once: reading the board
never queues behind saves.
"""

import sys

DEFAULT_BIND = "127.0.0.1:8000"
THREADS = 24
# A publish checks and may build the whole site: give it time.
TIMEOUT_SECONDS = 300


def gunicorn_command(bind: str = DEFAULT_BIND) -> list[str]:
    """Gunicorn serving the newsroom on ``bind`` (loopback: Caddy is in front)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "tintuc.newsroom.wsgi:application",
        "--bind",
        bind,
        "--workers",
        "1",
        "--worker-class",
        "gthread",
        "--threads",
        str(THREADS),
        "--timeout",
        str(TIMEOUT_SECONDS),
        "--graceful-timeout",
        "30",
        "--forwarded-allow-ips",
        "127.0.0.1,::1",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        # No control socket: nothing uses it, and it would be shared by
        # every server on the machine.
        "--no-control-socket",
    ]

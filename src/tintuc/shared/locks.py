"""One process at a time: an exclusive lock on a file beside what it guards."""

import fcntl
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(lock_path: Path, *, on_busy=None):
    """Hold ``lock_path``'s lock for the ``with`` block.

    When another process holds it: call ``on_busy()`` and wait, or, without
    ``on_busy``, raise ``BlockingIOError`` at once.
    """
    lock_path = Path(lock_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_busy is None:
                raise
            on_busy()
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)

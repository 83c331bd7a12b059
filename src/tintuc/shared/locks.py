"""One process at a time: an exclusive lock on a file beside what it guards."""

import fcntl
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(lock_path: Path, *, on_busy=None, shared_with_children=False):
    """Hold ``lock_path``'s lock for the ``with`` block; yields the open lock file.

    When another process holds it: call ``on_busy()`` and wait, or, without
    ``on_busy``, raise ``BlockingIOError`` at once. ``shared_with_children``:
    the lock is only closed at the end, never undone, so that a child process
    given the file (forked, or ``pass_fds``) holds it until it ends too.
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
        if shared_with_children:
            yield lock
            return
        try:
            yield lock
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)

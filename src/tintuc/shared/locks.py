"""One process at a time: an exclusive lock on a file beside what it guards."""

import contextlib
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

# In the environment of the processes a build starts: the file descriptors of
# the build's locks, which each hands on to the processes it starts in turn.
HELD_LOCKS = "TINTUC_BUILD_LOCKS"


def held_locks() -> tuple[int, ...]:
    """The build's locks this process was given (``HELD_LOCKS``), to hand on."""
    held = []
    for part in os.environ.get(HELD_LOCKS, "").split(","):
        if part.isdigit():
            with contextlib.suppress(OSError):
                os.fstat(int(part))  # open here, as given
                held.append(int(part))
    return tuple(held)


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

"""Work split across forked processes that share this one's memory.

Forking, not spawning: a worker sees the whole site as it is, and nothing but
the results is pickled. Call it only while this process runs no thread.
"""

import os
import pickle
import sys
import traceback


class WorkerFailed(RuntimeError):
    """A worker raised; the message carries its traceback."""


def fork_map(work, chunks: list, workers: int) -> list:
    """``[work(chunk) for chunk in chunks]``, on up to ``workers`` processes."""
    workers = min(workers, len(chunks))
    if workers <= 1:
        return [work(chunk) for chunk in chunks]
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for worker in range(workers):
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # a worker: do its share, send it back, leave at once
            os.close(reading)
            code = 1
            try:
                mine = range(worker, len(chunks), workers)
                try:
                    outcome = ("ok", [(n, work(chunks[n])) for n in mine])
                except BaseException:
                    outcome = ("error", traceback.format_exc())
                with os.fdopen(writing, "wb") as pipe:
                    pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(writing)
        children.append((pid, reading))
    results, failures = [None] * len(chunks), []
    for pid, reading in children:
        with os.fdopen(reading, "rb") as pipe:
            try:
                kind, value = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):
                kind, value = "error", f"worker {pid} stopped without a result"
        os.waitpid(pid, 0)
        if kind == "ok":
            for number, result in value:
                results[number] = result
        else:
            failures.append(value)
    if failures:
        raise WorkerFailed("\n".join(failures))
    return results

"""``make bench-gate``: the gate (``make check``) with and without its saved state.

Usage: python bench/gate.py [--stories N] [--runs R] [--workdir DIR]

Each figure is the median of R fresh processes: the gate's own time
(``run_checks``, measured inside the process: wall clock, and CPU time of the
process and its forked workers, which a busy machine disturbs less) and the
whole process (what ``make check`` costs, start-up included).
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402
from run import write_settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# Runs the gate once; "none" keeps no state (the gate as it was before #30).
CHILD = """
import resource, sys, time
from pelican.settings import read_settings
from tintuc.editorial.gate import run_checks
def cpu():
    return sum(
        usage.ru_utime + usage.ru_stime
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        for usage in [resource.getrusage(who)]
    )
settings = read_settings(sys.argv[1])
if sys.argv[2] == "none":
    settings["CACHE_PATH"] = ""
start, start_cpu = time.perf_counter(), cpu()
problems = run_checks(settings)
print(time.perf_counter() - start, cpu() - start_cpu, len(problems))
"""


def one_run(settings: Path, mode: str, cwd: Path) -> tuple[float, float, float]:
    """(the gate's seconds, its CPU seconds, the whole process's seconds)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(settings), mode],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    whole = time.perf_counter() - start
    gate, cpu, _ = done.stdout.split()
    return float(gate), float(cpu), whole


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=None)
    arguments = parser.parse_args(argv)
    work = arguments.workdir or Path(tempfile.mkdtemp(prefix="bench-gate-"))
    content = generate(work, arguments.stories)
    settings, _ = write_settings(work)
    state = work / "cache" / "editorial-gate.pickle"
    story = sorted((content / "articles").rglob("*.md"))[0]
    approvers = content / "data" / "approvers.toml"
    edits = iter(range(10**6))

    def edit(path: Path):
        def change():
            with path.open("a", encoding="utf-8") as file:
                file.write(f"\n# Đoạn sửa số {next(edits)}.\n")

        return change

    plan = [
        ("full check, no state kept (as before)", "none", lambda: None),
        ("full check, state missing (then saved)", "state", state.unlink),
        ("no change", "state", lambda: None),
        ("one story's body edited", "state", edit(story)),
        ("approvers.toml edited", "state", edit(approvers)),
    ]
    one_run(settings, "state", work)  # the state the measures start from
    print(f"{arguments.stories} bài, {arguments.runs} lần mỗi phép đo:")
    for label, mode, prepare in plan:
        gate, cpu, whole = [], [], []
        for _ in range(arguments.runs):
            prepare()
            for figures, figure in zip(
                (gate, cpu, whole), one_run(settings, mode, work), strict=True
            ):
                figures.append(figure)
        print(
            f"  {label}: gate {statistics.median(gate):.3f} s "
            f"(CPU {statistics.median(cpu):.3f} s), "
            f"process {statistics.median(whole):.2f} s",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

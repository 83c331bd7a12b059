"""``make bench``: time our build against vanilla Pelican on the same stories.

Usage: python bench/run.py [--stories N] [--runs R] [--workdir DIR]

Every figure is a whole process (what an editor or CI waits for), the median
of R runs, with the peak memory of all the processes it runs at once (their
proportional set sizes summed, sampled every 0.2 s); then the resident
devserver: from saving a story to its new page being served (the median of 10
body edits, and one title edit; no memory figure).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import random  # noqa: E402

from corpus import generate, write_story  # noqa: E402
from devserver_timing import devserver_times  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SITEURL = "http://127.0.0.1:8765"


def descendants(root: int) -> list[int]:
    """``root`` and every process under it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # it ended meanwhile
            # The name, in parentheses, may hold spaces: the parent follows it.
            parent = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        waiting += children.get(pid, [])
    return found


def summed_pss(root: int) -> int:
    """The proportional set sizes of ``root`` and its descendants, in KiB."""
    total = 0
    for pid in descendants(root):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
                break
    return total


def run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Run a command; return its wall time and peak summed PSS in MiB."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak, done = [0], threading.Event()

    def sample():
        while not done.wait(0.2):
            peak[0] = max(peak[0], summed_pss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, _ = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    return elapsed, peak[0] // 1024


def write_settings(work: Path) -> tuple[Path, Path]:
    """Our production settings and vanilla Pelican's, both reading work/content."""
    ours = work / "ours.py"
    ours.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *\n"
        f"PATH = {str(work / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"CACHE_PATH = {str(work / 'cache')!r}\n"
        f"CMS_DECAP_DIST = {str(ROOT / 'node_modules/decap-cms/dist')!r}\n"
        f"SITEURL = {SITEURL!r}\n",
        encoding="utf-8",
    )
    vanilla = work / "vanilla.py"
    vanilla.write_text(
        f"PATH = {str(work / 'content')!r}\nTIMEZONE = 'Asia/Ho_Chi_Minh'\n"
        "DEFAULT_LANG = 'vi'\nSITENAME = 'Vanilla'\nPLUGINS = []\n"
        "ARTICLE_PATHS = ['articles']\nPAGE_PATHS = ['pages']\n",
        encoding="utf-8",
    )
    return ours, vanilla


def measure(label, runs, prepare, command, *, cwd, results):
    """Median time and peak memory of ``runs`` runs, each after ``prepare()``."""
    times, peaks = [], []
    for _ in range(runs):
        prepare()
        elapsed, peak = run(command, cwd)
        times.append(elapsed)
        peaks.append(peak)
    results[label] = (statistics.median(times), max(peaks))
    print(f"  {label}: {results[label][0]:.2f} s, {results[label][1]} MiB", flush=True)


def add_paragraph(content: Path, number: int) -> None:
    """A body edit: one paragraph added to the first story."""
    story = sorted((content / "articles").rglob("*.md"))[0]
    story.write_text(
        story.read_text(encoding="utf-8") + f"\nĐoạn sửa số {number}.\n",
        encoding="utf-8",
    )


def retitle(content: Path, number: int) -> None:
    """A header edit: the second story's title changed, its body kept."""
    story = sorted((content / "articles").rglob("*.md"))[1]
    head, blank, body = story.read_text(encoding="utf-8").partition("\n\n")
    title = f"Title: Tiêu đề sửa số {number}"
    lines = [title if line.startswith("Title:") else line for line in head.splitlines()]
    story.write_text("\n".join(lines) + blank + body, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None)
    arguments = parser.parse_args(argv)
    work = arguments.workdir or Path(tempfile.mkdtemp(prefix="bench-"))
    print(f"Tạo {arguments.stories} bài trong {work} …", flush=True)
    content = generate(work, arguments.stories)
    photos = len(list((content / "images").rglob("*.jpg")))
    ours, vanilla = write_settings(work)
    output, vanilla_output = work / "output", work / "vanilla-output"
    ours_build = [
        PYTHON,
        "-m",
        "tintuc.build",
        "--settings",
        str(ours),
        "build",
        "--output",
        str(output),
    ]
    results = {}
    counter = iter(range(10**6))

    def clean(path):
        return lambda: shutil.rmtree(path, ignore_errors=True)

    def cold():
        shutil.rmtree(work / "cache", ignore_errors=True)
        shutil.rmtree(output, ignore_errors=True)

    def cold_but_photos():
        """No output, and of the caches only the photo derivatives."""
        shutil.rmtree(output, ignore_errors=True)
        for entry in (work / "cache").iterdir():
            if entry.name != "photos":
                (shutil.rmtree if entry.is_dir() else Path.unlink)(entry)

    def edit_one_story():
        add_paragraph(content, next(counter))

    def no_output_and_edit():
        clean(output)()
        edit_one_story()

    def add_one_story():
        index = 900000 + next(counter)
        write_story(content, index, random.Random(index), with_photo=True)

    vanilla_build = [
        PYTHON,
        "-m",
        "pelican",
        "-s",
        str(vanilla),
        "-o",
        str(vanilla_output),
    ]
    plan = [
        ("vanilla Pelican, cold", clean(vanilla_output), [*vanilla_build, "-q"]),
        ("(a) cold, no cache", cold, [*ours_build, "--force"]),
        ("(a') cold, photo cache kept", cold_but_photos, [*ours_build, "--force"]),
        # As CI builds a commit again: cache/ (with the state) restored, no output.
        ("(a'') no output, every cache kept", clean(output), ours_build),
        ("(b) no-change rebuild", lambda: None, ours_build),
        ("(c) edit one story's body", edit_one_story, ours_build),
        # As CI builds a new commit: cache/ restored, no output, one story edited.
        ("(c') no output, one body edit", no_output_and_edit, ours_build),
        ("(d) add one story with a photo", add_one_story, ours_build),
        # A header edit: its page and every listing, feed and box that shows it.
        ("(g) retitle one story", lambda: retitle(content, next(counter)), ours_build),
    ]
    print("Đo (measuring):", flush=True)
    for label, prepare, command in plan:
        measure(label, arguments.runs, prepare, command, cwd=work, results=results)
    print("  devserver (10 body edits, then a title edit)…", flush=True)
    body_edit, title_edit = devserver_times(work, ours, content)
    results["(e) devserver: body edit → served"] = (body_edit, 0)
    results["(f) devserver: title edit → served"] = (title_edit, 0)
    base = results["vanilla Pelican, cold"][0]
    photo_time = (
        results["(a) cold, no cache"][0] - results["(a') cold, photo cache kept"][0]
    )
    cores, runs = os.cpu_count(), arguments.runs
    print(f"\n{arguments.stories} bài, {photos} ảnh, {cores} lõi, {runs} lần đo")
    print(f"{'measure':34} {'seconds':>8} {'× vanilla':>10} {'PSS MiB':>9}")
    for label, (seconds, peak) in results.items():
        print(f"{label:34} {seconds:8.2f} {seconds / base:10.2f} {peak:9d}")
    print(f"photo time per photo (a − a′): {photo_time / max(photos, 1) * 1000:.0f} ms")
    if arguments.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

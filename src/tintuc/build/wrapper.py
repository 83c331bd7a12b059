"""The build wrapper: one build of an output at a time, swapped in whole.

``make html`` and ``make publish`` run ``python -m tintuc.build build``. It holds
the output's lock, skips a build whose inputs did not change, runs Pelican into
a staging folder, indexes the search slices Pelican left for it once Pelican
has ended, and swaps the staging folder in only when all of it worked, so a
build that fails or is killed leaves the previous site whole. When stories'
bodies alone changed, it puts in only the files that show them (``Edited``,
``body_edits``).
"""

import argparse
import contextlib
import io
import json
import os
import posixpath
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from functools import partial
from pathlib import Path

from pelican.settings import read_settings

from tintuc.editorial.checked import known_digests
from tintuc.linkcheck.linkcheck import report_broken
from tintuc.search.search import INDEX_LATER, forget_other_slices, index_later
from tintuc.search.spelling import load_spellings
from tintuc.shared import buildnotes, clock
from tintuc.shared.cachefiles import load_pickle, save_pickle
from tintuc.shared.code import code_folders
from tintuc.shared.locks import exclusive
from tintuc.shared.workers import fork, forked_map, give_back_memory, other_threads

from .asked import FOLDERS_FD, read_folders
from .beside import BUILDING, LOCK, NOTES, OLD, SEARCH_LATER, beside, exchange
from .body_edits import (
    BodyEdits,
    edited_bodies,
    recipes_of,
    site_readers,
    slice_keys,
    start_site,
    story_headers,
)
from .fingerprint import NEWS_DAYS, input_fingerprint
from .run_pelican import INTERRUPTED, PARENT
from .state import (
    STATE_DIR,
    content_link,
    empty_output_caches,
    fallback_message,
    forget_state,
    holds_files,
    load_state,
    make_folders,
    mirror_of,
    output_folders,
    point_link,
    remove_empty,
    restore_output,
    save_state,
    scan,
    state_path,
    version_key,
)

# Held by the build using a cache (``CACHE_PATH``): its caches are not shared
# with a build running at the same time.
CACHE_LOCK = ".build.lock"
# The dates each story holds, by its path and content hash (``fingerprint``).
DATES_FILE = "clock-dates.pickle"
# Each input file's content hash, with what tells it untouched (``fingerprint``).
HASHES_FILE = "input-hashes.pickle"
# Pelican alone was interrupted (its exit code ``INTERRUPTED``): built again.
REBUILD_INTERRUPTED = (
    "Lần dựng bị ngắt giữa chừng; trang chưa thay đổi, đang dựng lại từ đầu. "
    "(The build was interrupted; building it again.)"
)
# A run that failed after writing files: built again, by Pelican alone.
REBUILD_WITHOUT_FOLDERS = (
    "Dựng lại một lần nữa, không tạo sẵn thư mục. "
    "(Building again without the folders made beforehand.)"
)
# Stories whose bodies alone changed, built as usual all the same.
AS_USUAL = (
    "Chỉ thân bài thay đổi nhưng không cập nhật nhanh được: {why}; dựng như "
    "thường. (Body-only edit, built as usual.)"
)
# A body-only edit that failed while putting its files in (a full disk…).
UNFINISHED = (
    "Không đưa được trang đã sửa vào {output}: {error}. Lần dựng sau sẽ dựng lại "
    "toàn bộ. (Body-only edit failed midway; the next build is a full one.)"
)
# The wrapper itself was interrupted (Ctrl-C) before swapping anything in.
STOPPED = (
    "Đã dừng dựng trang vì bị ngắt; không công bố gì, trang trong {output} vẫn "
    "giữ nguyên bản cũ. (Interrupted: nothing was published.)"
)
# Interrupted while swapping the new site in: the swap was finished first.
STOPPED_AFTER_SWAP = (
    "Bị ngắt khi đang thay trang mới vào; đã thay xong trọn vẹn trước khi dừng. "
    "(Interrupted while publishing; the new site was put in place whole first.)"
)


def retired_path(output: Path) -> Path:
    """Where the previous output waits to be deleted."""
    return beside(output, OLD)


def swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` so that a kill at any moment leaves one whole.

    Where the system can, the two folders change places in one step; else two
    renames leave, for an instant, only the staging folder. The old output is
    kept aside: the next build deletes it while Pelican works.
    """
    retired = retired_path(output)
    if output.exists():
        shutil.rmtree(retired, ignore_errors=True)
        if exchange(staging, output):
            staging.rename(retired)
            return
        output.rename(retired)
    staging.rename(output)


@contextlib.contextmanager
def uninterrupted():
    """Finish the block whatever Ctrl-C (SIGINT) comes meanwhile, and say so.

    For the swap and the saved state: a site swapped in is published, and
    ``command_build`` says of every interruption that nothing was. A SIGINT
    that came meanwhile is taken here, not raised.
    """
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if signal.SIGINT in signal.sigpending():
            signal.sigwait({signal.SIGINT})
            if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
                print(STOPPED_AFTER_SWAP, file=sys.stderr, flush=True)
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def one_build_at_a_time(output: Path):
    """Hold the output's lock; a second build waits for the first, and says so."""

    def say_waiting():
        print(
            f"Đang có một lần dựng khác vào {output}; chờ nó xong rồi dựng tiếp. "
            "(Another build of this output is running; waiting for it.)",
            flush=True,
        )

    return exclusive(
        beside(output, LOCK), on_busy=say_waiting, shared_with_children=True
    )


def split_options(options: list[str]) -> tuple[list[str], list[str]]:
    """Pelican's options apart from every ``-e`` group's ``KEY=VALUE`` pairs."""
    others, extra, in_extra = [], [], False
    for option in options:
        if option in ("-e", "--extra-settings"):
            in_extra = True
        elif in_extra and not option.startswith("-"):
            extra.append(option)
        else:
            in_extra = False
            others.append(option)
    return others, extra


def pelican_arguments(siteurl: str, options: list[str]) -> list[str]:
    """Pelican's options, every ``-e KEY=VALUE`` in one group.

    Pelican keeps only the last ``-e`` group, so SITEURL and the caller's own
    settings must travel together.
    """
    others, extra = split_options(options)
    extra = [*([f'SITEURL="{siteurl}"'] if siteurl else []), *extra]
    return [*others, *(["-e", *extra] if extra else [])]


def staging_arguments(siteurl: str, options: list[str]) -> list[str]:
    """``pelican_arguments`` for a build into the staging folder.

    The wrapper gives Pelican a new staging folder, holding at most the folders
    it will need (``FolderMaker``): Pelican must not empty it first
    (``DELETE_OUTPUT_DIRECTORY``, which decides nothing else).
    """
    return pelican_arguments(siteurl, [*options, "-e", "DELETE_OUTPUT_DIRECTORY=false"])


def extra_settings(options: list[str]) -> dict:
    """The ``-e KEY=VALUE`` settings among Pelican's options, read as Pelican does."""
    found = {}
    for pair in split_options(options)[1]:
        key, _, value = pair.partition("=")
        try:
            found[key] = json.loads(value)
        except ValueError:
            continue  # Pelican itself refuses it, with its own message
    return found


def build_inputs(settings_file: str, settings: dict) -> list[Path]:
    """Everything a build reads: settings, content, theme, plugins, pins.

    ``settings`` are read with the ``-e`` overrides: another ``PATH`` or
    ``THEME`` is what the build reads then.
    """
    here = Path(settings_file).resolve().parent
    inputs = [Path(settings_file).resolve(), here / "pelicanconf.py"]
    inputs += [Path(settings["PATH"]), Path(settings["THEME"])]
    inputs += code_folders(settings)
    inputs += [here / "requirements.txt", here / "requirements-dev.txt"]
    inputs += [here / "package-lock.json"]
    return [path for path in dict.fromkeys(inputs) if path.exists()]


def command_build(arguments) -> int:
    """Build into a staging folder; replace the output only if it all worked.

    When nothing the build reads has changed since the last successful build
    of this output, the output is already right: keep it and stop. Every
    process the build starts holds both locks until it ends, even if this one
    is killed first: no other build can start beside what is left of it.
    Interrupted (Ctrl-C), it stops, having published nothing, and says so.
    """
    output = Path(arguments.output).resolve()
    try:
        with one_build_at_a_time(output) as output_lock:
            settings = build_settings(arguments, output)
            cache = Path(settings["CACHE_PATH"]).resolve()
            with one_cache_at_a_time(cache) as cache_lock:
                held = (output_lock.fileno(), cache_lock.fileno())
                return build_once(arguments, output, settings, held)
    except KeyboardInterrupt:
        print(STOPPED.format(output=output), file=sys.stderr, flush=True)
        return INTERRUPTED


def one_cache_at_a_time(cache: Path):
    """Hold the cache's lock: builds of other outputs sharing it wait, and say so.

    Taken after the output's lock, never before: no two builds wait on each other.
    Both are given to every child (``shared_with_children``).
    """

    def say_waiting():
        print(
            f"Một lần dựng khác đang dùng bộ nhớ đệm {cache}; chờ nó xong rồi dựng "
            "tiếp. (Another build is using this cache; waiting for it.)",
            flush=True,
        )

    return exclusive(cache / CACHE_LOCK, on_busy=say_waiting, shared_with_children=True)


def build_settings(arguments, output: Path) -> dict:
    """The settings the build reads, ``-e`` overrides included.

    With ``--content``, Pelican reads it through a link of a fixed name (added
    to ``arguments``' Pelican options), so that the caches, keyed on where
    stories are, serve a new copy of the content as they served the last.
    """
    overrides = extra_settings(arguments.pelican_options)
    settings = read_settings(arguments.settings, override=overrides or None)
    if not arguments.content:
        return settings
    link = content_link(Path(settings["CACHE_PATH"]).resolve(), output)
    point_link(link, Path(arguments.content).resolve())
    arguments.pelican_options += ["-e", f'PATH="{link}"']
    overrides = extra_settings(arguments.pelican_options)
    return read_settings(arguments.settings, override=overrides)


def fingerprint_inputs(
    inputs, options, settings: dict, version: str, found: dict | None = None
) -> str:
    """The inputs' fingerprint, with what the last build knew of the inputs.

    ``found``: see ``input_fingerprint``.

    The stories' dates are kept for this ``version`` of the code only: other
    code may read them otherwise. Content hashes are kept for files left
    untouched (see ``fingerprint``).
    """
    folder = Path(settings["CACHE_PATH"]).resolve() / STATE_DIR
    kept = load_pickle(folder / DATES_FILE, {})
    known_dates = kept.get(version, {}) if isinstance(kept.get(version), dict) else {}
    known_hashes = load_pickle(folder / HASHES_FILE, {})
    known_hashes = known_hashes if isinstance(known_hashes, dict) else {}
    dates_before, hashes_before = dict(known_dates), dict(known_hashes)
    fingerprint = input_fingerprint(
        inputs,
        options,
        clock.now(),
        settings.get("FEEDS_NEWS_DAYS", NEWS_DAYS),
        known_dates=known_dates,
        known_hashes=known_hashes,
        found=found,
    )
    if known_dates != dates_before:
        save_pickle(folder / DATES_FILE, {version: known_dates})
    if known_hashes != hashes_before:
        save_pickle(folder / HASHES_FILE, known_hashes)
    return fingerprint


class FolderMaker:
    """A child process creating the last output's folders in the staging folder.

    Pelican's writer creates the folder of each page it records, and a new
    folder costs a fraction of a millisecond on this disk; one that is there
    costs nearly nothing. So a child creates them all while Pelican starts and
    reads the site on the other core (or, with no output, while the inputs
    are hashed: a restore needs them too). Pelican creates folders only with
    ``exist_ok``: whichever comes first, the folder is made once. The child
    ends with this process (``fork``) and is ended before the staging folder
    is used or removed; it inherits the locks.
    """

    def __init__(self) -> None:
        self.pid = None

    def start(self, staging: Path, folders_of) -> None:
        """Create ``folders_of()``'s folders in ``staging``, in a child process.

        Refused while another thread runs (``fork``): the caller starts it first.
        """
        self.pid = fork()
        if self.pid:
            return
        try:  # the child: any failure leaves Pelican to create what it needs
            with contextlib.suppress(Exception):
                make_folders(staging, folders_of())
        finally:
            os._exit(0)

    def wait(self) -> None:
        """Wait until every folder is made."""
        if self.pid is not None:
            os.waitpid(self.pid, 0)
            self.pid = None

    def stop(self) -> None:
        """End the child now: no folder is made after this returns."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.wait()


def recorded_folders(state_file: Path, version: str, settings: dict) -> list[str]:
    """``folders_to_make`` of the output a state of this ``version`` records.

    Unchecked: the build that follows checks the state.
    """
    state = json.loads(state_file.read_text(encoding="utf-8"))
    if state["version"] != version:
        return []
    return folders_to_make(state["outputs"], settings)


def folders_to_make(outputs: dict, settings: dict) -> list[str]:
    """The last output's folders made ahead of Pelican, and removed if left empty.

    Not those Pelican copies static files into (the theme's, ``STATIC_PATHS``'):
    its ``copy`` only warns when a folder stands where a file now goes, and it
    keeps the empty folders it finds there.
    """
    copied = [settings.get("THEME_STATIC_DIR", "theme")]
    copied += settings.get("STATIC_PATHS", [])
    for meta in settings.get("EXTRA_PATH_METADATA", {}).values():
        copied += [meta.get("save_as") or meta.get("path") or ""]
    prefixes = {posixpath.normpath(path).strip("/") for path in copied if path}
    if prefixes & {"", "."}:
        return []  # everything may be static
    return [
        folder
        for folder in output_folders(outputs)
        if not any(folder == p or folder.startswith(p + "/") for p in prefixes)
    ]


def fresh_folder(folder: Path) -> bool:
    """Remove ``folder`` and make it anew, empty; False, said, if it cannot be."""
    shutil.rmtree(folder, ignore_errors=True)
    try:
        folder.mkdir(parents=True)
    except OSError:
        print(f"Không tạo mới được {folder}. (Cannot make it anew.)", file=sys.stderr)
        return False
    return True


def run_pelican(  # noqa: PLR0913 - a command, where, and what runs beside it
    command: list[str],
    staging: Path,
    environment: dict,
    old: Path,
    *,
    maker: FolderMaker,
    folders: Callable[[], list[str]] | None,
    held: tuple[int, ...],
) -> tuple[int, set[str]]:
    """Run Pelican into ``staging``, deleting ``old`` meanwhile.

    Unless ``maker`` works already, it creates ``folders()`` (of the last
    output) beside Pelican; ``build_once`` removes those left empty but the
    folders Pelican asked for (``asked``). Pelican gets the locks ``held``
    (their file descriptors), and ends with this process
    (``run_pelican.PARENT``). Returns its exit code and the folders it asked
    for (with ``folders`` only).
    """
    # Forked before the deleting thread starts: no thread may run then.
    if maker.pid is None and folders is not None and not other_threads():
        maker.start(staging, folders)
    cleaner = threading.Thread(
        target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}
    )
    cleaner.start()
    environment = {**environment, PARENT: str(os.getpid())}
    try:
        with tempfile.TemporaryFile() as heard:
            if folders is not None:
                environment[FOLDERS_FD] = str(heard.fileno())
                held = (*held, heard.fileno())
            else:  # one inherited from elsewhere names no file of this run
                environment.pop(FOLDERS_FD, None)
            done = subprocess.run(command, check=False, env=environment, pass_fds=held)
            return done.returncode, read_folders(heard)
    finally:
        maker.stop()
        cleaner.join()


def build_once(arguments, output: Path, settings: dict, held=()) -> int:
    """The build itself, with the locks of this output and its cache ``held``."""
    staging = beside(output, BUILDING)
    if not fresh_folder(staging):
        return 1
    cache = Path(settings["CACHE_PATH"]).resolve()
    version, state_file = version_key(settings), state_path(cache, output)
    maker = FolderMaker()
    try:
        # CI's fresh checkout, restored or built (no fork beside threads: see
        # ``run_pelican``).
        if not holds_files(output) and not other_threads():
            maker.start(
                staging, lambda: recorded_folders(state_file, version, settings)
            )
        return build_with(arguments, output, settings, staging, maker, held=held)
    finally:
        maker.stop()


def build_with(  # noqa: PLR0911, PLR0912, PLR0913, PLR0915 - build_once's
    arguments,
    output: Path,
    settings: dict,
    staging: Path,
    maker: FolderMaker,
    *,
    held: tuple[int, ...],
) -> int:
    """``build_once``, with a new ``staging`` folder that ``maker`` may fill."""
    options = [
        arguments.settings,
        str(output),
        arguments.siteurl,
        *arguments.pelican_options,
    ]
    cache = Path(settings["CACHE_PATH"]).resolve()
    version, state_file = version_key(settings), state_path(cache, output)
    # Walking the output (the state's check) and hashing the inputs wait on
    # the disk: done side by side. The thread ends before anything forks.
    found = {}  # every input's hash, and the clock's say
    with ThreadPoolExecutor(max_workers=1) as beside_thread:
        checked = beside_thread.submit(load_state, state_file, version, output)
        fingerprint = fingerprint_inputs(
            build_inputs(arguments.settings, settings),
            options,
            settings,
            version,
            found,
        )
        state, why_not = checked.result()
        checked = None  # ``Edited`` may let the state go (``BUILD_MEMORY_MIB``)
    stories = None  # the stories whose bodies alone changed (``Edited``)
    if state is not None and not arguments.force:
        unchanged = state.get("inputs") == fingerprint
        if unchanged and holds_files(output):
            print(
                f"Không có gì thay đổi; giữ nguyên {output}. "
                "(Nothing changed since the last build.)"
            )
            return 0
        if not unchanged:
            stories = edited_bodies(state, found, options, settings["PATH"])
        # CI's fresh checkout: the last output first, if the state keeps it
        # and it is all there is to build, or all that body edits change.
        if (unchanged or stories is not None) and not holds_files(output):
            maker.wait()
            if not restored(state, state_file, staging, output):
                stories = None
            elif unchanged:
                print(
                    f"Không có gì thay đổi; lấy lại {output} từ lần dựng trước. "
                    "(Nothing changed; the output was restored from the site state.)"
                )
                return 0
            elif not fresh_folder(staging):
                return 1
    if stories is not None:
        edited = Edited(output, settings, staging, state, found, fingerprint, stories)
        state = None  # ``Edited`` holds it, and lets it go while Pagefind runs
        code = edited.build(arguments.siteurl, held)
        if code is not None:
            return code
        state, edited = edited.state, None  # one holder: let go during Pagefind
    if state is None:
        print(fallback_message(why_not), flush=True)
        empty_output_caches(cache, output)
        # Trusted no more either: the next build hashes every input again.
        (cache / STATE_DIR / HASHES_FILE).unlink(missing_ok=True)
    last_outputs = state["outputs"] if state is not None else {}
    if not last_outputs or not staging.is_dir():  # no folder of an untrusted state
        maker.stop()
        if not fresh_folder(staging):
            return 1
    # Pelican's own command, but for its spinner's thread (see run_pelican).
    command = [sys.executable, "-m", "tintuc.build.run_pelican"]
    command += ["-s", arguments.settings]
    command += ["-o", str(staging)]
    command += staging_arguments(arguments.siteurl, arguments.pelican_options)
    # Slices of the search index Pelican leaves for us: made once its memory is
    # free (see the search plugin).
    later = beside(output, SEARCH_LATER)
    later.unlink(missing_ok=True)
    notes = beside(output, NOTES)
    recipes = Path(f"{notes}{buildnotes.FEED_RECIPES}")
    notes.unlink(missing_ok=True)
    recipes.unlink(missing_ok=True)
    environment = {
        **os.environ,
        INDEX_LATER: str(later),
        buildnotes.ENVIRONMENT: str(notes),
        buildnotes.KEEP_SLICES: json.dumps(slice_keys((state or {}).get("notes"))),
    }
    old = retired_path(output)

    def premade() -> list[str]:
        return folders_to_make(last_outputs, settings)

    code, asked = run_pelican(
        command,
        staging,
        environment,
        old,
        maker=maker,
        folders=premade if last_outputs else None,
        held=held,
    )
    removable = set(premade()) - asked
    if code == INTERRUPTED or (code and last_outputs and holds_files(staging)):
        # Pelican alone was interrupted (this process was not: see
        # ``command_build``), or a folder of the last output may be where this
        # build writes a file. A run stopped before writing any (the gate's
        # errors) is not run again.
        again = REBUILD_INTERRUPTED if code == INTERRUPTED else REBUILD_WITHOUT_FOLDERS
        print(again, file=sys.stderr, flush=True)
        later.unlink(missing_ok=True)
        code, removable = 1, set()  # every folder is Pelican's own then
        if fresh_folder(staging):
            code, _ = run_pelican(
                command,
                staging,
                environment,
                old,
                maker=maker,
                folders=None,
                held=held,
            )
    if not code and later.exists():
        inputs = state.get("inputs") if state is not None else None
        state = last_outputs = None  # let go while Pagefind runs: read again after
        give_back_memory()
        indexed, state = indexed_then_state(
            lambda: index_later(later, held), state_file, inputs
        )
        code = 0 if indexed else 1
    if code:
        return failed(staging, output)
    stats, empty = scan(staging)
    empty = remove_empty(staging, empty, removable)
    more = state_extras(found, settings, state, read_notes(notes))
    with uninterrupted():
        forget_state(state_file)  # a kill from here on leaves no state, not a wrong one
        swap_in(staging, output)
        save_state(
            state_file,
            version,
            output,
            fingerprint,
            stats=stats,
            empty=empty,
            last=state,
            more=more,
        )
        keep_with_state(recipes, recipes_of(state_file))
    return 0


def state_read_again(state_file: Path, inputs: str) -> dict:
    """The state let go while Pagefind ran, read again; it was of ``inputs``.

    Pagefind is the peak of ``BUILD_MEMORY_MIB``, and the state (every output
    file, the notes, the inputs' hashes) about 30 MiB at 10,000 stories. The
    locks held, no other build wrote it meanwhile: OSError if it changed.
    """
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except ValueError as error:
        raise OSError(f"{state_file}: {error}") from error
    if not isinstance(state, dict) or state.get("inputs") != inputs:
        raise OSError(f"{state_file}: đã bị thay đổi trong lúc dựng")
    return state


def indexed_then_state(index, state_file: Path, inputs: str | None):
    """Run ``index`` (Pagefind), the state let go; then read the state again.

    (True, the state read again, or None when there was none: ``inputs`` None),
    or (False, None) once said why: the search's errors, or the state changed.
    """
    try:
        errors = index()
    except OSError as error:
        errors = [str(error)]
    if errors:
        print("\n".join(errors), file=sys.stderr)
        print("Không tạo được chỉ mục tìm kiếm. (Search failed.)", file=sys.stderr)
        return False, None
    if inputs is None:
        return True, None
    try:
        return True, state_read_again(state_file, inputs)
    except OSError as error:
        message = f"Không đọc lại được trạng thái của lần dựng trước: {error}"
        print(message, file=sys.stderr)
        return False, None


def restored(state: dict, state_file: Path, staging: Path, output: Path) -> bool:
    """Put the output ``state`` records back from its mirror, through ``staging``.

    For an output with folders but no file: nothing to keep aside, and the
    last output put aside is left for the next build to delete.
    """
    if not state.get("mirrored") or not restore_output(
        state, mirror_of(state_file), staging
    ):
        return False
    with uninterrupted():
        shutil.rmtree(output, ignore_errors=True)
        swap_in(staging, output)
    return True


def keep_with_state(made: Path, kept: Path) -> None:
    """Keep the file ``made`` beside the build as ``kept``, beside the state."""
    try:
        os.replace(made, kept)
    except FileNotFoundError:
        kept.unlink(missing_ok=True)


REFUSED, AS_USUAL_KIND, READY = "refused", "as usual", "ready"


def read_as_the_site(  # noqa: PLR0913, PLR0917 - ``forked_map``'s chunk last
    edits: BodyEdits, settings: dict, siteurl: str, files: dict, _=None
):
    """Start the site's plugins (the gate), read the new bodies, check their links.

    The gate takes the inputs' hashes ``files`` (hex) the wrapper made.

    In a child process (``Edited.prepare``): (kind, what the gate said, value),
    the value being the refusal, why the edits are built as usual, or what
    ``BodyEdits.take`` takes. The gate's report is kept when the usual build
    will print it.
    """
    known_digests({path: bytes.fromhex(digest) for path, digest in files.items()})
    report = io.StringIO()
    try:
        with redirect_stdout(report), redirect_stderr(report):
            site = start_site(settings)  # the gate speaks here
    except SystemExit as refused:
        return REFUSED, report.getvalue(), str(refused)
    if not edits.as_hashed():
        return AS_USUAL_KIND, "", edits.why
    spellings = load_spellings(site["SEARCH_SPELLINGS_FILE"] or None)
    if not edits.read(site_readers(site)) or not edits.same_records(spellings):
        return AS_USUAL_KIND, "", edits.why
    if site.get("LINKCHECK_ENABLED"):
        with redirect_stderr(report):
            refusal = report_broken(edits.broken_links(siteurl or site["SITEURL"]))
        if refusal:
            return REFUSED, report.getvalue(), refusal
    return READY, report.getvalue(), {**edits.made(), "spellings": spellings}


def failed(staging: Path, output: Path) -> int:
    """Say the build failed and the output is as it was; its exit code."""
    shutil.rmtree(staging, ignore_errors=True)
    print(
        f"Không dựng được trang; bản cũ trong {output} vẫn giữ nguyên. "
        "(Build failed; the previous output is untouched.)",
        file=sys.stderr,
    )
    return 1


def read_notes(path: Path) -> dict:
    """What Pelican noted for the state (``shared.buildnotes``); {} if nothing."""
    try:
        notes = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    finally:
        path.unlink(missing_ok=True)
    return notes if isinstance(notes, dict) else {}


def state_extras(found: dict, settings: dict, last: dict | None, notes: dict) -> dict:
    """What the state keeps for a build after body-only edits (``body_edits``)."""
    files = found["files"]
    headers = story_headers(files, settings["PATH"], last)
    return {"files": files, "headers": headers, "notes": notes}


class Edited:
    """A build after edits of stories' bodies alone (``body_edits``)."""

    def __init__(  # noqa: PLR0913, PLR0917 - what build_with knows by then
        self, output, settings, staging, state, found, fingerprint, stories
    ):
        """``stories``: ``edited_bodies``'s, each edited story with its bytes."""
        self.output, self.settings, self.staging = output, settings, staging
        self.state, self.found = state, found
        self.fingerprint, self.stories = fingerprint, stories
        self.state_file = state_path(Path(settings["CACHE_PATH"]).resolve(), output)

    def build(self, siteurl: str, held=()) -> int | None:
        """Apply the edits; the build's exit code, or None to build as usual."""
        try:
            ready = self.prepare(siteurl)
        except SystemExit as refused:  # the gate's, or the link check's
            print(refused, file=sys.stderr)
            return failed(self.staging, self.output)
        except Exception as error:  # noqa: BLE001 - the usual build reports it
            # Its last line only (a worker's error carries its traceback).
            said = (str(error).strip().splitlines() or [type(error).__name__])[-1]
            return self.as_usual(said)
        if isinstance(ready, str):
            return self.as_usual(ready)
        edits = ready
        if not self.index(edits, held):
            return failed(self.staging, self.output)
        try:
            self.put_in(edits)
        except OSError as error:
            shutil.rmtree(self.staging, ignore_errors=True)
            print(UNFINISHED.format(output=self.output, error=error), file=sys.stderr)
            return 1
        return 0

    def index(self, edits: BodyEdits, held) -> bool:
        """Index the changed slices; False, said, if that or reading the state fails.

        The slices' sources read meanwhile and the state's records are given
        back first (Pagefind is the peak of ``BUILD_MEMORY_MIB``); the state
        is read again after.
        """
        inputs, self.state = self.state["inputs"], None
        edits.state = None
        indexed, self.state = indexed_then_state(
            lambda: edits.index(held, before_pagefind=give_back_memory),
            self.state_file,
            inputs,
        )
        edits.state = self.state
        return indexed

    def state_again(self, inputs: str) -> dict:
        """The state read again, once Pagefind has ended (``state_read_again``)."""
        return state_read_again(self.state_file, inputs)

    @staticmethod
    def as_usual(why: str) -> None:
        """Say why the edits are built as usual."""
        if why:
            print(AS_USUAL.format(why=why), flush=True)

    def prepare(self, siteurl: str):
        """The edits, read and checked (the search's spellings with them); else why not.

        The gate or the link check refusing them raises SystemExit. The gate's
        report is printed once: here, or by the usual build. The site's
        plugins start in a child process (``read_as_the_site``): this one stays
        small while Pagefind runs beside it (``BUILD_MEMORY_MIB``).
        """
        settings = self.settings
        edits = BodyEdits(
            self.state, settings, self.output, self.staging, recipes_of(self.state_file)
        )
        if not edits.find(self.stories):
            return edits.why
        read = partial(read_as_the_site, edits, settings, siteurl, self.found["files"])
        kind, said, value = forked_map(read, [None], 1)[0]
        print(said, end="", file=sys.stderr)
        if kind == REFUSED:
            raise SystemExit(value)
        if kind == AS_USUAL_KIND:
            return value
        edits.take(value)
        return edits

    def put_in(self, edits: BodyEdits) -> None:
        """Swap the edited files in, and record the state they make."""
        settings, output, state_file = self.settings, self.output, self.state_file
        more = state_extras(self.found, settings, self.state, edits.notes)
        with uninterrupted():
            forget_state(state_file)  # a kill from here on leaves no state
            edits.put_in()
            outputs, empty = edits.outputs(self.state["outputs"], self.state["empty"])
            save_state(
                state_file,
                version_key(settings),
                output,
                self.fingerprint,
                empty=empty,
                last=self.state,
                more=more,
                outputs=outputs,
            )
        shutil.rmtree(self.staging, ignore_errors=True)
        forget_other_slices(edits.cache_root, slice_keys(edits.notes))
        count, feeds = len(edits.edits), len(edits.feeds)
        print(
            f"Chỉ thân bài thay đổi ({count} tin): chỉ cập nhật trang của tin, "
            f"{feeds} tệp nguồn tin (RSS, Atom, JSON) và chỉ mục tìm kiếm. "
            "(Body-only edit: its page, feeds and search slice updated.)"
        )


def main(argv=None) -> int:
    """Parse the command line and build."""
    parser = argparse.ArgumentParser(prog="python -m tintuc.build")
    parser.add_argument("--settings", default="pelicanconf.py")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build, then swap the output in")
    build.add_argument("--output", required=True)
    build.add_argument("--siteurl", default="")
    build.add_argument("--force", action="store_true", help="build even if unchanged")
    build.add_argument(
        "--content", help="the content folder (PATH), a new copy for each build"
    )
    build.add_argument("pelican_options", nargs="*")
    arguments = parser.parse_args(argv)
    return command_build(arguments)

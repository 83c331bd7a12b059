"""``make devserver``: a resident preview server that never serves a stale page.

Usage: python -m tintuc.build.devserver [--settings pelicanconf.py] [--port 8000]
       [--bind 127.0.0.1] [--output .devserver/output] [-e KEY=VALUE …]

One long-lived process watches the content, the theme, the plugins and the
settings. On every save it rebuilds with ``python -m tintuc.build build`` (every
cache kept, so only what changed is made again) into its own output folder,
and while that runs, any page that is not known to be fresh waits for the
build instead of being served as it was: a page it serves is the page a clean
build writes for the same inputs.

After its first build the process keeps the whole site in memory
(``tintuc.build.resident``). A saved edit of a story's title, summary or body
(no photo, link to another page or ``[[citation]]`` in a changed body) is put
into that site in place, and every page is then rendered from it when it is
asked for: the story, the home page and the listings show the edit at once,
while the full build runs behind it. When the build ends, each page shown
must equal the page it wrote, or the process says so. Until the site is in
memory, a body-only edit is put into the story's built page instead.

Pages get one script tag, ``/__devserver/reload.js``, that reloads the browser
when a newer page is ready (server-sent events). A request with the header
``X-Devserver-Raw: 1`` gets the page exactly as built.
"""

import argparse
import contextlib
import html
import importlib
import json
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican.readers import Readers
from pelican.settings import read_settings

from tintuc.build.beside import RESIDENT, beside
from tintuc.build.body_edits import body_stands_alone, read_as, with_body
from tintuc.build.resident import ResidentSite
from tintuc.build.wrapper import extra_settings, one_build_at_a_time
from tintuc.editorial.gate import has_errors, library_site, story_problems
from tintuc.shared.code import code_folders
from tintuc.shared.workers import ONE_PROCESS_SETTING
from tintuc.vn_text.slug import slugify_vi

# The site's folder: builds run there, as `make` runs them.
ROOT = Path.cwd()
RELOAD_TAG = b'<script src="/__devserver/reload.js" defer></script>'
RELOAD_SCRIPT = b"""// Development only: reload when the devserver has a newer page.
let seen = null;
new EventSource("/__devserver/events").onmessage = (event) => {
  if (seen !== null && event.data !== seen) location.reload();
  seen = event.data;
};
"""
WAIT_SECONDS = 600
# What a site is made of; anything else (an editor's swap or temporary file) is
# not a change.
SITE_SUFFIXES = {
    ".md", ".markdown", ".toml", ".py", ".html", ".css", ".js", ".json", ".txt",
    ".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif", ".tif", ".tiff",
    ".pdf", ".svg", ".ttf",
}  # fmt: skip


class BodyReader:
    """The site's own Markdown reader, with every plugin's reading step."""

    def __init__(self, settings: dict):
        for name in settings["PLUGINS"]:
            importlib.import_module(name).register()
        self.readers = Readers(settings)

    def read(self, text: str, name: str) -> tuple[str, dict]:
        """The HTML and metadata the build would read from ``text``."""
        reader = self.readers.readers[Path(name).suffix.lstrip(".")]
        return read_as(reader, name, text.encode("utf-8"))


class Devserver:
    """The served folder, what is fresh in it, and the build that renews it."""

    def __init__(self, arguments):
        self.settings_file = arguments.settings
        self.output = Path(arguments.output).resolve()
        self.cache = Path(arguments.cache).resolve()
        self.siteurl = f"http://{arguments.host or arguments.bind}:{arguments.port}"
        self.extra = arguments.extra
        self.overrides = {
            **extra_settings(["-e", *arguments.extra]),
            "SITEURL": self.siteurl,
        }
        self.settings = read_settings(self.settings_file, override=self.overrides)
        self.reader = BodyReader(self.settings)
        self.content = Path(self.settings["PATH"])
        self.condition = threading.Condition()
        self.building = False
        self.again = False
        self.generation = 0
        # Pages made by the fast path, each with the last build started then.
        self.fresh: dict[str, tuple[bytes, int]] = {}
        self.builds = 0
        self.failure = ""  # what the last build said, when it failed
        self.texts = self.snapshot()
        self.touched: set[Path] = set()  # stories saved since the last build
        # The site in memory, the gate's view of it, and whether one is being made.
        self.resident: ResidentSite | None = None
        self.gate = None
        self.making_resident = False
        self.changes = 0  # saves so far: a site made meanwhile is already old
        # The last build started before the resident site changed in place:
        # until a later build ends, its pages are rendered from memory.
        self.ahead_of: int | None = None
        self.rendered_from_memory = 0

    def watched(self) -> list[Path]:
        here = Path(self.settings_file).resolve().parent
        folders = [self.content, Path(self.settings["THEME"])]
        folders += code_folders(self.settings)
        return [*folders, Path(self.settings_file).resolve(), here / "pelicanconf.py"]

    def snapshot(self, paths=None) -> dict[Path, str]:
        """The text of each story as built (every story, or only ``paths``).

        The fast path compares a saved story with it.
        """
        texts = {}
        for path in self.content.rglob("*.md") if paths is None else paths:
            try:
                texts[path.resolve()] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                texts[path.resolve()] = None  # deleted or unreadable
        return texts

    # Building -------------------------------------------------------------

    def build_command(self) -> list[str]:
        command = [
            sys.executable,
            "-m",
            "tintuc.build",
            "--settings",
            self.settings_file,
        ]
        command += ["build", "--output", str(self.output), "--siteurl", self.siteurl]
        return [*command, "--", "-e", f'CACHE_PATH="{self.cache}"', *self.extra]

    def rebuild(self, reason: str) -> None:
        """Build now, or once more after the running build."""
        with self.condition:
            start = self.claim_build()
        if start:
            self.start_builds(reason)

    def claim_build(self) -> bool:
        """Mark a build as due (the condition held); True if one must be started.

        Claimed before a fast path shows anything, so that files it cannot
        make (feeds, the search index) wait for the build from that moment.
        """
        if self.building:
            self.again = True
            return False
        self.building = True
        return True

    def start_builds(self, reason: str) -> None:
        threading.Thread(target=self.run_builds, args=(reason,), daemon=True).start()

    def run_builds(self, reason: str) -> None:
        start = False
        try:
            while True:
                with self.condition:
                    self.builds += 1
                    number = self.builds
                    reading, self.touched = self.touched, set()
                # The stories as this build reads them (the fast path compares).
                texts = self.snapshot(reading)
                print(f"Đang dựng lại ({reason})…", flush=True)
                started = time.perf_counter()
                built = subprocess.run(
                    self.build_command(),
                    cwd=ROOT,
                    check=False,
                    capture_output=True,
                    text=True,
                )
                print(built.stdout[-4000:] + built.stderr[-4000:], end="", flush=True)
                seconds = time.perf_counter() - started
                with self.condition:
                    worked = built.returncode == 0
                    self.finish(number, worked, built, seconds)
                    if worked:
                        self.texts |= texts
                    else:
                        self.touched |= set(reading)
                    if self.again:
                        self.again, reason = False, "còn thay đổi mới"
                        continue
                    # In the same hold as the last look at ``again``: a save
                    # from now on starts a build of its own.
                    self.building = False
                    self.generation += 1
                    start = not (self.resident or self.failure or self.making_resident)
                    self.making_resident |= start
                    self.condition.notify_all()
                    break
        except BaseException:
            with self.condition:
                self.building = False
                self.generation += 1
                self.condition.notify_all()
            raise
        if start:
            threading.Thread(target=self.make_resident, daemon=True).start()

    def make_resident(self) -> None:
        """Keep the site in memory, as the last build made it.

        It holds the output's lock, as a build does: both use the same caches.
        It runs in a thread beside the server's, so it must fork no worker
        (``shared.workers.fork`` refuses): the gate, the readers and the
        photos run in this one process. It is made behind the served pages,
        so its speed is not the reader's wait; a child process could not hand
        the site back without pickling all of it.
        """
        with self.condition:
            changes = self.changes
        site = gate = None
        try:
            with one_build_at_a_time(self.output):
                scratch = beside(self.output, RESIDENT)
                settings = read_settings(
                    self.settings_file,
                    override={
                        **self.overrides,
                        "CACHE_PATH": str(self.cache),
                        "OUTPUT_PATH": str(scratch),
                        ONE_PROCESS_SETTING: True,
                    },
                )
                site = ResidentSite(settings).build()
                gate = library_site(site.settings)[0]
        except (Exception, SystemExit) as error:  # noqa: BLE001 - only a shortcut
            print(f"Không giữ được trang trong bộ nhớ: {error}", flush=True)
        with self.condition:
            self.making_resident = False
            if site is not None and changes == self.changes:
                self.resident, self.gate = site, gate
                print("Trang đã ở trong bộ nhớ: sửa bài hiện ngay.", flush=True)
            elif site is not None:
                site.close()  # made from files saved over since
            self.condition.notify_all()

    def finish(self, number: int, worked: bool, built, seconds: float) -> None:
        """Take a build's result in (the condition held)."""
        # Fast pages made while this build ran are newer than what it read.
        older = [page for page, (_, made) in self.fresh.items() if made < number]
        if self.ahead_of is not None and number > self.ahead_of:
            self.ahead_of = None  # this build read what memory holds
        if worked:
            self.check_fast_pages(older)
            self.failure = ""
            print(f"Xong sau {seconds:.1f} s.", flush=True)
        else:
            # The old pages would hide the problem: show it instead.
            self.failure = (built.stdout + built.stderr)[-8000:]
            print("Dựng lỗi: trang báo lỗi được phục vụ.", flush=True)
        for relative in older:
            del self.fresh[relative]

    def check_fast_pages(self, pages: list[str]) -> None:
        """Every page the fast path showed must be the page the build wrote."""
        for relative in pages:
            shown, path = self.fresh[relative][0], self.output / relative
            built = path.read_bytes() if path.is_file() else None
            if built != shown:
                self.drop_resident()  # memory was wrong once: make it again
                print(
                    f"Cảnh báo: trang {relative} nhanh khác trang dựng đầy đủ; "
                    "trang dựng đầy đủ được phục vụ. (Fast page differed.)",
                    flush=True,
                )

    # The fast paths ---------------------------------------------------------

    def in_place(self, path: Path) -> bool:
        """Put a saved story into the site in memory; False if it cannot be."""
        site, gate = self.resident, self.gate
        if site is None:
            return False
        try:
            refused = has_errors(story_problems(gate, path))
            text = path.read_text(encoding="utf-8")
        except Exception:  # noqa: BLE001 - the full build reports it
            return False
        if refused:
            return False
        with self.condition:
            if self.resident is not site:
                return False
            try:
                applied = site.refresh(path, body_stands_alone)
            except Exception:  # noqa: BLE001 - memory may be half changed: drop it
                applied = False
                self.drop_resident()
            if not applied:
                return False
            self.ahead_of = self.builds
            self.fresh.clear()  # a title shows on many pages: render them again
            self.texts[path.resolve()] = text
            self.generation += 1
            self.condition.notify_all()
        print(f"Đã cập nhật trong bộ nhớ: {path.name}", flush=True)
        return True

    def readings(self, path: Path):
        """The story as last built and as saved: (old html, new html, meta, text)."""
        old = self.texts.get(path.resolve())
        try:
            new = path.read_text(encoding="utf-8")
            if old is None or old == new:
                return None
            old_html, old_meta = self.reader.read(old, path.name)
            new_html, new_meta = self.reader.read(new, path.name)
        except Exception:  # noqa: BLE001 - the full build reports it
            return None
        if old_meta != new_meta or "summary" not in new_meta:
            return None  # the header changed: listings and feeds change too
        if not body_stands_alone(old_html, new_html):
            return None
        return old_html, new_html, new_meta, new

    def body_only(self, path: Path) -> bool:
        """Show a body-only edit at once; False when it needs the full build."""
        found = self.readings(path)
        if found is None:
            return False
        old_html, new_html, meta, text = found
        slug = slugify_vi(str(meta.get("slug") or meta.get("title", "")))
        relative = self.settings["ARTICLE_SAVE_AS"].format(slug=slug)
        with self.condition:
            page = self.fresh.get(relative, (None,))[0]
            if page is None and (self.output / relative).is_file():
                page = (self.output / relative).read_bytes()
            page = with_body(page, old_html, new_html) if page is not None else None
            if page is None:
                return False
            self.fresh[relative] = (page, self.builds)
            self.texts[path.resolve()] = text
            self.generation += 1
            self.condition.notify_all()
        print(f"Đã hiện thân bài mới: {relative}", flush=True)
        return True

    def changed(self, paths: set[Path]) -> None:
        stories = [
            p for p in paths if p.suffix == ".md" and p.is_relative_to(self.content)
        ]
        with self.condition:
            self.touched |= set(stories)
            self.changes += 1
            held = self.resident is not None
            start = self.claim_build()
        code = [p for p in paths if p.suffix == ".py"]
        if code:
            print("Mã hoặc cấu hình thay đổi: dựng lại toàn bộ.", flush=True)
        one = stories[0] if len(stories) == len(paths) == 1 else None
        # With a site in memory, the built pages may be older than it: never
        # put a body into them then.
        if one is None or not (self.in_place(one) if held else self.body_only(one)):
            with self.condition:
                # Anything else may change any page, fast ones too: all wait,
                # and the site in memory is made again after the build.
                self.fresh.clear()
                self.drop_resident()
        if start:
            self.start_builds(", ".join(sorted(p.name for p in paths))[:80])

    # Serving --------------------------------------------------------------

    def page(self, relative: str) -> bytes | None:
        """A fresh page: at once if the fast path made it, else after the build."""
        with self.condition:
            deadline = time.monotonic() + WAIT_SECONDS
            while relative not in self.fresh:
                if self.from_memory(relative):
                    break
                if not self.building:
                    break
                if not self.condition.wait(timeout=max(0, deadline - time.monotonic())):
                    return None
            if relative in self.fresh:
                return self.fresh[relative][0]
        path = self.output / relative
        try:
            return path.read_bytes() if path.is_file() else None
        except OSError:
            return None

    def drop_resident(self) -> None:
        """Forget the site in memory (the condition held); a build makes it again."""
        if self.resident is not None:
            self.resident.close()
        self.resident, self.gate, self.ahead_of = None, None, None

    def from_memory(self, relative: str) -> bool:
        """Render a page from the site in memory while built pages are older.

        The condition is held. The page joins the fast pages, for the build
        behind it to check.
        """
        site = self.resident
        if self.ahead_of is None or site is None or relative not in site.recipes:
            return False
        try:
            self.fresh[relative] = (site.render(relative), self.ahead_of)
            self.rendered_from_memory += 1
        except Exception:  # noqa: BLE001 - the build behind it shows the page
            self.drop_resident()
            return False
        return True

    def events(self, stream) -> None:
        """Send the generation whenever it moves on (server-sent events)."""
        sent = None
        while True:
            with self.condition:
                while self.generation == sent:
                    self.condition.wait(timeout=15)
                    if self.generation == sent:
                        stream.write(b": keep-alive\n\n")
                        stream.flush()
                sent = self.generation
            stream.write(f"data: {sent}\n\n".encode())
            stream.flush()


def failure_page(log: str) -> bytes:
    """The build's own messages, as a page, while the content is broken."""
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        "<title>Không dựng được trang</title></head><body><main>"
        "<h1>Không dựng được trang</h1><p>Sửa các lỗi dưới đây rồi lưu lại; "
        "trang tự tải lại khi dựng xong.</p>"
        f"<pre>{html.escape(log)}</pre></main>"
        f"{RELOAD_TAG.decode()}</body></html>"
    ).encode()


def request_handler(server: Devserver):
    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *arguments):
            pass

        def do_GET(self):  # noqa: N802 - http.server's name
            path = unquote(urlsplit(self.path).path)
            if path.startswith("/__devserver/"):
                return self.own(path)
            relative = path.lstrip("/")
            if relative == "" or relative.endswith("/"):
                relative += "index.html"
            if ".." in Path(relative).parts:
                return self.send_error(404)
            body, status = server.page(relative), 200
            if body is None:
                body, status = server.page("404.html") or b"", 404
            kind = self.guess_type(relative)
            if server.failure and kind.startswith("text/html"):
                body, status = failure_page(server.failure), 500
            elif kind.startswith("text/html") and not self.headers.get(
                "X-Devserver-Raw"
            ):
                body = body.replace(b"</body>", RELOAD_TAG + b"</body>", 1)
            return self.send(body, kind, status)

        def own(self, path: str):
            """The reload script, the change events and the build's state."""
            if path == "/__devserver/reload.js":
                return self.send(RELOAD_SCRIPT, "text/javascript; charset=utf-8")
            if path == "/__devserver/status":
                with server.condition:
                    state = {"generation": server.generation}
                    state["building"] = server.building
                    state["in_memory"] = server.resident is not None
                    state["making_in_memory"] = server.making_resident
                    state["rendered_from_memory"] = server.rendered_from_memory
                return self.send(json.dumps(state).encode(), "application/json")
            if path != "/__devserver/events":
                return self.send_error(404)
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                server.events(self.wfile)
            return None

        def send(self, body: bytes, kind: str, status: int = 200):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def watch(server: Devserver) -> None:
    from watchfiles import watch as watch_files  # noqa: PLC0415

    roots = [str(p) for p in server.watched() if p.exists()]
    for changes in watch_files(*roots, debounce=150, step=50):
        paths = {
            Path(name) for _, name in changes
            if "__pycache__" not in name and not Path(name).name.startswith(".")
            and Path(name).suffix.lower() in SITE_SUFFIXES
        }  # fmt: skip
        if paths:
            server.changed(paths)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument(
        "--host", default="", help="the host in links (default: --bind)"
    )
    parser.add_argument("--output", default=".devserver/output")
    parser.add_argument("--cache", default=".devserver/cache")
    parser.add_argument("-e", dest="extra", action="append", default=[])
    arguments = parser.parse_args(argv)
    server = Devserver(arguments)
    server.rebuild("lần đầu")
    http = ThreadingHTTPServer(
        (arguments.bind, arguments.port), request_handler(server)
    )
    http.daemon_threads = True
    threading.Thread(target=watch, args=(server,), daemon=True).start()
    print(f"Xem trang ở {server.siteurl}/ (Ctrl+C để dừng).", flush=True)
    try:
        http.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        http.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

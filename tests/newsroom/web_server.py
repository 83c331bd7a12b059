"""The newsroom server as staff meet it: gunicorn on a free loopback port.

A module-scoped fixture makes a site repository from the fixture site, a
bare remote, the state folder, the accounts (through the same commands
``make newsroom`` and ``make newsroom-account`` run, once a session: other
servers start from a copy of that database) and starts the server
with the same gunicorn command line as production. ``Client`` speaks to it
over HTTP as a browser does: a cookie jar, the CSRF token, Origin headers.
"""

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.conftest import REPO, copy_fixture_content
from tests.newsroom.repo_support import add_library_data, git
from tests.newsroom.stories import add_published_documents

ADMIN_PASSWORD = "Quan-tri-2026-dai"
UNIT = "ubnd-xa-dinh-hoa"  # UBND xã Định Hóa: the unit of every test story
OTHER_UNIT = "cong-an-xa-dinh-hoa"
UNIT_NAME = "UBND xã Định Hóa"
# The plans published on a site with a document library (200/KH-UBND, 201/KH-UBND).
PUBLISHED_DOCUMENTS = (200, 201)
SERVER_COVERAGE = Path(__file__).with_name("server-coverage.ini")
# username → (full name, roles, units, password). Approvers are named as in
# the fixture's approvers.toml (Lê Văn Thành approves every unit; his account
# is limited to the other unit).
ACCOUNTS = {
    "viet-a": ("Trần Thị Viết", "writer", UNIT, "Viet-bai-2026-a"),
    "viet-b": ("Đỗ Văn Bê", "writer", OTHER_UNIT, "Viet-bai-2026-b"),
    "duyet-a": ("Nguyễn Thị Thu", "approver", UNIT, "Duyet-bai-2026-a"),
    "duyet-b": ("Lê Văn Thành", "approver", OTHER_UNIT, "Duyet-bai-2026-b"),
    "tat": ("Phạm Văn Tắt", "writer", UNIT, "Tat-roi-2026-x"),
}


# The state folder's database with the first admin and every test account,
# made by the session's first server through ``prepare`` and ``account`` (six
# Django processes, eight seconds), then copied into each other server's
# folder before its ``prepare``, which keeps the accounts it finds.
DATABASE = "newsroom.sqlite3"
SESSION_COOKIE = "toasoan_phien"
ACCOUNTS_DATABASE: dict[str, Path] = {}


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_repository(folder: Path, *, library=False) -> tuple[Path, Path]:
    """A checkout of the fixture site on ``main`` and a bare remote of it.

    ``library``: with the document library's data files and two published plans.
    """
    work = folder / "site"
    copy_fixture_content(work / "content")
    if library:
        add_library_data(work / "content")
        add_published_documents(work / "content", *PUBLISHED_DOCUMENTS)
    git("init", "--quiet", "--initial-branch", "main", cwd=work)
    git("add", "--all", cwd=work)
    git("commit", "--quiet", "--message", "Trang mẫu", cwd=work)
    remote = folder / "remote.git"
    git("clone", "--quiet", "--bare", str(work), str(remote), cwd=folder)
    return work, remote


def manage(arguments, environ, *, stdin="", check=True, timeout=300):
    """``python -m tintuc.newsroom …`` in the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "tintuc.newsroom", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        check=check,
        cwd=REPO,
        env=environ,
        timeout=timeout,
    )


@dataclass
class Server:
    """A running newsroom server and the folders it works on."""

    url: str
    remote: Path
    source: Path
    state: Path
    environ: dict
    process: subprocess.Popen | None = None

    def manage(self, *arguments, stdin="", check=True) -> subprocess.CompletedProcess:
        """``python -m tintuc.newsroom …`` with the server's environment."""
        return manage(arguments, self.environ, stdin=stdin, check=check)

    def add_account(self, username, name, roles, units, password) -> None:
        """What ``make newsroom-account`` runs, password on standard input."""
        self.manage(
            "account",
            "--username",
            username,
            "--name",
            name,
            "--role",
            roles,
            "--units",
            units,
            stdin=password + "\n",
        )

    def end_session(self, context) -> None:
        """The session of this browser runs out, as after an hour without a
        request: the server forgets it, and the browser keeps its cookie.

        Clearing the browser's cookies instead is a race: a response already
        on its way puts the session back (every response renews it).
        """
        cookies = [c["value"] for c in context.cookies() if c["name"] == SESSION_COOKIE]
        assert cookies, "this browser is not signed in"
        with contextlib.closing(sqlite3.connect(self.state / DATABASE)) as base, base:
            base.execute("DELETE FROM django_session WHERE session_key = ?", cookies)

    def remote_main(self) -> str:
        """The bare remote's ``main`` commit."""
        return git("rev-parse", "main", cwd=self.remote)

    def clone_heads(self) -> str:
        """Every branch of the server's clone with its commit and its status."""
        clone = self.state / "repo"
        statuses = git(
            "config",
            "--get-regexp",
            r"^branch\..*\.description$",
            cwd=clone,
            check=False,
        )
        return git("for-each-ref", cwd=clone) + "\n" + statuses

    def start(self, command: list[str]) -> None:
        """Start gunicorn and wait until it answers."""
        with (self.state / "server.log").open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=REPO,
                env=self.environ,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        host, port = urlsplit(self.url).hostname, urlsplit(self.url).port
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.state / "server.log").read_text())
            try:
                socket.create_connection((host, port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the newsroom server did not start")

    def stop(self) -> None:
        """Stop gunicorn (its whole process group)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def newsroom_environ(folder: Path, source: Path, remote: Path, **extra) -> dict:
    """The environment the server and its commands run with."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NEWSROOM_", "DJANGO_", "DATABASE_URL"))
    }
    return {
        **environ,
        "NEWSROOM_DIR": str(folder),
        "NEWSROOM_SOURCE": str(source),
        "NEWSROOM_REMOTE": str(remote),
        "NEWSROOM_ADMIN_PASSWORD": ADMIN_PASSWORD,
        **extra,
    }


def measured() -> dict:
    """Under coverage (``make test``), the server measures its own process too.

    Its views run in gunicorn's worker, which the test process's coverage
    never sees.
    """
    coverage = sys.modules.get("coverage")
    if coverage is None or coverage.Coverage.current() is None:
        return {}
    return {"COVERAGE_PROCESS_START": str(SERVER_COVERAGE)}


def start_server(folder: Path, *, build_admin=False, library=False, **extra) -> Server:
    """Prepare a state folder with every test account, then run gunicorn.

    ``library``: the site has a document library (``site_repository``).
    """
    from tintuc.newsroom.gunicorn import gunicorn_command  # noqa: PLC0415

    source, remote = site_repository(folder, library=library)
    state = folder / "newsroom"
    port = free_port()
    server = Server(
        url=f"http://127.0.0.1:{port}",
        remote=remote,
        source=source,
        state=state,
        environ=newsroom_environ(state, source, remote, **measured(), **extra),
    )
    made = ACCOUNTS_DATABASE.get("made")
    if made:
        state.mkdir(parents=True)
        copy_database(made, state / DATABASE)
    server.manage("prepare", *([] if build_admin else ["--no-build"]))
    if not made:
        for username, (name, roles, units, password) in ACCOUNTS.items():
            server.add_account(username, name, roles, units, password)
        made = copy_database(state / DATABASE, folder / "accounts.sqlite3")
        ACCOUNTS_DATABASE["made"] = made
    server.start(gunicorn_command(f"127.0.0.1:{port}"))
    return server


def copy_database(source: Path, target: Path) -> Path:
    """A whole copy of an SQLite database (its write-ahead log included)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as original,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        original.backup(copy)
    return target


@dataclass
class Response:
    """A response's status, headers and body."""

    status: int
    headers: dict
    body: bytes
    set_cookies: list = field(default_factory=list)

    def json(self):
        """The body as JSON."""
        return json.loads(self.body)

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Client:
    """A browser's side of HTTP: a cookie jar and same-origin headers."""

    url: str
    cookies: dict = field(default_factory=dict)
    # Behind the proxy (NEWSROOM_BEHIND_PROXY), the address it says we are at.
    address: str | None = None

    def request(self, method, path, body=b"", headers=None) -> Response:
        """One request; cookies it sets are kept."""
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        sent = {"Host": parts.netloc, **(headers or {})}
        if self.address:
            sent["X-Forwarded-For"] = self.address
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        # The server may answer (refuse) before reading a large body.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        data = answer.read()
        set_cookies = answer.headers.get_all("Set-Cookie") or []
        for header in set_cookies:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        connection.close()
        return Response(answer.status, dict(answer.headers), data, set_cookies)

    def get(self, path) -> Response:
        """A GET."""
        return self.request("GET", path)

    def csrf_token(self, path="/dang-nhap/") -> str:
        """The form's CSRF token (and its cookie)."""
        page = self.get(path).text
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]

    def post_form(
        self, path, fields: dict, *, page=None, token=True, origin=None
    ) -> Response:
        """A form POST as a browser sends it from this server's ``page``."""
        data = dict(fields)
        if token:
            data["csrfmiddlewaretoken"] = self.csrf_token(page or path)
        return self.request(
            "POST",
            path,
            urlencode(data).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin or self.url,
            },
        )

    def sign_in(self, username, password) -> Response:
        """Sign in through /dang-nhap/."""
        return self.post_form(
            "/dang-nhap/", {"username": username, "password": password}
        )

    def sign_out(self) -> Response:
        """Sign out (a POST with the CSRF token of a signed-in page)."""
        token = self.cookies.get("csrftoken", "")
        return self.request(
            "POST",
            "/dang-xuat/",
            urlencode({"csrfmiddlewaretoken": token}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.url},
        )

    def api(self, action, params=None, *, origin=None, site="same-origin") -> Response:
        """One action of Decap's proxy backend, as Decap's fetch sends it."""
        body = json.dumps(
            {"action": action, "params": {"branch": "main", **(params or {})}}
        )
        return self.api_body(body.encode(), origin=origin, site=site)

    def api_body(self, body: bytes, *, origin=None, site="same-origin") -> Response:
        """Any body POSTed to Decap's proxy backend, with Decap's headers."""
        headers = {"Content-Type": "application/json", "Origin": origin or self.url}
        if site:
            headers["Sec-Fetch-Site"] = site
        return self.request("POST", "/api/v1", body, headers)

"""A built sample site served on 127.0.0.1, and Debian's Chromium to read it."""

import contextlib
import socket
import subprocess
import sys
import time
from http.server import SimpleHTTPRequestHandler

import pytest

from tests.conftest import build_site


class QuietHandler(SimpleHTTPRequestHandler):
    """A static file handler that prints nothing (for the bench scripts)."""

    def log_message(self, *arguments):
        pass


@contextlib.contextmanager
def serving(folder, port: int):
    """``folder`` served on loopback by a child process, not a thread here.

    A thread left in the test process would stop the build's forks (the fork
    helper refuses to fork beside a live thread) for every test after it.
    """
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(200):
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=0.2),
            ):
                break
            time.sleep(0.05)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def served_site(tmp_path_factory, sample_content):
    """The sample fixture site built for, and served at, a loopback address."""
    port = free_port()
    siteurl = f"http://127.0.0.1:{port}"
    output = build_site(
        sample_content,
        tmp_path_factory.mktemp("served") / "output",
        conf="publishconf.py",
        SITEURL=siteurl,
        # Several index slices, so the search page must merge them.
        SEARCH_SHARD_SIZE=4,
    )
    with serving(output, port):
        yield siteurl, output


@pytest.fixture(scope="session")
def front_served(tmp_path_factory):
    """The newspaper theme's fixture site (test_front_page), served on loopback."""
    from tests.conftest import copy_fixture_content
    from tests.integration.test_front_page import write_front_content

    root = tmp_path_factory.mktemp("front-served")
    port = free_port()
    siteurl = f"http://127.0.0.1:{port}"
    content = write_front_content(copy_fixture_content(root / "content"))
    output = build_site(content, root / "output", SITEURL=siteurl, CMS_ENABLED=False)
    with serving(output, port):
        yield siteurl, output

"""A built sample site served on 127.0.0.1, and Debian's Chromium to read it."""

import functools
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import build_site

# Debian's chromium (as .ci/run installs it) and the flags it runs with here.
from tools.image_budget import CHROMIUM, CHROMIUM_ARGS


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *arguments):
        pass


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
    handler = functools.partial(QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield siteurl, output
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


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
    handler = functools.partial(QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield siteurl, output
    server.shutdown()
    server.server_close()

"""make devserver never serves a stale page: each edit, compared with a clean build."""

import json
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.browser.conftest import free_port
from tests.conftest import REPO, build_site, copy_fixture_content

pytestmark = pytest.mark.slow
STORY = "articles/nguoi-tot-viec-tot/2026-11-20-le-hoi.md"
STORY_PAGE = "bai-viet/le-hoi-long-tong-dinh-hoa/index.html"


class Served:
    """A devserver on a copy of the fixture site and of the theme."""

    def __init__(self, tmp_path):
        self.root = tmp_path
        self.content = copy_fixture_content(tmp_path / "content")
        self.theme = shutil.copytree(REPO / "theme", tmp_path / "theme")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (tmp_path / "devserver.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tintuc.build.devserver",
             "--port", str(self.port), "--output", str(tmp_path / "served"),
             "--cache", str(tmp_path / "cache"),
             "-e", f'PATH="{self.content}"', "-e", f'THEME="{self.theme}"'],
            cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.wait_built(-1)

    def get(self, path: str) -> bytes:
        request = urllib.request.Request(
            f"{self.url}/{path}", headers={"X-Devserver-Raw": "1"}
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.read()

    def status(self) -> dict:
        try:
            return json.loads(self.get("__devserver/status"))
        except OSError:
            return {"generation": -2, "building": True}

    def wait_built(self, after: int, building_done=True) -> None:
        """Until the devserver has taken a change in and (optionally) built it."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            state = self.status()
            if state["generation"] > after and not (
                building_done and state["building"]
            ):
                return
            time.sleep(0.05)
        raise AssertionError((self.root / "devserver.log").read_text())

    def wait_in_memory(self) -> None:
        """Until the site is held in memory after its build."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.status().get("in_memory"):
                return
            time.sleep(0.05)
        raise AssertionError((self.root / "devserver.log").read_text())

    def clean(self, name: str):
        return build_site(
            self.content, self.root / name / "output", THEME=str(self.theme),
            SITEURL=self.url, CACHE_PATH=str(self.root / name / "cache"),
        )  # fmt: skip

    def edit(self, change, *, building_done=True, meanwhile=None):
        """Make ``change``, wait for the devserver; what ``meanwhile()`` gave.

        ``meanwhile`` runs while the devserver takes the change in and builds.
        """
        before = self.status()["generation"]
        change()
        done = meanwhile() if meanwhile else None
        self.wait_built(before, building_done)
        return done

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


def differing(served: Served, clean) -> list[str]:
    """Every page of the clean build ``clean`` whose served copy differs."""
    return [
        str(page.relative_to(clean))
        for page in sorted(clean.rglob("*.html"))
        if "admin" not in page.relative_to(clean).parts
        and served.get(str(page.relative_to(clean))) != page.read_bytes()
    ]


def rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_every_kind_of_edit_is_served_as_a_clean_build_writes_it(tmp_path):
    served = Served(tmp_path)
    try:
        story = served.content / STORY
        # A body edit: the story's page at once, before the build behind it.
        served.edit(
            lambda: rewrite(story, "mở hội cầu mùa.", "mở hội cầu mùa, múa then."),
            building_done=False,
        )
        assert b"m\xc3\xbaa then" in served.get(STORY_PAGE)
        clean = served.clean("body")
        assert served.get(STORY_PAGE) == (clean / STORY_PAGE).read_bytes()
        served.wait_built(served.status()["generation"] - 1)
        assert differing(served, clean) == []  # the same content, built
        edits = {
            "title": lambda: rewrite(story, "Title: Lễ hội Lồng Tồng", "Title: Hội Lồng Tồng"),
            "new": lambda: (served.content / "articles/thoi-su/moi.md").write_text(
                story.read_text("utf-8")
                .replace("398dac02-ec66-5345-8df3-37f65f4a432e", "4a8dac02-ec66-5345-8df3-37f65f4a432e")
                .replace("Slug: Lễ hội Lồng Tồng Định Hoá", "Slug: bai-moi"),
                encoding="utf-8",
            ),
            "deleted": (served.content / "articles/thoi-su/moi.md").unlink,
            "data": lambda: rewrite(
                served.content / "data/sections.toml", 'name = "Thời sự"', 'name = "Thời sự – Chính trị"'
            ),
            "template": lambda: rewrite(
                served.theme / "templates/partials/footer.html", "Lưu trữ", "Kho lưu trữ"
            ),
        }  # fmt: skip
        for name, change in edits.items():
            # The clean build reads only the edited files: it runs while the
            # devserver builds.
            clean = served.edit(change, meanwhile=lambda name=name: served.clean(name))
            assert differing(served, clean) == [], name
    finally:
        served.stop()
    assert "Fast page differed" not in (tmp_path / "devserver.log").read_text()


def test_a_title_edit_is_rendered_from_memory_before_the_build_ends(tmp_path):
    served = Served(tmp_path)
    try:
        served.wait_in_memory()
        served.edit(
            lambda: rewrite(
                served.content / STORY, "Title: Lễ hội Lồng Tồng", "Title: Hội Xuân"
            ),
            building_done=False,
        )
        clean = served.clean("title")
        showing = [
            str(page.relative_to(clean))
            for page in sorted(clean.rglob("*.html"))
            if "Hội Xuân".encode() in page.read_bytes()
        ]
        # The story, the home page, its section, tag and month listings…
        assert STORY_PAGE in showing and "index.html" in showing
        assert len(showing) >= 5
        served_pages = {page: served.get(page) for page in showing}
        assert served.status()["rendered_from_memory"] >= len(showing)
        for page in showing:
            assert served_pages[page] == (clean / page).read_bytes(), page
        served.wait_built(served.status()["generation"] - 1)
        assert differing(served, clean) == []  # the same content, built
        # Memory is kept: a second edit is put in place too.
        served.edit(
            lambda: rewrite(served.content / STORY, "Title: Hội Xuân", "Title: Hội Hè"),
            building_done=False,
        )
        assert "Hội Hè".encode() in served.get(STORY_PAGE)
    finally:
        served.stop()
    log = (tmp_path / "devserver.log").read_text()
    assert log.count("Đã cập nhật trong bộ nhớ") == 2
    assert "Fast page differed" not in log


def test_a_page_gets_the_reload_script_and_the_raw_page_does_not(tmp_path):
    served = Served(tmp_path)
    try:
        with urllib.request.urlopen(f"{served.url}/", timeout=60) as response:
            page = response.read()
        assert page.count(b'<script src="/__devserver/reload.js" defer></script>') == 1
        assert page.replace(
            b'<script src="/__devserver/reload.js" defer></script>', b""
        ) == served.get("")
        with urllib.request.urlopen(f"{served.url}/__devserver/reload.js") as script:
            assert b"EventSource" in script.read()
    finally:
        served.stop()


def test_a_broken_story_shows_the_build_s_messages_not_the_old_page(tmp_path):
    served = Served(tmp_path)
    try:
        served.edit(
            lambda: rewrite(
                served.content / STORY,
                "Section: Điển hình tiên tiến",
                "Section: Không có",
            )
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            served.get(STORY_PAGE)
        page = refused.value.read().decode()
        assert refused.value.code == 500 and "Không dựng được trang" in page
        assert "2026-11-20-le-hoi.md:5: lỗi: chuyên mục" in page
    finally:
        served.stop()

"""The newsroom at /admin/, driven in Chromium as a writer and an approver would.

A real Decap CMS talks to a real decap-server (its git mode) on a temporary
git repository: drafts are branches, publishing merges into ``main``.
"""

import functools
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.browser.conftest import QuietHandler, free_port
from tests.conftest import REPO, build_site, copy_fixture_content
from tests.photo_factory import encoded, noise, phone_photo, private_exif
from tintuc.editorial.gate import has_errors, run_checks
from tintuc.vn_text.front_matter import parse_front_matter

NODE = shutil.which("node", path=str(REPO / ".venv" / "bin")) or shutil.which("node")
DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Phòng biên tập",
    "GIT_AUTHOR_EMAIL": "bbt@example.vn",
    "GIT_COMMITTER_NAME": "Phòng biên tập",
    "GIT_COMMITTER_EMAIL": "bbt@example.vn",
}
HOSTILE_TITLE = "Khánh thành đường điện ở Định Hóa <script>alert(1)</script>"
HOSTILE_SLUG = "khanh-thanh-duong-dien-o-dinh-hoa-script-alert-1-script"


@dataclass
class Newsroom:
    url: str
    repo: Path
    root: Path

    def git(self, *arguments: str) -> str:
        return git(self.repo, *arguments)

    def branches(self) -> list[str]:
        listed = self.git("branch", "--format=%(refname:short)")
        return sorted(listed.split())


def git(repo: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", *arguments],
        cwd=repo,
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stdout.read())
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"decap-server did not listen on {port}")


def servers_of(repo: Path) -> list[int]:
    """Processes still serving ``repo`` (found by their environment), after a moment."""
    wanted = f"GIT_REPO_DIRECTORY={repo}".encode()
    for _ in range(20):
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and wanted in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
        if not found:
            return []
        time.sleep(0.1)
    return found


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    """/admin/ served on loopback, with decap-server on a fresh git repository."""
    root = tmp_path_factory.mktemp("newsroom")
    repo = root / "repo"
    content = copy_fixture_content(repo / "content")
    with (content / "data" / "communes.toml").open("a", encoding="utf-8") as data:
        data.write('\n[[commune]]\nslug = "phu-dinh"\nname = "Xã Phú Đình"\n')
    for name in ("document_types.toml", "fields.toml"):  # the document library's
        shutil.copy(REPO / "content" / "data" / name, content / "data" / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Trang mẫu")
    backend_port, site_port = free_port(), free_port()
    output = build_site(
        content,
        root / "admin-site",
        SITEURL=f"http://127.0.0.1:{site_port}",
        CMS_LOCAL_BACKEND=f"http://127.0.0.1:{backend_port}/api/v1",
    )
    backend = subprocess.Popen(
        [NODE, str(DECAP_SERVER)],
        env={
            **os.environ,
            **GIT_IDENTITY,
            "MODE": "git",
            "GIT_REPO_DIRECTORY": str(repo),
            "PORT": str(backend_port),
            "BIND_HOST": "127.0.0.1",
            "LOG_LEVEL": "warn",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # .venv's node is a wrapper that starts the real one: stop them both.
        start_new_session=True,
    )
    handler = functools.partial(QuietHandler, directory=str(output))
    site = ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        wait_for_port(backend_port, backend)
        yield Newsroom(f"http://127.0.0.1:{site_port}/admin/", repo, root)
    finally:
        site.shutdown()
        site.server_close()
        os.killpg(backend.pid, signal.SIGTERM)
        backend.wait(timeout=10)
        backend.stdout.close()
        assert servers_of(repo) == [], "decap-server outlived the test"


@pytest.fixture
def cms(browser, newsroom):
    """A signed-in newsroom page; fails the test on any policy violation."""
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 1000},
    )
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(newsroom.url)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Bộ sưu tập").wait_for()
    yield page
    context.close()
    assert refused == []


def photo_file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def big_phone_photo(folder: Path) -> Path:
    """A 12 MB JPEG with GPS in its EXIF, as a phone sends it."""
    channels = [noise((4000, 3000), seed) for seed in (1, 2, 3)]
    data = encoded(
        Image.merge("RGB", channels), "JPEG", quality=95, exif=private_exif()
    )
    assert len(data) > 12_000_000
    return photo_file(folder, "IMG_2026 Ảnh Đường điện.JPG", data)


def heic_photo(folder: Path) -> Path:
    data = encoded(phone_photo((1200, 900)), "HEIF", exif=private_exif())
    return photo_file(folder, "IMG_0042 Đội chè.HEIC", data)


def choose(page, field: str, *options: str) -> None:
    control = page.locator(f'[id^="{field}-field"]')
    for option in options:
        control.fill(option)
        page.keyboard.press("Enter")


def write_story(page, section="thoi-su", *, title, summary, photo=None, alt="",
                authors="Nguyễn Thị Hằng", approver="Nguyễn Thị Thu"):  # fmt: skip
    """Fill a new story's form as a writer does, without saving it."""
    page.goto(page.url.split("#")[0] + f"#/collections/{section}/new")
    page.locator('[id^="title-field"]').fill(title)
    choose(page, "unit", "UBND xã Định Hóa")
    page.locator('[id^="authors-field"]').fill(authors)
    page.locator('[id^="summary-field"]').fill(summary)
    choose(page, "approver", approver)
    choose(page, "communes", "Xã Định Hóa", "Xã Phú Đình")
    if photo:
        page.get_by_role("button", name="Chọn một tập tin").click()
        page.set_input_files('input[type="file"]', str(photo))
        page.get_by_role("button", name="Lấy những cái đã chọn").click()
        page.get_by_role("button", name="Chọn tập tin khác").wait_for()
        page.locator('[id^="image_alt-field"]').fill(alt)
    page.locator('[data-slate-editor="true"]').click()
    page.keyboard.type("Sáng 2/12, tuyến điện mới đưa điện lưới về 40 hộ dân.")


def save(page) -> None:
    page.get_by_role("button", name="Lưu", exact=True).click()


def saved_story_path(page) -> str:
    """After a save, the new entry's address names its file."""
    page.wait_for_url(re.compile(r"/entries/"), timeout=60_000)
    page.get_by_text("Thay đổi đã được lưu").wait_for(timeout=60_000)
    section, slug = re.search(
        r"collections/([^/]+)/entries/([^/?]+)", page.url
    ).groups()
    return f"content/articles/{section}/{slug}.md"


def set_status(page, current: str, new: str) -> None:
    page.get_by_role("button", name=f"Trạng thái: {current}").click()
    page.get_by_role("menuitem", name=new).click()
    page.get_by_role("button", name=f"Trạng thái: {new}").wait_for()


def publish_now(page, newsroom: Newsroom, path: str) -> None:
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_role("menuitem", name="Công bố ngay").click()
    deadline = time.monotonic() + 60
    while path not in newsroom.git("ls-tree", "-r", "--name-only", "main"):
        assert time.monotonic() < deadline, "the story never reached main"
        time.sleep(0.2)


def refused_with(page, message: str) -> None:
    page.get_by_text(message).first.wait_for(timeout=15_000)


def test_a_story_goes_from_draft_to_review_to_main(cms, newsroom, tmp_path):
    photo = big_phone_photo(tmp_path)
    write_story(
        cms,
        title=HOSTILE_TITLE,
        summary="Tuyến điện dài 3 km đưa điện lưới về 40 hộ dân.",
        photo=photo,
        alt="Công nhân điện lực kéo dây điện qua đồi chè",
    )
    preview = cms.frame_locator("iframe").first.locator(".dh-article__figure img")
    assert preview.get_attribute("alt") == "Công nhân điện lực kéo dây điện qua đồi chè"
    assert preview.get_attribute("src").startswith("blob:")
    save(cms)
    path = saved_story_path(cms)
    branch = f"cms/thoi-su/{Path(path).stem}"
    # A draft is a branch of its own: main, and so the public site, lacks it.
    assert branch in newsroom.branches()
    assert path not in newsroom.git("ls-tree", "-r", "--name-only", "main")
    draft_site = build_site(newsroom.repo / "content", tmp_path / "draft-site")
    assert not (draft_site / "bai-viet" / HOSTILE_SLUG).exists()

    set_status(cms, "Bản nháp", "Đang xét duyệt")
    set_status(cms, "Đang xét duyệt", "Sẵn sàng")
    publish_now(cms, newsroom, path)

    story = parse_front_matter(newsroom.git("show", f"main:{path}"))
    assert story.get("title") == HOSTILE_TITLE
    assert story.get("slug") == HOSTILE_SLUG
    assert story.get("communes") == "Xã Định Hóa, Xã Phú Đình"
    assert story.get("section") == "Thời sự"
    assert story.get("status") == "published"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", story.get("date"))
    image = story.get("image")
    assert re.fullmatch(r"images/\d{4}/\d\d/img_2026-anh-duong-dien\.jpg", image)
    assert f"content/{image}" in newsroom.git("ls-tree", "-r", "--name-only", "main")

    settings = {"PATH": str(newsroom.repo / "content"), "ARTICLE_PATHS": ["articles"]}
    assert not has_errors(run_checks({**settings, "PAGE_PATHS": ["pages"]}))
    site = build_site(newsroom.repo / "content", tmp_path / "site")
    page = (site / "bai-viet" / HOSTILE_SLUG / "index.html").read_text("utf-8")
    picture = BeautifulSoup(page, "html.parser").select_one(".dh-article__figure img")
    assert picture["alt"] == "Công nhân điện lực kéo dây điện qua đồi chè"
    assert picture["width"] and picture["height"]
    derivative = site / picture["src"].lstrip("/")
    assert derivative.is_file()
    assert b"GPS" not in derivative.read_bytes()
    # The hostile title is text everywhere it is shown (JSON Feed titles are text).
    for built in site.rglob("*"):
        if built.suffix in (".html", ".xml") and "admin" not in built.parts:
            assert "<script>alert(1)" not in built.read_text("utf-8"), built
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_iphone_heic_photo_is_accepted(cms, newsroom, tmp_path):
    write_story(
        cms,
        section="nguoi-tot-viec-tot",
        title="Đội chè xanh thôn Khuôn Tát nhận bằng khen",
        summary="Mười hai chị em giữ nghề chè sạch suốt năm năm.",
        photo=heic_photo(tmp_path),
        alt="Các chị trong đội chè hái chè trên đồi",
    )
    save(cms)
    path = saved_story_path(cms)
    set_status(cms, "Bản nháp", "Sẵn sàng")
    publish_now(cms, newsroom, path)
    image = parse_front_matter(newsroom.git("show", f"main:{path}")).get("image")
    assert image.endswith("/img_0042-doi-che.heic")
    site = build_site(newsroom.repo / "content", tmp_path / "site")
    slug = parse_front_matter(newsroom.git("show", f"main:{path}")).get("slug")
    page = (site / "bai-viet" / slug / "index.html").read_text("utf-8")
    sources = BeautifulSoup(page, "html.parser").select(".dh-article__figure source")
    assert any(source.get("type") == "image/webp" for source in sources)


def nothing_written(newsroom: Newsroom, before: list[str]) -> None:
    assert newsroom.branches() == before
    assert newsroom.git("status", "--porcelain") == ""


def test_an_empty_required_field_is_refused(cms, newsroom):
    before = newsroom.branches()
    write_story(cms, title="Tin thiếu tóm tắt", summary="")
    save(cms)
    refused_with(cms, "Bạn còn thiếu vài thông tin bắt buộc")
    refused_with(cms, "Tóm tắt bắt buộc nhập.")
    nothing_written(newsroom, before)


def test_a_summary_over_300_characters_is_refused(cms, newsroom):
    before = newsroom.branches()
    write_story(cms, title="Tin tóm tắt quá dài", summary="Dài " * 76)
    save(cms)
    refused_with(cms, "Tóm tắt: tối đa 300 ký tự")
    nothing_written(newsroom, before)


def test_a_photo_without_alt_text_is_refused(cms, newsroom, tmp_path):
    before = newsroom.branches()
    small = photo_file(tmp_path, "anh.jpg", encoded(phone_photo((800, 600)), "JPEG"))
    write_story(cms, title="Tin có ảnh thiếu mô tả", summary="Tóm tắt.", photo=small)
    save(cms)
    refused_with(cms, "Ảnh đại diện chưa có mô tả")
    nothing_written(newsroom, before)


def test_an_approver_who_wrote_the_story_is_refused(cms, newsroom):
    before = newsroom.branches()
    write_story(
        cms,
        title="Tin tự duyệt",
        summary="Tóm tắt.",
        authors="Nguyễn Thị Thu",
        approver="Nguyễn Thị Thu",
    )
    save(cms)
    refused_with(cms, "Người duyệt Nguyễn Thị Thu là tác giả bài")
    nothing_written(newsroom, before)


def test_the_preview_uses_the_site_layout(cms, newsroom):
    write_story(cms, title="Xem trước bài viết", summary="Tóm tắt xem trước.")
    preview = cms.frame_locator("iframe").first
    title = preview.locator("h1.dh-article__title")
    assert title.inner_text() == "Xem trước bài viết"
    assert preview.locator(".dh-article__summary").inner_text() == "Tóm tắt xem trước."
    assert "Nguyễn Thị Hằng" in preview.locator(".dh-article__byline").inner_text()
    sheets = preview.locator("link[rel=stylesheet]").evaluate_all(
        "links => links.map(link => link.href)"
    )
    assert any(sheet.endswith("/theme/css/main.css") for sheet in sheets)

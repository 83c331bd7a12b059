"""The newsroom at /admin/, driven in Chromium as a writer and an approver would.

A real Decap CMS talks to a real decap-server (its git mode) on a temporary
git repository: drafts are branches, publishing merges into ``main``.
"""

import contextlib
import datetime
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.readers import ensure_metadata_list
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import free_port, serving
from tests.conftest import REPO, SAMPLE, build_site, copy_fixture_content
from tests.photo_factory import encoded, noise, phone_photo, private_exif
from tests.unit.test_documents import a_pdf
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
    output: Path

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


def published_document(library: Path) -> None:
    """One published document for a new one to relate to.

    Written before decap-server starts: a commit made while it serves can land
    on whichever draft branch it has checked out at that moment.
    """
    (library / "files").mkdir(parents=True, exist_ok=True)
    a_pdf(library / "files" / "227.pdf")
    (library / "227.md").write_text(
        "Title: Triển khai phong trào thi đua chuyển đổi số\n"
        "Id: ff156fe2-0242-52a3-8cf8-6ce2cc10c443\nNumber: 227/KH-UBND\n"
        "Type: Kế hoạch\nIssuer: UBND xã Định Hóa\nDate: 15/10/2026\n"
        "Signer: Nguyễn Văn Minh\nSigner_title: Chủ tịch\n"
        "Files: files/227.pdf | Kế hoạch\nApprover: Lê Văn Thành\n"
        "Status: published\n\nNội dung.\n",
        "utf-8",
    )


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    """/admin/ served on loopback, with decap-server on a fresh git repository."""
    root = tmp_path_factory.mktemp("newsroom")
    repo = root / "repo"
    content = copy_fixture_content(repo / "content")
    with (content / "data" / "communes.toml").open("a", encoding="utf-8") as data:
        data.write('\n[[commune]]\nslug = "phu-dinh"\nname = "Xã Phú Đình"\n')
    for name in ("document_types.toml", "fields.toml"):  # the document library's
        shutil.copy(SAMPLE / "data" / name, content / "data" / name)
    published_document(content / "documents")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Trang mẫu")
    backend_port, site_port = free_port(), free_port()
    output = build_site(
        content,
        root / "admin-site",
        SITEURL=f"http://127.0.0.1:{site_port}",
        CMS_LOCAL_BACKEND=f"http://127.0.0.1:{backend_port}/api/v1",
        # What the newsroom server answers; a test turns the approver into a writer.
        CMS_ROLE_URL="role.json",
    )
    (output / "admin" / "role.json").write_text('{"role": "approver"}')
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
    try:
        wait_for_port(backend_port, backend)
        with serving(output, site_port):
            yield Newsroom(f"http://127.0.0.1:{site_port}/admin/", repo, root, output)
    finally:
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


def field(page, name: str):
    """A form field's input, by its name in the schema."""
    return page.locator(f'input[id^="{name}-field"], textarea[id^="{name}-field"]')


def type_into(page, name: str, text: str) -> None:
    """Type as a person does: key by key, never a whole value at once."""
    if text:
        field(page, name).press_sequentially(text)


def choose(page, name: str, *options: str) -> None:
    control = field(page, name)
    for option in options:
        control.press_sequentially(option)
        page.get_by_role("option").filter(has_text=option).first.wait_for()
        page.keyboard.press("Enter")


def upload(page, path: Path, choose_button="Chọn một tập tin") -> None:
    page.get_by_role("button", name=choose_button).click()
    page.set_input_files('input[type="file"]', str(path))
    page.get_by_role("button", name="Lấy những cái đã chọn").click()


def write_story(page, section="thoi-su", *, title, summary, photo=None, alt="",
                authors="Nguyễn Thị Hằng", approver="Nguyễn Thị Thu"):  # fmt: skip
    """Fill a new story's form as a writer does, without saving it."""
    page.goto(page.url.split("#")[0] + f"#/collections/{section}/new")
    type_into(page, "title", title)
    choose(page, "unit", "UBND xã Định Hóa")
    type_into(page, "authors", authors)
    type_into(page, "summary", summary)
    if approver:
        choose(page, "approver", approver)
    choose(page, "communes", "Xã Định Hóa", "Xã Phú Đình")
    if photo:
        upload(page, photo)
        page.get_by_role("button", name="Chọn tập tin khác").wait_for()
        type_into(page, "image_alt", alt)
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
    refused_with(cms, "Chưa lưu được: xem các lỗi đánh dấu đỏ")
    refused_with(cms, "Thiếu trường bắt buộc: Tóm tắt.")
    nothing_written(newsroom, before)


def test_a_summary_over_300_characters_is_refused(cms, newsroom):
    before = newsroom.branches()
    write_story(cms, title="Tin tóm tắt quá dài", summary="Dài " * 76)
    save(cms)
    # Counted as the gate counts the saved header: one line, no trailing space.
    refused_with(cms, "Tóm tắt dài 303 ký tự, tối đa 300.")
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


# --- What commune writers meet: typing, refusals, roles, English, documents, paste.

PASTE = REPO / "tests" / "fixtures" / "paste"
SHOTS = os.environ.get("NEWSROOM_SHOTS")  # a folder: screenshots of each step
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 768}
# Words of Decap's English a writer or approver must never meet (whole words).
ENGLISH = re.compile(
    r"\b(Add|Copy|Image|Insert|Replace|URL|Bold|Italic|Headings?|Save|Publish|"
    r"Delete|Error|Choose|Select|Status|Quote|Link|Title|Toggle|Expand|Collapse|"
    r"Remove|Upload|Loading|Options|Draft|Ready|Review|Entries|Collections|"
    r"Workflow|Media|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|AM|PM)\b",
    re.IGNORECASE,
)


def shoot(page, name: str) -> None:
    """With NEWSROOM_SHOTS set: the page now, on a phone and on a desktop."""
    if not SHOTS:
        return
    size = page.viewport_size
    for label, viewport in (("390", PHONE), ("1366", DESKTOP)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        page.screenshot(path=f"{SHOTS}/{name}-{label}.png")
    page.set_viewport_size(size)


def compose(page, text: str) -> None:
    """Type ``text`` through IME composition over CDP, as Telex/VNI keyboards do.

    Each syllable is composed letter by letter (the marks come last, as Telex
    adds them), then committed; spaces and commas are typed between syllables.
    """
    session = page.context.new_cdp_session(page)
    for piece in re.split(r"([ ,]+)", text):
        if not piece:
            continue
        if re.fullmatch(r"[ ,]+", piece):
            page.keyboard.type(piece)
            continue
        bare = unicodedata.normalize("NFD", piece)
        bare = "".join(c for c in bare if not unicodedata.combining(c)).replace(
            "đ", "d"
        )
        steps = [bare[:end] for end in range(1, len(bare) + 1)] + [piece]
        for step in steps:
            session.send(
                "Input.imeSetComposition",
                {"text": step, "selectionStart": len(step), "selectionEnd": len(step)},
            )
        session.send("Input.insertText", {"text": piece})
    session.detach()


def draft_file(newsroom: Newsroom, path: str) -> str:
    """A saved draft's file, from its branch."""
    return newsroom.git(
        "show", f"cms/{Path(path).parent.name}/{Path(path).stem}:{path}"
    )


def visible_english(page) -> list[str]:
    """English words in the text, tooltips, labels and placeholders a person sees."""
    texts = page.evaluate(
        """() => {
          const seen = [document.body.innerText];
          for (const node of document.querySelectorAll('[title], [aria-label], [placeholder], img[alt]')) {
            for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
              if (node.getAttribute(name)) seen.push(node.getAttribute(name));
            }
          }
          for (const frame of document.querySelectorAll('iframe')) {
            try { seen.push(frame.contentDocument.body.innerText); } catch (e) {}
          }
          return seen;
        }"""
    )
    return sorted(
        {match.group(0) for text in texts for match in ENGLISH.finditer(text)}
    )


def test_names_and_tags_are_saved_as_typed(cms, newsroom):
    cms.goto(cms.url.split("#")[0] + "#/collections/thoi-su/new")
    type_into(cms, "title", "Hội thi dệt thổ cẩm ở Bảo Linh")
    shoot(cms, "01-form")
    choose(cms, "unit", "UBND xã Định Hóa")
    field(cms, "authors").click()
    compose(cms, "Hoàng Văn Bình, Đặng Thị Lụa")
    assert field(cms, "authors").input_value() == "Hoàng Văn Bình, Đặng Thị Lụa"
    field(cms, "tags").click()
    cms.keyboard.type("thổ cẩm, nghề truyền thống")
    type_into(cms, "summary", "Hai mươi chị em dự thi dệt thổ cẩm.")
    assert cms.get_by_text("35/300 ký tự").is_visible()
    choose(cms, "approver", "Lê Văn Thành")
    cms.locator('[data-slate-editor="true"]').click()
    cms.keyboard.type("Sáng 5/12, hội thi diễn ra ở nhà văn hóa thôn.")
    shoot(cms, "02-names-typed")
    save(cms)
    path = saved_story_path(cms)
    story = parse_front_matter(draft_file(newsroom, path))
    assert story.get("authors") == "Hoàng Văn Bình, Đặng Thị Lụa"
    assert story.get("tags") == "thổ cẩm, nghề truyền thống"
    # Pelican and the gate split them into two people and two tags.
    assert ensure_metadata_list(story.get("authors")) == [
        "Hoàng Văn Bình",
        "Đặng Thị Lụa",
    ]
    assert ensure_metadata_list(story.get("tags")) == ["thổ cẩm", "nghề truyền thống"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", story.get("date"))


def test_a_refused_save_marks_each_field_and_lists_them_all(cms, newsroom, tmp_path):
    before = newsroom.branches()
    small = photo_file(tmp_path, "anh.jpg", encoded(phone_photo((800, 600)), "JPEG"))
    write_story(
        cms, title="Tin nhiều lỗi", summary="Tóm tắt rất dài. " * 24, authors=""
    )
    summary_count = cms.locator('[id^="dh-count-summary-field"]')
    assert summary_count.inner_text() == "Tóm tắt dài 407 ký tự, tối đa 300."
    save(cms)
    box = cms.locator("#dh-summary[role=alert]")
    box.wait_for()
    problems = box.locator("li").all_inner_texts()
    assert problems == [
        "Thiếu trường bắt buộc: Tác giả.",
        "Tóm tắt dài 407 ký tự, tối đa 300.",
    ]
    # Each field carries its own message beside it.
    authors = cms.locator('label[for^="authors-field"] + ul')
    assert authors.inner_text().strip().lower() == "thiếu trường bắt buộc: tác giả."
    shoot(cms, "03-refused")
    # Fixing one field leaves the list in place until the next save.
    type_into(cms, "authors", "Hà Thị Nga")
    assert box.locator("li").count() == 2
    # The save hook's own problems come in the same list, without "Error:".
    upload(cms, small)
    cms.get_by_role("button", name="Chọn tập tin khác").wait_for()
    field(cms, "summary").fill("")  # clearing is not typing: the test's shortcut
    type_into(cms, "summary", "Tóm tắt ngắn.")
    save(cms)
    box.get_by_text("Ảnh đại diện chưa có mô tả").wait_for()
    text = cms.locator("body").inner_text()
    assert "Error" not in text
    assert "không khớp với mẫu" not in text
    nothing_written(newsroom, before)


def test_writers_never_see_approver_only_fields(browser, newsroom):
    role = newsroom.output / "admin" / "role.json"
    role.write_text('{"role": "writer"}')
    try:
        context = browser.new_context(locale="vi-VN", viewport=PHONE)
        page = context.new_page()
        page.goto(newsroom.url)
        page.get_by_role("button", name="Đăng nhập").click()
        page.goto(newsroom.url + "#/collections/thoi-su/new")
        field(page, "title").wait_for()
        assert page.locator("html").get_attribute("data-role") == "writer"
        labels = page.locator("label[for]").all_inner_texts()
        assert labels and not any(
            word in label.lower()
            for label in labels
            for word in ("người duyệt", "hệ số nhuận bút")
        )
        # Nothing wider than the phone: "Lưu" is on screen.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        assert page.get_by_role("button", name="Lưu", exact=True).is_visible()
        shoot(page, "04-writer-form")
        # The text is edited as readers see it: no switch to Markdown source.
        assert page.get_by_label("Chuyển sang mã Markdown").count() == 0
        # Saved, the story can go for review; only an approver makes it ready
        # or publishes it, so the writer is offered neither.
        write_story(page, title="Tin của người viết", summary="Tóm tắt.", approver="")
        save(page)
        saved_story_path(page)
        page.get_by_role("button", name="Trạng thái: Bản nháp").click()
        offered = page.get_by_role("menuitem").all_inner_texts()
        assert [choice.strip() for choice in offered] == ["Bản nháp", "Đang xét duyệt"]
        assert page.get_by_role("button", name="Công bố", exact=True).count() == 0
        context.close()
    finally:
        role.write_text('{"role": "approver"}')


def test_no_english_on_the_writers_and_approvers_paths(cms, newsroom):
    dialogs = []
    cms.on("dialog", lambda dialog: dialogs.append(dialog.message))
    seen = {}
    cms.get_by_text("Bộ sưu tập").wait_for()
    seen["collections"] = visible_english(cms)
    write_story(cms, title="Tin kiểm tra tiếng Anh", summary="Tóm tắt.")
    seen["form"] = visible_english(cms)
    save(cms)
    saved_story_path(cms)
    seen["saved"] = visible_english(cms)
    cms.get_by_role("button", name="Trạng thái: Bản nháp").click()
    seen["status menu"] = visible_english(cms)
    cms.keyboard.press("Escape")
    editor = cms.locator('[data-slate-editor="true"]')
    editor.click()
    cms.keyboard.press("Control+a")
    cms.get_by_role("button", name="Liên kết").click()
    cms.get_by_role("button", name="Chèn ảnh hoặc mục khác").click()
    seen["insert menu"] = visible_english(cms)
    cms.get_by_role("menuitem", name="Ảnh").click()
    seen["photo box"] = visible_english(cms)
    cms.get_by_role("button", name="Chọn ảnh").first.click()
    seen["media library"] = visible_english(cms)
    cms.keyboard.press("Escape")
    cms.get_by_role("button", name="Thêm phóng sự ảnh").click()
    seen["photo essay"] = visible_english(cms)
    cms.goto(cms.url.split("#")[0] + "#/workflow")
    card = cms.get_by_text("Tin kiểm tra tiếng Anh").first
    card.wait_for()
    board = cms.locator("body").inner_text()
    assert re.search(r"\b\d\d/\d\d/\d{4} \d\d:\d\d\b", board), board
    seen["board"] = visible_english(cms)
    shoot(cms, "05-board")
    # The approver's steps: open the story, make it ready, open "Công bố".
    card.click()
    set_status(cms, "Bản nháp", "Sẵn sàng")
    cms.get_by_role("button", name="Công bố", exact=True).click()
    seen["publish menu"] = visible_english(cms)
    shoot(cms, "06-publish-menu")
    cms.keyboard.press("Escape")
    cms.goto(cms.url.split("#")[0] + "#/collections/van-ban/new")
    field(cms, "title").wait_for()
    seen["document form"] = visible_english(cms)
    seen["dialogs"] = sorted({m.group(0) for d in dialogs for m in ENGLISH.finditer(d)})
    assert "Dán địa chỉ trang cần liên kết (bắt đầu bằng https://)" in dialogs
    assert {where: words for where, words in seen.items() if words} == {}


def test_the_inline_photo_s_labels_are_plain_and_say_optional_once(cms):
    cms.goto(cms.url.split("#")[0] + "#/collections/thoi-su/new")
    cms.locator('[data-slate-editor="true"]').click()
    cms.get_by_role("button", name="Chèn ảnh hoặc mục khác").click()
    cms.get_by_role("menuitem", name="Ảnh").click()
    # innerText is as shown (upper case): compared in lower case.
    labels = [text.lower() for text in cms.locator("label").all_inner_texts()]
    assert "tên ảnh, hiện khi trỏ chuột vào ảnh (không bắt buộc)" in labels
    assert [text for text in labels if text.count("không bắt buộc") > 1] == []
    assert not [text for text in labels if "di chuột" in text]


def test_the_lead_photo_s_description_says_when_it_is_needed(cms):
    cms.goto(cms.url.split("#")[0] + "#/collections/thoi-su/new")
    label = cms.locator('label[for^="image_alt-field"]')
    # Decap calls it optional; the gate needs it whenever there is a photo.
    expect(label).to_have_text(
        "Mô tả ảnh (bắt buộc khi có ảnh đại diện)", ignore_case=True
    )
    type_into(cms, "image_alt", "Người dân gặt lúa")
    expect(label).not_to_contain_text("không bắt buộc", ignore_case=True)


def test_a_choice_list_speaks_to_a_screen_reader_in_vietnamese(cms):
    cms.goto(cms.url.split("#")[0] + "#/collections/thoi-su/new")
    field(cms, "title").wait_for()
    cms.locator('[id^="unit-field"]').focus()
    cms.keyboard.press("ArrowDown")
    cms.keyboard.press("ArrowDown")
    spoken = cms.locator('[role="log"]').filter(has_text=re.compile(r"\S"))
    expect(spoken).to_contain_text("Phím mũi tên lên, xuống để di chuyển giữa các mục")
    said = [spoken.text_content()]
    cms.keyboard.press("Enter")
    expect(spoken).to_contain_text("Đã chọn")
    said.append(spoken.text_content())
    english = re.compile(
        r"\b(option|result|available|press|focused|selected|menu)\b", re.I
    )
    assert [text for text in said if english.search(text)] == []


def test_every_english_phrase_of_decap_has_a_vietnamese_one(cms):
    missing = cms.evaluate(
        """() => {
          const missing = [];
          const walk = (en, vi, path) => {
            for (const [key, value] of Object.entries(en)) {
              const there = vi ? vi[key] : undefined;
              if (value && typeof value === 'object') walk(value, there, `${path}${key}.`);
              else if (typeof there !== 'string' || !there) missing.push(path + key);
            }
          };
          walk(CMS.getLocale('en'), CMS.getLocale('vi'), '');
          return missing;
        }"""
    )
    assert missing == []


@contextlib.contextmanager
def typed_on_a_slow_phone(page):
    """Chromium's CPU six times slower while the block runs, as on a cheap phone."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 6})
    try:
        yield
    finally:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        cdp.detach()


PHOTO_ESSAY_TEXT = {
    "alt": "Học sinh xã Phú Đình đọc sách ở thư viện mới",
    "caption": "Giờ đọc sách chiều thứ Sáu, ngày 4/12/2026",
    "credit": "Đồng Thị Hường",
}


def test_nothing_typed_in_a_photo_essay_or_a_correction_is_taken_back(cms):
    # Decap's own fields, not newsroom.js's: on a slow phone they must not take
    # back letters as its copy of the field lags (as newsroom.js's once did).
    cms.goto(cms.url.split("#")[0] + "#/collections/thoi-su/new")
    cms.get_by_role("button", name="Thêm phóng sự ảnh").click()
    correction = "05/12/2026 | Sửa tên người trong ảnh thứ hai"
    with typed_on_a_slow_phone(cms):
        for name, text in PHOTO_ESSAY_TEXT.items():
            type_into(cms, name, text)
        type_into(cms, "corrections", correction)
    typed = {name: field(cms, name).input_value() for name in PHOTO_ESSAY_TEXT}
    assert typed == PHOTO_ESSAY_TEXT
    assert field(cms, "corrections").input_value() == correction


def a_document_pdf(folder: Path) -> Path:
    return a_pdf(folder / "Kế hoạch 15 KH-UBND.pdf", text="Kế hoạch số 15/KH-UBND")


DOCUMENT_TITLE = "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026"


def write_document(page, folder: Path, number: str, type_name: str) -> None:
    page.goto(page.url.split("#")[0] + "#/collections/van-ban/new")
    # Decap's copy of the field lags behind the keys on a cheap phone, and
    # nothing typed may be taken back.
    with typed_on_a_slow_phone(page):
        type_into(page, "title", DOCUMENT_TITLE)
    assert field(page, "title").input_value() == DOCUMENT_TITLE
    type_into(page, "number", number)
    choose(page, "type", type_name)
    choose(page, "issuer", "UBND xã Định Hóa")
    field(page, "date").press_sequentially("20/11/2026")
    type_into(page, "signer", "Nguyễn Văn Minh")
    type_into(page, "signer_title", "Chủ tịch")
    choose(page, "field", "Hành chính")
    choose(page, "related", "227/KH-UBND")
    page.get_by_role("button", name="Thêm tệp PDF").click()
    upload(page, a_document_pdf(folder))
    type_into(page, "label", "Kế hoạch (bản có chữ ký)")
    choose(page, "approver", "Lê Văn Thành")


def test_a_document_with_its_pdf_goes_from_the_browser_to_van_ban(
    cms, newsroom, tmp_path
):
    before = newsroom.branches()
    write_document(cms, tmp_path, "15/QĐ-UBND", "Kế hoạch")
    save(cms)
    refused_with(cms, "Ký hiệu “QĐ” không khớp loại “Kế hoạch” (phải là KH).")
    nothing_written(newsroom, before)
    shoot(cms, "07-document-refused")
    field(cms, "number").fill("")  # clearing is not typing: the test's shortcut
    type_into(cms, "number", "15/KH-UBND")
    save(cms)
    cms.wait_for_url(re.compile(r"/entries/"), timeout=60_000)
    cms.get_by_text("Thay đổi đã được lưu").wait_for(timeout=60_000)
    slug = re.search(r"collections/van-ban/entries/([^/?]+)", cms.url).group(1)
    # Named for the day it was signed, 20/11/2026 (00:00 in Vietnam, the 19th in UTC).
    assert slug == "2026-11-20-15-kh-ubnd"
    path = f"content/documents/{slug}.md"
    shoot(cms, "08-document-saved")
    set_status(cms, "Bản nháp", "Sẵn sàng")
    publish_now(cms, newsroom, path)
    document = parse_front_matter(newsroom.git("show", f"main:{path}"))
    assert document.get("title") == DOCUMENT_TITLE
    assert document.get("number") == "15/KH-UBND"
    assert document.get("type") == "Kế hoạch"
    assert document.get("date") == "20/11/2026"
    assert document.get("related") == "227/KH-UBND"
    assert document.get("status") == "published"
    pdf, label = (part.strip() for part in document.get("files").split("|"))
    assert label == "Kế hoạch (bản có chữ ký)"
    assert f"content/documents/{pdf}" in newsroom.git(
        "ls-tree", "-r", "--name-only", "main"
    )
    settings = {"PATH": str(newsroom.repo / "content"), "ARTICLE_PATHS": ["articles"]}
    report = run_checks({**settings, "PAGE_PATHS": ["pages"]})
    assert not has_errors(report), [str(p) for p in report]
    site = build_site(newsroom.repo / "content", tmp_path / "site")
    page = site / "van-ban" / "15-kh-ubnd" / "index.html"
    assert "Đại đoàn kết" in page.read_text("utf-8")


def paste(page, selector: str, html: str = "", text: str = "") -> None:
    """Paste clipboard data into ``selector`` as the browser does: a ClipboardEvent."""
    page.locator(selector).first.evaluate(
        """(target, [html, text]) => {
          const data = new DataTransfer();
          if (html) data.setData('text/html', html);
          data.setData('text/plain', text);
          target.dispatchEvent(new ClipboardEvent('paste',
            { clipboardData: data, bubbles: true, cancelable: true }));
        }""",
        [html, text],
    )


INVISIBLE_CHARS = ("\u200b", "\u00ad", "\u00a0", "\ufeff")


# What each document keeps once pasted and saved: lines of the saved body.
PASTED_BODIES = {
    "word": [
        r"^## Kết quả thu hoạch chè$",
        r"\*\*1\.200 tấn\*\*",
        r"[_*]báo cáo của UBND xã[_*]",
        r"\[thông tin điện tử\]\(https://dinhhoa\.thainguyen\.gov\.vn/\)",
        r"Nông dân phấn khởi\.",
        r"^[-*] Chè xanh Tân Cương$",
        r"^[-*] Chè búp khô$",
    ],
    "gdocs": [
        r"^## Lịch tiêm vắc-xin$",
        r"^Trạm y tế xã tiêm \*\*miễn phí\*\* cho trẻ",
        r"[_*]mang theo sổ tiêm[_*]",
        r"\[lịch chi tiết\]\(https://vnvc\.vn/lich-tiem\)",
        r"^1\. Sáng thứ Hai$",
        r"^2\. Chiều thứ Tư$",
    ],
}


@pytest.mark.parametrize("source", ["word", "gdocs"])
def test_pasting_from_word_and_google_docs_keeps_what_readers_see(
    cms, newsroom, source
):
    write_story(cms, title=f"Tin dán từ {source}", summary="", approver="Lê Văn Thành")
    # The caret is at the end of the text just typed: paste below it.
    cms.keyboard.press("Enter")
    html = (PASTE / f"{source}.html").read_text("utf-8")
    plain = PASTE / f"{source}.txt"
    text = plain.read_text("utf-8") if plain.exists() else ""
    paste(cms, '[data-slate-editor="true"]', html=html, text=text)
    field(cms, "summary").click()
    paste(
        cms,
        'textarea[id^="summary-field"]',
        text="Xã\u00a0thu 1.200\u200b tấn chè; nông dân phấn khở\u00adi.",
    )
    shoot(cms, f"09-pasted-{source}")
    save(cms)
    saved = draft_file(newsroom, saved_story_path(cms))
    story = parse_front_matter(saved)
    assert story.get("summary") == "Xã thu 1.200 tấn chè; nông dân phấn khởi."
    for line in PASTED_BODIES[source]:
        assert re.search(line, story.body, re.MULTILINE), (line, story.body)
    assert "·" not in saved
    assert "\\" not in story.body  # no stray hard line breaks between blocks
    assert not any(char in saved for char in INVISIBLE_CHARS)
    # Google's wrapper <b> is not bold: only "miễn phí" is.
    assert "**Lịch tiêm" not in story.body and "**Trạm" not in story.body


def test_the_preview_separates_caption_and_credit_and_shows_heic(
    cms, newsroom, tmp_path
):
    write_story(
        cms,
        section="nguoi-tot-viec-tot",
        title="Cô giáo vùng cao",
        summary="Mười lăm năm gieo chữ.",
        photo=heic_photo(tmp_path),
        alt="Cô Lan cầm tay học sinh tập viết",
    )
    type_into(cms, "image_caption", "Cô Lan trong giờ tập đọc")
    type_into(cms, "image_credit", "Ban biên tập")
    preview = cms.frame_locator("iframe").first
    caption = preview.locator(".dh-article__figure figcaption")
    assert caption.inner_text() == "Cô Lan trong giờ tập đọc. Ảnh: Ban biên tập"
    photo = preview.locator(".dh-article__figure img")
    photo.wait_for()
    cms.wait_for_function(
        "() => { const f = document.querySelector('iframe');"
        " const i = f && f.contentDocument.querySelector('.dh-article__figure img');"
        " return i && i.complete && i.naturalWidth > 0; }",
        timeout=30_000,
    )
    shoot(cms, "10-heic-preview")
    # The photo essay's hint speaks of the form, not of the file's "|" syntax.
    hint = cms.get_by_text("Bấm “Thêm phóng sự ảnh” cho mỗi ảnh")
    assert hint.is_visible()
    assert "|" not in hint.inner_text()


# 05:30 on 1 December in Vietnam: still 30 November (and November) in UTC.
BEFORE_SEVEN = datetime.datetime(2026, 11, 30, 22, 30, tzinfo=datetime.UTC)


def test_a_story_written_before_seven_is_named_for_its_day_in_vietnam(
    browser, newsroom, tmp_path
):
    # A browser in New York, whose clock says 05:30 in Vietnam: neither the
    # browser's zone nor UTC may name the file or the photo's folder.
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="America/New_York",
        viewport={"width": 1280, "height": 1000},
    )
    context.clock.install(time=BEFORE_SEVEN)
    page = context.new_page()
    page.goto(newsroom.url)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Bộ sưu tập").wait_for()
    photo = photo_file(
        tmp_path, "cong-lang.jpg", encoded(phone_photo((800, 600)), "JPEG")
    )
    write_story(
        page,
        title="Họp dân thôn Bản Piềng",
        summary="Bà con bàn việc làm đường.",
        photo=photo,
        alt="Bà con ngồi họp ở nhà văn hóa thôn",
    )
    assert field(page, "date").input_value() == "01/12/2026 05:30"
    save(page)
    path = saved_story_path(page)
    context.close()
    assert path == "content/articles/thoi-su/2026-12-01-hop-dan-thon-ban-pieng.md"
    branch = f"cms/thoi-su/{Path(path).stem}"
    story = parse_front_matter(newsroom.git("show", f"{branch}:{path}"))
    assert story.get("date") == "2026-12-01 05:30"
    assert story.get("image") == "images/2026/12/cong-lang.jpg"
    files = newsroom.git("ls-tree", "-r", "--name-only", branch).split()
    assert "content/images/2026/12/cong-lang.jpg" in files

"""A build from the saved site state makes the same bytes as a clean build.

Each case starts from one base build of the sample site (copied back into
the same folder before each case, so every path the state and the caches name
is the same), makes one kind of change, builds with the real
``python -m tintuc.build build`` in a process of its own, meanwhile builds the
same content clean in another (another output, an empty cache) and compares
the two trees byte for byte. Cases whose changed site is the same share that
clean build. The clock is stopped for both builds (``tests/clock_shim``).
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import feedparser
import pytest

from tests.conftest import REPO, copy_sample_content, output_files, output_folders
from tintuc.build.body_edits import recipes_of
from tintuc.build.state import STATE_DIR
from tintuc.build.state import output_files as recorded_outputs
from tintuc.buildspeed.memo import KeyedFiles
from tintuc.documents.settings import DEFAULTS as DOCUMENTS_DEFAULTS
from tintuc.feeds.keyed import CACHE_DIR as FEEDS_CACHE_DIR
from tintuc.feeds.settings import DEFAULTS as FEEDS_DEFAULTS
from tintuc.newsroom.repo.building import build_site
from tintuc.shared.code import add_files
from tintuc.vn_text.dates import VIETNAM_TIME
from tools.draw_sample_photos import SCENES, draw_scene

pytestmark = pytest.mark.slow

NOW = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=VIETNAM_TIME)
LATER = NOW + datetime.timedelta(days=3)
CLOCK_SHIM = Path(__file__).resolve().parents[1] / "clock_shim"
FALLBACK = "Dựng lại toàn bộ trang"
UNCHANGED = "Không có gì thay đổi"
RESTORED = "lấy lại"
STORY = (
    "articles/kinh-te/2026-11-24-che-dinh-hoa-vao-vu-thu-hoach-cuoi-nam-gia-tang-10.md"
)
PHOTO = "images/2026/doi-che-dinh-hoa.jpg"
RECENT_STORY = "articles/thoi-su/lop-tin-hoc.md"
# In no feed of at most two items: older than the two newest of its section,
# its commune and its unit.
OLD_STORY = (
    "articles/kinh-te/2026-10-04-cho-phien-cho-chu-nhon-nhip-mua-nong-san-cuoi-nam.md"
)
OLD_ID = "88a42237-edfd-5742-9340-093632320d52"
# Tagged OCOP as STORY is; Pelican's tag page keeps STORY's spelling of it.
OCOP_STORY = (
    "articles/kinh-te/"
    "2026-10-12-phong-su-buoi-binh-thanh-va-con-duong-tro-thanh-san-pham-oco.md"
)
SCHEDULED = """Title: Lịch cắt điện tuần tới
Id: 5d7bd0a4-2f0e-4a51-9f57-0c9b7f4a1e11
Slug: lich-cat-dien-tuan-toi
Date: {date:%Y-%m-%d %H:%M}
Section: Thời sự
Authors: Phạm Đức Anh
Unit: Hội Nông dân xã Phượng Tiến
Communes: Xã Định Hóa
Summary: Điện lực thông báo lịch cắt điện để bảo dưỡng đường dây.
Tags: điện
Approver: Lê Văn Thành
Status: published

Điện lực thông báo lịch cắt điện để bảo dưỡng đường dây trong tuần tới.
"""
RECENT_ID = "0c1f5e8a-3b6d-4e2f-9a7c-1d2e3f4a5b6c"
# The newest story: in the news sitemap until NOW + 12 h (FEEDS_NEWS_DAYS is 2).
RECENT = (
    SCHEDULED.replace("Lịch cắt điện tuần tới", "Xã mở lớp tin học cho người già")
    .replace("5d7bd0a4-2f0e-4a51-9f57-0c9b7f4a1e11", RECENT_ID)
    .replace("lich-cat-dien-tuan-toi", "lop-tin-hoc-cho-nguoi-gia")
)
PLUGIN = 'from pelican import signals\nMARK = "{mark}"\n\n\n' + (
    "def mark(pelican):\n"
    '    pelican.settings["SITESUBTITLE"] = MARK\n\n\n'
    "def register():\n"
    "    signals.initialized.connect(mark)\n"
)


def read_plugins() -> list[str]:
    """The sample build's plugins: the site's own, and the test's local one."""
    namespace = {}
    exec((REPO / "pelicanconf.py").read_text(encoding="utf-8"), namespace)  # noqa: S102
    *ours, last = namespace["PLUGINS"]  # buildspeed stays last
    return [*ours, "local_mark", last]


class Site:
    """A sample site in ``root``: content, theme, a local plugin, its builds."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.theme = root / "theme"
        self.plugins = root / "plugins"
        self.output = root / "output"
        self.cache = root / "cache"

    def make(self) -> None:
        copy_sample_content(self.content)
        text = SCHEDULED.format(date=NOW + datetime.timedelta(days=1))
        (self.content / "articles/thoi-su/lich-cat-dien.md").write_text(text, "utf-8")
        text = RECENT.format(date=NOW - datetime.timedelta(hours=36))
        (self.content / RECENT_STORY).write_text(text, "utf-8")
        document = self.content / "documents/2026-10-28-18-tb-ubnd.md"
        self.replace(document, "Expires: 30/11/2026", "In_force: 08/12/2026")
        shutil.copytree(REPO / "theme", self.theme)
        self.plugins.mkdir()
        (self.plugins / "local_mark.py").write_text(PLUGIN.format(mark="Một"))

    @staticmethod
    def replace(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def start_build(  # noqa: PLR0913, PLR0917 - each a test's
        self, output=None, cache=None, now=NOW, settings=(), force=False, env=None
    ):
        """Start a build with the wrapper at ``now``; ``Build.wait`` gives its log.

        ``env``: more of the environment (``tests/clock_shim``'s).
        """
        extra = [
            f'PATH="{self.content}"',
            f'CACHE_PATH="{cache or self.cache}"',
            f'THEME="{self.theme}"',
            f"PLUGIN_PATHS={json.dumps([str(self.plugins)])}",
            f"PLUGINS={json.dumps(read_plugins())}",
            *settings,
        ]
        output = Path(output or self.output)
        command = [sys.executable, "-m", "tintuc.build", "--settings"]
        command += ["pelicanconf.py", "build", "--output", str(output)]
        command += [*(["--force"] if force else []), "--", "-e", *extra]
        path = os.pathsep.join(
            filter(None, [str(CLOCK_SHIM), os.environ.get("PYTHONPATH")])
        )
        environment = {
            **os.environ,
            "PYTHONPATH": path,
            "TINTUC_TEST_NOW": now.isoformat(),
            **(env or {}),
        }
        return Build(command, environment, output)

    def build(self, output=None, cache=None, now=NOW, settings=(), force=False):
        """Build with the wrapper at ``now``; its log (stdout and stderr)."""
        return self.start_build(output, cache, now, settings, force).wait()

    def start_clean_build(self, now=NOW, settings=(), folder=None) -> "Build":
        """Start building the same content clean: into another output, empty cache.

        Both in ``folder`` (the site's own by default). The build reads only
        the content, theme and plugins, so it may run beside a build of the
        site's own output: each has its own output, cache and locks.
        """
        folder = folder or self.root
        output, cache = folder / "clean-output", folder / "clean-cache"
        shutil.rmtree(cache, ignore_errors=True)
        return self.start_build(output, cache, now, settings, force=True)

    def state_file(self) -> Path:
        (found,) = (self.cache / STATE_DIR).glob("*.json")
        return found


class Build:
    """A build running in a process of its own, its log written beside its output."""

    def __init__(self, command: list[str], environment: dict, output: Path):
        self.output = output
        self.log = output.with_name(output.name + ".log")
        output.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("w", encoding="utf-8") as written:
            self.process = subprocess.Popen(
                command, cwd=REPO, env=environment, stdout=written, stderr=written
            )

    def __enter__(self) -> "Build":
        return self

    def __exit__(self, *failure) -> None:
        self.process.wait()  # never left running into the next case's folders

    def wait(self) -> str:
        """Its log, once it has ended; it must have succeeded."""
        self.process.wait()
        log = self.log.read_text(encoding="utf-8")
        assert self.process.returncode == 0, log[-4000:]
        return log

    def finish(self) -> Path:
        """Its output, once it has ended; it must have succeeded."""
        self.wait()
        return self.output


@pytest.fixture(scope="module")
def base_builds(tmp_path_factory):
    """The sample site built once, then kept aside for every case to start from.

    And the same content built clean meanwhile, for ``clean_base``.
    """
    root = tmp_path_factory.mktemp("state")
    site = Site(root / "site")
    site.make()
    with site.start_clean_build(folder=root / "clean-base") as clean:
        site.build()
        shutil.copytree(site.root, root / "base", symlinks=True)
    # Ended before any case starts: the cases delete and edit what it reads.
    yield root / "base", clean


@pytest.fixture(scope="module")
def base(base_builds) -> Path:
    return base_builds[0]


def base_of(site: Site) -> Path:
    """The folder of the module's base build and of the site restored from it."""
    return site.root.parent


def restored(base: Path) -> Site:
    """The base build copied back where it was built: the same paths, the same state."""
    work = base.parent / "site"
    shutil.rmtree(work, ignore_errors=True)
    # The output and the state's mirror of it only by hard links: a build
    # never writes into an output file (it swaps the folder in) nor into the
    # mirror (it links and unlinks). What the cases edit or touch is copied.
    linked = [base / "output", *(base / "cache" / STATE_DIR).glob("*.files")]

    def not_linked(folder, names):
        return [name for name in names if Path(folder, name) in linked]

    shutil.copytree(base, work, symlinks=True, ignore=not_linked)
    for folder in linked:
        shutil.copytree(folder, work / folder.relative_to(base), copy_function=os.link)
    return Site(work)


@pytest.fixture
def site(base) -> Site:
    return restored(base)


@pytest.fixture(scope="module")
def clean_base(base_builds) -> dict[str, bytes]:
    """The base content built clean: what a build after any fallback must make."""
    return output_files(base_builds[1].finish())


def edit_story(site, old, new):
    site.replace(site.content / STORY, old, new)


def move_story(site):
    source = site.content / STORY
    target = site.content / "articles" / "thoi-su" / source.name
    source.rename(target)
    site.replace(target, "Section: Kinh tế", "Section: Thời sự")


def add_story(site):
    text = (site.content / STORY).read_text(encoding="utf-8")
    text = text.replace("Slug: che-dinh-hoa", "Slug: moi-che-dinh-hoa")
    text = text.replace("Id: 7f477a9b", "Id: 00000000").replace(
        "Title: Chè", "Title: Mới: chè"
    )
    (site.content / "articles/kinh-te/2026-11-25-moi.md").write_text(text, "utf-8")


def replace_photo(site):
    _, seed, *scene = SCENES[1]
    image = draw_scene(seed + 7, *scene)
    image.save(site.content / PHOTO, "JPEG", quality=80)


def edit_template(site):
    site.replace(
        site.theme / "templates" / "base.html", "</body>", "<!-- sửa -->\n</body>"
    )


def theme_folder_becomes_file(site):
    """One theme folder emptied, another now a file (found by review).

    Pelican copies theme files with ``copy``, which only warns when a folder
    made ahead of it stands where a file goes, and keeps empty folders.
    """
    static = site.theme / "static"
    (static / "icons").mkdir()
    (static / "icons" / "a.svg").write_text("<svg/>", encoding="utf-8")
    (static / "css" / "extra").mkdir()
    (static / "css" / "extra" / "x.css").write_text("a{}", encoding="utf-8")
    site.build(now=NOW)
    (static / "icons" / "a.svg").unlink()
    shutil.rmtree(static / "css" / "extra")
    (static / "css" / "extra").write_text("b{}", encoding="utf-8")


CAPPED = ("FEEDS_MAX_ITEMS=2",)  # so that older stories are in no feed
EMPHASIS = "có mã QR <em>riêng</em> để người mua"


def edit_old_body(site, new: str, settings=CAPPED):
    """Build with feeds of two items (``OLD_STORY`` in none), then edit its body."""
    site.build(now=NOW, settings=settings)
    site.replace(site.content / OLD_STORY, "có mã QR để người mua", new)


def spaced_title_edit(site):
    """``OLD_STORY``'s blank line holding a space (still blank to the reader),
    built, then its title edited: a header edit, never a body edit."""
    story = site.content / OLD_STORY
    text = story.read_text(encoding="utf-8").replace("\n\n", "\n \n", 1)
    story.write_text(text, encoding="utf-8")
    site.build(now=NOW, settings=CAPPED)
    site.replace(story, "Title: Chợ phiên", "Title: Phiên chợ")


def damage_notes(site):
    """``edit_old_body``, with the state's search folder blanked (would be the
    whole output)."""
    edit_old_body(site, EMPHASIS)
    state = json.loads(site.state_file().read_text(encoding="utf-8"))
    state["notes"]["slices"][0]["folder"] = ""
    site.state_file().write_text(json.dumps(state), encoding="utf-8")


def damage_feed_recipes(site):
    """The ``body`` case's edit, with the feeds' recipes truncated."""
    edit_story(site, "kín đến giữa tháng 12.", "kín đến cuối tháng 12.")
    recipes = recipes_of(site.state_file())
    recipes.write_bytes(recipes.read_bytes()[:200])


def damage_search_sources(site):
    """``edit_old_body``, with the search slices' sources truncated."""
    edit_old_body(site, EMPHASIS)
    for kept in (site.cache / "search").glob("*.sources.pickle"):
        kept.write_bytes(kept.read_bytes()[:100])


def edit_data(site):
    site.replace(
        site.content / "data" / "sections.toml",
        'name = "Thời sự"',
        'name = "Thời sự địa phương"',
    )


def edit_plugin(site):
    (site.plugins / "local_mark.py").write_text(PLUGIN.format(mark="Hai"))


# (change, settings of the builds after it, the clock of the builds after it)
CASES = {
    "body": (
        lambda s: edit_story(s, "kín đến giữa tháng 12.", "kín đến cuối tháng 12."),
        (),
        NOW,
    ),
    "title": (
        lambda s: edit_story(s, "Title: Chè Định Hóa", "Title: Chè Định Hoá"),
        (),
        NOW,
    ),
    "summary": (
        lambda s: edit_story(s, "Summary: Chè búp", "Summary: Chè búp tươi và"),
        (),
        NOW,
    ),
    "date": (
        lambda s: edit_story(s, "Date: 2026-11-24 11:00", "Date: 2026-10-02 08:00"),
        (),
        NOW,
    ),
    "section": (move_story, (), NOW),
    "tags": (lambda s: edit_story(s, "Tags: chè, OCOP", "Tags: chè, du lịch"), (), NOW),
    # Only the story's own page shows the new spelling (its tag's name).
    "tag-spelling": (
        lambda s: s.replace(s.content / OCOP_STORY, "Tags: OCOP,", "Tags: Ocop,"),
        (),
        NOW,
    ),
    "status": (lambda s: edit_story(s, "Status: published", "Status: draft"), (), NOW),
    "new-story": (add_story, (), NOW),
    "deleted-story": (lambda s: (s.content / STORY).unlink(), (), NOW),
    "photo": (replace_photo, (), NOW),
    "template": (edit_template, (), NOW),
    "theme-folders": (theme_folder_becomes_file, (), NOW),
    "data-file": (edit_data, (), NOW),
    "setting": (lambda s: None, ('SITESUBTITLE="Trang tin thử"',), NOW),
    "clock-scheduled": (lambda s: None, (), NOW + datetime.timedelta(days=1, hours=1)),
    "clock-in-force": (lambda s: None, (), LATER),
    # Only the news sitemap changes: the newest story leaves it.
    "clock-news-window": (lambda s: None, (), NOW + datetime.timedelta(hours=13)),
    "feeds-setting": (lambda s: None, ("FEEDS_MAX_ITEMS=2",), NOW),
    "plugin-code": (edit_plugin, (), NOW),
    # A story in no feed: its body alone changes its page and its search slice.
    "body-in-no-feed": (lambda s: edit_old_body(s, EMPHASIS), CAPPED, NOW),
    # Its body now links to a page: the same, the link checked.
    "body-link": (
        lambda s: edit_old_body(s, "có [mã QR](/chuyen-muc/kinh-te/) để người mua"),
        CAPPED,
        NOW,
    ),
    # Its body now shows a photo: built as usual.
    "body-photo": (
        lambda s: edit_old_body(
            s, "có mã QR ![Chè](images/2026/doi-che-dinh-hoa.jpg) để người mua"
        ),
        CAPPED,
        NOW,
    ),
    # Its body now links to a photo (the photos plugin makes it one): as usual.
    "body-photo-link": (
        lambda s: edit_old_body(
            s, "có [mã QR](images/2026/doi-che-dinh-hoa.jpg) để người mua"
        ),
        CAPPED,
        NOW,
    ),
    # Its title, in a file whose blank line holds a space: as usual.
    "title-spaced": (spaced_title_edit, CAPPED, NOW),
    # Its old body cannot be found, or the notes are damaged: as usual.
    "body-sources-damaged": (damage_search_sources, CAPPED, NOW),
    "body-notes-damaged": (damage_notes, CAPPED, NOW),
    # A story in feeds, their recipes damaged: built as usual.
    "body-feed-recipes-damaged": (damage_feed_recipes, (), NOW),
    # CI: a fresh checkout (no output) with the caches and the state restored:
    # the last output is restored, then the body edit put in.
    "no-output-and-body": (
        lambda s: (
            shutil.rmtree(s.output),
            edit_story(s, "kín đến giữa tháng 12.", "kín đến cuối tháng 12."),
        ),
        (),
        NOW,
    ),
    # The same, with a body edit built as usual once the output is restored.
    "no-output-and-body-photo": (
        lambda s: (
            edit_old_body(
                s, "có mã QR ![Chè](images/2026/doi-che-dinh-hoa.jpg) để người mua"
            ),
            shutil.rmtree(s.output),
        ),
        CAPPED,
        NOW,
    ),
}


# Our code and the site's plugins version the state: a change is a full build.
FULL_BUILD_CASES = {"plugin-code"}
# Only the files that show the edited body are made (``build.body_edits``).
BODY_ONLY_CASES = {"body", "body-in-no-feed", "body-link", "no-output-and-body"}
BODY_ONLY = "Chỉ thân bài thay đổi ("
# Body-only edits the build could not apply alone: it says why, and builds.
AS_USUAL_CASES = {
    "body-photo",
    "no-output-and-body-photo",
    "body-photo-link",
    "body-sources-damaged",
    "body-notes-damaged",
    "body-feed-recipes-damaged",
}
AS_USUAL = "dựng như thường"


def clean_inputs(site: Site, now, settings) -> str:
    """What a clean build of ``site`` reads that a case may change, as a digest."""
    digest = hashlib.sha256(repr((now.isoformat(), settings)).encode())
    for folder in (site.content, site.theme, site.plugins):
        digest.update(f"\0{folder.name}\0".encode())
        add_files(digest, folder)
    return digest.hexdigest()


class Made:
    """A clean build made already (by another case): ``Build``'s ending, at once."""

    def __init__(self, output: Path):
        self.output = output

    def __enter__(self) -> "Made":
        return self

    def __exit__(self, *failure) -> None:
        pass

    def finish(self) -> Path:
        return self.output


@pytest.fixture(scope="module")
def clean_builds(base):
    """The cases' clean builds, kept by ``clean_inputs``: the same site, one build."""
    kept: dict[str, Path] = {}
    yield kept
    for output in kept.values():  # a case replaced each before they were kept
        shutil.rmtree(output)


@pytest.mark.parametrize("case", list(CASES))
def test_a_build_after_a_change_equals_a_clean_build(site, clean_builds, case):
    change, settings, now = CASES[case]
    change(site)
    inputs = clean_inputs(site, now, settings)
    made = clean_builds.get(inputs)
    # The clean build reads only the changed content: it runs meanwhile.
    with (
        Made(made) if made else site.start_clean_build(now=now, settings=settings)
    ) as clean_build:
        log = site.build(now=now, settings=settings)
    clean = clean_build.finish()
    if made is None:  # kept out of the site's folder, which the next case replaces
        clean = clean_builds[inputs] = clean.rename(base_of(site) / f"clean-{inputs}")
    assert UNCHANGED not in log
    assert (FALLBACK in log) == (case in FULL_BUILD_CASES), log[-2000:]
    assert (BODY_ONLY in log) == (case in BODY_ONLY_CASES), log[-2000:]
    assert (AS_USUAL in log) == (case in AS_USUAL_CASES), log[-2000:]
    built, expected = output_files(site.output), output_files(clean)
    assert sorted(built) == sorted(expected)
    differing = [name for name in expected if built[name] != expected[name]]
    assert differing == []
    # The same folders: none left over from the last output's, made beforehand.
    assert output_folders(site.output) == output_folders(clean)


def test_the_changes_show(site, base):
    """The cases change what the site shows (else the comparisons prove little)."""
    before = output_files(site.output)
    edit_story(site, "kín đến giữa tháng 12.", "kín đến cuối tháng 12.")
    site.build(now=LATER)
    after = output_files(site.output)
    story = "bai-viet/che-dinh-hoa-vao-vu-thu-hoach-cuoi-nam-gia-tang-10/index.html"
    assert "cuối tháng 12" in after[story].decode()
    assert "bai-viet/lich-cat-dien-tuan-toi/index.html" not in before
    assert "bai-viet/lich-cat-dien-tuan-toi/index.html" in after


def test_an_output_gone_is_restored_from_the_state_when_nothing_changed(
    site, clean_base
):
    """CI's case: ``cache/`` restored, no output, the same commit built again."""
    pages = site.cache / "pages"
    before = set(os.listdir(pages))
    shutil.rmtree(site.output)
    site.output.mkdir()  # an empty folder is no output either
    log = site.build()
    assert RESTORED in log and FALLBACK not in log, log[-2000:]
    assert set(os.listdir(pages)) == before  # no page rendered, none linked anew
    assert output_files(site.output) == clean_base
    assert "giữ nguyên" in site.build()  # the restored output matches its state


def test_a_body_edit_changes_only_its_page_its_feeds_and_its_search_slice(site):
    """Counted by the output files that are not the very files they were."""
    before = {
        name: (site.output / name).stat().st_ino for name in output_files(site.output)
    }
    pages = set(os.listdir(site.cache / "pages"))
    edit_story(site, "kín đến giữa tháng 12.", "kín đến cuối tháng 12.")
    log = site.build()
    assert BODY_ONLY in log, log[-2000:]
    after = {
        name: (site.output / name).stat().st_ino for name in output_files(site.output)
    }
    changed = {name for name in after if before.get(name) != after[name]}
    story = "bai-viet/che-dinh-hoa-vao-vu-thu-hoach-cuoi-nam-gia-tang-10/index.html"
    feeds = {name for name in changed if name.startswith("feeds/")}
    assert story in changed and {"feeds/rss.xml", "feeds/atom.xml"} <= feeds
    assert changed - feeds - {story} <= {n for n in after if n.startswith("pagefind")}
    assert set(os.listdir(site.cache / "pages")) == pages  # Pelican never ran


def test_a_body_edit_renders_few_pages_again(site):
    """Counted by the pages the build put in the page cache anew.

    Built as usual: without the feeds' recipes, not as a body-only edit.
    """
    pages = site.cache / "pages"
    before = set(os.listdir(pages))
    edit_story(site, "kín đến giữa tháng 12.", "kín đến cuối tháng 12.")
    recipes_of(site.state_file()).unlink()
    log = site.build()
    assert BODY_ONLY not in log and FALLBACK not in log, log[-2000:]
    rendered = set(os.listdir(pages)) - before
    html = [name for name in output_files(site.output) if name.endswith(".html")]
    assert 1 <= len(rendered) <= 3, sorted(rendered)
    assert len(html) > 40


def pages_rendered_after(site, change, shown: str) -> tuple[int, int, int]:
    """Pages the build after ``change`` put in the page cache anew, pages that
    show the text ``shown``, and HTML pages in all."""
    pages = site.cache / "pages"
    before = set(os.listdir(pages))
    change(site)
    log = site.build()
    assert BODY_ONLY not in log and FALLBACK not in log, log[-2000:]
    rendered = set(os.listdir(pages)) - before
    html = [name for name in output_files(site.output) if name.endswith(".html")]
    texts = [(site.output / name).read_text(encoding="utf-8") for name in html]
    return len(rendered), sum(shown in text for text in texts), len(html)


def test_a_title_edit_renders_again_only_the_pages_that_show_it(site):
    """Each page is kept with what it read (``buildspeed.memo``): the title
    shows on the story's page, the listings and "related" boxes that show it,
    and the front page, which chooses among every story."""
    rendered, showing, html = pages_rendered_after(
        site,
        lambda s: edit_story(s, "Title: Chè Định Hóa", "Title: Chè Định Hoá"),
        "Chè Định Hoá",
    )
    # Each page that shows the title was made again; few others were.
    assert showing <= rendered <= showing + 3
    assert rendered < html / 4


def test_a_new_story_renders_again_only_the_pages_that_read_what_changed(site):
    """A story added to a site of 31. Pages are kept by the names of the
    context they read, and by the fields of stories: a tag's page that shows
    titles is not made again because a story it lists now has the new one
    among its related stories."""
    rendered, showing, html = pages_rendered_after(site, add_story, "Mới: chè")
    # Each page that shows it was made again; so were the pages its arrival
    # moved (the next pages of its listings), and no more.
    assert showing <= rendered < html / 4


MARK_NS = 1_000_000_000 * 1_000_000_000  # 2001-09-09, in nanoseconds
FEED_NAMES = set(FEEDS_DEFAULTS["FEEDS_FILES"].values())
FEEDS_OWN_FILES = {
    FEEDS_DEFAULTS["FEEDS_ARCHIVE_JSON"],
    "sitemap.xml",
    "sitemap-news.xml",
    "robots.txt",
}


def feeds_plugin_files(output: Path) -> set[str]:
    """Every file the feeds plugin writes (the documents' feeds are not its own)."""
    documents = DOCUMENTS_DEFAULTS["DOCUMENTS_FEED_DIR"] + "/"
    feeds = {
        path.relative_to(output).as_posix()
        for path in (output / "feeds").rglob("*")
        if path.name in FEED_NAMES
    }
    return {name for name in feeds if not name.startswith(documents)} | FEEDS_OWN_FILES


def feed_ids(path: Path) -> list[str]:
    """The ids of a feed's items, each XML feed checked with feedparser."""
    if path.suffix == ".json":
        return [item["id"] for item in json.loads(path.read_bytes())["items"]]
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    return [entry.id for entry in parsed.entries]


def feeds_showing(output: Path, story_id: str) -> set[str]:
    """The feeds (of the feeds plugin) whose items include the story ``story_id``."""
    names = {name for name in feeds_plugin_files(output) if name.startswith("feeds/")}
    return {n for n in names if f"urn:uuid:{story_id}" in feed_ids(output / n)}


def mark_feeds_cache(site: Site) -> None:
    """Give every kept feeds file a time no build writes, and keep it valid.

    A file taken from the cache is a link to it and shows the mark; one made
    anew does not (inode numbers would not do: a freed one can come back).
    """
    cache = KeyedFiles(site.cache / FEEDS_CACHE_DIR)
    assert cache.manifest
    for key in cache.manifest:
        os.utime(cache.path(key), ns=(MARK_NS, MARK_NS))
    cache.keep_only(set(cache.manifest))  # recorded as they are now
    # The output's links to them show the mark too: the state records it, as
    # the build that made them would have.
    state = json.loads(site.state_file().read_text(encoding="utf-8"))
    state["outputs"] = recorded_outputs(site.output)
    site.state_file().write_text(json.dumps(state), encoding="utf-8")


def made_again(output: Path, names: set[str]) -> set[str]:
    return {name for name in names if (output / name).stat().st_mtime_ns != MARK_NS}


def refused_build(site, settings) -> str:
    """Build, which must fail; its log."""
    build = site.start_build(settings=settings)
    build.process.wait()
    assert build.process.returncode == 1
    return build.log.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("body", "settings", "said"),
    [
        ("có mã QR\x1b để người mua", CAPPED, "ký tự điều khiển"),
        (
            "có [mã QR](/khong-co-trang-nay/) để người mua",
            (*CAPPED, "LINKCHECK_ENABLED=true"),
            "liên kết hỏng /khong-co-trang-nay/",
        ),
    ],
    ids=["gate", "broken-link"],
)
def test_a_refused_body_edit_leaves_the_output_and_its_state(
    site, body, settings, said
):
    edit_old_body(site, body, settings)
    before = output_files(site.output)
    log = refused_build(site, settings)
    assert said in log and "Processed" not in log, log[-2000:]  # Pelican never ran
    assert output_files(site.output) == before
    site.replace(site.content / OLD_STORY, body, EMPHASIS)  # mended
    log = site.build(settings=settings)
    assert BODY_ONLY in log and FALLBACK not in log, log[-2000:]


def test_a_story_saved_while_the_gate_checks_it_is_never_published_unchecked(site):
    """The body the build hashed fails the gate; the one saved over it while
    the gate read the file passes. The gate checked only the second: the
    build must not publish the first."""
    unchecked = "có mã QR\x1b để người mua"
    edit_old_body(site, unchecked)
    story = site.content / OLD_STORY
    mended = story.read_text(encoding="utf-8").replace(unchecked, EMPHASIS)
    saved = {"path": str(story), "text": mended}
    build = site.start_build(
        settings=CAPPED, env={"TINTUC_TEST_SAVED_WHILE_CHECKED": json.dumps(saved)}
    )
    log = build.wait()
    assert AS_USUAL in log and "được lưu lại trong lúc dựng" in log, log[-2000:]
    shown = [
        data.decode()
        for name, data in output_files(site.output).items()
        if name.endswith(".html") and "tra cứu nguồn gốc".encode() in data
    ]
    assert len(shown) == 1
    assert "<em>riêng</em>" in shown[0] and "\x1b" not in shown[0]


def test_a_state_written_over_while_pagefind_runs_fails_the_build_not_the_output(
    site,
):
    """The usual build lets the state go while Pagefind runs and reads it again
    after: another build's state there is an error, and the output stays."""
    story = site.content / OLD_STORY
    site.replace(story, "Title: Chợ phiên", "Title: Phiên chợ")  # a header edit
    before = output_files(site.output)
    written = {"TINTUC_TEST_STATE_WRITTEN": str(site.state_file())}
    build = site.start_build(env=written)
    build.process.wait()
    log = build.log.read_text(encoding="utf-8")
    assert build.process.returncode == 1, log[-2000:]
    assert "Không đọc lại được trạng thái của lần dựng trước" in log, log[-2000:]
    assert "Không tạo được chỉ mục tìm kiếm" not in log
    assert output_files(site.output) == before


def test_a_failed_build_keeps_what_the_next_body_edit_needs(site):
    """A refused publish, mended: the body edit is still applied alone."""
    settings = (*CAPPED, "LINKCHECK_ENABLED=true")
    edit_old_body(site, EMPHASIS, settings)
    story = site.content / OLD_STORY
    mended = story.read_text(encoding="utf-8")
    # A title edit whose body links nowhere: built as usual, and refused.
    site.replace(story, "Title: Chợ phiên", "Title: Phiên chợ")
    site.replace(story, EMPHASIS, "có [mã QR](/khong-co-trang-nay/) để người mua")
    log = refused_build(site, settings)
    assert "liên kết hỏng" in log and BODY_ONLY not in log, log[-2000:]
    story.write_text(mended, encoding="utf-8")
    log = site.build(settings=settings)
    assert BODY_ONLY in log, log[-2000:]


def test_feeds_are_made_again_only_where_a_field_they_show_changed(site):
    capped = CAPPED
    site.build(settings=capped)
    files = feeds_plugin_files(site.output)
    assert feeds_showing(site.output, OLD_ID) == set()
    mark_feeds_cache(site)
    story = site.content / OLD_STORY
    story.write_text(story.read_text("utf-8") + "\nĐoạn thêm.\n", "utf-8")
    site.build(settings=capped)
    assert made_again(site.output, files) == set()
    assert "Đoạn thêm." in (
        site.output
        / "bai-viet/cho-phien-cho-chu-nhon-nhip-mua-nong-san-cuoi-nam/index.html"
    ).read_text("utf-8")

    showing = feeds_showing(site.output, RECENT_ID)
    assert {"feeds/rss.xml", "feeds/atom.xml", "feeds/feed.json"} <= showing
    assert len(showing) < len(files) // 2
    mark_feeds_cache(site)
    site.replace(site.content / RECENT_STORY, "Title: Xã mở", "Title: Xã Định Hóa mở")
    with site.start_clean_build(settings=capped) as clean_build:
        site.build(settings=capped)
    clean = clean_build.finish()
    # The feeds showing it, the archive and the news sitemap show its title.
    archive = FEEDS_DEFAULTS["FEEDS_ARCHIVE_JSON"]
    assert made_again(site.output, files) == showing | {archive, "sitemap-news.xml"}
    for name in showing:
        assert "Xã Định Hóa mở lớp tin học" in (site.output / name).read_text("utf-8")
        feed_ids(site.output / name)
    assert output_files(site.output) == output_files(clean)


def damage_truncated(site):
    text = site.state_file().read_text(encoding="utf-8")
    site.state_file().write_text(text[: len(text) // 2], encoding="utf-8")


def damage_foreign(site):
    state = json.loads(site.state_file().read_text(encoding="utf-8"))
    state["version"] = "0" * 64
    site.state_file().write_text(json.dumps(state), encoding="utf-8")


def damage_output(site):
    page = site.output / "index.html"
    text = page.read_text(encoding="utf-8")
    page.unlink()  # not written through the link into the base build
    page.write_text(text + "<p>sửa tay</p>", encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda s: s.state_file().unlink(), "chưa có trạng thái"),
        (damage_truncated, "bị hỏng"),
        (damage_foreign, "phiên bản mã khác"),
        (damage_output, "thư mục đầu ra đã bị sửa"),
    ],
    ids=["missing", "truncated", "foreign-version", "output-changed"],
)
def test_a_state_that_cannot_be_trusted_means_a_full_build(
    clean_base, site, damage, reason
):
    pages = site.cache / "pages"
    # Every cached page marked with a time no build writes (inode numbers
    # would not do: a file written anew may get a freed one back).
    for entry in pages.iterdir():
        os.utime(entry, ns=(MARK_NS, MARK_NS))
    damage(site)
    log = site.build()
    assert FALLBACK in log and reason in log.partition(FALLBACK)[2].splitlines()[0]
    # Every page rendered anew (a page taken from the cache keeps its mark).
    kept = [e.name for e in pages.iterdir() if e.stat().st_mtime_ns == MARK_NS]
    assert kept == []
    assert output_files(site.output) == clean_base
    assert UNCHANGED in site.build()  # and the state is whole again


def test_a_newsroom_publish_from_a_new_copy_of_the_content_is_incremental(tmp_path):
    """The newsroom builds each commit from a new folder (``repo.trees``)."""
    first = copy_sample_content(tmp_path / "main-1" / "content")
    output, pages = tmp_path / "output", tmp_path / "cache" / "pages"
    options = [f'CACHE_PATH="{tmp_path / "cache"}"']
    assert build_site(REPO, first, output, options)["ok"]
    second = tmp_path / "main-2" / "content"
    shutil.copytree(first, second)
    shutil.rmtree(first.parent)  # swept, as the newsroom sweeps old copies
    Site.replace(second / STORY, "kín đến giữa tháng 12.", "kín đến cuối tháng 12.")
    before = set(os.listdir(pages))
    clean = tmp_path / "clean-output"
    clean_options = [f'CACHE_PATH="{tmp_path / "clean-cache"}"']
    # The clean build reads only the second copy: it runs meanwhile.
    with ThreadPoolExecutor(max_workers=1) as beside:
        clean_built = beside.submit(build_site, REPO, second, clean, clean_options)
        built = build_site(REPO, second, output, options)
    assert built["ok"] and FALLBACK not in built["log"], built["log"]
    # A body edit: its page, feeds and search slice alone (``body_edits``).
    assert BODY_ONLY in built["log"], built["log"]
    assert set(os.listdir(pages)) == before
    assert clean_built.result()["ok"]
    assert output_files(output) == output_files(clean)

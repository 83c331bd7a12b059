"""The gate's saved state: after any change, the same report as a full check.

Each case checks a copy of the sample site once (the state is saved), makes
one kind of change, then checks again with the saved state and without it:
the two reports must be equal, problem for problem, and the change must show
in the report, so that a state that hid it would fail. The files read again
are counted: an unchanged story is never read twice.
"""

import datetime
import io
import os
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pelican.settings import read_settings

from bench.corpus import generate
from tests.conftest import REPO, SAMPLE
from tintuc.documents import checks as document_checks
from tintuc.editorial import rules
from tintuc.editorial import state as state_module
from tintuc.editorial.gate import load_site, run_checks
from tintuc.editorial.rules import display_path
from tintuc.editorial.state import STATE_FILE, GateState
from tintuc.shared.workers import fork_map

NOW = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)
THOI_SU = "articles/thoi-su/"
STORY = (
    THOI_SU
    + "2026-10-03-doan-vien-xa-binh-yen-ra-quan-lam-2-km-duong-be-tong-nong-th.md"
)
OTHER = THOI_SU + "2026-10-21-phong-su-cay-cau-treo-noi-doi-bo-song-o-xa-linh-thong.md"
CITED = "documents/2026-10-05-03-ct-ubnd.md"
PAGE = "pages/lien-he.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_starting(path: Path, start: str) -> str:
    return next(
        line
        for line in path.read_text(encoding="utf-8").split("\n")
        if line.startswith(start)
    )


def copy_story(content: Path, name: str) -> None:
    shutil.copy(content / STORY, content / "articles" / "thoi-su" / name)


def remove_approver(content: Path) -> None:
    approvers = content / "data" / "approvers.toml"
    edit(approvers, '[[approver]]\nname = "Lê Văn Thành"\nunits = ["*"]\n', "")


def approver_stops(content: Path) -> None:
    approvers = content / "data" / "approvers.toml"
    edit(approvers, 'units = ["*"]\n', 'units = ["*"]\nuntil = 2026-10-10\n')


def photo_replaced(content: Path) -> None:
    photo = line_starting(content / STORY, "Image:").split(":", 1)[1].strip()
    (content / photo).write_bytes(b"not a photo any more")


def pdf_deleted(content: Path) -> None:
    (content / "documents" / "files" / "45-ubnd-vp.pdf").unlink()


@dataclass
class Change:
    """One kind of change between two checks.

    :param change: what it does to the content folder.
    :param reads: the files read again (content-relative); None: all of them.
    :param prepare: done before the first check.
    :param settings: settings of the second check.
    :param now: the clock of the second check.
    """

    change: object
    reads: set[str] | None
    prepare: object = None
    settings: dict = field(default_factory=dict)
    now: datetime.datetime = NOW


CHANGES = {
    "a story's body": Change(
        lambda c: edit(
            c / STORY, "Sau mười ngày", "<script>x()</script> Sau mười ngày"
        ),
        {STORY},
    ),
    "a story's slug made another's": Change(
        lambda c: edit(
            c / OTHER,
            line_starting(c / OTHER, "Slug:"),
            line_starting(c / STORY, "Slug:"),
        ),
        {OTHER},
    ),
    "an approver removed": Change(remove_approver, set()),
    "an approver's until passed": Change(approver_stops, set()),
    "a cited document deleted": Change(lambda c: (c / CITED).unlink(), set()),
    "a new story": Change(
        lambda c: copy_story(c, "zz-moi.md"), {"articles/thoi-su/zz-moi.md"}
    ),
    "a story deleted": Change(
        lambda c: (c / STORY).unlink(),
        set(),
        prepare=lambda c: copy_story(c, "zz-moi.md"),
    ),
    "a data file": Change(
        lambda c: edit(c / "data/communes.toml", '"Xã Bình Yên"', '"Xã Bình Yên Mới"'),
        None,
    ),
    "a setting": Change(lambda c: None, None, settings={"EDITORIAL_TITLE_MAX": 60}),
    "the preview setting": Change(
        lambda c: None,
        set(),
        prepare=lambda c: edit(c / CITED, "Status: published", "Status: draft"),
        settings={"EDITORIAL_PREVIEW": True},
    ),
    "a photo replaced": Change(photo_replaced, {STORY}),
    "a PDF deleted": Change(pdf_deleted, {"documents/2026-10-01-45-ubnd-vp.md"}),
    "a page": Change(lambda c: edit(c / PAGE, "Title:", "Titel:"), {PAGE}),
    "the clock past a far-future date's warning": Change(
        lambda c: None,
        {STORY},
        prepare=lambda c: edit(c / STORY, "Date: 2026-10-03", "Date: 2028-01-03"),
        now=datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC),
    ),
}


@pytest.fixture
def site(tmp_path, sample_content) -> Path:
    """A copy of the sample site to change; its state is saved beside it."""
    return shutil.copytree(sample_content, tmp_path / "content")


def settings_of(content: Path, **overrides) -> dict:
    return {
        "PATH": str(content),
        "ARTICLE_PATHS": ["articles"],
        "PAGE_PATHS": ["pages"],
        "CACHE_PATH": str(content.parent / "cache"),
        **overrides,
    }


def full_check(settings: dict, now=NOW) -> list:
    """The report without any saved state."""
    return run_checks({k: v for k, v in settings.items() if k != "CACHE_PATH"}, now)


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files the gate reads and checks, as it reads them."""
    read = []
    story_read, document_run = rules.StoryCheck.read, document_checks.DocumentCheck.run

    def counted_read(check, data):
        read.append(check.source)
        return story_read(check, data)

    def counted_run(check):
        read.append(check.source)
        return document_run(check)

    monkeypatch.setattr(rules.StoryCheck, "read", counted_read)
    monkeypatch.setattr(document_checks.DocumentCheck, "run", counted_run)
    return read


@pytest.mark.parametrize("name", CHANGES)
def test_after_each_kind_of_change_the_report_is_a_full_checks(name, site, reads):
    case = CHANGES[name]
    settings = settings_of(site)
    if case.prepare:
        case.prepare(site)
    before = run_checks(settings, NOW)
    case.change(site)
    settings = {**settings, **case.settings}
    reads.clear()
    notes = io.StringIO()
    incremental = run_checks(settings, case.now, notes=notes)
    read_again = {str(path.relative_to(site)) for path in reads}
    assert incremental == full_check(settings, case.now)
    assert incremental != before, "the change must show in the report"
    if case.reads is None:
        assert "Kiểm tra toàn bộ" in notes.getvalue()
        assert len(read_again) > len(CHANGES)
    else:
        assert notes.getvalue() == ""
        assert read_again == case.reads


def test_an_unchanged_site_is_not_read_again(site, reads):
    settings = settings_of(site)
    first = run_checks(settings, NOW)
    state = site.parent / "cache" / STATE_FILE
    saved = state.stat().st_mtime_ns
    assert reads
    reads.clear()
    assert run_checks(settings, NOW) == first
    assert reads == []
    assert state.stat().st_mtime_ns == saved


def write_state(site: Path, data: bytes) -> None:
    state = site.parent / "cache" / STATE_FILE
    state.parent.mkdir(exist_ok=True)
    state.write_bytes(data)


def truncated(site: Path) -> None:
    run_checks(settings_of(site), NOW)
    state = site.parent / "cache" / STATE_FILE
    state.write_bytes(state.read_bytes()[: state.stat().st_size // 2])


def another_format(site: Path) -> None:
    write_state(site, pickle.dumps({"format": 0, "version": "x", "files": {}}))


def checks_of_other_files(site: Path) -> None:
    """A state whose kept problems name other files than they are kept for."""
    run_checks(settings_of(site), NOW)
    state = site.parent / "cache" / STATE_FILE
    saved = pickle.loads(state.read_bytes())
    stories = saved["files"]["stories"]
    one, other = str(site / STORY), str(site / OTHER)
    assert stories[one].problems
    stories[one], stories[other] = stories[other], stories[one]
    state.write_bytes(pickle.dumps(saved))


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda site: None, "chưa có trạng thái"),
        (truncated, "bị hỏng"),
        (lambda site: write_state(site, b""), "bị hỏng"),
        (lambda site: write_state(site, os.urandom(4096)), "bị hỏng"),
        (lambda site: write_state(site, b"cno_such_module\nThing\n)\x81."), "bị hỏng"),
        (lambda site: write_state(site, pickle.dumps(["a", "list"])), "bị hỏng"),
        (another_format, "bị hỏng"),
        (checks_of_other_files, "bị hỏng"),
    ],
    ids=[
        "missing",
        "truncated",
        "empty",
        "random",
        "foreign class",
        "foreign",
        "old format",
        "inconsistent",
    ],
)
def test_a_state_that_cannot_be_used_means_a_full_check_said_once(site, damage, said):
    settings = settings_of(site)
    edit(site / STORY, "Sau mười ngày", "<script>x()</script> Sau mười ngày")
    damage(site)
    notes = io.StringIO()
    assert run_checks(settings, NOW, notes=notes) == full_check(settings)
    (line,) = notes.getvalue().splitlines()
    assert line.startswith("Kiểm tra toàn bộ nội dung: ") and said in line
    again = io.StringIO()
    assert run_checks(settings, NOW, notes=again) == full_check(settings)
    assert again.getvalue() == ""


def test_two_checks_at_once_leave_a_whole_state(site):
    settings = settings_of(site)
    edit(site / STORY, "Sau mười ngày", "<script>x()</script> Sau mười ngày")
    stray = site.parent / "cache" / f".{STATE_FILE}.99999.tmp"  # a killed writer's
    stray.parent.mkdir()
    stray.write_bytes(b"\x80\x05half")
    reports = fork_map(lambda _: run_checks(settings, NOW), [1, 2], 2)
    full = full_check(settings)
    assert reports == [full, full]
    notes = io.StringIO()
    assert run_checks(settings, NOW, notes=notes) == full
    assert notes.getvalue() == ""


def test_a_copy_checked_from_its_own_folder_keeps_the_checks(site, reads, monkeypatch):
    """As the newsroom checks a fresh copy of the repository at each publish."""
    settings = settings_of(site)
    monkeypatch.chdir(site.parent)
    first = run_checks(settings, NOW)
    elsewhere = site.parent.parent / "elsewhere"
    shutil.copytree(site, elsewhere / "content")
    shutil.copytree(site.parent / "cache", elsewhere / "cache")
    monkeypatch.chdir(elsewhere)
    reads.clear()
    notes = io.StringIO()
    assert run_checks(settings_of(elsewhere / "content"), NOW, notes=notes) == first
    assert (reads, notes.getvalue()) == ([], "")


@pytest.mark.parametrize("where", ["above", "inside", "beside"])
def test_display_paths_name_files_as_display_path_does(tmp_path, monkeypatch, where):
    folder = tmp_path / "site" / "content"
    sources = [folder / "articles" / "a.md", folder / "b c" / "đ.md"]
    cwd = {"above": tmp_path, "inside": folder, "beside": tmp_path / "other"}[where]
    cwd.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(cwd)
    expected = [(rules.display_path(source), source) for source in sources]
    assert rules.display_paths(folder, sources) == expected
    assert expected[0][0] != str(sources[0]) or where == "beside"


def test_stories_checked_by_forked_workers_are_kept_too(tmp_path, reads):
    content = generate(tmp_path, 120, SAMPLE)
    settings = settings_of(content)
    site = load_site(settings, NOW)
    state = GateState.open(site, display_path)
    first = rules.check_content(site, ["articles"], [], workers=3, state=state)
    state.save()
    assert reads == [] and len(state.made["stories"]) == 120  # read by the workers
    story = sorted((content / "articles").rglob("*.md"))[7]
    edit(story, "Status: published", "Status: publish")
    site = load_site(settings, NOW)
    state = GateState.open(site, display_path)
    again = rules.check_content(site, ["articles"], [], workers=3, state=state)
    assert (state.note, reads) == ("", [story])
    assert again == rules.check_content(site, ["articles"], [], workers=1)
    assert again != first


def test_a_build_saves_the_state_make_check_uses(sample_site, sample_content, reads):
    """The build (stage 2) and make check share one state: nothing is read again."""
    settings = read_settings(
        str(REPO / "publishconf.py"),
        override={
            "PATH": str(sample_content),
            "CACHE_PATH": str(sample_site.parent / "cache"),
        },
    )
    notes = io.StringIO()
    report = run_checks(settings, notes=notes)
    assert (notes.getvalue(), reads) == ("", [])
    assert report == full_check(settings, None)


def test_a_state_that_cannot_be_written_is_said_and_the_check_stands(site):
    settings = {**settings_of(site), "CACHE_PATH": str(site / "data" / "units.toml")}
    notes = io.StringIO()
    assert run_checks(settings, NOW, notes=notes) == full_check(settings)
    missing, unsaved = notes.getvalue().splitlines()
    assert "chưa có trạng thái" in missing
    assert unsaved.startswith("Không ghi được trạng thái kiểm tra vào ")


def another_package(monkeypatch, tmp_path):
    packages = state_module.installed_packages()
    monkeypatch.setattr(
        state_module, "installed_packages", lambda: [*packages, "khac-1.0.dist-info"]
    )


def more_code(monkeypatch, tmp_path):
    (tmp_path / "plugin").mkdir()
    (tmp_path / "plugin" / "rule.py").write_text("RULE = 1\n", encoding="utf-8")
    folders = state_module.code_folders
    monkeypatch.setattr(
        state_module,
        "code_folders",
        lambda settings: [*folders(settings), tmp_path / "plugin"],
    )


@pytest.mark.parametrize("change", [another_package, more_code])
def test_other_code_or_packages_mean_a_full_check(site, reads, monkeypatch, change):
    settings = settings_of(site)
    first = run_checks(settings, NOW)
    change(monkeypatch, site.parent)
    reads.clear()
    notes = io.StringIO()
    assert run_checks(settings, NOW, notes=notes) == first
    assert "mã, gói cài đặt" in notes.getvalue() and len(reads) > len(CHANGES)

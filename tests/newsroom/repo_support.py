"""A fixture site in a real git repository, a bare remote, and the newsroom on it.

The remote is made once per session; each test that writes gets its own copy
(a local bare clone: hard links, a few milliseconds). A test module imports
the fixtures it uses by their ``*_fixture`` names.
"""

import base64
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import REPO, SAMPLE, copy_fixture_content
from tintuc.newsroom.actor import Actor
from tintuc.newsroom.repo import Newsroom

SECTION = "thoi-su"
# The document library's data files, which the fixture site lacks.
LIBRARY_DATA = ("document_types.toml", "fields.toml")
FOLDER = f"content/articles/{SECTION}"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Người dựng",
    "GIT_AUTHOR_EMAIL": "dung@example.invalid",
    "GIT_COMMITTER_NAME": "Người dựng",
    "GIT_COMMITTER_EMAIL": "dung@example.invalid",
}
WRITER = Actor(
    "thu",
    "Trần Văn Thư",
    roles=frozenset({"writer"}),
    units=frozenset({"ubnd-xa-dinh-hoa"}),
)
OTHER_WRITER = Actor(
    "hoa",
    "Đào Thị Hoa",
    roles=frozenset({"writer"}),
    units=frozenset({"ubnd-xa-dinh-hoa"}),
)
APPROVER = Actor(
    "thanh",
    "Lê Văn Thành",
    roles=frozenset({"approver"}),
    units=frozenset({"ubnd-xa-dinh-hoa"}),
    approver_name="Lê Văn Thành",
)


def git(*arguments, cwd=None, git_dir=None, check=True) -> str:
    """Run git with a fixed identity; its output."""
    command = ["git", *([f"--git-dir={git_dir}"] if git_dir else []), *arguments]
    done = subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **IDENTITY},
        capture_output=True,
        text=True,
        check=check,
    )
    return done.stdout.strip()


def add_library_data(site: Path) -> None:
    """Give a site's content the document library's data files (the sample's)."""
    for name in LIBRARY_DATA:
        shutil.copy(SAMPLE / "data" / name, site / "data" / name)


def site_remote(root: Path, *, library: bool = False) -> Path:
    """A bare repository holding the fixture site on ``main`` (``library``: with
    the document library's data files)."""
    work = root / "work"
    copy_fixture_content(work / "content")
    if library:
        add_library_data(work / "content")
    git("init", "--quiet", "--initial-branch", "main", cwd=work)
    git("add", ".", cwd=work)
    git("commit", "--quiet", "-m", "Trang mẫu", cwd=work)
    bare = root / "remote.git"
    git("clone", "--quiet", "--bare", str(work), str(bare))
    return bare


def own_copy(template: Path, tmp_path: Path) -> Path:
    """A test's own bare copy of a template remote."""
    bare = tmp_path / "remote.git"
    git("clone", "--quiet", "--bare", str(template), str(bare))
    return bare


def own_copy_with(template: Path, tmp_path: Path, message: str, change) -> Path:
    """A test's own bare copy of a template remote, with one more commit on
    ``main``: ``change(work)`` edits a checkout, committed as ``message``."""
    work = tmp_path / "work"
    git("clone", "--quiet", str(template), str(work))
    change(work)
    git("add", ".", cwd=work)
    git("commit", "--quiet", "-m", message, cwd=work)
    bare = tmp_path / "remote.git"
    git("clone", "--quiet", "--bare", str(work), str(bare))
    return bare


def pushed_by_hand(remote: Path, tmp_path: Path, path: str, old: str, new: str):
    """Someone changes ``old`` to ``new`` in ``path`` with git and pushes ``main``."""
    work = tmp_path / "by-hand"
    git("clone", "--quiet", str(remote), str(work))
    text = (work / path).read_text(encoding="utf-8")
    assert old in text
    (work / path).write_text(text.replace(old, new), encoding="utf-8")
    git("commit", "--quiet", "-am", "sửa tay", cwd=work)
    git("push", "--quiet", "origin", "main", cwd=work)


@pytest.fixture(scope="session", name="template_remote")
def template_remote_fixture(tmp_path_factory) -> Path:
    """A bare repository holding the fixture site on ``main``."""
    return site_remote(tmp_path_factory.mktemp("newsroom-remote"))


@pytest.fixture(name="remote")
def remote_fixture(template_remote, tmp_path) -> Path:
    """This test's own bare remote."""
    return own_copy(template_remote, tmp_path)


@pytest.fixture(scope="session", name="library_remote_template")
def library_remote_template_fixture(tmp_path_factory) -> Path:
    """The fixture site with the document library's data files, on ``main``."""
    return site_remote(tmp_path_factory.mktemp("newsroom-library"), library=True)


@pytest.fixture(name="library")
def library_fixture(library_remote_template, tmp_path) -> Newsroom:
    """The newsroom on a remote of its own whose site has a document library."""
    return make_newsroom(own_copy(library_remote_template, tmp_path), tmp_path)


@pytest.fixture(name="newsroom")
def newsroom_fixture(remote, tmp_path) -> Newsroom:
    """The newsroom on this test's remote, state in ``tmp_path/.newsroom``."""
    return make_newsroom(remote, tmp_path)


def make_newsroom(remote: Path, root: Path, **options) -> Newsroom:
    """A newsroom whose clone and state are under ``root/.newsroom``."""
    return Newsroom(
        root / ".newsroom" / "repo", str(remote), project_dir=REPO, **options
    )


def remote_file(remote: Path, path: str, ref: str = "main") -> str | None:
    """A file of the remote's ``main``, or None."""
    done = subprocess.run(
        ["git", f"--git-dir={remote}", "show", f"{ref}:{path}"],
        capture_output=True,
        check=False,
    )
    return done.stdout.decode() if done.returncode == 0 else None


def story_text(**fields) -> str:
    """A story that passes the gate, with ``fields`` replaced (None: left out)."""
    values = {
        "Title": "Xã Định Hóa khánh thành nhà văn hóa",
        "Id": "3b1f0c55-6d7e-4c43-9a8e-2d3a8b9f1c11",
        "Slug": "khanh-thanh-nha-van-hoa",
        "Date": "2026-12-01 08:00",
        "Section": "Thời sự",
        "Unit": "UBND xã Định Hóa",
        "Authors": "Trần Văn Thư",
        "Summary": "Nhà văn hóa thôn mới được đưa vào sử dụng.",
        "Status": "published",
    }
    for key, value in fields.items():
        values[key] = value
    header = [f"{key}: {value}" for key, value in values.items() if value is not None]
    body = fields.get("body", "Người dân dự lễ khánh thành nhà văn hóa.")
    return "\n".join(header) + f"\n\n{body}\n"


def entry_path(slug: str) -> str:
    """Where a story of the section lives."""
    return f"{FOLDER}/{slug}.md"


def persist_params(slug: str, raw: str, assets=(), status="draft") -> dict:
    """``persistEntry`` as Decap's proxy backend sends it."""
    return {
        "branch": "main",
        "dataFiles": [{"slug": slug, "path": entry_path(slug), "raw": raw}],
        "assets": list(assets),
        "options": {
            "collectionName": SECTION,
            "commitMessage": f"Bài mới: {slug}",
            "useWorkflow": True,
            "status": status,
        },
    }


def key(slug: str, **more) -> dict:
    """The parameters naming a story on the board."""
    return {"branch": "main", "collection": SECTION, "slug": slug, **more}


def asset(path: str, data: bytes) -> dict:
    """An uploaded file as Decap sends it."""
    return {
        "path": path,
        "content": base64.b64encode(data).decode(),
        "encoding": "base64",
    }


def jpeg_bytes(size=(320, 200), colour=(40, 120, 60)) -> bytes:
    """A small real JPEG."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A one-page real PDF."""
    from pypdf import PdfWriter  # noqa: PLC0415

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def branches(newsroom) -> list[str]:
    """The clone's workflow branches."""
    return newsroom.git.branches("cms")

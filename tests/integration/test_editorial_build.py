"""The gate inside real builds: refusals, previews, schedules and merges."""

import datetime
import re
import shutil
import subprocess
import sys
import uuid

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BROKEN, REPO, build_site, copy_fixture_content, output_files
from tintuc.editorial.cli import main as editorial_main
from tintuc.editorial.schema import FIELDS

VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def add_story(content, name, **fields):
    """Write a valid published story, with ``fields`` overriding the defaults."""
    values = {
        "Title": "Tin thử nghiệm",
        "Id": str(uuid.uuid5(uuid.NAMESPACE_URL, name)),
        "Slug": name,
        "Date": "2026-11-20 08:00",
        "Section": "Thời sự",
        "Unit": "UBND xã Định Hóa",
        "Authors": "Nguyễn Thị Hằng",
        "Communes": "Xã Định Hóa",
        "Summary": "Tóm tắt.",
        "Approver": "Lê Văn Thành",
        **fields,
    }
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    path = content / "articles" / "thoi-su" / f"{name}.md"
    path.write_text("\n".join(lines) + "\n\nNội dung.\n", encoding="utf-8")
    return path


def test_build_refuses_a_broken_story_and_prints_file_and_line(tmp_path, capsys):
    content = copy_fixture_content(tmp_path / "content")
    shutil.copy(BROKEN / "invalid-date.md", content / "articles" / "thoi-su")
    with pytest.raises(SystemExit, match="Không dựng trang"):
        build_site(content, tmp_path / "output")
    assert "invalid-date.md:4: lỗi: ngày '31/02/2024 08:00' không hợp lệ" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "output").exists()


def site_settings(tmp_path):
    """The fixture content and a settings file building it with our theme."""
    content = copy_fixture_content(tmp_path / "content")
    settings = tmp_path / "site.py"
    settings.write_text(
        f"from pelicanconf import *\nPATH = {str(content)!r}\n"
        f"THEME = {str(REPO / 'theme')!r}\n",
        encoding="utf-8",
    )
    return content, settings


def test_refused_build_leaves_the_previous_output_untouched(tmp_path):
    content, settings = site_settings(tmp_path)
    output = tmp_path / "output"
    command = [sys.executable, "-m", "tintuc.build", "--settings", str(settings)]
    command += ["build", "--output", str(output)]
    environment = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    first = subprocess.run(
        command, check=False, env=environment, capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr
    before = output_files(output)
    assert "index.html" in before
    index_time = (output / "index.html").stat().st_mtime_ns

    again = subprocess.run(
        command, check=False, env=environment, capture_output=True, text=True
    )
    assert again.returncode == 0
    assert "Không có gì thay đổi" in again.stdout
    assert (output / "index.html").stat().st_mtime_ns == index_time

    shutil.copy(BROKEN / "raw-html.md", content / "articles" / "thoi-su")
    (content / "articles" / "nguoi-tot-viec-tot" / "2026-11-20-le-hoi.md").unlink()
    second = subprocess.run(
        command, check=False, env=environment, capture_output=True, text=True
    )
    assert second.returncode == 1
    assert "raw-html.md:14: lỗi: mã HTML không được phép: thẻ <script>" in second.stderr
    assert "Traceback" not in second.stderr
    assert "bản cũ trong" in second.stderr
    assert output_files(output) == before
    # Nothing half-built is left beside it; only the lock that keeps builds apart.
    hidden = [path.name for path in tmp_path.iterdir() if path.name.startswith(".")]
    assert hidden == [".output.lock"]


def test_story_under_review_is_not_public_but_is_in_preview(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    add_story(
        content, "cho-duyet", Title="CHODUYETBIMAT tin chờ duyệt", Status="review"
    )
    public = build_site(content, tmp_path / "public")
    assert not any(b"CHODUYETBIMAT" in data for data in output_files(public).values())

    preview = build_site(
        content, tmp_path / "preview", EDITORIAL_PREVIEW=True, WITH_FUTURE_DATES=True
    )
    for page in (
        "bai-viet/cho-duyet/index.html",
        "bai-viet/ban-nhap/index.html",
        "bai-viet/tuong-lai/index.html",
        "index.html",
    ):
        html = soup(preview / page)
        assert (
            html.select_one(".dh-preview-banner").get_text() == "BẢN NHÁP – CHƯA DUYỆT"
        )
        assert (
            html.find("meta", attrs={"name": "robots"})["content"]
            == "noindex, nofollow"
        )
    public_home = soup(public / "index.html")
    assert public_home.select_one(".dh-preview-banner") is None
    assert public_home.find("meta", attrs={"name": "robots"}) is None


def test_scheduled_story_appears_only_once_its_time_has_passed(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    now = datetime.datetime.now(VIETNAM)
    add_story(
        content,
        "da-den-gio",
        Date=f"{now - datetime.timedelta(minutes=5):%Y-%m-%d %H:%M}",
    )
    add_story(
        content,
        "chua-den-gio",
        Date=f"{now + datetime.timedelta(hours=1):%Y-%m-%d %H:%M}",
    )
    site = build_site(content, tmp_path / "output")
    assert (site / "bai-viet/da-den-gio/index.html").is_file()
    assert not any("chua-den-gio" in name for name in output_files(site))


def test_merged_commune_redirects_and_its_stories_move_to_the_new_page(fixture_site):
    redirect = soup(fixture_site / "xa/cho-chu/index.html")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == (
        "0; url=/xa/dinh-hoa/"
    )
    assert redirect.find("link", rel="canonical")["href"] == "/xa/dinh-hoa/"
    new_page = soup(fixture_site / "xa/dinh-hoa/index.html")
    titles = [a.get_text() for a in new_page.select(".dh-card__title a")]
    assert "Đồng chí Đặng Xuân Trường thăm xã Điềm Mặc" in titles
    assert "thị trấn Chợ Chu" in new_page.select_one(".dh-listing__note").get_text()
    story = soup(
        fixture_site / "bai-viet/dong-chi-dang-xuan-truong-tham-xa-diem-mac/index.html"
    )
    commune_link = story.select_one(".dh-article__byline a[href='/xa/dinh-hoa/']")
    assert commune_link.get_text() == "Thị trấn Chợ Chu"


def test_unit_pages_list_their_stories(fixture_site):
    page = soup(fixture_site / "don-vi/ubnd-xa-dinh-hoa/index.html")
    assert page.h1.get_text() == "UBND xã Định Hóa"
    assert len(page.select(".dh-card")) == 3


def test_allowed_embed_is_kept_and_nothing_else_sneaks_through(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    shutil.copy(BROKEN / "allowed-embed.md", content / "articles" / "thoi-su")
    site = build_site(content, tmp_path / "output")
    page = site / "bai-viet/bai-kiem-tra/index.html"
    body = soup(page).select_one(".dh-article__body")
    assert body.select_one("[data-embed-src]")["data-embed-src"] == (
        "https://www.youtube.com/embed/dQw4w9WgXcQ"
    )
    assert body.code.get_text() == "<script>"
    # The reader cache keeps the sanitised story: a rebuild gives the same page.
    again = build_site(content, tmp_path / "again", CACHE_PATH=str(tmp_path / "cache"))
    assert (
        again / "bai-viet/bai-kiem-tra/index.html"
    ).read_bytes() == page.read_bytes()


def test_make_new_creates_a_filled_draft_that_passes_the_check(
    tmp_path, capsys, monkeypatch
):
    content = copy_fixture_content(tmp_path / "content")
    settings = tmp_path / "site.py"
    settings.write_text(
        f"PATH = {str(content)!r}\nARTICLE_PATHS = ['articles']\nPAGE_PATHS = ['pages']\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    title = "Đoàn viên xã Định Hóa giúp dân gặt lúa"
    assert (
        editorial_main(
            [
                "--settings",
                str(settings),
                "new",
                "--title",
                title,
                "--section",
                "thoi-su",
            ]
        )
        == 0
    )
    created = capsys.readouterr().out.strip().splitlines()[-1]
    today = datetime.datetime.now(VIETNAM)
    assert (
        created
        == f"content/articles/thoi-su/{today:%Y-%m-%d}-doan-vien-xa-dinh-hoa-giup-dan-gat-lua.md"
    )
    text = (tmp_path / created).read_text(encoding="utf-8")
    assert re.search(
        rf"^Title: {title}\nId: [0-9a-f-]{{36}}\nSlug: doan-vien-xa-dinh-hoa-giup-dan-gat-lua$",
        text,
        re.MULTILINE,
    )
    assert "Section: Thời sự\n" in text and "Status: draft\n" in text
    assert re.search(r"^Date: \d{4}-\d\d-\d\d \d\d:\d\d$", text, re.MULTILINE)
    assert editorial_main(["--settings", str(settings), "check"]) == 0


def test_make_new_refuses_an_unknown_section(tmp_path, capsys):
    settings = tmp_path / "site.py"
    settings.write_text(
        f"PATH = {str(copy_fixture_content(tmp_path / 'c'))!r}\n", encoding="utf-8"
    )
    assert (
        editorial_main(
            ["--settings", str(settings), "new", "--title", "Tin", "--section", "xyz"]
        )
        == 2
    )
    assert "Không có chuyên mục 'xyz'" in capsys.readouterr().err


def test_the_writers_guide_documents_every_field_of_the_schema():
    guide = (REPO / "docs" / "viet-bai.md").read_text(encoding="utf-8")
    for field in FIELDS:
        assert f"| `{field.name}` | {field.label_vi} ({field.gloss_en})" in guide


def test_the_replaced_output_is_deleted_by_the_next_build(tmp_path):
    _, settings = site_settings(tmp_path)
    output, retired = tmp_path / "output", tmp_path / ".output.old"
    command = [sys.executable, "-m", "tintuc.build", "--settings", str(settings)]
    command += ["build", "--output", str(output), "--force"]
    environment = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    subprocess.run(command, check=True, env=environment)
    assert not retired.exists()
    (output / "marker").write_text("from the first build")
    subprocess.run(command, check=True, env=environment)
    assert (retired / "marker").is_file()
    assert (output / "index.html").is_file() and not (output / "marker").exists()
    subprocess.run(command, check=True, env=environment)
    assert not (retired / "marker").exists()
    assert (retired / "index.html").is_file()

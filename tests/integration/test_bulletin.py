"""make bulletin on a fixture site: which stories, the script as expected, the files."""

import datetime
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from pelican.settings import read_settings

from tests.conftest import REPO, make_photo
from tintuc.bulletin.bulletin import Bulletin, BulletinError, Choice, make_bulletin
from tintuc.bulletin.cli import main
from tintuc.bulletin.outputs import script_page
from tintuc.bulletin.script import Item, Paragraph
from tintuc.vn_text.dates import VIETNAM_TIME

FIXTURE = REPO / "tests" / "fixtures" / "bulletin"
NOW = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=VIETNAM_TIME)
WEEK = Choice(datetime.date(2026, 11, 24), datetime.date(2026, 11, 30))


@pytest.fixture
def site(tmp_path) -> dict:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "content", content)
    make_photo(content / "images" / "hoi-nghi.jpg")
    settings_file = tmp_path / "site.py"
    settings_file.write_text(
        f"from pelicanconf import *\nPATH = {str(content)!r}\n"
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n",
        encoding="utf-8",
    )
    return {
        "content": content,
        "settings_file": settings_file,
        "settings": read_settings(str(settings_file)),
        "reports": tmp_path / "reports",
    }


def run(site, *arguments) -> int:
    return main(
        ["--settings", str(site["settings_file"]), "--reports", str(site["reports"])]
        + list(arguments),
        now=NOW,
    )


def test_the_week_reads_as_expected(site):
    bulletin = make_bulletin(site["settings"], WEEK, NOW)
    expected = (FIXTURE / "expected.txt").read_text(encoding="utf-8")
    assert "\n".join(bulletin.lines()) + "\n" == expected
    assert bulletin.problems == []


def test_only_published_stories_of_the_days_count(site):
    text = "\n".join(make_bulletin(site["settings"], WEEK, NOW).lines())
    assert "Không được đọc" not in text  # a draft, one in review, a future one
    assert "Tin cũ" not in text  # published before the first day


def test_the_three_files_are_written(site, capsys):
    assert run(site, "--from", "2026-11-24", "--to", "2026-11-30") == 0
    folder = site["reports"] / "ban-tin-2026-11-24-2026-11-30"
    assert sorted(p.name for p in folder.iterdir()) == [
        "ban-tin.docx",
        "ban-tin.html",
        "ban-tin.txt",
    ]
    text = (folder / "ban-tin.txt").read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text)
    assert not any(char.isdigit() for char in text)
    assert "/" not in text and "%" not in text and "http" not in text
    page = BeautifulSoup((folder / "ban-tin.html").read_bytes(), "html.parser")
    assert page.html["lang"] == "vi"
    times = [p.get_text() for p in page.select(".bt-time")]
    assert len(times) == 2 and all("cộng dồn" in t for t in times)
    document = Document(folder / "ban-tin.docx")
    words = "\n".join(p.text for p in document.paragraphs)
    assert "Cựu chiến binh hiến hai phẩy năm héc-ta đất làm đường." in words
    assert zipfile.is_zipfile(folder / "ban-tin.docx")
    assert "2 tin" in capsys.readouterr().out


def test_one_commune_includes_the_communes_merged_into_it(site):
    # Thị trấn Chợ Chu was merged into Xã Định Hóa: its stories are that commune's.
    bulletin = make_bulletin(
        site["settings"], Choice(WEEK.start, WEEK.end, commune="cho-chu"), NOW
    )
    titles = [item.title for _, items in bulletin.groups for item in items]
    assert len(titles) == 2
    assert bulletin.opening[0] == "Đây là Đài truyền thanh xã Định Hóa."


def test_sections_narrow_the_bulletin(site):
    choice = Choice(WEEK.start, WEEK.end, sections=("nguoi-tot-viec-tot",))
    bulletin = make_bulletin(site["settings"], choice, NOW)
    assert [intro for intro, _ in bulletin.groups] == ["Tin Người tốt việc tốt."]


def test_a_time_limit_keeps_the_newest_items_that_fit(site, capsys):
    assert (
        run(site, "--from", "2026-11-24", "--to", "2026-11-30", "--max-minutes", "1")
        == 0
    )
    out = capsys.readouterr().out
    # The newest story is too long for a minute; the one before it fits.
    assert "1 tin" in out
    assert "Không đủ thời lượng, bỏ ra:" in out and "hoi-nghi.md" in out
    page = (
        site["reports"] / "ban-tin-2026-11-24-2026-11-30" / "ban-tin.html"
    ).read_text()
    assert "Tin không đủ thời lượng để đọc" in page


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2026-13-01"], "FROM='2026-13-01' không phải một ngày"),
        (["--from", "2026-11-30", "--to", "2026-11-01"], "sau ngày kết thúc"),
        (["--commune", "dinh-hao"], "Không có xã “dinh-hao”. Có phải “dinh-hoa”"),
        (["--sections", "the-thao"], "Không có chuyên mục “the-thao”"),
        (["--max-minutes", "không"], "MAX_MINUTES='không' phải là một số phút"),
    ],
)
def test_a_wrong_choice_is_named_in_vietnamese(site, capsys, arguments, message):
    assert run(site, *arguments) == 1
    assert message in capsys.readouterr().err
    assert not site["reports"].exists()


def test_a_wrong_reading_rate_is_named(site, capsys):
    data = site["content"] / "data" / "bulletin.toml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("= 140", "= 14"), encoding="utf-8"
    )
    assert run(site) == 1
    assert "syllables_per_minute phải là số nguyên từ 60 đến 300" in (
        capsys.readouterr().err
    )


def test_what_an_announcer_would_stumble_on_is_listed_with_its_line(site, capsys):
    story = (
        site["content"] / "articles" / "nguoi-tot-viec-tot" / "2026-11-25-hien-dat.md"
    )
    text = story.read_text(encoding="utf-8")
    story.write_text(text + "\nĐạt chuẩn ISO của XYZ.\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    assert run(site, "--from", "2026-11-24", "--to", "2026-11-30") == 1
    err = capsys.readouterr().err
    path = f"nguoi-tot-viec-tot/2026-11-25-hien-dat.md:{line}: bản tin còn “ISO”"
    assert path in err and "“XYZ”" in err
    assert (site["reports"] / "ban-tin-2026-11-24-2026-11-30" / "ban-tin.txt").is_file()


def test_the_page_escapes_what_a_story_says():
    item = Item(
        "a.md",
        "<script>alert(1)</script>",
        (Paragraph("<script>alert(1)</script>", 1), Paragraph("Tôm & <b>cua</b>", 2)),
        NOW,
        "thoi-su",
    )
    bulletin = Bulletin(
        WEEK.start, WEEK.end, ["Mở <i>đầu</i>"], ["Hết."], [("Tin <x>.", [item])], 140
    )
    page = script_page(bulletin, "Trang <thử>").decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>cua</b>" not in page and "<i>đầu</i>" not in page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one(".bt-item__title").get_text() == "<script>alert(1)</script>"


def test_a_bulletin_error_is_a_value_error():
    assert issubclass(BulletinError, ValueError)
    assert Path(FIXTURE / "expected.txt").is_file()

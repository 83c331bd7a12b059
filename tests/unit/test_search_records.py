"""What the search index is given, and how the site is cut into slices."""

from lxml import html

from tintuc.search.records import (
    Source,
    bundle_dirs,
    record_html,
    shard_key,
    shards,
    story_record,
)
from tintuc.search.spelling import load_spellings
from tintuc.search.wordfilter import may_hold


def test_record_html_escapes_hostile_titles_and_keeps_them_as_meta():
    page = html.fromstring(record_html('<script>alert("x")</script>', "a < b"))
    heading = page.find(".//h1")
    assert heading.text == '<script>alert("x")</script>'
    title = page.find(".//*[@data-pagefind-meta='title']")
    assert title.text == '<script>alert("x")</script>'
    assert title.getparent().get("hidden") == ""
    assert page.find(".//h1/..").get("data-pagefind-body") == ""
    assert page.find(".//h1/../p").text == "a < b"
    assert page.find(".//script") is None
    assert page.get("lang") == "vi"


def test_shards_cut_in_order_and_keep_the_remainder():
    assert shards(list(range(5)), 2) == [[0, 1], [2, 3], [4]]
    assert shards([], 2) == []
    assert shards([1, 2], 0) == [[1], [2]]


def test_bundle_dirs_name_the_first_slice_plainly():
    assert bundle_dirs(3, "pagefind") == ["pagefind/", "pagefind-2/", "pagefind-3/"]
    assert bundle_dirs(0, "pagefind") == []


def test_shard_key_changes_with_any_record_or_version():
    shard = [("bai-viet/a/index.html", "A", "a")]
    assert shard_key(shard, "1") == shard_key(list(shard), "1")
    assert shard_key(shard, "1") != shard_key(shard, "2")
    assert shard_key(shard, "1") != shard_key(
        [("bai-viet/a/index.html", "A", "b")], "1"
    )


def test_a_record_keeps_its_card_as_hidden_metadata_outside_the_indexed_text():
    card = {"summary": "Chè <b>ngon</b>", "section": "Kinh tế", "date": "01/11/2026"}
    card |= {"image": "/anh/x-t160.jpg"}
    page = html.fromstring(record_html("Chè", "che", card).decode("utf-8"))
    meta = {
        element.get("data-pagefind-meta"): element.get("src") or element.text
        for element in page.iter()
        if element.get("data-pagefind-meta")
    }
    assert meta == {
        "title": "Chè",
        "summary": "Chè <b>ngon</b>",
        "section": "Kinh tế",
        "date": "01/11/2026",
        "image[src]": "/anh/x-t160.jpg",
    }
    indexed = page.find(".//*[@data-pagefind-body]")
    assert "Kinh" not in indexed.text_content()
    assert page.find(".//*[@hidden]").find(".//b") is None  # text, not markup


def test_a_story_is_indexed_in_one_spelling_and_shown_as_written():
    source = Source(
        "bai-viet/a/index.html",
        "Tổ hòa giải xã Định Hóa",
        "Giữ sức khỏe",
        "<p>Chè <b>quí</b></p>",
        "Thời sự",
        "01/11/2026",
        "2026",
        "",
        "2026-11-01",
        "Xã Điềm Mặc, Xã Phú Đình",
    )
    page = html.fromstring(story_record(source, load_spellings()).decode("utf-8"))
    body = page.find(".//*[@data-pagefind-body]")
    assert body.find("h1").text == "to hoa giai xa dinh hoa"
    assert [p.text for p in body.findall("p")] == [
        "giu suc khoe che quy",
        "xa diem mac, xa phu dinh",
    ]
    meta = {
        element.get("data-pagefind-meta"): element.text
        for element in page.iter()
        if element.get("data-pagefind-meta")
    }
    assert meta["title"] == "Tổ hòa giải xã Định Hóa"
    assert meta["summary"] == "Giữ sức khỏe"
    # Words with marks not in the title or summary, for the page to rank by.
    for word in ("chè", "mặc", "phú", "quý", "điềm", "đình"):
        assert may_hold(meta["marks"], word)
    assert not may_hold(meta["marks"], "chế")

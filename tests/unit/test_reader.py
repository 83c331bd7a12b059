"""The Vietnamese reader reuses one Markdown object without leaking state."""

import copy

from pelican.settings import DEFAULT_CONFIG

from tintuc.vn_text.reader import VietnameseMarkdownReader

FIRST = """Title: Bài thứ nhất
Tags: chè, du lịch
Date: 03/11/2026 08:00

Chè Tân Cương[^1] và *du lịch*.

[^1]: Một vùng chè nổi tiếng.
"""
SECOND = """Title: Bài thứ hai
Date: 05/11/2026 09:30

| Xã | Hộ |
|----|----|
| Phú Đình | 12 |
"""


def settings():
    values = copy.deepcopy(DEFAULT_CONFIG)
    values["PATH"] = "."
    return values


def test_one_reader_reads_many_files_exactly_as_fresh_readers(tmp_path):
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    shared = VietnameseMarkdownReader(settings())
    reused = [shared.read(str(path)) for path in (first, second, first, second)]
    fresh = [
        VietnameseMarkdownReader(settings()).read(str(path))
        for path in (first, second, first, second)
    ]
    assert [content for content, _ in reused] == [content for content, _ in fresh]
    assert [sorted(meta) for _, meta in reused] == [sorted(meta) for _, meta in fresh]
    assert "tags" not in reused[1][1] and reused[1][1]["title"] == "Bài thứ hai"
    assert [str(tag) for tag in reused[2][1]["tags"]] == ["chè", "du lịch"]
    assert reused[2][0].count('class="footnote"') == 1


def test_header_fields_come_out_as_from_pelicans_own_reader(tmp_path):
    from pelican.readers import MarkdownReader

    story = tmp_path / "bai.md"
    story.write_text(
        "Title: Bài *có* định dạng\nSummary: Tóm tắt **đậm**\nTags: chè\n"
        "Tags: du lịch\nTitle: Tiêu đề thứ hai\nDate: 2026-11-03 08:00\n\nThân bài.\n",
        encoding="utf-8",
    )
    options = {**settings(), "FORMATTED_FIELDS": ["summary"]}
    ours = VietnameseMarkdownReader(copy.deepcopy(options)).read(str(story))
    pelicans = MarkdownReader(copy.deepcopy(options)).read(str(story))
    assert ours == pelicans
    assert str(ours[1]["summary"]) == "<p>Tóm tắt <strong>đậm</strong></p>"

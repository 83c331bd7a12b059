"""make check-docs: the guides' links, anchors, commands and paths resolve."""

from tests.conftest import REPO
from tools.check_docs import github_anchor, main, problems


def test_the_guides_of_this_repository_resolve():
    assert problems(REPO) == []


def test_anchors_are_made_as_github_makes_them():
    assert github_anchor("Cách 1: viết trong Phòng biên tập") == (
        "cách-1-viết-trong-phòng-biên-tập"
    )
    assert github_anchor("Kiểm tra bài (`make check`)") == "kiểm-tra-bài-make-check"
    assert github_anchor("Giao diện (the reader's theme)") == (
        "giao-diện-the-readers-theme"
    )


def test_every_kind_of_rot_is_named_with_its_line(tmp_path, capsys):
    (tmp_path / "Makefile").write_text("serve: html\n\t@true\ntest:\n\t@true\n")
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "real.py").write_text("")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text(
        "# Hướng dẫn\n\n## Mục một\n\nNội dung.\n", encoding="utf-8"
    )
    (tmp_path / "README.md").write_text(
        "# Tên\n\n"
        "[ok](docs/guide.md#mục-một) [gone](docs/missing.md)\n"
        "[bad anchor](docs/guide.md#mục-hai) [web](https://example.com/x)\n"
        "```sh\nmake serve\nmake deploy\npython -m tintuc.editorial\n```\n"
        "`python -m tintuc.nowhere` `tools/real.py` `tools/gone.py` "
        "`plugins/photos/` `tests/unit/test_<name>.py`\n",
        encoding="utf-8",
    )
    assert problems(tmp_path) == [
        "README.md:3: liên kết hỏng (broken link): docs/missing.md",
        "README.md:4: không có mục #mục-hai (no such heading): docs/guide.md#mục-hai",
        "README.md:7: Makefile không có lệnh (no make target): make deploy",
        "README.md:10: không có mô-đun (no module): python -m tintuc.nowhere",
        "README.md:10: không có tệp (no such path): tools/gone.py",
        "README.md:10: không có tệp (no such path): plugins/photos/",
    ]
    assert main([str(tmp_path)]) == 1
    assert "6 lỗi trong 2 tệp hướng dẫn" in capsys.readouterr().out

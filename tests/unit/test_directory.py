import pytest

from tintuc.directory.model import DirectoryError, load_directory, parse_entries

COMMUNES = {
    "commune": [
        {"slug": "dinh-hoa", "name": "Xã Định Hóa", "aliases": ["Định Hoá"]},
        {"slug": "cho-chu", "name": "Thị trấn Chợ Chu", "merged_into": "dinh-hoa"},
        {"slug": "phu-dinh", "name": "Xã Phú Đình"},
    ]
}


@pytest.fixture
def communes():
    return parse_entries("commune", COMMUNES, "communes.toml")


@pytest.mark.parametrize(
    "typed", ["Xã Định Hóa", "xa dinh hoa", "dinh-hoa", "Định Hoá", "XÃ ĐỊNH HOÁ"]
)
def test_find_ignores_case_marks_and_punctuation(communes, typed):
    assert communes.find(typed).slug == "dinh-hoa"


def test_find_unknown_is_none(communes):
    assert communes.find("Xã Không Có") is None


def test_merged_commune_keeps_its_name_and_points_to_the_new_one(communes):
    old = communes.find("Thị trấn Chợ Chu")
    assert old.name == "Thị trấn Chợ Chu"
    assert communes.current(old).slug == "dinh-hoa"
    assert [entry.slug for entry in communes.active()] == ["dinh-hoa", "phu-dinh"]


@pytest.mark.parametrize(
    ("text", "today"),
    [("Thị trấn Chợ Chu", "dinh-hoa"), ("phu dinh", "phu-dinh"), ("Xã Không Có", None),
     ("", None), (None, None)],
)  # fmt: skip
def test_find_current_names_the_entry_as_it_is_today(communes, text, today):
    found = communes.find_current(text)
    assert (found.slug if found else None) == today


def test_suggest_finds_a_near_miss(communes):
    assert communes.suggest("Xa Phu Dinhh").slug == "phu-dinh"
    assert communes.suggest("zzzz") is None


def test_slug_defaults_to_the_name():
    registry = parse_entries("section", {"section": [{"name": "Thời sự"}]}, "s.toml")
    assert [entry.slug for entry in registry] == ["thoi-su"]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([{"slug": "a", "name": "A"}, {"slug": "a", "name": "B"}], "slug bị trùng: a"),
        ([{"slug": "a", "name": "A", "merged_into": "b"}], "sáp nhập vào 'b' không có"),
        (
            [
                {"slug": "a", "name": "A", "merged_into": "b"},
                {"slug": "b", "name": "B", "merged_into": "a"},
            ],
            "vòng sáp nhập",
        ),
        ([{"slug": "a"}], "thiếu 'name'"),
        ([{"slug": "Thời sự", "name": "Thời sự"}], "chữ thường không dấu"),
        (
            [{"slug": "a", "name": "A", "code": "ubnd"}],
            "'A' có code 'ubnd': chữ in hoa đầu",
        ),
        ([{"slug": "a", "name": "A", "code": "KH-UBND"}], "'A' có code 'KH-UBND'"),
        ([{"slug": "a", "name": "A", "code": 7}], "'A' có code '7'"),
    ],
)
def test_inconsistent_data_is_refused(entries, message):
    with pytest.raises(DirectoryError, match=message):
        parse_entries("commune", {"commune": entries}, "communes.toml")


def test_load_directory_names_the_missing_file(tmp_path):
    with pytest.raises(DirectoryError, match="sections.toml: không tìm thấy"):
        load_directory(tmp_path)


def test_load_directory_names_a_broken_file(tmp_path):
    (tmp_path / "sections.toml").write_text("[[section]\nname = 'x'", encoding="utf-8")
    with pytest.raises(DirectoryError, match="sections.toml: tệp dữ liệu sai cú pháp"):
        load_directory(tmp_path)


def test_a_unit_whose_name_holds_a_comma_is_one_unit():
    from types import SimpleNamespace

    from tests.conftest import SAMPLE
    from tintuc.directory.directory import resolve_story_metadata
    from tintuc.directory.model import load_directory

    directory = load_directory(SAMPLE / "data")
    generator = SimpleNamespace(context={"NEWSROOM": directory}, settings={})
    name = "Trung tâm Văn hóa, Thể thao và Truyền thông huyện Định Hóa"
    metadata = {"title": "T", "unit": name, "communes": "Xã Định Hóa, Xã Bình Yên"}
    resolve_story_metadata(generator, metadata)
    assert metadata["unit"].name == name
    assert [c.name for c in metadata["communes"]] == ["Xã Định Hóa", "Xã Bình Yên"]

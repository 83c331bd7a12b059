import unicodedata

import pytest

from tintuc.vn_text.slug import fold_diacritics, slugify_vi, sort_key_vi, sorted_vi


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Đồng chí Đặng Xuân Trường thăm xã Điềm Mặc",
            "dong-chi-dang-xuan-truong-tham-xa-diem-mac",
        ),
        (
            "Xã Định Hóa đón Bằng công nhận nông thôn mới",
            "xa-dinh-hoa-don-bang-cong-nhan-nong-thon-moi",
        ),
        ("Định Hoá", "dinh-hoa"),
        ("định hóa", "dinh-hoa"),
        (
            "Người tốt, việc tốt: gương sáng ở Phượng Tiến!",
            "nguoi-tot-viec-tot-guong-sang-o-phuong-tien",
        ),
        ("Ưu tiên ươm mầm ở Lam Vỹ", "uu-tien-uom-mam-o-lam-vy"),
        ("Chè OCOP 4 sao – năm 2026", "che-ocop-4-sao-nam-2026"),
        ("  --Khoảng trắng   thừa--  ", "khoang-trang-thua"),
        ("ĐẢNG ỦY XÃ", "dang-uy-xa"),
    ],
)
def test_slugify_vi_gives_ascii_hyphenated_slugs(title, slug):
    assert slugify_vi(title) == slug


def test_slugify_vi_treats_nfd_like_nfc():
    title = "Đồng chí Đặng Xuân Trường thăm xã Điềm Mặc"
    nfd = unicodedata.normalize("NFD", title)
    assert nfd != title
    assert slugify_vi(nfd) == slugify_vi(title)


def test_slugify_vi_of_nothing_is_empty():
    assert slugify_vi("!!! ???") == ""


@pytest.mark.parametrize("spelling", ["Định Hóa", "Định Hoá", "định hóa", "DINH HOA"])
def test_fold_diacritics_matches_every_spelling(spelling):
    assert fold_diacritics(spelling) == "dinh hoa"


def test_sort_key_vi_follows_the_vietnamese_alphabet():
    names = [
        "Đồng Thịnh",
        "Bình Yên",
        "Điềm Mặc",
        "Bảo Linh",
        "Ân Thi",
        "An Khánh",
        "Ăn Uống",
        "Định Hóa",
    ]
    assert sorted(names, key=sort_key_vi) == [
        "An Khánh",
        "Ăn Uống",
        "Ân Thi",
        "Bảo Linh",
        "Bình Yên",
        "Điềm Mặc",
        "Định Hóa",
        "Đồng Thịnh",
    ]


def test_sort_key_vi_uses_tones_only_to_break_ties():
    words = ["mạ", "má", "mã", "mả", "mà", "ma", "mai"]
    assert sorted(words, key=sort_key_vi) == ["ma", "mà", "mả", "mã", "má", "mạ", "mai"]


def test_sorted_vi_sorts_objects_by_attribute():
    class Named:
        def __init__(self, name):
            self.name = name

    result = sorted_vi([Named("Đông"), Named("Dương")])
    assert [item.name for item in result] == ["Dương", "Đông"]

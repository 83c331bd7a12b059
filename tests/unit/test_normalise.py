import unicodedata

from tintuc.vn_text.normalise import normalise_text, normalise_value


def test_normalise_text_turns_nfd_into_nfc():
    nfc = "Lễ hội Lồng Tồng xã Định Hóa"
    nfd = unicodedata.normalize("NFD", nfc)
    assert len(nfd) > len(nfc)
    assert normalise_text(nfd) == nfc


def test_normalise_text_drops_bom_and_windows_line_endings():
    assert normalise_text("\ufeffTitle: Tin\r\nDate: 2026\r\n\r\nThân bài\r") == (
        "Title: Tin\nDate: 2026\n\nThân bài\n"
    )


def test_normalise_text_keeps_a_bom_that_is_not_at_the_start():
    assert normalise_text("a\ufeffb") == "a\ufeffb"


def test_normalise_value_handles_lists_and_leaves_other_values():
    nfd = unicodedata.normalize("NFD", "Phượng Tiến")
    assert normalise_value([nfd, nfd]) == ["Phượng Tiến", "Phượng Tiến"]
    assert normalise_value(nfd) == "Phượng Tiến"
    assert normalise_value(42) == 42

from tintuc.editorial.source import decode_source, guess_encoding


def test_utf8_with_bom_decodes():
    assert decode_source("\ufeffTitle: Tin".encode()) == ("Title: Tin", 0, "")


def test_utf16_is_named():
    assert decode_source("Title: Tin".encode("utf-16")) == (None, 1, "UTF-16")
    assert guess_encoding("Tin".encode("utf-16-le")) == "UTF-16"


def test_windows_1258_is_named_with_the_line_of_the_first_bad_byte():
    data = b"Title: Tin\nAuthors: Nguy\xeanx\n"
    assert decode_source(data) == (None, 2, "Windows-1258")

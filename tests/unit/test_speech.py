"""The bulletin's speller: numbers, dates, times, money and abbreviations read aloud."""

from pathlib import Path

import pytest

from tintuc.bulletin.bulletin import load_rules
from tintuc.bulletin.speech import CitedDocument, leftovers, number_words, speak
from tintuc.vn_text.numbers import words_vi

DATA = Path(__file__).parent.parent / "fixtures" / "bulletin" / "content" / "data"


@pytest.fixture(scope="module")
def rules():
    loaded = load_rules(DATA, {"PATH": str(DATA.parent)})
    assert loaded.documents["227/KH-UBND"] == CitedDocument(
        "Kế hoạch", "UBND xã Định Hóa"
    )
    return loaded


WHOLE_NUMBERS = [
    (0, "không"), (1, "một"), (5, "năm"), (10, "mười"), (11, "mười một"),
    (14, "mười bốn"), (15, "mười lăm"), (20, "hai mươi"), (21, "hai mươi mốt"),
    (24, "hai mươi tư"), (25, "hai mươi lăm"), (31, "ba mươi mốt"),
    (55, "năm mươi lăm"), (99, "chín mươi chín"), (100, "một trăm"),
    (101, "một trăm linh một"), (105, "một trăm linh năm"), (110, "một trăm mười"),
    (115, "một trăm mười lăm"), (204, "hai trăm linh bốn"), (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"), (1010, "một nghìn không trăm mười"),
    (1100, "một nghìn một trăm"), (2026, "hai nghìn không trăm hai mươi sáu"),
    (10000, "mười nghìn"), (15000, "mười lăm nghìn"), (21000, "hai mươi mốt nghìn"),
    (100000, "một trăm nghìn"), (250000, "hai trăm năm mươi nghìn"),
    (1000000, "một triệu"), (1005000, "một triệu không trăm linh năm nghìn"),
    (1250000, "một triệu hai trăm năm mươi nghìn"), (3500000, "ba triệu năm trăm nghìn"),
    (10000000, "mười triệu"), (1000000000, "một tỷ"),
    (1250000000, "một tỷ hai trăm năm mươi triệu"),
    (2000000005, "hai tỷ không trăm linh năm"), (10**12, "một nghìn tỷ"),
    (5 * 10**12, "năm nghìn tỷ"),
    (1234 * 10**9, "một nghìn hai trăm ba mươi tư tỷ"),
]  # fmt: skip


@pytest.mark.parametrize(("number", "words"), WHOLE_NUMBERS)
def test_whole_numbers(number, words):
    assert words_vi(number) == words


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("2,5", "hai phẩy năm"), ("0,5", "không phẩy năm"),
        ("12,75", "mười hai phẩy bảy mươi lăm"), ("3,05", "ba phẩy không năm"),
        ("1.250.000", "một triệu hai trăm năm mươi nghìn"), ("10,0", "mười phẩy không"),
    ],
)  # fmt: skip
def test_written_numbers_with_dots_and_a_decimal_comma(written, words):
    assert number_words(written) == words


SPOKEN = [
    # dates
    ("27/11/2026", "Ngày hai mươi bảy tháng mười một năm hai nghìn không trăm hai mươi sáu"),
    ("Sáng ngày 27/11/2026", "Sáng ngày hai mươi bảy tháng mười một năm hai nghìn không trăm hai mươi sáu"),
    ("từ 1/7/2025", "từ ngày mùng một tháng bảy năm hai nghìn không trăm hai mươi lăm"),
    ("hạn 04/4/2026", "hạn ngày mùng bốn tháng tư năm hai nghìn không trăm hai mươi sáu"),
    ("trước 15/12", "trước ngày mười lăm tháng mười hai"),
    ("trong tháng 11/2026", "trong tháng mười một năm hai nghìn không trăm hai mươi sáu"),
    ("kỳ 11/2026", "kỳ tháng mười một năm hai nghìn không trăm hai mươi sáu"),
    ("đầu tháng 1", "đầu tháng một"),
    ("vào ngày 10", "vào ngày mùng mười"),
    # times
    ("lúc 15h30", "lúc mười lăm giờ ba mươi phút"),
    ("lúc 15h", "lúc mười lăm giờ"),
    ("lúc 7h00", "lúc bảy giờ"),
    ("lúc 8:45", "lúc tám giờ bốn mươi lăm phút"),
    ("lúc 14 giờ 05", "lúc mười bốn giờ năm phút"),
    ("từ 9h sáng", "từ chín giờ sáng"),
    # money
    ("được 1.250.000 đồng", "được một triệu hai trăm năm mươi nghìn đồng"),
    ("mỗi hộ 3.500.000 đ", "mỗi hộ ba triệu năm trăm nghìn đồng"),
    ("giá 500.000 VNĐ", "giá năm trăm nghìn đồng"),
    ("tổng 1,2 tỷ đồng", "tổng một phẩy hai tỷ đồng"),
    ("giá 250.000 đồng/kg", "giá hai trăm năm mươi nghìn đồng một ki-lô-gam"),
    # percentages
    ("đạt 35%", "đạt ba mươi lăm phần trăm"),
    ("tăng 12,5%", "tăng mười hai phẩy năm phần trăm"),
    ("đạt 100 %", "đạt một trăm phần trăm"),
    # ranges
    ("làm 5–7 km", "làm từ năm đến bảy ki-lô-mét"),
    ("từ 5-7 km", "từ năm đến bảy ki-lô-mét"),
    ("năm 2026–2027", "năm hai nghìn không trăm hai mươi sáu đến hai nghìn không trăm hai mươi bảy"),
    ("tăng 10-15%", "tăng từ mười đến mười lăm phần trăm"),
    # units
    ("hiến 2,5 ha", "hiến hai phẩy năm héc-ta"),
    ("hiến 300 m²", "hiến ba trăm mét vuông"),
    ("hiến 300 m2", "hiến ba trăm mét vuông"),
    ("dài 86 m", "dài tám mươi sáu mét"),
    ("thu 12 tấn", "thu mười hai tấn"),
    ("nặng 5 kg", "nặng năm ki-lô-gam"),
    ("đi 3 km", "đi ba ki-lô-mét"),
    ("nhiệt độ 25°C", "nhiệt độ hai mươi lăm độ C"),
    ("có 2 mẹ con", "có hai mẹ con"),
    # ordinals and roman numerals
    ("lần thứ 1", "lần thứ nhất"), ("vào thứ 4", "vào thứ tư"),
    ("lần thứ 2", "lần thứ hai"), ("trong quý IV", "trong quý tư"),
    ("khóa XV", "khóa mười lăm"), ("Đại hội XIII", "Đại hội mười ba"),
    ("đứng thứ 10", "đứng thứ mười"),
    # phone numbers, digit by digit
    ("gọi 0208 3878 123", "gọi không hai không tám, ba tám bảy tám, một hai ba"),
    ("gọi 0912.345.678", "gọi không chín một hai, ba bốn năm, sáu bảy tám"),
    ("gọi 0912345678", "gọi không chín một hai ba bốn năm sáu bảy tám"),
    # documents
    ("theo [[227/KH-UBND]]", "theo Kế hoạch số hai trăm hai mươi bảy của Ủy ban nhân dân xã Định Hóa"),
    ("theo Kế hoạch [[227/KH-UBND]]", "theo Kế hoạch số hai trăm hai mươi bảy của Ủy ban nhân dân xã Định Hóa"),
    ("theo Quyết định số 12/2026/QĐ-UBND", "theo Quyết định số mười hai năm hai nghìn không trăm hai mươi sáu của Ủy ban nhân dân"),
    ("theo 12/2026/QĐ-UBND", "theo Quyết định số mười hai năm hai nghìn không trăm hai mươi sáu của Ủy ban nhân dân"),
    ("theo Tờ trình 05/TTr-UBND", "theo Tờ trình số năm của Ủy ban nhân dân"),
    # abbreviations: whole words, a capital where a sentence starts
    ("UBND xã họp.", "Ủy ban nhân dân xã họp."),
    ("học sinh THCS", "học sinh trung học cơ sở"),
    ("THCS Định Hóa đạt chuẩn.", "Trung học cơ sở Định Hóa đạt chuẩn."),
    ("Đã họp. HTX chè chia lãi.", "Đã họp. Hợp tác xã chè chia lãi."),
    ("các HTX", "các hợp tác xã"),
    ("phát triển KT-XH", "phát triển kinh tế - xã hội"),
    ("đạt OCOP 4 sao", "đạt ô-cốp bốn sao"),
    ("thẻ BHYT, BHXH", "thẻ bảo hiểm y tế, bảo hiểm xã hội"),
    ("mã UBNDX", "mã UBNDX"),
    ("công ty ATKAB", "công ty ATKAB"),
    # what is not read out
    ("Xem tại https://dinhhoa.example.vn/tin. Tin khác.", "Tin khác."),
    ("Góp ý gửi bbt@example.vn nhé. Cảm ơn.", "Cảm ơn."),
    ("Chúc mừng 🎉 thành công", "Chúc mừng thành công"),
    ("Tôm & cua", "Tôm và cua"),
]  # fmt: skip


@pytest.mark.parametrize(("written", "said"), SPOKEN)
def test_spoken(written, said, rules):
    # A paragraph starts with a capital, as the script is read.
    assert speak(written, rules) == said[:1].upper() + said[1:]


def test_the_table_has_at_least_eighty_cases():
    assert len(WHOLE_NUMBERS) + 6 + len(SPOKEN) >= 80


@pytest.mark.parametrize(
    ("written", "left"),
    [
        ("ngày 32/13/2026", ["/"]),
        ("theo chuẩn ABC", ["ABC"]),
        ("dịch COVID đã qua", []),
        ("KHẨN: họp ngay", []),
        ("mã UBNDX", ["UBNDX"]),
    ],
)
def test_leftovers_name_what_an_announcer_would_stumble_on(written, left, rules):
    said = speak(written, rules)
    found = leftovers(said, rules)
    assert [item for item in found if not item.isdigit()] == left
    assert not any(char.isdigit() for char in said) or "32" in written


def test_every_spoken_case_leaves_nothing_to_stumble_on(rules):
    for written, _ in SPOKEN:
        said = speak(written, rules)
        assert leftovers(said, rules) in ([], ["UBNDX"], ["ATKAB"]), written

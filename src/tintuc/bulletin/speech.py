"""Written text made ready for the ear: numbers, dates and abbreviations in words.

Pure functions. ``speak(text, rules)`` returns the text an announcer reads
aloud; ``leftovers(text, rules)`` names what would still make them stumble.
The word forms are the northern ones announcers use ("nghìn", "linh",
"mùng" for days 1 to 10); docs/ban-tin.md lists the choices.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from tintuc.documents.numbers import NUMBER_IN_TEXT as DOCUMENT_NUMBER
from tintuc.vn_text.numbers import DIGITS, words_vi

MONTHS = {1: "một", 4: "tư"}  # tháng một, tháng tư; the others as numbers
ORDINALS = {1: "nhất", 4: "tư"}  # thứ nhất, thứ tư
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# A number as Vietnamese write it: dots between thousands, a decimal comma.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
DASH = r"\s*[–—-]\s*"
DOCUMENT = re.compile(
    rf"\[\[\s*({DOCUMENT_NUMBER})\s*\]\]|(?<![\w/])({DOCUMENT_NUMBER})(?![\w-])"
)
CITATION = re.compile(r"\[\[\s*([^\[\]]*?)\s*\]\]")
SENTENCE_START = re.compile(r"(^|[.!?]\s+)([^\W\d_])")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+")
LINK = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(
    r"(?<![\d.,])0\d{2,3}(?:[ .]\d{3,4}){2}(?![\d.,])|(?<![\d.,])0\d{9,10}(?![\d.,])"
)
FULL_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
MONTH_YEAR = re.compile(r"(?<![\d/])(\d{1,2})/(\d{4})(?![\d/])")
DAY_MONTH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
TIME = re.compile(r"(?<![\d,.])(\d{1,2})\s*(?:h|:|giờ)\s*(\d{2})(?:\s*phút)?(?![\d])")
HOUR = re.compile(r"(?<![\d,.])(\d{1,2})h(?!\w)")
ORDINAL = re.compile(r"\b(thứ|tháng|ngày)\s+(\d{1,2})\b(?![/.,]\d)", re.IGNORECASE)
ROMAN_AFTER = re.compile(
    r"\b(quý|khóa|khoá|thứ|lần|kỳ|Đại hội)\s+([IVXLC]+)\b(?![\w-])", re.IGNORECASE
)
# A range after these words is read "A đến B", without "từ".
NO_FROM = ("từ", "năm", "năm học", "giai đoạn", "nhiệm kỳ", "niên khóa", "khoảng")
SENTENCE_END = re.compile(r"(^|[.!?…]\s*|\n\s*)$")
CAPITALS = re.compile(r"(?<![\w-])[^\W\d_]{2,}(?![\w-])")
DIGIT = re.compile(r"\d+")
EMOJI_CATEGORIES = ("So", "Sk", "Cs", "Co")


@dataclass(frozen=True)
class CitedDocument:
    """A document of the library, as a citation of it is read."""

    type_name: str
    issuer: str


@dataclass
class SpeechRules:
    """What the data files say: abbreviations, units, documents, allowed words."""

    abbreviations: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    allowed: frozenset = frozenset()
    document_types: dict[str, str] = field(default_factory=dict)  # KH → Kế hoạch
    documents: dict[str, CitedDocument] = field(default_factory=dict)

    def unit_pattern(self) -> str:
        """The units, longest first, as one alternation."""
        keys = sorted(self.units, key=len, reverse=True)
        return "|".join(re.escape(key) for key in keys) or r"(?!)"


def number_words(written: str) -> str:
    """``1.250.000`` → "một triệu hai trăm năm mươi nghìn"; ``2,5`` → "hai phẩy năm"."""
    whole, _, fraction = written.partition(",")
    words = words_vi(int(whole.replace(".", "")))
    if not fraction:
        return words
    rest = fraction.lstrip("0")
    spoken = ["không"] * (len(fraction) - len(rest))
    if rest:
        spoken.append(words_vi(int(rest)))
    return f"{words} phẩy {' '.join(spoken)}"


def digit_by_digit(written: str) -> str:
    """A phone number read one digit at a time, with a pause between groups."""
    return ", ".join(
        " ".join(DIGITS[int(digit)] for digit in group)
        for group in DIGIT.findall(written)
    )


def day_words(day: int) -> str:
    """Days 1 to 10 are "mùng một" … "mùng mười", as they are said."""
    return f"mùng {words_vi(day)}" if day <= 10 else words_vi(day)  # noqa: PLR2004


def month_words(month: int) -> str:
    return MONTHS.get(month, words_vi(month))


def date_words(day: int, month: int, year: int | None = None) -> str:
    """``27, 11, 2026`` → "hai mươi bảy tháng mười một năm hai nghìn …"."""
    text = f"{day_words(day)} tháng {month_words(month)}"
    return f"{text} năm {words_vi(year)}" if year else text


def roman_value(text: str) -> int | None:
    """``XIII`` → 13; None when ``text`` is not a well-formed roman numeral."""
    values = [ROMAN[letter] for letter in text.upper()]
    total = sum(
        -value if index + 1 < len(values) and value < values[index + 1] else value
        for index, value in enumerate(values)
    )
    return total if total > 0 and to_roman(total) == text.upper() else None


def to_roman(number: int) -> str:
    pairs = ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"))
    pairs += ((5, "V"), (4, "IV"), (1, "I"))
    letters = ""
    for value, symbol in pairs:
        while number >= value:
            letters, number = letters + symbol, number - value
    return letters


def ends_with_word(before: str, *words: str) -> bool:
    """Whether ``before`` ends with one of ``words`` as a whole word, any case."""
    before = before.rstrip().lower()
    return any(
        re.search(rf"(^|\W){re.escape(word.lower())}$", before) for word in words
    )


def replace_each(pattern: re.Pattern, text: str, spoken) -> str:
    """``pattern.sub`` whose ``spoken(match, before)`` sees the text before it."""
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(text[last : match.start()])
        said = spoken(match, "".join(pieces))
        pieces.append(match.group(0) if said is None else said)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def document_words(number: str, before: str, rules: SpeechRules) -> str:
    """``227/KH-UBND`` → "Kế hoạch số hai trăm hai mươi bảy của UBND xã …".

    The issuer is left as written: abbreviations are expanded after this step.
    A type name or "số" already said just before is not said twice.
    """
    serial, *middle, symbol = number.split("/")
    parts = symbol.split("-")
    cited = rules.documents.get(number)
    type_name = cited.type_name if cited else rules.document_types.get(parts[0], "")
    issuer = cited.issuer if cited else parts[-1]
    words = []
    if not ends_with_word(before, "số"):
        if type_name and not ends_with_word(before, type_name):
            words.append(type_name)
        words.append("số")
    words.append(words_vi(int(serial)))
    if middle:
        words += ["năm", words_vi(int(middle[0]))]
    words += ["của", issuer]
    return " ".join(words)


def say_documents(text: str, rules: SpeechRules) -> str:
    return replace_each(
        DOCUMENT,
        text,
        lambda m, before: document_words(m.group(1) or m.group(2), before, rules),
    )


def say_dates_and_times(text: str) -> str:
    def full(match, before):
        day, month, year = (int(part) for part in match.groups())
        if not (1 <= day <= 31 and 1 <= month <= 12):  # noqa: PLR2004
            return None
        prefix = "" if ends_with_word(before, "ngày") else "ngày "
        return prefix + date_words(day, month, year)

    def month_year(match, before):
        month, year = (int(part) for part in match.groups())
        if not 1 <= month <= 12:  # noqa: PLR2004
            return None
        prefix = "" if ends_with_word(before, "tháng") else "tháng "
        return f"{prefix}{month_words(month)} năm {words_vi(year)}"

    def day_month(match, before):
        day, month = (int(part) for part in match.groups())
        if not (1 <= day <= 31 and 1 <= month <= 12):  # noqa: PLR2004
            return None
        prefix = "" if ends_with_word(before, "ngày") else "ngày "
        return prefix + date_words(day, month)

    def clock(match, _before):
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 24 or minute > 59:  # noqa: PLR2004
            return None
        said = f"{words_vi(hour)} giờ"
        return f"{said} {words_vi(minute)} phút" if minute else said

    text = replace_each(FULL_DATE, text, full)
    text = replace_each(MONTH_YEAR, text, month_year)
    text = replace_each(DAY_MONTH, text, day_month)
    text = replace_each(TIME, text, clock)
    return HOUR.sub(lambda m: f"{words_vi(int(m.group(1)))} giờ", text)


def say_ordinals(text: str) -> str:
    def ordinal(match, _before):
        word, number = match.group(1), int(match.group(2))
        kind = word.lower()
        if kind == "thứ":
            return f"{word} {ORDINALS.get(number, words_vi(number))}"
        if kind == "tháng":
            return f"{word} {month_words(number)}" if 1 <= number <= 12 else None  # noqa: PLR2004
        return f"{word} {day_words(number)}" if 1 <= number <= 31 else None  # noqa: PLR2004

    def roman(match, _before):
        value = roman_value(match.group(2))
        if value is None:
            return None
        word = match.group(1)
        if word.lower() in ("thứ", "quý"):
            return f"{word} {ORDINALS.get(value, words_vi(value))}"
        return f"{word} {words_vi(value)}"

    text = replace_each(ROMAN_AFTER, text, roman)
    return replace_each(ORDINAL, text, ordinal)


def say_quantities(text: str, rules: SpeechRules) -> str:
    """Numbers, ranges, percentages and units: "5–7 km" → "từ năm đến bảy ki-lô-mét"."""
    units = rules.unit_pattern()
    quantity = re.compile(
        rf"(?<![\w.,])({NUMBER})(?:{DASH}({NUMBER}))?"
        rf"(?:\s*({units})(?!\w))?(?:/({units})(?!\w))?"
    )

    def spoken(match, before):
        first, second, unit, per = match.groups()
        said = number_words(first)
        if second:
            said = f"{said} đến {number_words(second)}"
            if not ends_with_word(before, *NO_FROM):
                said = f"từ {said}"
        if unit:
            said = f"{said} {rules.units[unit]}"
        if per:
            said = f"{said} một {rules.units[per]}"
        return said

    text = replace_each(quantity, text, spoken)
    # A price per unit after a word: "đồng/kg" → "đồng một ki-lô-gam".
    return re.sub(
        rf"(?<=[^\W\d_])/({units})(?!\w)", lambda m: f" một {rules.units[m[1]]}", text
    )


def say_abbreviations(text: str, rules: SpeechRules) -> str:
    """Whole words only, capitalised where a sentence starts."""
    if not rules.abbreviations:
        return text
    keys = sorted(rules.abbreviations, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(key) for key in keys) + r")(?![\w-])"
    )

    def spoken(match, before):
        said = rules.abbreviations[match.group(1)]
        return said[:1].upper() + said[1:] if SENTENCE_END.search(before) else said

    return replace_each(pattern, text, spoken)


def drop_unspoken(text: str) -> str:
    """Sentences that point to a web or e-mail address, and emoji, are not read."""
    sentences = SENTENCE_SPLIT.split(text)
    text = " ".join(sentence for sentence in sentences if not LINK.search(sentence))
    text = "".join(
        char
        for char in text
        if (unicodedata.category(char) not in EMOJI_CATEGORIES or char == "°")
        and char not in "\u200d\ufe0f\ufe0e"
    )
    return text.replace("&", " và ")


def tidy(text: str) -> str:
    """Spaces and punctuation put right; a sentence starts with a capital."""
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" ([,.;:!?…)])", r"\1", text)
    text = re.sub(r"\( ", "(", text)
    text = SENTENCE_START.sub(lambda m: m[1] + m[2].upper(), text.strip())
    return unicodedata.normalize("NFC", text)


def speak(text: str, rules: SpeechRules) -> str:
    """``text`` as an announcer reads it aloud."""
    text = unicodedata.normalize("NFC", text)
    text = drop_unspoken(text)
    text = say_documents(text, rules)
    text = CITATION.sub(lambda m: m.group(1), text)  # a citation of no document
    text = PHONE.sub(lambda m: digit_by_digit(m.group(0)), text)
    text = say_dates_and_times(text)
    text = say_ordinals(text)
    text = say_quantities(text, rules)
    text = say_abbreviations(text, rules)
    return tidy(text)


def has_tone_or_mark(word: str) -> bool:
    """A word in capitals ("KHẨN") has marked vowels; an abbreviation has none."""
    return any(
        unicodedata.combining(char) for char in unicodedata.normalize("NFD", word)
    )


def leftovers(text: str, rules: SpeechRules) -> list[str]:
    """What an announcer would stumble on, once each, in order of appearance."""
    found = []
    found += DIGIT.findall(text)
    found += [char for char in text if char in "/%"]
    found += LINK.findall(text)
    found += [c for c in text if unicodedata.category(c) in EMOJI_CATEGORIES]
    found += [c for c in text if c in "°²³"]
    for word in CAPITALS.findall(text):
        if word.isupper() and not has_tone_or_mark(word) and word not in rules.allowed:
            found.append(word)
    return list(dict.fromkeys(found))

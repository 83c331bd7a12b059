"""Whole numbers in Vietnamese words, the one speller of the project.

The royalty sheet writes amounts in words with it, and the loudspeaker
bulletin reads every number with it. Northern forms: "nghìn", "linh".
"""

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", " nghìn", " triệu", " tỷ")


def three_digits(number: int, full: bool) -> str:
    """Words for 0–999; ``full`` when a higher group stands before it."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens > 1:
        words += [DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append("tư" if units == 4 else DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    elif units:
        if hundreds or full:
            words.append("linh")
        words.append(DIGITS[units])
    return " ".join(words)


def words_vi(number: int, padded: bool = False) -> str:
    """A whole number in words: 1005000 → "một triệu không trăm linh năm nghìn"."""
    if number == 0:
        return "không"
    if number < 0:
        return "âm " + words_vi(-number)
    if number >= 1000**4:
        billions, rest = divmod(number, 1000**3)
        # What follows "tỷ" is read in full: "một nghìn tỷ không trăm linh năm".
        tail = words_vi(rest, padded=True) if rest else ""
        return f"{words_vi(billions, padded)} tỷ" + (f" {tail}" if tail else "")
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words = []
    for position in range(len(groups) - 1, -1, -1):
        group = groups[position]
        if group == 0:
            continue
        higher = position < len(groups) - 1 or padded
        words.append(three_digits(group, full=higher) + GROUPS[position])
    return " ".join(words)

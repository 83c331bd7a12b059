"""Amounts in đồng as Vietnamese offices write them: figures and words."""

from tintuc.vn_text.numbers import words_vi


def format_dong(amount: int) -> str:
    """``1200000`` → ``1.200.000`` (dots between thousands)."""
    return f"{amount:,}".replace(",", ".")


def dong_in_words(amount: int) -> str:
    """``1200000`` → "Một triệu hai trăm nghìn đồng" (capitalised, as on a sheet)."""
    text = f"{words_vi(amount)} đồng"
    return text[0].upper() + text[1:]

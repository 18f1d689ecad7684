"""Resolve a date match (named groups from patterns/<lang>.toml) to ISO text at its grain.

Pure functions: the document's own date (``published``) is the only outside input, used
for 10일, 9월 10일, 내년, 昨年, 明年. A date that needs an anchor the document lacks is
dropped rather than guessed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from claimwatch.extractors.numerals import numeral_value

ERA_START = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}
_KANJI_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_KANJI_DIGIT["零"] = 0


@dataclass(frozen=True, slots=True)
class Anchor:
    """The document's date, split once."""
    year: int
    month: int
    day: int

    @classmethod
    def parse(cls, published: str | None) -> "Anchor | None":
        if not published:
            return None
        try:
            y, m, d = (int(x) for x in published[:10].split("-"))
        except ValueError:
            return None
        return cls(y, m, d)


def _small(text: str | None) -> int | None:
    """1-3 digit numbers in ASCII or kanji (九, 十二, 三十)."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if text == "元":
        return 1
    v = numeral_value(text, "ja")
    return int(v) if v is not None else None


def _year_digits(text: str) -> int:
    """二〇二五 -> 2025 (digit by digit)."""
    return int("".join(str(_KANJI_DIGIT[c]) for c in text))


def resolve(g: dict[str, str | None], anchor: Anchor | None, relative: dict[str, int],
            relative_month: dict[str, int] | None = None) -> list[str]:
    """ISO dates for one match: one item, or two for a year range (2026~2030년)."""
    year: int | None = None
    month = _small(g.get("m") or g.get("cm"))
    day = _small(g.get("d") or g.get("cd"))
    if g.get("y"):
        year = int(g["y"])
    elif g.get("yy"):
        year = 2000 + int(g["yy"])        # 26年度: fiscal 2026
    elif g.get("cy"):
        year = _year_digits(g["cy"])
    elif g.get("era"):
        n = _small(g.get("ey"))
        if n is None:
            return []
        year = ERA_START[g["era"]] + n - 1
    elif g.get("roc"):
        n = _small(g["roc"])
        if n is None:
            return []
        year = 1911 + n
    elif g.get("relm"):
        if anchor is None:
            return []
        months = anchor.year * 12 + anchor.month - 1 + (relative_month or {}).get(g["relm"], 0)
        year, month = divmod(months, 12)
        month += 1
    elif g.get("rel"):
        if anchor is None:
            return []
        year = anchor.year + relative.get(g["rel"], 0)
    elif month is not None:
        if anchor is None:
            return []                      # the contract's grains all carry a year
        year = anchor.year
    elif day is not None:
        if anchor is None or not 1 <= day <= 31:
            return []
        year, month = anchor.year, anchor.month
        if day > anchor.day + 20:         # "28일" in a page of the 3rd is last month's 28th
            month -= 1
            if month == 0:
                year, month = year - 1, 12
    if year is None:
        return []
    if month is not None and not 1 <= month <= 12:
        return []
    if day is not None and not 1 <= day <= 31:
        return []
    if g.get("y2"):
        return [str(year), str(int(g["y2"]))]
    if g.get("m2") and g.get("d2") and month is not None and day is not None:   # 1월 1일~9월 30일
        m2, d2 = int(g["m2"]), int(g["d2"])
        if not 1 <= m2 <= 12 or not _real_day(year, month, day) or not _real_day(year, m2, d2):
            return []
        end_year = year + 1 if m2 < month else year          # 11月11日～来年3月31日
        return [f"{year:04d}-{month:02d}-{day:02d}", f"{end_year:04d}-{m2:02d}-{d2:02d}"]
    if g.get("m2") and month is not None and day is None:         # 1~8월, 1—9月
        m2 = int(g["m2"])
        if not month < m2 <= 12:
            return []
        return [f"{year:04d}-{month:02d}", f"{year:04d}-{m2:02d}"]
    if g.get("d2") and month is not None and day is not None:     # 16~17일
        d2 = int(g["d2"])
        if not day < d2 <= 31:
            return []
        if not _real_day(year, month, d2):
            return []
        return [f"{year:04d}-{month:02d}-{day:02d}", f"{year:04d}-{month:02d}-{d2:02d}"]
    if month is None:
        return [str(year)]
    if day is None:
        return [f"{year:04d}-{month:02d}"]
    if not _real_day(year, month, day):
        return []                         # 2월 31일 is a typo, not a date
    return [f"{year:04d}-{month:02d}-{day:02d}"]


def _real_day(year: int, month: int, day: int) -> bool:
    return day <= calendar.monthrange(year, month)[1]

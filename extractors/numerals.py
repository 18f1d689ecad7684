"""The shared number grammar: the value of a numeral as written in ko, ja or zh.

One function, ``numeral_value``, turns the surface of a numeral that a language's
regex has already found (``1조 1,347억``, ``1万1347亿``, ``四億五千六百四十二万零一十五``,
``이십일조 삼백``, ``十点二三三``) into an exact ``Decimal``. Recognition (where a
numeral starts and ends) is the job of each language's patterns; valuation is one
grammar for all three, because CJK numerals share it: digits, small units (十百千 /
십백천) that multiply the digit before them, and big units (万億兆京 / 만억조경) that close
a group. The two language differences live in flags: Chinese reads a trailing bare
digit after a unit as the next lower place (一万三 = 13000, 二百五 = 250) while
Japanese and Korean read it literally (一万三 = 10003, 천삼 = 1003).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache

import regex

DIGITS: dict[str, int] = {}
for _chars, _v in (
    ("〇零0영공○", 0), ("一壹1일", 1), ("二贰貳两兩倆2이", 2), ("三叁參3삼", 3),
    ("四肆4사", 4), ("五伍5오", 5), ("六陆陸6육륙", 6), ("七柒7칠", 7),
    ("八捌8팔", 8), ("九玖9구", 9),
):
    for _c in _chars:
        DIGITS[_c] = _v
SMALL_UNITS = {"十": 10, "拾": 10, "십": 10, "百": 100, "佰": 100, "백": 100,
               "千": 1000, "仟": 1000, "천": 1000, "廿": 20, "卅": 30}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "만": 10**4, "億": 10**8, "亿": 10**8,
             "억": 10**8, "兆": 10**12, "조": 10**12, "京": 10**16, "경": 10**16}
POINTS = frozenset("点點점")
ZERO_MARKERS = frozenset("〇零영○")

NATIVE_TENS = {"열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50,
               "예순": 60, "일흔": 70, "여든": 80, "아흔": 90}
NATIVE_ONES = {"하나": 1, "한": 1, "둘": 2, "두": 2, "셋": 3, "세": 3, "석": 3, "서": 3,
               "넷": 4, "네": 4, "넉": 4, "다섯": 5, "닷": 5, "여섯": 6, "엿": 6,
               "일곱": 7, "여덟": 8, "아홉": 9}
_NATIVE = regex.compile(
    "(?P<tens>" + "|".join(sorted(NATIVE_TENS, key=len, reverse=True)) + ")?"
    "(?P<ones>" + "|".join(sorted(NATIVE_ONES, key=len, reverse=True)) + ")?"
)
_TOKEN = regex.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+|\S")


def native_korean_value(text: str) -> int | None:
    """Value of a native Korean numeral (스물여섯 = 26, 한 = 1), or None."""
    m = _NATIVE.fullmatch(text.replace(" ", ""))
    if not m or not (m["tens"] or m["ones"]):
        return None
    return NATIVE_TENS.get(m["tens"] or "", 0) + NATIVE_ONES.get(m["ones"] or "", 0)


@lru_cache(maxsize=65536)
def numeral_value(text: str, lang: str = "ja") -> Decimal | None:
    """Exact value of a folded numeral surface, or None when it is not a number.

    Cached: the same surfaces (``100``, ``1,000``, ``10억``) recur across a batch.
    """
    if not text:
        return None
    native = native_korean_value(text) if lang == "ko" and not text[0].isdigit() else None
    if native is not None:
        return Decimal(native)
    total = Decimal(0)
    section = Decimal(0)
    num: Decimal | None = None
    last_big: int | None = None
    last_unit: int | None = None   # the unit of the place just closed (for 一万三)
    zero_after_unit = False
    prev_kind = ""                  # "arabic" | "digit" | "unit" | "point"
    frac_digits: list[int] | None = None
    seen_any = False
    last_tok = ""
    for tok in _TOKEN.findall(text):
        prev_tok, last_tok = last_tok, tok
        if frac_digits is not None:             # after 点 / 점: digits read positionally
            if tok in DIGITS:
                frac_digits.append(DIGITS[tok])
                continue
            if tok[0].isdigit():
                frac_digits.extend(int(c) for c in tok if c.isdigit())
                continue
            return None
        if tok[0].isdigit() or tok[0] == ".":
            try:
                val = Decimal(tok.replace(",", ""))
            except InvalidOperation:
                return None
            if prev_kind == "arabic" or (prev_kind == "digit" and prev_tok not in ZERO_MARKERS):
                return None                     # "1 234" is two numbers, not one (1千零1 is one)
            num, prev_kind, seen_any = val, "arabic", True
            continue
        if tok in DIGITS:
            d = DIGITS[tok]
            if prev_kind == "digit" and num is not None:
                num = num * 10 + d              # 二〇二五, 三八折: positional reading
            else:
                if tok in ZERO_MARKERS and prev_kind == "unit":
                    zero_after_unit = True
                num = Decimal(d)
            prev_kind, seen_any = "digit", True
            continue
        if tok in SMALL_UNITS:
            unit = SMALL_UNITS[tok]
            if unit in (20, 30):                # 廿 / 卅 stand for a whole tens value
                section += unit
            elif num is None or (num == 0 and prev_kind == "digit" and prev_tok in ZERO_MARKERS):
                section += unit                 # 十, 零十 (一百零十万): the unit alone is one of it
            else:
                section += num * unit
            num, last_unit, prev_kind, seen_any = None, unit, "unit", True
            zero_after_unit = False
            continue
        if tok in BIG_UNITS:
            unit = BIG_UNITS[tok]
            group = section + (num if num is not None else 0)
            if group == 0 and total == 0:
                if not (lang == "ko" and tok == "만" and prev_kind == ""):
                    return None                 # 万 / 万万 alone are not numbers
                group = Decimal(1)              # but "만 원" is 10,000 won
            if last_big is not None and unit >= last_big:
                total = (total + group) * unit  # 萬億, 万万: the unit scales everything
            else:
                total += group * unit
            section, num = Decimal(0), None
            last_big = last_unit = unit
            prev_kind, seen_any = "unit", True
            zero_after_unit = False
            continue
        if tok in POINTS:
            if prev_kind == "point":
                return None
            frac_digits = []
            prev_kind = "point"
            continue
        return None
    if not seen_any:
        return None
    if num is not None:
        if (lang == "zh" and prev_kind == "digit" and last_unit and last_unit >= 100
                and not zero_after_unit and num < 10 and frac_digits is None):
            section += num * (last_unit // 10)
        else:
            section += num
    value = total + section
    if frac_digits:
        with localcontext() as ctx:
            ctx.prec = 40
            value += Decimal("0." + "".join(map(str, frac_digits)))
    return value


def plain(value: Decimal | float) -> int | float | None:
    """JSON-friendly number: an int when whole, else a float; None beyond float range.

    ``1e99999999`` would otherwise become a hundred-million-digit int (minutes of work,
    and JSON encoders refuse integers past 4300 digits)."""
    if isinstance(value, float):
        if value != value or abs(value) == float("inf"):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if not value.is_finite() or value.adjusted() > 308:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)

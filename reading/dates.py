"""Publication dates: normalise the many ways pages write them to ISO ``YYYY-MM-DD``.

The extractor needs the publication date to resolve relative dates ("올해",
"昨年", "今年") and fiscal years, so we look in machine-readable places first
(meta tags, JSON-LD, ``<time>``) and then in the visible bylines ko/ja/zh sites use
("입력 2025.09.10 15:08", "公開日：2025年9月1日", "发布时间：2025-01-17").
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import re

_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}

_NUMERIC = re.compile(
    r"(?<!\d)(\d{4})\s*(?:[-./]|년|年)\s*(\d{1,2})\s*(?:[-./]|월|月)\s*(\d{1,2})(?:\s*(?:일|日)|(?!\d))"
)
_ERA = re.compile(r"(令和|平成|昭和)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\D|$)")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat() if 1900 <= y <= 2100 else None
    except ValueError:
        return None


def parse_date(value: str | None) -> str | None:
    """Parse one date string (ISO, dotted, slashed, CJK, Japanese era, RFC 2822, compact)."""
    if not value:
        return None
    value = value.strip()
    m = _NUMERIC.search(value)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _ERA.search(value)
    if m:
        year = 1 if m.group(2) == "元" else int(m.group(2))
        return _valid(_ERAS[m.group(1)] + year, int(m.group(3)), int(m.group(4)))
    m = _COMPACT.match(value)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed else None


_DATE_TEXT = (r"((?:\d{4}\s*(?:[-./]|년|年)\s*\d{1,2}\s*(?:[-./]|월|月)\s*\d{1,2})"
              r"|(?:(?:令和|平成)\s*(?:\d{1,2}|元)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日))")
_SEP = r"\s*[:：]?\s*[\[(（]?\s*"

# Labels that mean "first published"; checked before the "updated" ones.
_PRIMARY = (
    "기사입력", "최초입력", "최초 입력", "입력", "등록일", "등록", "작성일", "게시일", "발행일", "배포일",
    "보도일", "公開日", "掲載日", "公開", "配信日", "配信", "発表日", "発行日",
    "发布时间", "發佈時間", "發布時間", "发布日期", "發佈日期", "發布日期", "发表时间", "發表時間",
    "发文日期", "成文日期", "刊登日期", "日期", "時間", "时间",
)
_SECONDARY = ("최종수정", "수정", "업데이트", "最終更新日", "更新日", "更新", "更新时间", "更新時間")

_PRIMARY_RE = re.compile("(?:" + "|".join(map(re.escape, _PRIMARY)) + ")" + _SEP + _DATE_TEXT)
_SECONDARY_RE = re.compile("(?:" + "|".join(map(re.escape, _SECONDARY)) + ")" + _SEP + _DATE_TEXT)
_SOURCE_LINE = re.compile(r"^.*(?:来源|來源|出处|出處)\s*[:：].*$", re.MULTILINE)


def byline_date(text: str) -> str | None:
    """Find the publication date in visible byline text.

    "입력/등록일/公開日/发布时间 ..." labels win over "수정/更新日" ones; a Chinese
    "来源：" line carrying a date counts as a byline too.
    """
    for m in _PRIMARY_RE.finditer(text):
        if (found := parse_date(m.group(1))):
            return found
    for line in _SOURCE_LINE.finditer(text):
        dated = re.search(_DATE_TEXT, line.group(0))
        if dated and (found := parse_date(dated.group(1))):
            return found
    for m in _SECONDARY_RE.finditer(text):
        if (found := parse_date(m.group(1))):
            return found
    return None

"""Turn page bytes into text without ever letting mojibake through.

Korean, Japanese and Chinese sites still serve EUC-KR, Shift_JIS, EUC-JP, GB2312
and Big5, often with a missing or wrong declaration.  The order of evidence is:
byte-order mark (it cannot lie), the HTTP header charset, the HTML ``<meta>``
declaration in the first 4 KB, UTF-8 validity, then statistical detection among the
CJK legacy codecs.  A declared charset is only trusted when it decodes strictly *and*
the result looks like real ko/ja/zh text (see :func:`implausibility`); otherwise we
fall back to detection, and if nothing decodes cleanly the caller gets
:class:`UndecodableError`.
"""

from __future__ import annotations

import codecs
import re
from functools import cache


from .sniff import bom_encoding


class UndecodableError(ValueError):
    """No candidate charset decodes the bytes cleanly."""


# Declared subsets are decoded with the superset codec real servers actually use.
_SUPERSETS: dict[str, str] = {
    "euc_kr": "cp949",
    "iso2022_kr": "iso2022_kr",
    "shift_jis": "cp932",
    "shift_jis_2004": "cp932",
    "shift_jisx0213": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "hz": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "ascii": "cp1252",        # WHATWG: us-ascii and latin1 labels mean windows-1252
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
}
# Extra labels Python's codec registry does not know.
_ALIASES: dict[str, str] = {
    "x-windows-949": "cp949",
    "windows-949": "cp949",
    "ks_c_5601-1987": "cp949",
    "ksc5601": "cp949",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "ms_kanji": "cp932",
    "x-euc-jp": "euc_jp",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "x-euc-cn": "gb18030",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "unicode": "utf-8",
    "utf8": "utf-8",
}
# Codecs a page can be *detected* as (the declared path accepts any codec).
DETECT_CANDIDATES: tuple[str, ...] = ("cp949", "cp932", "euc_jp", "gb18030", "big5hkscs")
_SINGLE_BYTE_WEAK = {"cp1252", "latin_1", "iso8859_1", "ascii", "iso8859_15"}
_CJK_CODECS = {"cp949", "cp932", "euc_jp", "gb18030", "big5hkscs"}


def normalize_charset(label: str | None) -> str | None:
    """Map a declared charset label to the Python codec we decode with, or None."""
    if not label:
        return None
    label = label.strip().strip("'\"").lower()
    if not label:
        return None
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    name = _SUPERSETS.get(name, name)
    return "utf-8" if name in ("utf_8", "utf_8_sig") else name


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def meta_charset(data: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``http-equiv=Content-Type`` tag declares.

    Only the first 4 KB are scanned, as browsers do; both tag forms contain
    ``charset=`` so one pattern covers them.  XHTML's ``<?xml encoding=...?>``
    counts too.
    """
    m = _META_CHARSET.search(data[:4096]) or _XML_ENCODING.match(data[:512])
    return m.group(1).decode("ascii", "ignore") if m else None


def _two_byte_set(codec: str, leads: range, trails: list[int]) -> frozenset[str]:
    out: set[str] = set()
    for a in leads:
        for b in trails:
            try:
                out.add(bytes((a, b)).decode(codec))
            except UnicodeDecodeError:
                pass
    return frozenset(out)


@cache
def _common_chars(codec: str) -> frozenset[str]:
    """Characters of the everyday core of each legacy standard.

    Cross-decoding (Shift_JIS read as CP949, EUC-JP read as GBK ...) usually
    succeeds byte-wise but lands on rare syllables/ideographs outside these cores:
    KS X 1001 Hangul (2,350), JIS X 0208 level-1 kanji, GB2312 level-1/2 hanzi,
    Big5 level-1 hanzi.
    """
    hi = list(range(0xA1, 0xFF))
    if codec == "cp949":
        return _two_byte_set("euc_kr", range(0xB0, 0xC9), hi)
    if codec in ("cp932", "euc_jp"):
        return _two_byte_set("euc_jp", range(0xB0, 0xD0), hi)
    if codec == "gb18030":
        return _two_byte_set("gb2312", range(0xB0, 0xF8), hi)
    if codec == "big5hkscs":
        return _two_byte_set("big5", range(0xA4, 0xC7), list(range(0x40, 0x7F)) + hi)
    return frozenset()


# Scoring a prefix is enough to tell mojibake from text and keeps big pages fast.
SAMPLE_CHARS = 200_000


def implausibility(text: str, codec: str) -> float:
    """Score how unlike real ko/ja/zh text a decode is (0 = perfectly plausible).

    Counts characters that essentially only appear in mojibake (control and
    private-use characters, half-width katakana, isolated Hangul jamo, rare CJK
    extensions, Hangul syllables outside KS X 1001 when decoding as CP949,
    ideographs outside the codec's common core) and adds penalties for script
    mixes a codec would not produce for its own language (kanji without any kana
    from a Japanese codec, mostly hanja from a Korean codec, kana from a Chinese
    codec).
    """
    common = _common_chars(codec) if codec in _CJK_CODECS else frozenset()
    non_ascii = 0
    bad = 0.0
    kana = hangul = han = 0
    for ch in text[:SAMPLE_CHARS]:
        o = ord(ch)
        if o < 0x80:
            if o < 0x20 and ch not in "\t\n\r\f":
                bad += 1
                non_ascii += 1
            continue
        non_ascii += 1
        if (o == 0xFFFD or 0x80 <= o <= 0x9F or 0xE000 <= o <= 0xF8FF or 0xFF61 <= o <= 0xFF9F
                or 0x3131 <= o <= 0x318E or 0x3400 <= o <= 0x4DBF or o >= 0x20000
                or 0xF900 <= o <= 0xFAFF):
            bad += 1
        elif 0xAC00 <= o <= 0xD7A3:
            hangul += 1
            if codec == "cp949" and ch not in common:
                bad += 0.5  # UHC-only syllables exist (똠, 꿍) but are rare
        elif 0x3040 <= o <= 0x30FF:
            kana += 1
        elif 0x4E00 <= o <= 0x9FFF:
            han += 1
            if common and ch not in common:
                bad += 0.5
    if non_ascii == 0:
        return 0.0
    score = bad / non_ascii
    if codec in ("cp932", "euc_jp") and han >= 10 and kana == 0:
        score += 0.5
    if codec in ("gb18030", "big5hkscs") and kana > 0.05 * (kana + han):
        score += 0.3
    if codec == "cp949" and han + hangul >= 10 and han > 0.3 * (han + hangul):
        score += 0.3
    return score


# A decode scoring above this is treated as mojibake.
PLAUSIBLE = 0.05
# Detection's best guess is still rejected above this.
ACCEPTABLE = 0.2
# How much better than a declared charset's decode detection must be to override it.
DECLARED_MARGIN = 0.1


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def detect(data: bytes) -> tuple[str, str]:
    """Pick the CJK legacy codec that decodes ``data`` most plausibly.

    charset-normalizer ranks the candidates (its language coherence separates
    e.g. Korean-as-GBK from real Korean); our implausibility score overrides its
    ranking where it is known to be weak (short Shift_JIS pages read as CP949).
    """
    import charset_normalizer   # ~30 ms to import: only pages that need detection pay it

    ranked = [m.encoding for m in charset_normalizer.from_bytes(data, cp_isolation=list(DETECT_CANDIDATES))]
    order = [normalize_charset(c) or c for c in ranked]
    order += [c for c in DETECT_CANDIDATES if c not in order]
    best: tuple[tuple[float, int], str, str] | None = None
    for rank, codec in enumerate(dict.fromkeys(order)):
        if codec not in _CJK_CODECS:
            continue
        text = _strict(data, codec)
        if text is None:
            continue
        key = (round(implausibility(text, codec), 3), rank)
        if best is None or key < best[0]:
            best = (key, codec, text)
    if best is None or best[0][0] > ACCEPTABLE:
        raise UndecodableError("undecodable (no charset decodes it cleanly; tried "
                               + ", ".join(("utf-8",) + DETECT_CANDIDATES) + ")")
    return best[2], best[1]


def decode(data: bytes, *, declared: str | None = None, html: bool = False) -> tuple[str, str]:
    """Decode ``data`` and return (text, codec used).

    ``declared`` is the HTTP header (or caller-given) charset; with ``html`` the
    ``<meta>`` declaration is consulted too.  Raises :class:`UndecodableError`.
    """
    bom = bom_encoding(data)
    if bom:
        bom_codec, size = bom
        bom_text = _strict(data[size:], bom_codec)
        if bom_text is not None:
            return bom_text, bom_codec
    declarations = [declared]
    if html:
        declarations.append(meta_charset(data))
    non_ascii = any(b >= 0x80 for b in data)
    if not non_ascii and b"\x1b" not in data:
        return data.decode("ascii"), "ascii"
    if not non_ascii:
        # 7-bit but with escape sequences: ISO-2022-JP/KR/CN. Only a codec that reads them
        # may decode the page; decoded as ASCII it would be mojibake.
        for codec in (normalize_charset(d) for d in declarations if d):
            if codec and "2022" in codec and (text := _strict(data, codec)) is not None:
                return text, codec
        for codec in ("iso2022_jp", "iso2022_kr"):
            if (text := _strict(data, codec)) is not None:
                return text, codec
        raise UndecodableError("7-bit escape sequences in no known ISO-2022 charset")
    for label in declarations:
        codec = normalize_charset(label)
        if codec is None:
            continue
        declared_text = _strict(data, codec)
        if declared_text is None:
            continue
        text = declared_text
        if codec in _SINGLE_BYTE_WEAK:
            # "iso-8859-1" on a Korean page is a classic server default; a clean
            # CJK decode beats it, a failed one leaves the declaration standing.
            try:
                return detect(data)
            except UndecodableError:
                return text, codec
        score = implausibility(text, codec)
        if score <= PLAUSIBLE:
            return text, codec
        # A declaration is strong evidence: only a clearly better detection
        # overrides a strict, merely unusual decode (short texts, rare syllables).
        try:
            detected, detected_codec = detect(data)
            if implausibility(detected, detected_codec) < score - DECLARED_MARGIN:
                return detected, detected_codec
        except UndecodableError:
            pass
        if score <= ACCEPTABLE:
            return text, codec
    utf8 = _strict(data, "utf-8")
    if utf8 is not None and implausibility(utf8, "utf-8") <= PLAUSIBLE:
        return utf8, "utf-8"
    try:
        return detect(data)
    except UndecodableError:
        # A mostly-ASCII Western page without a declaration: no CJK codec fits,
        # windows-1252 does and touches only a few bytes.
        high = sum(1 for b in data if b >= 0x80)
        western = _strict(data, "cp1252")
        if western is not None and high < 0.1 * len(data):
            return western, "cp1252"
        raise


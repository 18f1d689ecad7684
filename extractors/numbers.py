"""Number mode: every numeral in a text, resolved, whatever follows it.

``find_numbers(text, folded, lang)`` is the recognizer behind claim kind ``number``
(the Recognizers-Text NumberModel task): Arabic numerals with separators, decimals,
exponents (1e10, 1.1^23, 10の13乗), fractions (3/4, 三分之一, 5分の1, 삼분의 이) and
mixed fractions, CJK and Hangul numerals with units (and spaces between them), native
Korean numerals, dozens, 半, zh approximations (十余万), k/M suffixes and negatives.

It is a pure function over the folded text (``normalize.fold``: same length, ASCII
digits and signs). The values come from the shared grammar (``numerals.numeral_value``);
the language word lists live in ``patterns/numbers.toml``. Regexes are compiled once per
language, on first use. The scan is a single left-to-right pass: each candidate numeral
is matched with anchored regexes that only look ahead a bounded distance, so the work is
linear in the text length.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from claimwatch.extractors.numerals import BIG_UNITS, numeral_value
from claimwatch.extractors.numerals import plain as to_json_number
from claimwatch.extractors.grammar import WINDOW as _WINDOW, alternation as _alt

Number = tuple[int, int, "int | float"]

_CJK_DIGITS = "〇零一二三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖两兩倆"
_CJK_UNITS = "十拾百佰千仟万萬亿億兆京廿卅"
_HANGUL_DIGITS = "영공일이삼사오육륙칠팔구"
_DIGITISH = frozenset("0123456789" + _CJK_DIGITS + _HANGUL_DIGITS)
_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

# Arabic numerals: 1,234,567 / 1 234 567 (groups of exactly 3) / 1234.5 / .25 / 1e10.
_EXP = r"(?:[eE][+-]?\d+)?"
_ARABIC = (r"(?:\d{1,3}(?:,\d{3}(?!\d))+|\d{1,3}(?: \d{3}(?![\d/]))+|\d+)"
           r"(?:\.\d+)?" + _EXP + r"|(?<!\.)\.\d+" + _EXP)
_ARABIC_JA = r"\d{1,3}(?:、\d{3})+(?![\d.])|" + _ARABIC   # 1、234、567 but not 4千万50、154.0
_MAX_LEN = 64          # longer runs of numeral characters are no numeral (and cost no more)
_DOTTED = r"\d+(?:\.\d+){2,}"          # 192.168.1.2, 2222.2222.22222.222: several numbers


_SMALL = {
    "plain": r"\d*\.?\d+(?:[eE][+-]?\d+)?",
    "digits": r"\d+",
    "slash": r"\s*/\s*(\d+)(?!\d)(?!\s*/\s*\d)",
    "mixed_slash": r"\s+(\d+)\s*/\s*(\d+)(?!\d)(?!\s*/\s*\d)",
    "km": r"\s?([kKM])(?![A-Za-z])",
}


@lru_cache(maxsize=None)
def _rx(name: str):
    return regex.compile(_SMALL[name])


@dataclass
class _Spec:
    lang: str
    core: Any
    negative: tuple[str, ...]
    fraction: Any
    mixed: Any
    dozen: Any
    approx: Any
    half: dict[str, Decimal]
    blocked: Any | None
    unit_drop: Any | None
    single_drop: Any | None
    percent_prefix: tuple[str, ...]
    particle: frozenset[str]
    native_particle: tuple[str, ...]
    power: Any


def load_number_data() -> list[dict[str, Any]]:
    """The raw entries of patterns/numbers.toml (used by the compiler and the tests)."""
    text = resources.files("claimwatch.patterns").joinpath("numbers.toml").read_text("utf-8")
    return tomllib.loads(text)["entry"]


@lru_cache(maxsize=None)
def _spec(lang: str) -> _Spec:
    entries = [e for e in load_number_data() if e["lang"] == lang]

    def words(role: str) -> list[str]:
        return [w for e in entries if e["role"] == role for w in e.get("words", [])]

    def rx(role: str) -> str | None:
        parts = [e["regex"] for e in entries if e["role"] == role and "regex" in e]
        return "|".join(f"(?:{p})" for p in parts) if parts else None

    dozen = words("dozen")
    half: dict[str, Decimal] = {}
    for e in entries:
        if e["role"] == "half":
            for w in e["words"]:
                half[w] = Decimal(str(e.get("value", "0.5")))
    if lang == "ko":
        counters = words("native_counter")
        tens = "열|스물|스무|서른|마흔|쉰|예순|일흔|여든|아흔"
        ones = "하나|둘|셋|넷|다섯|여섯|일곱|여덟|아홉"
        det = "한|두|세|네"
        cnt = _alt(counters)
        native = (rf"(?:{tens})(?:{ones}|(?:{det})(?=\s?(?:{cnt})))?|(?:{ones})"
                  rf"|(?:{det})(?=\s?(?:{cnt}))")
        hd = "(?:[영공일삼사오육륙칠팔구]|이(?![다며고]))"     # 이다: the copula, not 2
        d = rf"(?:{_ARABIC}|{hd})"
        g = rf"(?:{d}?천(?:{d}?백)?(?:{d}?십)?{d}?|{d}?백(?:{d}?십)?{d}?|{d}?십{d}?|{d})"
        knum = rf"{g}(?:(?:[만억경]|조(?!각)){g}?)*+(?:점\s?(?:{hd}|\d)+)?"
        core = (rf"(?P<dot>(?<!\d){_DOTTED})|(?P<nat>{native})|(?<!\d)(?P<kn>{knum})"
                rf"|(?P<half>{_alt(half)})")
    else:
        arabic = _ARABIC_JA if lang == "ja" else _ARABIC
        point_digits = _CJK_DIGITS.replace("两", "").replace("兩", "") if lang == "zh" else _CJK_DIGITS
        point = rf"\s*[点點]\s*(?=[\d{point_digits}])" + (rf"|・(?=[\d{_CJK_DIGITS}])" if lang == "ja" else "")
        unit = rf"(?<!\d)(?:{arabic})|[{_CJK_DIGITS}{_CJK_UNITS}]"
        core = (rf"(?P<dot>(?<!\d){_DOTTED})|(?P<cj>(?:{unit})(?:{unit}|{point})*+)"
                rf"|(?P<half>{_alt(half)}|半(?=\s*(?:{_alt(dozen)})))")
    blocked = [regex.escape(w) for w in words("exclude")]
    if rx("date_drop"):
        blocked.append(rx("date_drop"))
    power = (r"\s*\^\s*(?P<pneg>(?:[+-]|マイナス)*)" if lang != "ja" else
             r"\s*(?:\^|(?P<x10>×\s*(?:10|十))?の)\s*(?P<pneg>(?:[+-]|マイナス)*)")
    return _Spec(
        lang=lang,
        core=regex.compile(core),
        negative=tuple(sorted(words("negative"), key=len, reverse=True)),
        fraction=regex.compile(rx("fraction") or "(?!)"),
        mixed=regex.compile(rx("mixed") or "(?!)"),
        dozen=regex.compile(rf"\s*(?:{_alt(dozen)})"),
        approx=regex.compile(rf"\s*(?:{_alt(words('approx'))})\s*(?P<big>[万萬亿億兆])?"),
        half=half,
        blocked=regex.compile("|".join(blocked)) if blocked else None,
        unit_drop=regex.compile(rx("unit_drop")) if rx("unit_drop") else None,
        single_drop=regex.compile(_alt(words("single_drop"))) if words("single_drop") else None,
        percent_prefix=tuple(words("percent_prefix")),
        particle=frozenset(words("particle")),
        native_particle=tuple(sorted(words("native_particle") + words("native_counter"),
                                     key=len, reverse=True)),
        power=regex.compile(power),
    )


def _is_hangul(c: str) -> bool:
    return "\uac00" <= c <= "\ud7a3"


@dataclass
class _Atom:
    start: int
    end: int
    value: Decimal
    surface: str
    kind: str            # dot | nat | kn | cj | half


def _value(surface: str, kind: str, lang: str) -> Decimal | None:
    s = surface.replace("、", ",").replace("・", "点")
    if kind == "half":
        return None
    plain = s.replace(",", "").replace(" ", "")
    if _rx("plain").fullmatch(plain):
        try:
            return Decimal(plain)
        except InvalidOperation:
            return None
    return numeral_value(s, lang)


def _atom(sp: _Spec, t: str, i: int, m=None) -> _Atom | None:
    """One numeral starting exactly at ``i``, with the spaces inside it (一百 五 十 二)."""
    if m is None:
        m = sp.core.match(t, i, i + _WINDOW)
    if m is None or m.start() != i or m.end() - i > _MAX_LEN:
        return None
    kind = m.lastgroup or "cj"
    s, e = m.span()
    surface = t[s:e]
    if kind == "half":
        word = surface if surface in sp.half else None
        return _Atom(s, e, sp.half.get(word, Decimal("0.5")), surface, kind)
    if kind == "nat":
        from claimwatch.extractors.numerals import native_korean_value
        v = native_korean_value(surface)
        return _Atom(s, e, Decimal(v), surface, kind) if v is not None else None
    if kind == "dot":
        return _Atom(s, e, Decimal(0), surface, kind)
    v = _value(surface, kind, sp.lang)
    if v is None:
        return None
    # Korean 만 is also the particle "only": 일만큼, 일만 주세요 (not 일만 = 10000)
    if kind == "kn" and surface.endswith("만") and e < len(t) and _is_hangul(t[e]) and len(surface) > 1:
        if t[e] in "큼을":
            e -= 1
            surface = surface[:-1]
            v = _value(surface, kind, sp.lang)
            if v is None:
                return None
    atom = _Atom(s, e, v, surface, kind)
    # join the next numeral across spaces when one side is a unit: 一百 五 十 二, 오십 이
    while True:
        j = atom.end
        k = j
        while k < len(t) and k - j < 3 and t[k] == " ":
            k += 1
        if k == j or k >= len(t):
            break
        m2 = sp.core.match(t, k, k + _WINDOW)
        if m2 is None or (m2.lastgroup or "cj") != kind or kind not in ("cj", "kn"):
            break
        right = t[k:m2.end()]
        if atom.surface[-1] in _DIGITISH and right[0] in _DIGITISH:
            break
        if kind == "kn" and len(atom.surface) == 1 and not atom.surface.isdigit():
            break
        if "点" in atom.surface or "點" in atom.surface or "점" in atom.surface:
            break
        joined = atom.surface + " " + right
        if len(joined) > _MAX_LEN:
            break
        v2 = _value(joined, kind, sp.lang)
        if v2 is None:
            break
        atom = _Atom(atom.start, m2.end(), v2, joined, kind)
    return atom


def _neg_before(sp: _Spec, t: str, s: int) -> int | None:
    """Start of a negative sign word ending at ``s`` (one space allowed), or None."""
    for gap in (0, 1):
        p = s - gap
        if gap and (p < 1 or t[p] != " "):
            break
        for w in sp.negative:
            if t.startswith(w, p - len(w)):
                return p - len(w)
        if p >= 1 and t[p - 1] == "-":
            q = p - 1
            if q == 0 or not (t[q - 1] in _ASCII or t[q - 1] in _DIGITISH or t[q - 1] in "-+.^"):
                return q
    return None


def _neg_after(sp: _Spec, t: str, i: int) -> tuple[int, int]:
    """Sign words at ``i`` (before a numerator or exponent): (sign, position after)."""
    sign = 1
    while True:
        for w in sp.negative + ("-",):
            if t.startswith(w, i):
                sign, i = -sign, i + len(w)
                if i < len(t) and t[i] == " " and sp.lang == "ko":
                    i += 1
                break
        else:
            return sign, i


def _is_int_arabic(a: _Atom) -> bool:
    return a.kind in ("cj", "kn") and a.surface.isdigit()


def _korean_ok(sp: _Spec, t: str, a: _Atom, signed: bool) -> bool:
    """Bare Hangul numerals: whole words only (오늘, 일등석, 당신이 are no numbers)."""
    if a.kind == "dot" or a.surface[0].isdigit():
        return True
    if a.start and _is_hangul(t[a.start - 1]) and not signed:
        return False
    rest = t[a.end:a.end + 4]
    if a.kind == "nat":
        return not rest or not _is_hangul(rest[0]) or rest.startswith(sp.native_particle)
    if a.kind == "half":
        return not rest or not _is_hangul(rest[0]) or rest[0] in "이을은만"
    if len(a.surface) == 1:
        if not rest or not _is_hangul(rest[0]) and rest[0] != " ":
            return True
        if rest[0] == " ":
            # only trailing blanks may follow; look at a window first so that a lone
            # syllable early in a long text costs nothing like a copy of the rest of it
            return not t[a.end:a.end + _WINDOW].strip() and not t[a.end:].strip()
        return any(rest.startswith(p) for p in sp.particle)
    return True


def _fraction_at(sp: _Spec, t: str, den: _Atom) -> tuple[int, Decimal] | None:
    """``den`` 分の / 分之 / 분의 [sign] numerator: (end, value) or None."""
    f = sp.fraction.match(t, den.end, den.end + _WINDOW)
    if not f or den.value == 0:
        return None
    sign, i = _neg_after(sp, t, f.end())
    num = _atom(sp, t, i)
    if num is None or num.kind in ("dot", "half"):
        return None
    with localcontext() as ctx:
        ctx.prec = 34
        return num.end, sign * num.value / den.value


def _slash(t: str, a: _Atom) -> tuple[int, Decimal] | None:
    """``a`` / integer: 3/4, 12/3 (not the parts of dates 5/17/2018)."""
    if not _is_int_arabic(a):
        return None
    sl = _rx("slash").match(t[a.end:a.end + 40])
    if sl and int(sl.group(1)):
        with localcontext() as ctx:
            ctx.prec = 34
            return a.end + sl.end(), a.value / Decimal(sl.group(1))
    return None


def _expression(sp: _Spec, t: str, a: _Atom) -> tuple[int, Decimal | float] | None:
    """The number that starts with atom ``a``: (end, unsigned value)."""
    lang = sp.lang
    # fractions: 三分之一, 5分の1, 삼분의 이
    fr = _fraction_at(sp, t, a)
    if fr:
        return fr
    # mixed: 一又二分之一, 1と2分の1, 일과 이분의 일 ; Korean 이십일조와 삼백
    mx = sp.mixed.match(t, a.end, a.end + _WINDOW)
    if mx:
        b = _atom(sp, t, mx.end())
        if b is not None and b.kind not in ("dot", "half"):
            fr = _fraction_at(sp, t, b)
            if fr:
                return fr[0], a.value + fr[1]
            sl = _slash(t, b)
            if sl:
                return sl[0], a.value + sl[1]
            if (lang == "ko" and a.surface[-1] in "만억조경" and b.kind == "kn"
                    and b.value < BIG_UNITS[a.surface[-1]] and not sp.fraction.match(t, b.end, b.end + _WINDOW)):
                return b.end, a.value + b.value
    value: Decimal | float = a.value
    end = a.end
    # Arabic fractions: 3/4, 2 1/4, 1 3/5 (not dates 5/17/2018 nor 222-2222/2222)
    if _is_int_arabic(a) and (a.start == 0 or t[a.start - 1] not in "/") and not (
            a.start >= 2 and t[a.start - 1] == "-" and t[a.start - 2].isdigit()):
        sl = _slash(t, a)
        if sl:
            return sl
        mixed = _rx("mixed_slash").match(t[end:end + 40])
        if mixed and int(mixed.group(2)):
            return end + mixed.end(), a.value + Decimal(mixed.group(1)) / Decimal(mixed.group(2))
    # powers: 1.1^23, 2.5^-1, 1.1の23乗, 12.32×10の14乗
    pw = sp.power.match(t, end, end + _WINDOW)
    if pw:
        psign = -1 if (pw.group("pneg").count("-") + pw.group("pneg").count("マイナス")) % 2 else 1
        ex = _atom(sp, t, pw.end())
        if ex is not None and ex.kind not in ("dot", "half"):
            tail = ex.end
            ok = True
            if lang == "ja" and t[pw.start():pw.end()].strip().endswith("の") or (
                    lang == "ja" and "の" in t[pw.start():pw.end()]):
                ok = t.startswith("乗", tail)
                tail += 1
            if ok:
                exp = psign * ex.value
                if abs(exp) > 400:
                    return tail, value
                base, mult = (Decimal(10), a.value) if pw.groupdict().get("x10") else (a.value, Decimal(1))
                try:
                    with localcontext() as ctx:
                        ctx.prec = 34
                        if exp == exp.to_integral_value():
                            return tail, mult * base ** int(exp)
                        return tail, float(mult) * float(base) ** float(exp)
                except (ArithmeticError, OverflowError, ValueError):
                    return tail, value
    # 40k, -2.5 M
    if a.surface[-1].isdigit():
        km = _rx("km").match(t[end:end + 3])
        if km:
            return end + km.end(), value * (1000 if km.group(1) in "kK" else 1000000)
    # approximations before a big unit: 十余万, 500余り万, 二十几万
    ap = sp.approx.match(t, end, end + _WINDOW)
    if ap and ap.group("big"):
        return ap.end(), value * BIG_UNITS[ap.group("big")]
    # dozens: 3ダース, 十打, 한 다스
    dz = sp.dozen.match(t, end, end + _WINDOW)
    if dz:
        return dz.end(), value * 12
    return end, value


@lru_cache(maxsize=None)
def _kana_reader():
    """(regex of hiragana numeral runs, token -> kanji) from patterns/numbers.toml."""
    import regex

    readings: dict[str, str] = {}
    for entry in load_number_data():
        if entry.get("role") == "kana":
            readings.update(entry["readings"])
    alt = "|".join(sorted(map(regex.escape, readings), key=len, reverse=True))
    token = regex.compile(alt)
    run = regex.compile(f"(?<![\\p{{Hiragana}}])(?:{alt})+(?![\\p{{Hiragana}}])")
    return run, token, readings


def _kana_numbers(t: str) -> list[Number]:
    """Whole hiragana words that spell a numeral (ja only)."""
    run, token, readings = _kana_reader()
    out: list[Number] = []
    for m in run.finditer(t):
        if len(m.group()) < 2:
            continue                    # に, ご, し alone are particles and prefixes
        kanji = "".join(readings[x] for x in token.findall(m.group()))
        v = numeral_value(kanji, "ja")
        if v is not None:
            if (pv := to_json_number(v)) is not None:
                out.append((m.start(), m.end(), pv))
    return out


def find_numbers(text: str, folded: str, lang: str) -> list[Number]:
    """Every numeral of ``folded`` (the folded ``text``) as (start, end, value)."""
    found = _find_numbers(text, folded, lang)
    if lang == "ja":
        kana = _kana_numbers(folded)
        if kana:
            found = sorted(found + kana)
    return found


def _find_numbers(text: str, folded: str, lang: str) -> list[Number]:
    sp = _spec(lang)
    t = folded
    n = len(t)
    blocked = [m.span() for m in sp.blocked.finditer(t)] if sp.blocked is not None else []
    bi = 0
    out: list[Number] = []
    pos = 0
    while pos < n:
        m = sp.core.search(t, pos)
        if m is None:
            break
        s = m.start()
        # zh 百分之十: the percent prefix is not a denominator
        if sp.percent_prefix and (s == 0 or t[s - 1] not in _DIGITISH):
            pp = next((p for p in sp.percent_prefix if t.startswith(p, s)), None)
            if pp:
                pos = s + len(pp)
                continue
        while bi < len(blocked) and blocked[bi][1] <= s:
            bi += 1
        if bi < len(blocked) and blocked[bi][0] < m.end():
            pos = max(m.end(), blocked[bi][1]) if blocked[bi][0] <= s else m.end()
            continue
        if (lang == "ko" and s and _is_hangul(t[s - 1]) and not t[s].isdigit()
                and _neg_before(sp, t, s) is None):
            pos = m.end()
            continue
        a = _atom(sp, t, s, m)
        if a is None:
            pos = m.end()
            continue
        if a.kind == "dot":
            for d in _rx("digits").finditer(a.surface):
                out.append((s + d.start(), s + d.end(), int(d.group())))
            pos = a.end
            continue
        # names, versions, units glued to Arabic digits: G3, H100, 5G, 180ml
        if a.surface[0].isdigit() and s and (t[s - 1] in _ASCII or (
                t[s - 1] == "-" and s >= 2 and t[s - 2] in _ASCII)):
            pos = a.end
            continue
        neg = _neg_before(sp, t, s)
        res = _expression(sp, t, a)
        if res is None:
            pos = a.end
            continue
        end, value = res
        if end == a.end and a.kind == "half" and value == Decimal("0.5") and a.surface == "半":
            pos = a.end
            continue
        if a.surface[-1].isdigit() and end == a.end and end < n and t[end] in _ASCII:
            pos = end
            continue
        if lang == "ko" and end == a.end and not _korean_ok(sp, t, a, neg is not None):
            pos = a.end
            continue
        if sp.unit_drop is not None and sp.unit_drop.match(t, end, end + _WINDOW):
            pos = end
            continue
        if sp.single_drop is not None and len(a.surface) == 1 and end == a.end and sp.single_drop.match(t, end, end + _WINDOW):
            pos = end
            continue
        start = a.start
        if neg is not None:
            start = neg
            value = -value
        if (pv := to_json_number(value)) is not None:
            out.append((start, end, pv))
        pos = max(end, s + 1)
    return out

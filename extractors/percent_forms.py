"""Special percent forms the general figure pass cannot read.

``find_percent_forms`` finds 折 discounts (九折 = 90, 75折 = 75), 成/割 with a tail
(七成六 = 76, 三成半 = 35, 3割8分7厘 = 38.7), 割引 (8割引 = 20: what is left to pay),
千分之/万分之 (千分之一 = 0.1), 百分の N and N/100, k suffixes (百分之15k = 15000),
spaced-out unit words (パ ーセ ント, 个 百 分 点) and 比-5% negatives. The forms are data
(``patterns/percent_forms.toml``): each is a regex compiled once per language, on first
use, with a ``reading`` that turns a match into a value. The engine adds the spans to
its blocked list so the general pass does not read the same figure again.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any, Iterable

import regex

from claimwatch.extractors.grammar import WINDOW as _WINDOW, grammar
from claimwatch.extractors.numerals import numeral_value, plain

_BIG = {"百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10**4, "萬": 10**4,
        "亿": 10**8, "億": 10**8}
_ZHE_DECIMAL = frozenset(".点點")


@dataclass(frozen=True)
class Form:
    name: str
    regex: Any
    reading: str
    unit: str
    value: Decimal | None
    special_only: bool
    needs: tuple[str, ...] = ()      # literals a text must contain for the form to be tried


@lru_cache(maxsize=1)
def load_forms_data() -> dict:
    """The parsed ``patterns/percent_forms.toml``."""
    text = resources.files("claimwatch.patterns").joinpath("percent_forms.toml").read_text("utf-8")
    return tomllib.loads(text)


def _expand(pattern: str, parts: dict[str, str]) -> str:
    for _ in range(6):                      # parts may refer to parts
        if "@" not in pattern:
            break
        for name, body in parts.items():
            pattern = pattern.replace(f"@{name}@", body)
    if "@" in pattern:
        raise ValueError(f"unresolved part in percent form pattern: {pattern!r}")
    return pattern


@lru_cache(maxsize=None)
def forms(lang: str) -> tuple[Form, ...]:
    """The compiled forms that run for ``lang``."""
    data = load_forms_data()
    parts = data.get("parts", {})
    out = []
    for entry in data.get("form", []):
        if lang not in entry.get("langs", []):
            continue
        value = entry.get("value")
        out.append(Form(
            name=entry["name"],
            regex=regex.compile(_expand(entry["pattern"], parts)),
            reading=entry["reading"],
            unit=entry.get("unit", "%"),
            value=Decimal(str(value)) if value is not None else None,
            special_only=bool(entry.get("special_only", False)),
            needs=tuple(entry.get("needs", ())),
        ))
    return tuple(out)


def find_percent_forms(folded: str, lang: str, *,
                       blocked: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int, float | int, str]]:
    """(start, end, value, unit) of every special percent form in ``folded``, in order.

    Forms overlapping a ``blocked`` span (URLs, dates) are left out.
    """
    fs = forms(lang)
    if not fs:
        return []
    cands: list[tuple[int, int, Decimal, str]] = []
    for form in fs:
        if form.needs and not any(lit in folded for lit in form.needs):
            continue                    # substring checks are far cheaper than a regex scan
        for m in form.regex.finditer(folded):
            if form.special_only and not _special(m, folded, lang):
                continue
            v = _read(form, m, lang)
            if v is not None:
                cands.append((m.start(), m.end(), v, form.unit))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    spans = sorted(blocked)
    starts = [b[0] for b in spans]
    reach = list(accumulate((b[1] for b in spans), max))    # max end of spans[:i + 1]
    out: list[tuple[int, int, float | int, str]] = []
    last_end = -1
    for s, e, v, unit in cands:
        j = bisect_left(starts, e)                             # spans starting before e
        if j and reach[j - 1] > s:
            continue
        if s >= last_end:
            out.append((s, e, plain(v), unit))
            last_end = e
    return out


def _special(m, t: str, lang: str) -> bool:
    """Would the general pass misread this match? Else leave it (and its qualifiers) there."""
    s, e = m.span()
    if any(c.isspace() for c in t[s:e]):
        return True
    gd = m.groupdict()
    if any(gd.get(k) for k in ("k", "half", "tail", "fen", "off")):
        return True
    ns, ne = m.span("num")
    eng = grammar(lang).numeral.match(t, ns, ns + _WINDOW)
    return eng is None or eng.end() != ne


def _num(text: str | None, lang: str) -> Decimal | None:
    if not text:
        return None
    return numeral_value("".join(text.split()), lang)


def _read(form: Form, m, lang: str) -> Decimal | None:
    if form.reading == "fixed":
        return form.value
    gd = m.groupdict()
    n = _num(gd.get("num"), lang)
    if n is None:
        return None
    if form.reading == "percent":
        if gd.get("k"):
            n *= 1000
        return -n if gd.get("neg") else n
    if form.reading == "zhe":
        raw = "".join(gd["num"].split())
        if any(c in _ZHE_DECIMAL for c in raw) or n < 10:
            n *= 10
        return n if 0 < n < 100 else None
    if form.reading == "tenths":
        v = n * 10
        if gd.get("half"):
            v += 5
        for key, weight in (("tail", Decimal(1)), ("fen", Decimal(1)), ("li", Decimal("0.1"))):
            d = _num(gd.get(key), lang)
            if gd.get(key) and d is None:
                return None
            if d is not None:
                v += d * weight
        if gd.get("off"):
            v = 100 - v
            if v < 0:
                return None
        return v
    if form.reading == "fraction":
        den = 1
        for c in gd["den"]:
            den *= _BIG[c]
        return n * 100 / den
    raise ValueError(f"unknown percent form reading {form.reading!r}")

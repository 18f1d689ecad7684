"""Compile a language's pattern file (patterns/<lang>.toml) into regexes, once.

The extractor's speed comes from doing as much as possible inside a few compiled
regexes: one finds numerals, one (anchored at a numeral's end) reads the qualifier,
unit and trailing bound after it, one (run in reverse from the numeral's start) reads
the currency sign, qualifier, sign and ordinal before it, one finds dates. Python code
only looks at the handful of groups each match yields.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

LANGS = ("ko", "ja", "zh")

# How far an anchored match (a unit after a numeral, a range partner, a suffix) may read.
# Every pattern.match(text, pos) passes pos + WINDOW as endpos: without it the regex module
# may search the whole rest of the document for a literal the pattern requires, which
# makes extraction quadratic in document length.
WINDOW = 96


@dataclass(frozen=True, slots=True)
class Unit:
    kind: str                 # money | count | percent
    unit: str                 # ISO code, "%"/"pp", or the counter as written
    scale: Decimal = Decimal(1)
    subunits: tuple[tuple[str, Decimal], ...] = ()


@dataclass
class Grammar:
    lang: str
    numeral: Any                      # finds numerals; group "w" set for numerals in words
    after: Any                        # anchored at a numeral's end
    before: Any                       # REVERSE, anchored at a numeral's start
    post_only: Any                    # a bound right after a numeral with no unit ("$20 정도")
    unit_first_chars: frozenset[str]  # what can follow a numeral that becomes a claim
    range_first_chars: frozenset[str]
    sign_last_chars: frozenset[str]   # last characters of currency signs and 百分之
    before_last_chars: frozenset[str] # last characters of anything the reverse regex reads
    blocker_first_chars: frozenset[str]
    per_first_chars: frozenset[str]
    post_first_chars: frozenset[str]
    label: Any                        # numerals that name things: "등 4대 분야"
    label_prev_chars: frozenset[str]
    label_next_chars: frozenset[str]
    one_counters: frozenset[str]      # ko: counters after which 한 (one) is a count
    range_sep: Any                    # anchored at a numeral's end
    blockers: Any                     # rank / duration suffixes (anchored)
    subunit: Any | None               # "13銭" after "2222円"
    dates: tuple[Any, ...]            # date patterns in priority order
    target: Any
    goal: Any
    baseline: Any                     # "현재", "現在", "目前" just before a figure: not a goal
    per: Any                          # "당", "当たり" right after a figure: a rate's denominator
    units: dict[str, Unit]
    qualifiers: dict[str, dict[str, str]]   # position -> surface -> qualifier name
    prefix_currency: dict[str, str]
    prefix_percent: dict[str, Unit]
    relative: dict[str, int]
    relative_month: dict[str, int]
    weak_target: Any                  # goal markers that need a year still ahead ("2030年に")
    not_after: Any                    # chars that, before a qualifier word, make it part of another word


def load_pattern_data(lang: str) -> dict[str, Any]:
    """The raw TOML of one language (used by the compiler and by the example tests)."""
    if lang not in LANGS:
        raise ValueError(lang)
    text = resources.files("claimwatch.patterns").joinpath(f"{lang}.toml").read_text("utf-8")
    return tomllib.loads(text)


def alternation(words) -> str:
    """A regex alternation that prefers the longest spelling."""
    uniq = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w) for w in uniq) or "(?!)"


@lru_cache(maxsize=None)
def grammar(lang: str) -> Grammar:
    d = load_pattern_data(lang)
    units: dict[str, Unit] = {}
    prefix_currency: dict[str, str] = {}
    for money in d.get("money", []):
        subs = tuple((k, Decimal(str(v))) for k, v in money.get("subunits", {}).items())
        scale = Decimal(str(money.get("scale", 1)))     # 센트, 펜스: hundredths of the unit
        for w in money.get("suffix", []):
            units.setdefault(w, Unit("money", money["iso"], scale, subs))
        for w in money.get("prefix", []):
            prefix_currency.setdefault(w, money["iso"])
    prefix_percent: dict[str, Unit] = {}
    for pct in d.get("percent", []):
        scale = Decimal(str(pct.get("scale", 1)))
        for w in pct.get("words", []):
            units.setdefault(w, Unit("percent", pct["unit"], scale))
        for w in pct.get("prefix", []):
            prefix_percent[w] = Unit("percent", pct["unit"], scale)
    noun_after = ""
    for cnt in d.get("count", []):
        for w in cnt.get("words", []):
            units.setdefault(w, Unit("count", w))
        noun_after = cnt.get("noun_after", noun_after)

    quals: dict[str, dict[str, str]] = {"prefix": {}, "infix": {}, "suffix": {}}
    for q in d.get("qualifier", []):
        for pos in quals:
            for w in q.get(pos, []):
                quals[pos].setdefault(w, q["name"])
    range_infix = [w for w, n in quals["infix"].items() if n == "range"]
    mid = [w for w, n in quals["infix"].items() if n != "range"]
    ex = d.get("exclude", {})
    neg = d.get("negative", {}).get("prefix", [])

    num = d["numeral"]
    numeral = regex.compile(f"(?=[0-9{regex.escape(num.get('first_chars', ''))}])"
                            f"(?:(?P<d>{num['pattern']})|(?P<w>{num['words']}))")
    unit_alt = alternation(list(units))
    bounds = alternation([w for w, n in quals["suffix"].items() if n != "approx" and w.startswith(("を", "超"))])
    # The noun/nq groups exist in every language (never matching where unused), so the
    # engine can read all groups in one call.
    noun = (f"|(?:(?P<nq>{bounds})の?|の){noun_after}" if noun_after
            else "|(?P<nq>(?!))(?P<noun>(?!))")
    after = regex.compile(
        f"(?P<mid>{alternation(mid)})?[ ]?(?:(?P<unit>{unit_alt}){noun})"
        f"(?:[ ]?(?P<post>{alternation(list(quals['suffix']))}))?"
    )
    before = regex.compile(
        f"(?:(?P<q>{alternation(list(quals['prefix']))})[ ]?)?"
        f"(?:(?P<cur>{alternation(list(prefix_currency))})[ ]?)?"
        f"(?P<pct>{alternation(list(prefix_percent))})?"
        f"(?:(?P<neg>-|{alternation(neg)})[ ]?)?"
        f"(?:(?P<ord>{alternation(ex.get('ordinal_prefix', []))})|(?P<vague>{alternation(ex.get('vague_prefix', []) + ex.get('per_prefix', []))}))?",
        flags=regex.REVERSE,
    )
    post_only = regex.compile(f"[ ]?(?P<post>{alternation(list(quals['suffix']))})")
    range_sep = regex.compile(f"[ ]?(?:{alternation(range_infix)})[ ]?")
    blockers = regex.compile(f"[ ]?(?:{alternation(ex.get('rank_suffix', []) + ex.get('duration_suffix', []))})")
    all_subs = sorted({k for u in units.values() for k, _ in u.subunits})
    subunit = None
    if all_subs:
        subunit = regex.compile(f"[ ]?(?:[と又和][ ]?)?(?P<n>\\d+|[〇一二三四五六七八九十两]+)[ ]?(?P<su>{alternation(all_subs)})")
    # Each date pattern is scanned on its own: one big alternation defeats the regex
    # engine's first-character optimisations and scans 2-3x slower. The engine merges
    # the matches as the alternation would (leftmost first, then pattern order).
    dates = tuple(regex.compile(x["pattern"]) for x in d.get("date", []))
    tgt = d.get("target", {})
    return Grammar(
        lang=lang,
        numeral=numeral,
        after=after,
        before=before,
        post_only=post_only,
        unit_first_chars=frozenset(w[0] for w in list(units) + mid + list(quals["suffix"]) + ["の", "を"]),
        range_first_chars=frozenset(w[0] for w in range_infix),
        sign_last_chars=frozenset(w[-1] for w in list(prefix_currency) + list(prefix_percent)),
        before_last_chars=frozenset(
            w[-1] for w in list(prefix_currency) + list(prefix_percent) + list(quals["prefix"]) + neg
            + ["-"] + ex.get("ordinal_prefix", []) + ex.get("vague_prefix", []) + ex.get("per_prefix", [])),
        blocker_first_chars=frozenset(w[0] for w in ex.get("rank_suffix", []) + ex.get("duration_suffix", [])),
        per_first_chars=frozenset(w[0] for w in ex.get("per_suffix", [])),
        post_first_chars=frozenset(w[0] for w in quals["suffix"]),
        label=regex.compile(ex.get("label_regex", "(?!)")),
        label_prev_chars=frozenset(w[-1] for w in ex.get("label_after", [])),
        label_next_chars=frozenset(w[0] for w in ex.get("label_units", [])),
        one_counters=frozenset(ex.get("one_counters", [])),
        range_sep=range_sep,
        blockers=blockers,
        subunit=subunit,
        dates=dates,
        target=regex.compile(tgt.get("pattern", "(?!)")),
        goal=regex.compile(alternation(tgt.get("goal_words", []))),
        baseline=regex.compile(alternation(tgt.get("baseline_words", []))),
        per=regex.compile(f"[ ]?(?:{alternation(ex.get('per_suffix', []))})"),
        units=units,
        qualifiers=quals,
        prefix_currency=prefix_currency,
        prefix_percent=prefix_percent,
        relative={k: int(v) for k, v in d.get("relative", {}).items()},
        relative_month={k: int(v) for k, v in d.get("relative_month", {}).items()},
        weak_target=regex.compile(tgt.get("weak_pattern", "(?!)")),
        not_after=regex.compile(d.get("qualifier_not_after", "(?!)")),
    )

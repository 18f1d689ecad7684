"""Text in, claims out: the extraction pipeline for one document.

``extract`` is a pure function. It folds the text (same length, so offsets hold),
finds dates first (their digits are not figures), then walks the numerals of the
language and reads the context on both sides of each one through the compiled
grammar: unit, qualifier, range partner, currency sign, ordinal or rank markers.
Sentences and targets are attached last, per sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from typing import Iterable

import regex

from claimwatch.extractors.claims import DEFAULT_KINDS, Claim
from claimwatch.extractors.dates import Anchor, resolve
from claimwatch.extractors.grammar import LANGS, WINDOW as _WINDOW, Grammar, Unit, grammar
from claimwatch.extractors.langdetect import detect_language
from claimwatch.extractors.normalize import fold
from claimwatch.extractors.numerals import native_korean_value, numeral_value, plain
from claimwatch.extractors.percent_forms import find_percent_forms

# ASCII-only e-mail pattern anchored at a word start: with \w it would rescan every unspaced
# Han/Hangul run from each position (quadratic on Chinese text).
_URL = regex.compile(r"(?:https?://|www\.)[^\s<>\"'）)\]]+"
                     r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PHONE_TAIL = regex.compile(r"-\d{3,4}(?:-\d{4})?(?!\d)")
_SENTENCE_END = regex.compile(r"[。！？!?]+|\n|(?<=\D)\.(?=\s)|(?<=\d)\.(?=\s+[^\d\s])")
_ASCII_LETTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_ONE = Decimal(1)
_CLAUSE_BREAK = regex.compile(r"[,，、;；]")
_SIGN_CONTEXT = frozenset(" \t\n(（[「『:：,，、=~")
MAX_NUMERAL = 40        # characters; "1조 1조 1조 …" is not one number, and huge values cost
_QUALIFIER_RANK = {"range": 0, "at_least": 1, "at_most": 1, "over": 1, "under": 1, "approx": 2}


def extract(text: str, *, lang: str = "auto", published: str | None = None,
            kinds: Iterable[str] | None = None, doc: str = "") -> list[Claim]:
    """Every claim of the requested kinds in ``text``, in document order."""
    kinds = frozenset(kinds) if kinds is not None else DEFAULT_KINDS
    if lang == "auto":
        lang = detect_language(text) or "ko"
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (use ko, ja, zh or auto)")
    g = grammar(lang)
    folded = fold(text)
    anchor = Anchor.parse(published)
    blocked: list[tuple[int, int]] = []
    if "://" in folded or "www." in folded or "@" in folded:
        blocked.extend(m.span() for m in _URL.finditer(folded))
    found: list[tuple[int, int, str, object, str | None, str | None]] = []
    date_spans = _dates(g, folded, anchor, found, "date" in kinds)
    blocked.extend(date_spans)
    if "percent" in kinds:                 # 九折, 三成半, 千分之一, 8割引: percent_forms.py
        for ps, pe, pv, pu in find_percent_forms(folded, lang, blocked=blocked):
            found.append((ps, pe, "percent", pv, pu, None))
            blocked.append((ps, pe))
    blocked.sort()
    if kinds & {"money", "count", "percent"}:
        _figures(g, folded, blocked, kinds, found)
    if "number" in kinds:
        from claimwatch.extractors.numbers import find_numbers   # number mode only

        found.extend((s, e, "number", v, None, None) for s, e, v in find_numbers(text, folded, lang))
    if not found:
        return []
    found.sort(key=lambda f: (f[0], f[1]))
    return _finish(g, text, folded, found, doc, anchor)


# --------------------------------------------------------------------------- dates

def _dates(g: Grammar, t: str, anchor: Anchor | None, out: list, keep: bool) -> list[tuple[int, int]]:
    spans = []
    for m in _date_matches(g, t):
        s, e = m.span()
        if s and t[s - 1].isdigit():
            continue
        isos = resolve(m.groupdict(), anchor, g.relative, g.relative_month)
        if not isos:
            continue
        spans.append((s, e))
        if keep:
            qual = "range" if len(isos) > 1 else None
            for iso in isos:
                out.append((s, e, "date", iso, None, qual))
    return spans


def _date_matches(g: Grammar, t: str):
    """Matches of all date patterns, leftmost first, earlier patterns winning ties, with no
    overlaps: what one alternation of the patterns would find, but faster."""
    hits = [(m.start(), i, m) for i, pat in enumerate(g.dates) for m in pat.finditer(t)]
    hits.sort(key=lambda h: (h[0], h[1]))
    end = -1
    for s, _i, m in hits:
        if s >= end:
            end = m.end()
            yield m


# ------------------------------------------------------------------------- figures

def _figures(g: Grammar, t: str, blocked: list[tuple[int, int]], kinds: frozenset, out: list) -> None:
    """Money, counts and percents: each numeral with the context on both sides of it.

    The hot loop of the extractor. Cheap character checks decide before any secondary
    regex runs whether it could match at all; groups are read in one call each.
    """
    n = len(t)
    bi = 0
    nb = len(blocked)
    skip_until = -1
    lang = g.lang
    after, before, numeral = g.after, g.before, g.numeral
    unit_start, range_start, sign_end = g.unit_first_chars, g.range_first_chars, g.sign_last_chars
    before_end, blocker_start, per_start, post_start = (
        g.before_last_chars, g.blocker_first_chars, g.per_first_chars, g.post_first_chars)
    units, prefix_percent, prefix_currency = g.units, g.prefix_percent, g.prefix_currency
    label_prev, label_next = g.label_prev_chars, g.label_next_chars
    first_out = len(out)
    q_prefix, q_infix, q_suffix = (g.qualifiers["prefix"], g.qualifiers["infix"], g.qualifiers["suffix"])
    for m in numeral.finditer(t):
        s, e = m.span()
        if s < skip_until:
            continue
        # Fast exit for the many numerals that no unit follows and no currency sign precedes
        # (list numbers, years in names, bare table cells): no Python work beyond this.
        c = t[e:e + 1]
        if c == " ":
            c = t[e + 1:e + 2]
        p = t[s - 1:s] if s else ""
        if p == " " and s > 1:
            p = t[s - 2]
        if c not in unit_start and c not in range_start and p not in sign_end:
            continue
        while bi < nb and blocked[bi][1] <= s:
            bi += 1
        if bi < nb and blocked[bi][0] < e:
            continue
        if e - s > MAX_NUMERAL or not _clean_edges(t, s, e, n):
            continue
        if p in label_prev and t[e:e + 1] in label_next and g.label.match(t, s, s + _WINDOW):
            continue
        surface = t[s:e]
        approx_inside = None
        if "多" in surface or "余" in surface:    # 3600多万辆: "over 36 million"
            surface = surface.replace("多", "").replace("余", "")
            approx_inside = "over"
        value = numeral_value(surface, lang)
        if value is None:
            continue
        in_words = m.lastgroup == "w"
        first = s                                   # where the figure's text starts
        # A range: "2,500~3,000억 원", "27~30%".
        low = None
        if c in range_start:
            r = g.range_sep.match(t, e, e + _WINDOW)
            m2 = numeral.match(t, r.end(), r.end() + _WINDOW) if r else None
            if m2 and _clean_edges(t, m2.start(), m2.end(), n) and not _is_phone(t, m2.end()):
                v2 = numeral_value(t[m2.start():m2.end()], lang)
                if v2 is not None:
                    low = (s, e, _range_low(t[s:e], t[m2.start():m2.end()], lang, value))
                    s, e, value = m2.start(), m2.end(), v2
                    skip_until = e
                    c = t[e:e + 1]
                    if c == " ":
                        c = t[e + 1:e + 2]
        a = after.match(t, e, e + _WINDOW) if c in unit_start else None
        b = before.match(t, max(0, first - 24), first) if p in before_end else None
        ordinal = vague = cur = pct = neg = q = None
        if b is not None and b.end() > b.start():
            ordinal, vague, cur, pct, neg, q = b.group("ord", "vague", "cur", "pct", "neg", "q")
            if ordinal or vague:
                continue                            # 第4位, 제2차, 数十億円, 수천억 원
        if a is None and not cur and not pct:
            continue
        unit: Unit | None = None
        unit_text = mid = post = None
        end = e
        if a is not None:
            if c in blocker_start or t[e:e + 1] in blocker_start:
                blk = g.blockers.match(t, e, e + _WINDOW)
                if blk and blk.end() >= a.end("unit" if a.group("unit") else 0):
                    continue                        # 3개월, 19대 대통령, 5年間
            mid, post, unit_text, noun, nq = a.group("mid", "post", "unit", "noun", "nq")
            end = a.end()
            if unit_text:
                unit = units[unit_text]
            else:
                unit_text = noun                    # 1000の組織, 1000を超える組織
                if nq:
                    post = nq
        if pct and (unit is None or unit.kind != "percent"):
            unit, unit_text = prefix_percent[pct], None     # 百分之四十
            end = e
        if cur and (unit is None or unit.kind != "money"):
            unit = Unit("money", prefix_currency[cur])      # ₩5,000, $20
            end = e
        if unit is None and not unit_text:
            continue
        if end == e and unit is not None and unit.kind != "count":
            nxt = t[e:e + 1] if t[e:e + 1] != " " else t[e + 1:e + 2]
            if nxt in post_start:
                qm = g.post_only.match(t, e, e + _WINDOW)        # "$20 정도", "百分之五以上"
                if qm:
                    post, end = qm.group("post"), qm.end()
        nxt = t[end:end + 1] if t[end:end + 1] != " " else t[end + 1:end + 2]
        if nxt in per_start and g.per.match(t, end, end + _WINDOW):
            continue                                # 1万人当たり, 1만 명당: a denominator
        kind = unit.kind if unit is not None else "count"
        if kind not in kinds:
            continue
        if kind == "count" and in_words and (value < 1 or _glued_native(g, t, m, end, unit_text)
                                             or (value == 1 and unit_text not in g.one_counters)):
            continue                                # 零部件, 세종, 一人/一つ ("alone", "one of"): not counts
        scale = unit.scale if unit is not None else _ONE
        # sub-units: 2222円13銭, 64달러 45센트
        if kind == "money" and unit.subunits and g.subunit is not None:
            factors = dict(unit.subunits)
            while (sm := g.subunit.match(t, end, end + _WINDOW)) is not None:   # 50元6角3分: a chain
                factor = factors.get(sm.group("su"))
                sv = numeral_value(sm.group("n"), lang)
                if factor is None or sv is None:
                    break
                value = value + sv * factor / scale
                end = sm.end()
        start = first
        sign = 1
        qual_words: list[str | None] = [approx_inside] if approx_inside else []
        if b is not None:
            if neg:
                ns = b.start("neg")
                # "-5%" is negative; "15%-20%" and "A-1" are not
                if neg != "-" or ns == 0 or t[ns - 1] in _SIGN_CONTEXT:
                    sign = -1
                    start = ns
            if pct:
                start = b.start("pct")
            if cur:
                start = b.start("cur")
            if q and not _glued(g, t, b.start("q")):
                qual_words.append(q_prefix.get(q))
                start = b.start("q")
        if mid:
            qual_words.append(q_infix.get(mid))
        if post:
            qual_words.append(q_suffix.get(post))
        qualifier = _pick_qualifier(qual_words) if qual_words else None
        unit_code = unit.unit if unit is not None else unit_text
        if sign != 1 or scale != 1:
            value = value * scale * sign
        pv = plain(value)
        if pv is None:
            continue                                # beyond any real figure
        if low is not None:                         # both ends: the whole "2,500~3,000억 원"
            lv = plain(low[2] * scale * sign)
            if lv is not None:
                out.append((start, end, kind, lv, unit_code, "range"))
            out.append((start, end, kind, pv, unit_code, "range"))
        else:
            out.append((start, end, kind, pv, unit_code, qualifier))
        skip_until = max(skip_until, end)
    _pair_ranges(g, t, out, first_out)


def _pair_ranges(g: Grammar, t: str, out: list, first: int) -> None:
    """"15%-20%", "3조~5조 원": two figures of one kind and unit joined by a range sign
    are the two ends of a range."""
    starts = g.range_first_chars | {" "}
    for i in range(first, len(out) - 1):
        x, y = out[i], out[i + 1]
        if (x[2] == y[2] and x[4] == y[4] and x[5] is None and y[5] is None and x[1] < y[0]
                and t[x[1]:x[1] + 1] in starts
                and (r := g.range_sep.match(t, x[1], x[1] + _WINDOW)) is not None and r.end() == y[0]):
            out[i] = (x[0], y[1]) + x[2:5] + ("range",)
            out[i + 1] = (x[0], y[1]) + y[2:5] + ("range",)


def _clean_edges(t: str, s: int, e: int, n: int) -> bool:
    """False for numerals that are parts of names, versions, times, IPs and codes."""
    if s:
        p = t[s - 1]
        if p in _ASCII_LETTER:
            return False                               # G3, H100, COVID-19's 19 via '-'
        if p in "-." and s >= 2 and (t[s - 2] in _ASCII_LETTER or (p == "." and t[s - 2].isdigit())):
            return False                               # GPT-4, K-9, 1.2.3
        if p in "/:" and s >= 2 and t[s - 2].isdigit():
            return False                               # 5/17, 15:08
    if e < n:
        c = t[e]
        if c in _ASCII_LETTER:
            # 5G, 3D, 40k ... but not "20%p", "25bp" or "$20USD": the unit regex decides those.
            if not (e + 1 < n and t[e:e + 2] in ("%p", "%P", "bp", "BP")):
                rest = t[e:e + 3]
                if rest not in ("USD", "KRW", "JPY", "CNY", "EUR", "RMB"):
                    return False
        if c in ".:" and e + 1 < n and t[e + 1].isdigit():
            return False                               # 1.2.3, 192.168, 15:08
        if c == "-" and e + 1 < n and t[e + 1].isdigit() and _is_phone(t, e):
            return False
    return True


def _is_phone(t: str, e: int) -> bool:
    """A numeral followed by -NNNN-NNNN or -NNNN: phone numbers and codes."""
    return e >= 2 and t[e - 2].isdigit() and _PHONE_TAIL.match(t, e, e + 12) is not None


def _glued_native(g: Grammar, t: str, m, end: int, unit_text: str | None) -> bool:
    """세종, 두부: a native Korean numeral written into a word, not "three 종"."""
    if g.lang != "ko" or native_korean_value(m.group()) is None:
        return False
    return t[m.end():m.end() + 1] != " " and unit_text not in ("개", "명", "곳", "가지")


def _glued(g: Grammar, t: str, pos: int) -> bool:
    """Is the word at ``pos`` the tail of a longer word (계약's 약, 契約's 約, 경제's 제)?"""
    return pos > 0 and g.not_after.match(t[pos - 1]) is not None


def _range_low(low: str, high: str, lang: str, low_value: Decimal) -> Decimal:
    """The low end of a range takes the high end's trailing units: 2,500~3,000억 → 2,500억."""
    if not low or not low[-1].isdigit():
        return low_value
    i = len(high)
    while i and not high[i - 1].isdigit() and not high[i - 1] in "〇一二三四五六七八九":
        i -= 1
    tail = high[i:].strip()
    if not tail:
        return low_value
    v = numeral_value(low + tail, lang)
    return v if v is not None else low_value


def _pick_qualifier(words: list[str | None]) -> str | None:
    words = [w for w in words if w]
    if not words:
        return None
    return min(words, key=lambda w: _QUALIFIER_RANK.get(w, 3))


# ------------------------------------------------------------- sentences, targets

def _finish(g: Grammar, text: str, t: str, found: list, doc: str, anchor: Anchor | None) -> list[Claim]:
    """Attach sentence and target to each found figure, in one pass in document order.

    The goal-year rule ("2030년 … 100조 원 … 목표") needs the last future year-date seen
    earlier in the same sentence: it is carried along as the pass goes, not searched for.
    """
    ends = [m.end() for m in _SENTENCE_END.finditer(t)]
    targets = [(m.start(), m.group("y")) for m in g.target.finditer(t)]
    if anchor is not None:
        targets += [(m.start(), m.group("y")) for m in g.weak_target.finditer(t)
                    if int(m.group("y")) > anchor.year]
        targets.sort()
    tstarts = [x[0] for x in targets]
    claims: list[Claim] = []
    append = claims.append
    lang = g.lang
    this_year = anchor.year if anchor is not None else None
    current = -1
    closed = -1                           # index of the target marker whose clause has ended
    scoped_end = -1                       # end of the last figure the open marker covered
    a = b = 0
    sentence = ""
    goal = False
    goal_year: str | None = None          # last future year-date so far in this sentence
    for s, e, kind, value, unit, qual in found:
        if s >= b or current < 0:           # a new sentence
            scoped_end = -1
            i = bisect_right(ends, s)
            a = ends[i - 1] if i else 0
            b = ends[i] if i < len(ends) else len(t)
            sentence = text[a:b].strip()
            goal = g.goal.search(t, a, b) is not None
            goal_year = None
            current = i
        target = None
        if tstarts:
            j = bisect_right(tstarts, s) - 1
            if j >= 0 and tstarts[j] >= a:
                ty = targets[j][1]
                if kind == "date":
                    target = ty if value[:4] == ty else None    # 2030년까지 … 내년: not 2030
                elif j != closed:
                    # "2030년까지 50만 호를 공급하고, 내년 31조 원 …": a marker covers its
                    # clause; after a comma that follows a covered figure, it is over.
                    if scoped_end >= 0 and _CLAUSE_BREAK.search(t, scoped_end, s):
                        closed, scoped_end = j, -1
                    else:
                        target, scoped_end = ty, e
        is_future_date = kind == "date" and (this_year is None or int(value[:4]) > this_year)
        if target is None and goal:
            target = value[:4] if is_future_date else goal_year   # "2027년 5월 준공을 목표로"
        if kind == "number" or (target and kind != "date" and g.baseline.search(t, max(a, s - 8), s)):
            target = None
        if is_future_date:
            goal_year = value[:4]
        append(Claim(doc, kind, value, unit, qual, target, text[s:e], s, e, sentence, lang))
    return claims

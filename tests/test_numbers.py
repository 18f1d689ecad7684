"""Number mode (kind "number"): the examples of patterns/numbers.toml and spot checks."""

from __future__ import annotations

import math

import pytest

from claimwatch.extractors.engine import extract
from claimwatch.extractors.normalize import fold
from claimwatch.extractors.numbers import find_numbers, load_number_data

ENTRIES = load_number_data()


def _values(text: str, lang: str) -> list:
    return [v for _s, _e, v in find_numbers(text, fold(text), lang)]


def _same(got: list, want: list) -> bool:
    return len(got) == len(want) and all(math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-15)
                                         for g, w in zip(got, want))


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e['lang']}:{e['role']}" for e in ENTRIES])
def test_every_entry_has_examples(entry):
    assert entry.get("examples"), entry


EXAMPLES = [pytest.param(e["lang"], ex["text"], ex["expect"], id=f"{e['lang']}:{e['role']}:{i}")
            for e in ENTRIES for i, ex in enumerate(e.get("examples", []))]


@pytest.mark.parametrize("lang,text,expect", EXAMPLES)
def test_example(lang, text, expect):
    got = _values(text, lang)
    assert _same(got, expect), (text, got, expect)


SPOT = [
    ("ko", "1,234,567", [1234567]),
    ("ko", "1, 234, 567", [1, 234, 567]),
    ("ko", "1 234 567", [1234567]),
    ("ko", "423 0000", [423, 0]),
    ("ko", "192.168.1.2", [192, 168, 1, 2]),
    ("ko", "이십일조 삼백", [21000000000300]),
    ("ko", "오십 이", [52]),
    ("ko", "일백삼과 삼분의 이", [103 + 2 / 3]),
    ("ko", "스물여섯명이 참석했다", [26]),
    ("ko", "-1.1^--23", [-(1.1 ** 23)]),
    ("ko", "2  1/4", [2.25]),
    ("ko", "5/17/2018에 만날까요?", [5, 17, 2018]),
    ("ko", "180ml 액체", []),
    ("ja", "マイナス一と二分の一", [-1.5]),
    ("ja", "答えは−１２７．３２×１０の１３乗です。", [-1.2732e15]),
    ("ja", "一万三", [10003]),
    ("ja", "7万 5千 4百", [75400]),
    ("ja", "40k", [40000]),
    ("ja", "-2.5 M", [-2500000]),
    ("ja", "500余り万", [5000000]),
    ("ja", "半ダース", [6]),
    ("ja", "0123", [123]),
    ("zh", "一万三", [13000]),
    ("zh", "一百 五 十 二", [152]),
    ("zh", "7 万5 千4 百", [75400]),
    ("zh", "三 百 五 又 三 分之 一", [350 + 1 / 3]),
    ("zh", "负３分之负一百五十七", [157 / 3]),
    ("zh", "一百零十万", [1100000]),
    ("zh", "万", []),
    ("zh", "万万", []),
    ("zh", "四万万", [400000000]),
    ("zh", "十 余 万", [100000]),
    ("zh", "一百 二 十 几亿", [12000000000]),
    ("zh", "...9", [9]),
    ("zh", "－－9", [9]),
]


@pytest.mark.parametrize("lang,text,expect", SPOT, ids=[f"{l}:{t}" for l, t, _ in SPOT])
def test_spot(lang, text, expect):
    got = _values(text, lang)
    assert _same(got, expect), (text, got, expect)


def test_offsets_point_at_the_surface():
    text = "答えはマイナス五・五です。"
    (s, e, v), = find_numbers(text, fold(text), "ja")
    assert text[s:e] == "マイナス五・五" and v == -5.5


def test_extract_number_kind_uses_the_recognizer():
    claims = extract("삼성의 연 매출은 이십일조 삼백에 달한다", lang="ko", kinds={"number"})
    assert [(c.kind, c.value, c.text) for c in claims] == [("number", 21000000000300, "이십일조 삼백")]


def test_long_numeral_runs_stay_cheap():
    text = "1조 " * 4000
    assert len(find_numbers(text, fold(text), "ko")) < 4000

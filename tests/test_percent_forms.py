"""Every special percent form in patterns/percent_forms.toml carries examples; all must hold."""

from __future__ import annotations

import math

import pytest

from claimwatch.extractors.engine import extract
from claimwatch.extractors.normalize import fold
from claimwatch.extractors.percent_forms import find_percent_forms, forms, load_forms_data

ENTRIES = load_forms_data().get("form", [])
EXAMPLES = [
    pytest.param(lang, ex, id=f"{entry['name']}:{lang}:{j}")
    for entry in ENTRIES for j, ex in enumerate(entry.get("examples", []))
    for lang in entry["langs"]
]


def _same(got, want) -> bool:
    return len(got) == len(want) and all(
        math.isclose(float(g), float(w), rel_tol=1e-9, abs_tol=1e-12) for g, w in zip(got, want))


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_every_form_has_examples(entry):
    assert entry.get("examples"), f"{entry['name']} has no examples"
    assert entry.get("langs") and entry.get("reading") and entry.get("pattern")


@pytest.mark.parametrize("lang,example", EXAMPLES)
def test_form_example(lang, example):
    got = [v for _s, _e, v, _u in find_percent_forms(fold(example["text"]), lang)]
    assert _same(got, example["values"]), (example["text"], got)


def test_all_languages_compile():
    for lang in ("ko", "ja", "zh"):
        forms(lang)


@pytest.mark.parametrize("lang,text,want", [
    ("zh", "全场商品打九折，会员价75折", [90, 75]),
    ("zh", "近九成企业", [90]),                       # plain form: left to the general pass
    ("zh", "七成六的受访者支持", [76]),
    ("zh", "固定资产折旧增加了三成员工", [30]),         # 折旧: no claim; 三成 by the general pass
    ("ja", "今シーズンの打率は3割8分7厘でした", [38.7]),
    ("ja", "今年の売り上げは前年比の-5%です。", [-5]),
    ("ja", "割合は5割で、分割された", [50]),
    ("zh", "百分之五以上", [5]),
])
def test_through_extract(lang, text, want):
    got = [c.value for c in extract(text, lang=lang, kinds={"percent"})]
    assert _same(got, want), got


def test_spans_are_not_read_twice():
    claims = extract("打率は3割8分7厘", lang="ja", kinds={"percent"})
    assert [(c.value, c.text) for c in claims] == [(38.7, "3割8分7厘")]


def test_every_form_names_literals_its_matches_contain():
    """``needs`` is only a pre-check: every example match must contain one of its literals."""
    from claimwatch.extractors.normalize import fold
    from claimwatch.extractors.percent_forms import forms, load_forms_data

    for entry in load_forms_data()["form"]:
        assert entry.get("needs"), f"{entry['name']} has no needs"
        for lang in entry["langs"]:
            form = next(f for f in forms(lang) if f.name == entry["name"])
            for ex in entry.get("examples", []):
                for m in form.regex.finditer(fold(ex["text"])):
                    assert any(lit in fold(ex["text"]) for lit in form.needs), (entry["name"], m.group())

"""Every pattern in patterns/*.toml carries examples; every example must hold.

An example's ``expect`` lists claims matched field by field (only the fields given);
an empty ``expect`` means the text yields no claim of the default kinds.
"""

from __future__ import annotations

import math

import pytest

from claimwatch.extractors.engine import extract
from claimwatch.extractors.grammar import LANGS, load_pattern_data

SECTIONS_WITH_EXAMPLES = ("numeral", "money", "count", "percent", "qualifier", "negative",
                          "date", "target", "exclude")


def _entries(lang: str):
    data = load_pattern_data(lang)
    for section in SECTIONS_WITH_EXAMPLES:
        value = data.get(section)
        items = value if isinstance(value, list) else [value] if value else []
        for i, entry in enumerate(items):
            label = entry.get("name") or entry.get("iso") or entry.get("unit") or str(i)
            yield f"{lang}:{section}:{label}", entry


ALL = [(name, entry) for lang in LANGS for name, entry in _entries(lang)]
EXAMPLES = [
    pytest.param(name.split(":")[0], ex, id=f"{name}:{j}")
    for name, entry in ALL for j, ex in enumerate(entry.get("examples", []))
]


@pytest.mark.parametrize("name,entry", ALL, ids=[n for n, _ in ALL])
def test_every_pattern_has_examples(name, entry):
    assert entry.get("examples"), f"{name} has no examples"


def _same(field, want, got):
    if field == "target" and want == "":
        return got is None
    if field == "value" and isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(want, got, rel_tol=1e-9, abs_tol=1e-9)
    return want == got


@pytest.mark.parametrize("lang,example", EXAMPLES)
def test_example(lang, example):
    claims = extract(example["text"], lang=lang, published=example.get("published"))
    records = [c.as_record() for c in claims]
    if not example["expect"]:
        assert records == [], f"expected no claims in {example['text']!r}"
    for want in example["expect"]:
        assert any(all(_same(k, v, r.get(k)) for k, v in want.items()) for r in records), (
            f"{example['text']!r}: no claim matching {want}; got "
            + "; ".join(f"{r['kind']} {r['value']} {r['unit']} {r['qualifier']} {r['target']} {r['text']!r}" for r in records))


@pytest.mark.parametrize("lang", LANGS)
def test_first_char_prefilters_cover_the_patterns(lang):
    """date_first_chars / numeral.first_chars only speed things up: they must never hide
    a match. Every match of every date pattern and of the numeral-words pattern, run
    alone over all the language's example texts, starts with a listed character."""
    import regex

    data = load_pattern_data(lang)
    texts = [ex["text"] for _, entry in _entries(lang) for ex in entry.get("examples", [])]
    date_first = set(data["date_first_chars"])
    for entry in data["date"]:
        pat = regex.compile(entry["pattern"])
        for text in texts:
            for m in pat.finditer(text.translate(__import__("claimwatch.extractors.normalize", fromlist=["FOLD"]).FOLD)):
                assert m.group()[0] in date_first, (entry["name"], m.group())
    words = regex.compile(data["numeral"]["words"])
    first = set(data["numeral"]["first_chars"]) | set("0123456789")
    for text in texts:
        for m in words.finditer(text):
            assert m.group()[0] in first, m.group()

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
def test_first_char_prefilter_covers_the_numeral_words(lang):
    """numeral.first_chars only speeds things up: it must never hide a match. Every match
    of the numeral-words pattern, run alone over the language's example texts, starts
    with a listed character."""
    import regex

    data = load_pattern_data(lang)
    texts = [ex["text"] for _, entry in _entries(lang) for ex in entry.get("examples", [])]
    words = regex.compile(data["numeral"]["words"])
    first = set(data["numeral"]["first_chars"]) | set("0123456789")
    for text in texts:
        for m in words.finditer(text):
            assert m.group()[0] in first, m.group()

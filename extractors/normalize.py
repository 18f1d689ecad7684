"""Offset-preserving folding of full-width and look-alike characters.

Every regex runs on the folded text; because the fold maps one character to exactly
one character, match offsets are valid in the original text too, and the claim's
``text`` is sliced from the original so users see what the page printed.
"""

from __future__ import annotations

_PAIRS = {
    **{chr(0xFF10 + i): str(i) for i in range(10)},           # ０-９
    "，": ",", "．": ".", "％": "%", "＋": "+", "－": "-", "−": "-", "‐": "-",
    "‑": "-", "–": "-", "—": "-", "～": "~", "〜": "~", "∼": "~", "／": "/", "：": ":",
    "＄": "$", "￥": "¥", "￦": "₩", "＜": "<", "＞": ">", "（": "(", "）": ")",
    "\u3000": " ", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2002": " ", "\u2003": " ",
    "＊": "*", "＃": "#",
}
# Full-width Latin letters fold to ASCII so "ＡＩ" and "Ｇ３" behave like "AI" and "G3".
_PAIRS.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_PAIRS.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})

FOLD = str.maketrans(_PAIRS)
_FOLDABLE = None


def fold(text: str) -> str:
    """Return ``text`` with the same length and ASCII digits, separators and signs.

    A regex substitution that touches only the (sparse) foldable characters runs about
    1.5x faster than ``str.translate`` with a dict table on CJK text.
    """
    global _FOLDABLE
    if _FOLDABLE is None:
        import regex

        _FOLDABLE = regex.compile("[" + "".join(regex.escape(k) for k in _PAIRS) + "]")
    get = _PAIRS.__getitem__
    return _FOLDABLE.sub(lambda m: get(m.group()), text)

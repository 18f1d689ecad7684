"""Which of ko, ja, zh a document is written in, from its script mix.

Hangul means Korean; kana means Japanese (Japanese text is mostly kanji, so a small
share of kana is enough); Han characters alone mean Chinese. A sample of the text is
enough and keeps this cheap on multi-megabyte documents.
"""

from __future__ import annotations

import regex

# Runs, not single characters: findall then returns a few words instead of one string
# per character, which makes detection about 3x cheaper on long documents.
_HANGUL = regex.compile(r"[\uac00-\ud7a3]+")
_KANA = regex.compile(r"[\u3041-\u309f\u30a1-\u30fa]+")
_HAN = regex.compile(r"[\u4e00-\u9fff]+")


def detect_language(text: str, sample: int = 20000) -> str | None:
    """'ko', 'ja', 'zh', or None when the text has no CJK script at all."""
    s = text[:sample]
    hangul = sum(map(len, _HANGUL.findall(s)))
    kana = sum(map(len, _KANA.findall(s)))
    han = sum(map(len, _HAN.findall(s)))
    if not (hangul or kana or han):
        return None
    if hangul >= kana and hangul * 4 >= han:
        return "ko"
    if kana * 20 >= han or kana > hangul:
        return "ja"
    return "zh"

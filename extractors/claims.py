"""The claim record: one money amount, count, percent, date or number in a document.

Field names and meanings follow ../shared/CONTRACT.md exactly; extra fields (lang,
fiscal, era ...) are additions the contract welcomes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("money", "count", "percent", "date", "number")
DEFAULT_KINDS = frozenset({"money", "count", "percent", "date"})
QUALIFIERS = ("approx", "over", "at_least", "under", "at_most", "range")


@dataclass(slots=True)
class Claim:
    doc: str
    kind: str
    value: Any             # int | float for figures, ISO text for dates
    unit: str | None
    qualifier: str | None
    target: str | None
    text: str
    start: int
    end: int
    sentence: str
    lang: str | None = None

    def as_record(self) -> dict[str, Any]:
        # Built by hand: dataclasses.asdict deep-copies and costs ~10x more per claim,
        # which shows on multi-megabyte batches.
        return {"doc": self.doc, "kind": self.kind, "value": self.value, "unit": self.unit,
                "qualifier": self.qualifier, "target": self.target, "text": self.text,
                "start": self.start, "end": self.end, "sentence": self.sentence,
                "lang": self.lang}

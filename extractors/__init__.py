"""Language-specific extractors over one shared number grammar.

``extract(text, lang=..., published=..., kinds=..., doc=...) -> list[Claim]`` is the
whole public surface; the import is lazy so ``claimwatch --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimwatch.extractors.claims import Claim


def extract(text: str, **kwargs: Any) -> "list[Claim]":
    from claimwatch.extractors.engine import extract as _extract

    return _extract(text, **kwargs)

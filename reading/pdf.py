"""PDF -> Document via pypdf.

Ministries publish budgets and press releases as PDF; text-based PDFs are read
page by page.  Scanned PDFs have no text layer: we say so instead of returning an
empty document that would silently yield "no claims".
"""

from __future__ import annotations

import io
import logging

from ..documents import Document
from ..errors import InputError


def read_pdf(data: bytes, source: str) -> Document:
    """Extract the text of every page, pages joined by newlines."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns loudly on sloppy PDFs
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:  # pypdf raises several types here
                raise InputError(f"{source}: encrypted PDF (cannot read without a password)") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
        title = None
        try:
            meta = reader.metadata
            title = (meta.title or None) if meta is not None else None
        except Exception:
            title = None
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{source}: damaged PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n".join(p.strip("\n") for p in pages).strip()
    if not text:
        raise InputError(f"{source}: PDF has no extractable text (scanned image? OCR it first)")
    return Document(source=source, text=text, title=title, content_type="application/pdf")

"""Reading documents: bytes, files and decoded text -> :class:`~claimwatch.documents.Document`.

This is the only place that knows about file types and charsets.  Every failure is
an :class:`~claimwatch.errors.InputError` whose message is one line naming the
source and the cause ("page.html: not text (binary data, looks like PNG image)").
"""

from __future__ import annotations

import os
import posixpath
from urllib.parse import urlsplit

from ..documents import Document
from ..errors import InputError
from .charset import UndecodableError, decode
from .markdown import read_markdown, read_plain, split_front_matter
from .sniff import EXTENSION_TYPES, binary_kind, looks_like_html, normalize_content_type

__all__ = ["read_bytes", "read_path", "read_text", "classify"]

HTML_TYPES = {"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"}
MARKDOWN_TYPES = {"text/markdown", "text/x-markdown"}
UNTYPED = {None, "application/octet-stream", "binary/octet-stream", "application/unknown",
           "application/download", "application/force-download"}


def _extension_type(source: str, url: str | None) -> str | None:
    for name in (source, urlsplit(url).path if url else None):
        if not name:
            continue
        path = urlsplit(name).path if "://" in name else name
        ext = posixpath.splitext(path.lower())[1]
        if ext in EXTENSION_TYPES:
            return EXTENSION_TYPES[ext]
    return None


def classify(data: bytes, mime: str | None, source: str, url: str | None = None) -> str:
    """Decide how to read ``data``: 'html' | 'markdown' | 'text' | 'pdf'.

    The declared type wins, then the file extension, then content sniffing.
    Raises InputError for binary content (naming the format) and unsupported types.
    """
    if data[:1024].lstrip()[:5] == b"%PDF-":
        return "pdf"  # servers send PDFs as octet-stream or even text/html
    kind = binary_kind(data)
    if kind is not None:
        looks = "" if kind == "binary data" else f", looks like {kind}"
        declared = f"; Content-Type {mime}" if mime not in UNTYPED else ""
        raise InputError(f"{source}: not text (binary data{looks}{declared})")
    if mime not in UNTYPED:
        if mime in HTML_TYPES:
            return "html"
        if mime in MARKDOWN_TYPES:
            return "markdown"
        if mime == "application/pdf":
            return "pdf"
        if mime is not None and mime.startswith("text/"):
            return "text"
        raise InputError(f"{source}: unsupported type {mime}")
    by_extension = _extension_type(source, url)
    if by_extension == "text/html":
        return "html"
    if by_extension == "text/markdown":
        return "markdown"
    if by_extension == "text/plain":
        return "text"
    if by_extension == "application/pdf":
        return "pdf"
    if looks_like_html(data):
        return "html"
    return "markdown"


def read_bytes(data: bytes, source: str, *, content_type: str | None = None,
               charset: str | None = None, url: str | None = None) -> Document:
    """Read raw bytes (a file's content or an HTTP body) into a Document.

    ``content_type`` is a MIME type, optionally with a ``charset=`` parameter;
    ``charset`` (e.g. from the HTTP header) overrides that parameter.
    """
    if not data or not data.strip():
        raise InputError(f"{source}: empty input ({len(data)} bytes)")
    mime, header_charset = normalize_content_type(content_type)
    kind = classify(data, mime, source, url)
    if kind == "pdf":
        from .pdf import read_pdf

        doc = read_pdf(data, source)
        doc.url = url
        return doc
    try:
        text, encoding = decode(data, declared=charset or header_charset, html=kind == "html")
    except UndecodableError as exc:
        raise InputError(f"{source}: {exc}") from exc
    doc = _read_decoded(text, source, kind, url)
    doc.encoding = encoding
    return doc


def _read_decoded(text: str, source: str, kind: str, url: str | None) -> Document:
    if "\x00" in text:
        raise InputError(f"{source}: not text (contains NUL characters)")
    if kind == "html":
        from .html import read_html   # selectolax loads only for HTML

        doc = read_html(text, source=source, url=url,
                        content_type="text/html")
        if not doc.text.strip():
            raise InputError(f"{source}: no readable text in the page (empty, or built by JavaScript)")
    elif kind == "markdown":
        doc = read_markdown(text, source)
        doc.url = url or doc.url
    else:
        doc = read_plain(text, source)
        doc.url = url or doc.url
    return doc


def read_path(path: str, *, max_bytes: int = 200 * 1024 * 1024) -> Document:
    """Read a local file; missing, unreadable or oversized files raise InputError."""
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a file")
    if size > max_bytes:
        raise InputError(f"{path}: too large ({size} bytes > limit {max_bytes} bytes)")
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: too large (more than {max_bytes} bytes)")
    return read_bytes(data, path)


def read_text(text: str, source: str) -> Document:
    """Read already-decoded text (stdin, batch items): HTML or Markdown/plain text."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{source}: empty input")
    meta, _ = split_front_matter(text)
    if not meta and looks_like_html(text):
        return _read_decoded(text, source, "html", None)
    return _read_decoded(text, source, "markdown", None)

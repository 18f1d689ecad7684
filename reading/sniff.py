"""Recognise what a byte string is before anyone tries to decode it as text.

Ministry sites often link HWP/HWPX attachments, scanned images and ZIP bundles next
to their HTML pages; a user who points claimwatch at one must get a clear
"not text (HWP ...)" line, not mojibake fed to the extractor.  Everything here is
pure and works on the first few kilobytes only.
"""

from __future__ import annotations

import re

# (magic prefix, offset, human name).  Order matters only for overlapping prefixes.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"\x00\x00\x01\x00", 0, "ICO image"),
    (b"\x1f\x8b", 0, "gzip archive"),
    (b"BZh", 0, "bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"\xca\xfe\xba\xbe", 0, "Java class file"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"wOFF", 0, "WOFF font"),
    (b"wOF2", 0, "WOFF2 font"),
    (b"OggS", 0, "Ogg media"),
    (b"fLaC", 0, "FLAC audio"),
    (b"ID3", 0, "MP3 audio"),
    (b"\x1aE\xdf\xa3", 0, "Matroska/WebM video"),
    (b"ftyp", 4, "MP4/QuickTime media"),
)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """Return (encoding, BOM length) when ``data`` starts with a byte-order mark."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _zip_kind(head: bytes) -> str:
    """Name the ZIP-based office format from the member names near the start."""
    if b"hwp+zip" in head or b"Contents/section" in head or b"Contents/header.xml" in head:
        return "HWPX, Hangul word processor"
    if b"word/" in head:
        return "DOCX (Word)"
    if b"xl/" in head:
        return "XLSX (Excel)"
    if b"ppt/" in head:
        return "PPTX (PowerPoint)"
    if b"application/epub+zip" in head:
        return "EPUB"
    if b"application/vnd.oasis.opendocument" in head:
        return "OpenDocument"
    return "ZIP archive"


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data``, or None when it may be text (or PDF).

    Recognises common magic numbers first so the message can say *what* it is
    (HWP, PNG, ...), then falls back to "binary data" when NUL bytes appear
    outside a UTF-16/32 byte-order mark.
    """
    head = data[:8192]
    if head.startswith(_OLE2):
        blob = data[:1 << 20]
        if b"HWP Document File" in blob or "FileHeader".encode("utf-16-le") in blob:
            return "HWP, Hangul word processor"
        return "OLE2 compound file (HWP or MS Office 97-2003)"
    if head.startswith(_ZIP):
        return _zip_kind(data[:1 << 16])
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP image"
    if head.startswith(b"RIFF"):
        return "RIFF media"
    if head.startswith(b"HWP Document File"):
        return "HWP 3.0, Hangul word processor"
    for magic, offset, name in _MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return name
    bom = bom_encoding(head)
    if bom and bom[0] != "utf-8":
        return None  # UTF-16/32 text legitimately contains NUL bytes
    if b"\x00" in head:
        if head.startswith(b"MZ"):
            return "Windows executable"
        if head.startswith(b"BM"):
            return "BMP image"
        return "binary data"
    return None


_HTML_HINT = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]|<div[\s>]|<p[\s>]|<table[\s>]",
    re.IGNORECASE,
)


def looks_like_html(head: bytes | str) -> bool:
    """True when the first kilobytes carry HTML markup (for files without a type)."""
    if isinstance(head, str):
        head = head[:2048].encode("utf-8", "ignore")
    return bool(_HTML_HINT.search(head[:2048]))


EXTENSION_TYPES: dict[str, str] = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".shtml": "text/html",
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".pdf": "application/pdf",
}


def normalize_content_type(content_type: str | None) -> tuple[str | None, str | None]:
    """Split a Content-Type header into (mime type, charset parameter)."""
    if not content_type:
        return None, None
    parts = [p.strip() for p in content_type.split(";")]
    mime = parts[0].lower() or None
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip().strip("'\"") or None
    return mime, charset


def normalize_lang(value: str | None) -> str | None:
    """'ko-KR' -> 'ko', 'zh-CN'/'zh-Hant' -> 'zh', 'ja_JP' -> 'ja'; other languages -> None."""
    if not value:
        return None
    primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return primary if primary in ("ko", "ja", "zh") else None

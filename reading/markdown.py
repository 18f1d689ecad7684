"""Markdown and plain text -> Document.

Saved articles and batch inputs often arrive as Markdown with a YAML-ish front
matter block (title, date, lang, source_url).  The front matter becomes metadata
(and must not be read as claims: "date: 2025-09-01" is not a figure in the body);
heading markers and link syntax are reduced to their text so numbers inside
"[1조 1,347억 원](https://...)" reach the extractor intact.
"""

from __future__ import annotations

import re

from ..documents import Document
from .dates import parse_date
from .sniff import normalize_lang

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_REF_DEF = re.compile(r"^[ ]{0,3}\[(\^?[^\]]+)\]:\s*(.*)$", re.MULTILINE)
_FOOTNOTE_USE = re.compile(r"\[\^([^\]]+)\]")
_URL = re.compile(r"https?://[^\s<>\"')）]+")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Return (front matter keys lower-cased, body without the front matter)."""
    m = _FRONT.match(text)
    if not m:
        return {}, text.lstrip("\ufeff")
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        km = _KEY.match(line)
        if km:
            meta.setdefault(km.group(1).lower(), km.group(2).strip().strip("'\""))
    return meta, text[m.end():]


def _meta_document(meta: dict[str, str], source: str, text: str, content_type: str) -> Document:
    url = meta.get("source_url") or meta.get("url") or meta.get("source")
    if url and not re.match(r"https?://", url):
        url = None
    return Document(
        source=source,
        text=text,
        url=url,
        title=meta.get("title") or None,
        published=parse_date(meta.get("date") or meta.get("published") or meta.get("pubdate")),
        lang=normalize_lang(meta.get("lang") or meta.get("language")),
        canonical=url,
        content_type=content_type,
    )


def read_plain(text: str, source: str) -> Document:
    """Plain text: front matter (if any) becomes metadata; the rest is kept as is."""
    meta, body = split_front_matter(text.replace("\r\n", "\n"))
    return _meta_document(meta, source, body.strip("\n"), "text/plain")


def read_markdown(text: str, source: str) -> Document:
    """Markdown: front matter, headings and link syntax reduced to plain text."""
    meta, body = split_front_matter(text.replace("\r\n", "\n"))
    links: list[str] = []
    references: dict[str, str] = {}

    def definition(m: re.Match[str]) -> str:
        label, rest = m.group(1), m.group(2)
        url = _URL.search(rest)
        if url:
            key = label.lstrip("^").translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
            references.setdefault(key, url.group(0).rstrip(".,;"))
            links.append(url.group(0).rstrip(".,;"))
        if label.startswith("^"):
            return f"[{label[1:]}] {rest}"  # footnote text stays readable
        return ""  # a bare link definition carries no prose

    body = _REF_DEF.sub(definition, body)
    body = _IMAGE.sub(lambda m: m.group(1), body)

    def link(m: re.Match[str]) -> str:
        if re.match(r"https?://", m.group(2)):
            links.append(m.group(2))
        return m.group(1)

    body = _LINK.sub(link, body)
    def autolink(m: re.Match[str]) -> str:
        links.append(m.group(1))
        return m.group(1)

    body = _AUTOLINK.sub(autolink, body)
    body = _FOOTNOTE_USE.sub(lambda m: f" [{m.group(1)}]", body)

    title = meta.get("title") or None
    first_heading = re.search(r"^[ ]{0,3}#[ \t]+(.*?)[ \t#]*$", body, re.MULTILINE)
    if first_heading and (title is None or first_heading.group(1).strip() == title):
        # Like HTML pages: the title goes to Document.title, not into the text.
        title = first_heading.group(1).strip()
        body = body[:first_heading.start()] + body[first_heading.end():]
    body = _HEADING.sub(lambda m: m.group(1), body)
    body = re.sub(r"\n{3,}", "\n\n", body).strip("\n")
    doc = _meta_document(meta, source, body, "text/markdown")
    doc.title = title
    for found in _URL.findall(body):
        links.append(found.rstrip(".,;"))
    doc.links = list(dict.fromkeys(u for u in links if re.match(r"https?://", u)))
    doc.references = references
    return doc

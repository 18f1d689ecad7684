"""The document every reader and fetcher hands to the extractors.

A ``Document`` is the boundary between I/O (files, stdin, HTTP, PDF) and the pure
text-to-claims functions: everything the extractor needs, nothing it must fetch.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    source: str                      # the URL or path as the user gave it, or the batch id
    text: str                        # plain text: main body, tables row by row, no markup
    title: str | None = None
    published: str | None = None     # ISO date (YYYY-MM-DD) the page carries, if any
    lang: str | None = None          # 'ko' | 'ja' | 'zh' from markup, if declared
    url: str | None = None           # final URL after redirects (for fetched pages)
    canonical: str | None = None     # <link rel=canonical>
    content_type: str | None = None  # 'text/html', 'text/plain', 'text/markdown', 'application/pdf'
    encoding: str | None = None      # the charset the bytes were decoded with
    links: list[str] = field(default_factory=list)            # outgoing links, absolute
    references: dict[str, str] = field(default_factory=dict)  # footnote marker -> URL
    etag: str | None = None
    last_modified: str | None = None

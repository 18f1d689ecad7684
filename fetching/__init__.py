"""Fetching pages over HTTP(S): polite, bounded, and never raising per-URL problems.

The CLI is synchronous; :func:`fetch_all` runs an asyncio loop with one
``httpx.AsyncClient`` inside and returns one :class:`FetchResult` per URL, in the
order given.  See :mod:`.client` for the per-URL logic.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any, TypeVar

import httpx

from .client import Fetcher
from .options import DEFAULT_USER_AGENT, FetchOptions, FetchResult

__all__ = ["FetchOptions", "FetchResult", "fetch_all", "DEFAULT_USER_AGENT"]

T = TypeVar("T")
ACCEPT = ("text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,text/markdown;q=0.8,"
          "application/pdf;q=0.7,*/*;q=0.1")


def _client(options: FetchOptions) -> httpx.AsyncClient:
    cap = max(1, options.max_concurrency)
    return httpx.AsyncClient(
        headers={
            "User-Agent": options.user_agent,
            "Accept": ACCEPT,
            "Accept-Language": "ko,ja;q=0.9,zh;q=0.9,en;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        },
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=False,
        limits=httpx.Limits(max_connections=cap, max_keepalive_connections=cap),
    )


async def _fetch_all(urls: list[str], options: FetchOptions, from_document: bool,
                     conditional: dict[str, tuple[str | None, str | None]]) -> list[FetchResult]:
    unique = list(dict.fromkeys(urls))
    progress = None
    task_id = None
    if options.progress and unique:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(TextColumn("fetching"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=Console(stderr=True), transient=True)
        task_id = progress.add_task("fetch", total=len(unique))
        progress.start()
    try:
        async with _client(options) as client:
            fetcher = Fetcher(options, client)

            async def one(url: str) -> FetchResult:
                result = await fetcher.fetch(url, from_document=from_document, conditional=conditional.get(url))
                if progress is not None and task_id is not None:
                    progress.advance(task_id)
                return result

            results = await asyncio.gather(*(one(u) for u in unique))
    finally:
        if progress is not None:
            progress.stop()
    by_url = dict(zip(unique, results, strict=True))
    return [by_url[u] for u in urls]


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, also when the caller already runs an event loop (notebooks)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def fetch_all(urls: list[str], options: FetchOptions | None = None, *, from_document: bool = False,
              conditional: dict[str, tuple[str | None, str | None]] | None = None) -> list[FetchResult]:
    """Fetch ``urls`` concurrently and return their results in the given order.

    ``from_document`` marks URLs found inside documents: those resolving to
    loopback/private/link-local addresses are refused unless
    ``options.allow_private``.  ``conditional`` maps url -> (etag, last_modified)
    for If-None-Match / If-Modified-Since; a 304 yields ``not_modified=True``.
    Duplicate URLs are fetched once and share the result.
    """
    options = options or FetchOptions()
    return _run(_fetch_all(list(urls), options, from_document, dict(conditional or {})))

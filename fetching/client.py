"""One URL -> one FetchResult: redirects, retries, limits and error wording.

Everything that can go wrong for a single URL ends as a FetchError whose message
names the URL and a cause category the user can act on (DNS, TLS, timeout,
connection refused, HTTP <status>, too large, redirect loop, robots.txt, unsupported
type, undecodable, private address refused, not http(s)).  Nothing raises out.
"""

from __future__ import annotations

import asyncio
import email.utils
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from ..errors import FetchError, InputError
from ..reading import read_bytes
from ..reading.sniff import binary_kind, normalize_content_type
from .addresses import non_public_address
from .decoding import BoundedDecoder, TooLarge, UnsupportedEncoding
from .options import FetchOptions, FetchResult
from .politeness import Politeness
from .robots import ROBOTS_MAX_BYTES, RobotsCache

MAX_RETRY_WAIT = 30.0
SUPPORTED_TYPES = {
    "text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown",
    "application/pdf",
}
from claimwatch.reading import UNTYPED  # one list: served as these, the body is sniffed
REDIRECTS = {301, 302, 303, 307, 308}


class _Failure(Exception):
    """A final per-URL failure: message is the cause (the URL is prefixed later)."""

    def __init__(self, cause: str, status: int | None = None) -> None:
        super().__init__(cause)
        self.cause = cause
        self.status = status


class _Retryable(_Failure):
    """A failure worth another attempt (connection errors, 429, 5xx)."""

    def __init__(self, cause: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(cause, status)
        self.retry_after = retry_after


@dataclass
class _Redirect:
    location: str
    status: int


@dataclass
class _Body:
    status: int
    headers: httpx.Headers
    data: bytes
    content_type: str | None


@dataclass
class _NotModified:
    headers: httpx.Headers


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds (delta-seconds or HTTP date), capped, or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_WAIT)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return min(max(0.0, when.timestamp() - time.time()), MAX_RETRY_WAIT)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _connect_failure(exc: httpx.ConnectError, host: str) -> _Failure:
    """Classify a connection failure as DNS / TLS / refused / other."""
    chain = _chain(exc)
    text = " ".join(str(e) for e in chain)
    if any(isinstance(e, socket.gaierror) for e in chain) or "Name or service not known" in text \
            or "nodename nor servname" in text or "getaddrinfo failed" in text \
            or "Temporary failure in name resolution" in text or "No address associated" in text:
        return _Failure(f"DNS: cannot resolve host {host!r}")
    if any(isinstance(e, ssl.SSLError) for e in chain) or "SSL" in text or "certificate" in text.lower():
        detail = next((str(e) for e in chain if isinstance(e, ssl.SSLError)), str(exc))
        return _Failure(f"TLS: {detail.splitlines()[0] if detail else 'handshake failed'}")
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in text.lower():
        return _Retryable("connection refused")
    return _Retryable(f"connection error ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})")


class Fetcher:
    """Fetches URLs through one AsyncClient, politeness gates and a robots cache."""

    def __init__(self, options: FetchOptions, client: httpx.AsyncClient) -> None:
        self.options = options
        self.client = client
        self.politeness = Politeness(options.per_host, options.delay, options.max_concurrency)
        self.robots = RobotsCache(self._fetch_robots)

    # ------------------------------------------------------------ robots.txt

    async def _fetch_robots(self, url: str) -> tuple[int, str] | None:
        host = urlsplit(url).hostname or ""
        try:
            async with self.politeness.slot(host):
                return await asyncio.wait_for(self._robots_body(url), self.options.timeout * 3)
        except (TimeoutError, httpx.HTTPError, OSError, TooLarge, zlib.error, UnsupportedEncoding):
            return None

    async def _robots_body(self, url: str) -> tuple[int, str]:
        async with self.client.stream("GET", url, follow_redirects=True) as resp:
            if resp.status_code >= 400:
                return resp.status_code, ""
            decoder = BoundedDecoder(resp.headers.get("content-encoding"), ROBOTS_MAX_BYTES)
            chunks = bytearray()
            try:
                async for raw in resp.aiter_raw():
                    chunks += decoder.feed(raw)
                chunks += decoder.flush()
            except TooLarge:
                pass  # Google reads the first 500 KiB; so do we
            return resp.status_code, bytes(chunks).decode("utf-8", "replace")

    # ------------------------------------------------------------ one URL

    async def fetch(self, url: str, *, from_document: bool = False,
                    conditional: tuple[str | None, str | None] | None = None) -> FetchResult:
        """Fetch ``url``; every failure is returned as FetchResult.error."""
        final = url
        hops = 0
        try:
            current = self._check_scheme(url.strip(), "")
            seen = {current}
            headers: dict[str, str] = {}
            if conditional:
                etag, modified = conditional
                if etag:
                    headers["If-None-Match"] = etag
                if modified:
                    headers["If-Modified-Since"] = modified
            while True:
                final = current
                await self._check_target(current, from_document)
                outcome = await self._with_retries(current, headers)
                if isinstance(outcome, _Redirect):
                    hops += 1
                    target = urldefrag(urljoin(current, outcome.location))[0]
                    target = self._check_scheme(target, f"redirect ({outcome.status}) to ")
                    if target in seen:
                        raise _Failure(f"redirect loop ({outcome.status} from {current} back to {target})")
                    if hops > self.options.max_redirects:
                        raise _Failure(f"too many redirects (more than {self.options.max_redirects})")
                    seen.add(target)
                    current = target
                    continue
                if isinstance(outcome, _NotModified):
                    return FetchResult(url=url, document=None, error=None, status=304, not_modified=True)
                return self._document(url, current, outcome)
        except _Failure as failure:
            where = f" (at {final} after {hops} redirect{'s' if hops != 1 else ''})" if hops and final != url else ""
            return FetchResult(url=url, document=None, error=FetchError(f"{url}: {failure.cause}{where}"),
                               status=failure.status)
        except Exception as exc:  # a bug or an exotic library error must not kill the batch
            first = str(exc).splitlines()[0] if str(exc) else ""
            return FetchResult(url=url, document=None,
                               error=FetchError(f"{url}: unexpected error ({type(exc).__name__}: {first})"))

    def _check_scheme(self, url: str, context: str) -> str:
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            raise _Failure(f"{context}invalid URL ({exc})") from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            shown = f"{scheme}:" if scheme else "no scheme"
            target = f"{url}: " if context else ""
            raise _Failure(f"{context}{target}not http(s) ({shown})")
        if not parts.hostname:
            raise _Failure(f"{context}invalid URL (no host)")
        return url

    async def _check_target(self, url: str, from_document: bool) -> None:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if from_document and not self.options.allow_private:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            try:
                address = await non_public_address(host, port)
            except (socket.gaierror, UnicodeError):
                raise _Failure(f"DNS: cannot resolve host {host!r}") from None
            if address is not None:
                resolved = f" resolves to {address}" if address != host.strip("[]") else ""
                raise _Failure(f"private address refused ({host}{resolved}; links found in documents "
                               "may not point at loopback/private networks unless allow_private is set)")
        if self.options.respect_robots and not await self.robots.allowed(url):
            raise _Failure("robots.txt disallows this URL for claimwatch")

    async def _with_retries(self, url: str, headers: dict[str, str]) -> _Redirect | _Body | _NotModified:
        host = urlsplit(url).hostname or ""
        deadline = self.options.timeout * 3
        attempt = 0
        while True:
            try:
                async with self.politeness.slot(host):
                    return await asyncio.wait_for(self._attempt(url, headers), deadline)
            except TimeoutError:
                raise _Failure(f"timeout (no complete response within {deadline:g} s)") from None
            except _Retryable as retry:
                if attempt >= self.options.retries:
                    suffix = f" after {attempt + 1} attempts" if attempt else ""
                    raise _Failure(retry.cause + suffix, retry.status) from None
                wait = retry.retry_after
                if wait is None:
                    wait = min(self.options.backoff * (2 ** attempt), MAX_RETRY_WAIT)
                else:
                    self.politeness.gate(host).push_back(wait)
                attempt += 1
                await asyncio.sleep(wait)

    async def _attempt(self, url: str, headers: dict[str, str]) -> _Redirect | _Body | _NotModified:
        host = urlsplit(url).hostname or ""
        try:
            return await self._request(url, headers)
        except httpx.ConnectTimeout:
            raise _Failure(f"timeout (connect, {self.options.timeout:g} s)") from None
        except httpx.ReadTimeout:
            raise _Failure(f"timeout (read, no data for {self.options.timeout:g} s)") from None
        except (httpx.WriteTimeout, httpx.PoolTimeout):
            raise _Failure(f"timeout ({self.options.timeout:g} s)") from None
        except httpx.ConnectError as exc:
            raise _connect_failure(exc, host) from None
        except httpx.RemoteProtocolError as exc:
            detail = str(exc).splitlines()[0] if str(exc) else "protocol error"
            if "without sending complete message body" in detail or "incomplete" in detail.lower():
                raise _Retryable(f"connection closed early: truncated response ({detail})") from None
            raise _Retryable(f"connection error ({detail})") from None
        except (httpx.ReadError, httpx.WriteError, httpx.CloseError) as exc:
            raise _Retryable(f"connection error ({str(exc) or type(exc).__name__})") from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL, httpx.LocalProtocolError) as exc:
            raise _Failure(f"invalid URL ({exc})") from None
        except zlib.error as exc:
            raise _Failure(f"undecodable (corrupt gzip/deflate content-encoding: {exc})") from None

    async def _request(self, url: str, headers: dict[str, str]) -> _Redirect | _Body | _NotModified:
        limit = self.options.max_bytes
        async with self.client.stream("GET", url, headers=headers) as resp:
            status = resp.status_code
            reason = f"HTTP {status} {resp.reason_phrase}".rstrip()
            if status in REDIRECTS:
                location = resp.headers.get("location")
                if not location:
                    raise _Failure(f"{reason} without a Location header", status)
                return _Redirect(location, status)
            if status == 304:
                return _NotModified(resp.headers)
            if status == 429 or status >= 500:
                raise _Retryable(reason, status, parse_retry_after(resp.headers.get("retry-after")))
            if status >= 300 or status < 200:
                raise _Failure(reason, status)

            raw_type = resp.headers.get("content-type")
            mime, _ = normalize_content_type(raw_type)
            length = resp.headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                raise _Failure(f"too large (Content-Length {int(length)} > limit {limit} bytes)", status)
            try:
                decoder = BoundedDecoder(resp.headers.get("content-encoding"), limit)
            except UnsupportedEncoding as exc:
                raise _Failure(f"undecodable (unsupported content-encoding {exc})", status) from None
            supported = mime in SUPPORTED_TYPES or mime in UNTYPED
            body = bytearray()
            try:
                async for raw in resp.aiter_raw():
                    body += decoder.feed(raw)
                    if not supported and len(body) >= 8192:
                        break  # enough to name the format
                if supported:
                    body += decoder.flush()
            except TooLarge:
                raise _Failure(f"too large (more than {limit} bytes"
                               f"{' after decompression' if decoder.coding else ''})", status) from None
            if not supported:
                kind = binary_kind(bytes(body))
                named = f"{mime} ({kind})" if kind and kind != "binary data" else mime
                raise _Failure(f"unsupported type {named}", status)
            return _Body(status, resp.headers, bytes(body), raw_type)

    def _document(self, url: str, final: str, body: _Body) -> FetchResult:
        try:
            doc = read_bytes(body.data, url, content_type=body.content_type, url=final)
        except InputError as exc:
            return FetchResult(url=url, document=None, error=FetchError(str(exc)), status=body.status)
        doc.etag = body.headers.get("etag")
        doc.last_modified = body.headers.get("last-modified")
        return FetchResult(url=url, document=doc, error=None, status=body.status)

"""claimwatch.fetching against a real HTTP server on 127.0.0.1 (no mocks, no network)."""

from __future__ import annotations

import asyncio
import gzip
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimwatch import PROJECT_URL, __version__
from claimwatch.fetching import FetchOptions, FetchResult, fetch_all
from claimwatch.fetching.decoding import BoundedDecoder, TooLarge
from pageserver import (
    PageServer, conditional, fixture_page, gzipped, hang, page, redirect, sequence, slow_drip, slow_page,
    status, truncated,
)
from test_reading import HWP_OLE2, KO_BODY, PNG, ZH_BODY, make_pdf

ARTICLE = "<html><body><article><p>약 1,000개 기관이 참여한다.</p></article></body></html>"


def fast(**overrides: object) -> FetchOptions:
    """Options for tests: no politeness delay, short timeouts, tiny backoff."""
    base: dict[str, object] = dict(delay=0.0, timeout=2.0, retries=2, backoff=0.01)
    base.update(overrides)
    return FetchOptions(**base)  # type: ignore[arg-type]


def one(url: str, options: FetchOptions | None = None, **kwargs: object) -> FetchResult:
    [result] = fetch_all([url], options or fast(), **kwargs)  # type: ignore[arg-type]
    return result


def ok(result: FetchResult) -> FetchResult:
    assert result.error is None, str(result.error)
    assert result.document is not None
    return result


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as srv:
        yield srv


# ------------------------------------------------------------------ basics

def test_fetch_html_fills_document_and_sends_user_agent(server: PageServer) -> None:
    body, ctype = fixture_page("ko_max_alliance.html", "euc-kr", "header")
    validators = {"ETag": '"v1"', "Last-Modified": "Wed, 10 Sep 2025 06:08:00 GMT"}
    url = server.route("/ko", page(body, ctype, headers=validators))
    result = ok(one(url))
    doc = result.document
    assert result.status == 200 and doc is not None
    assert KO_BODY in doc.text and "02-1234-5678" not in doc.text
    assert doc.source == url and doc.url == url and doc.encoding == "cp949"
    assert doc.published == "2025-09-10" and doc.lang == "ko"
    assert doc.etag == '"v1"' and doc.last_modified == "Wed, 10 Sep 2025 06:08:00 GMT"
    assert doc.canonical == server.url("/news/articleView.html?idxno=1001")
    [headers] = server.headers_for("/ko")
    assert headers["user-agent"] == f"claimwatch/{__version__} (+{PROJECT_URL})"


@pytest.mark.parametrize(
    ("name", "encoding", "declare", "needle"),
    [
        ("zh_gdp.html", "gb18030", "none", ZH_BODY),
        ("ja_expo.html", "shift_jis", "http-equiv", "184日間"),
        ("ja_consumption_tax.html", "euc-jp", "none", "8％から10％へ"),
        ("zh_tw_wage.html", "big5", "meta", "28,590元"),
        ("ko_max_alliance.html", "utf-8", "bom", KO_BODY),
    ],
)
def test_fetched_legacy_charsets(server: PageServer, name: str, encoding: str, declare: str, needle: str) -> None:
    body, ctype = fixture_page(name, encoding, declare)
    url = server.route("/p", page(body, ctype))
    doc = ok(one(url)).document
    assert doc is not None and needle in doc.text and "\ufffd" not in doc.text


def test_wrong_header_charset_falls_back(server: PageServer) -> None:
    body, _ = fixture_page("ko_max_alliance.html", "euc-kr", "none")
    url = server.route("/wrong", page(body, "text/html; charset=shift_jis"))
    doc = ok(one(url)).document
    assert doc is not None and KO_BODY in doc.text and doc.encoding == "cp949"


def test_results_keep_order_and_duplicates_fetch_once(server: PageServer) -> None:
    a = server.route("/a", page("<p>첫째 문서 1,000개</p>"))
    b = server.route("/b", status(404))
    results = fetch_all([a, b, a], fast())
    assert [r.url for r in results] == [a, b, a]
    assert results[0].document is not None and results[1].error is not None
    assert results[2].document is results[0].document
    assert server.count("/a") == 1


def test_progress_bar_does_not_break_fetching(server: PageServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = server.route("/p", page(ARTICLE))
    ok(one(url, fast(progress=True)))
    assert capsys.readouterr().out == ""  # progress goes to stderr only


def test_fetch_all_works_inside_a_running_event_loop(server: PageServer) -> None:
    url = server.route("/p", page(ARTICLE))

    async def caller() -> FetchResult:
        return fetch_all([url], fast())[0]

    assert asyncio.run(caller()).document is not None


# ------------------------------------------------------------------ redirects

def test_redirect_chain_301_302_307(server: PageServer) -> None:
    server.route("/r1", redirect("/r2", 301))
    server.route("/r2", redirect(server.url("/r3"), 302))
    server.route("/r3", redirect("/final", 307))
    server.route("/final", page(ARTICLE))
    result = ok(one(server.url("/r1")))
    assert result.document is not None
    assert result.document.url == server.url("/final") and result.document.source == server.url("/r1")


def test_redirect_loop(server: PageServer) -> None:
    server.route("/loop-a", redirect("/loop-b"))
    server.route("/loop-b", redirect("/loop-a"))
    result = one(server.url("/loop-a"))
    assert result.document is None
    assert str(result.error).startswith(server.url("/loop-a") + ": redirect loop")
    assert server.count("/loop-a") == 1 and server.count("/loop-b") == 1


def test_too_many_redirects(server: PageServer) -> None:
    for i in range(12):
        server.route(f"/hop{i}", redirect(f"/hop{i + 1}"))
    server.route("/hop12", page(ARTICLE))
    result = one(server.url("/hop0"))
    assert "too many redirects (more than 10)" in str(result.error)
    assert server.count("/hop11") == 0
    ok(one(server.url("/hop0"), fast(max_redirects=12)))


def test_redirect_to_non_http_scheme(server: PageServer) -> None:
    url = server.route("/ftp", redirect("ftp://files.example.kr/budget.hwp"))
    assert "not http(s)" in str(one(url).error)


def test_not_http_url() -> None:
    result = one("file:///etc/passwd")
    assert str(result.error) == "file:///etc/passwd: not http(s) (file:)"


# ------------------------------------------------------------------ bodies: gzip, limits, truncation

def test_gzip_content_encoding(server: PageServer) -> None:
    body, _ = fixture_page("zh_gdp.html", "gb18030", "none")
    url = server.route("/gz", gzipped(body, "text/html"))
    doc = ok(one(url)).document
    assert doc is not None and ZH_BODY in doc.text


def test_gzip_bomb_is_refused_without_inflating_it(server: PageServer) -> None:
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    url = server.route("/bomb", page(bomb, "text/html", headers={"Content-Encoding": "gzip"}))
    started = time.monotonic()
    result = one(url, fast(max_bytes=1024 * 1024))
    assert result.document is None
    assert str(result.error) == f"{url}: too large (more than 1048576 bytes after decompression)"
    assert time.monotonic() - started < 5


@settings(max_examples=60, deadline=None)
@given(payload=st.binary(min_size=0, max_size=4000), cuts=st.lists(st.integers(1, 500), max_size=20),
       members=st.integers(1, 3), coding=st.sampled_from(["gzip", "deflate", "raw-deflate"]))
def test_bounded_decoder_matches_zlib_for_any_chunking(payload: bytes, cuts: list[int], members: int,
                                                       coding: str) -> None:
    if coding == "gzip":
        wire = b"".join(gzip.compress(payload) for _ in range(members))
        expected = payload * members
    else:
        level = zlib.compressobj(6, zlib.DEFLATED, -15 if coding == "raw-deflate" else 15)
        wire = level.compress(payload) + level.flush()
        expected = payload
    chunks, pos = [], 0
    for cut in cuts:
        chunks.append(wire[pos:pos + cut])
        pos += cut
    chunks.append(wire[pos:])
    decoder = BoundedDecoder("gzip" if coding == "gzip" else "deflate", limit=len(expected))
    assert b"".join(decoder.feed(c) for c in chunks) + decoder.flush() == expected
    if expected:
        small = BoundedDecoder("gzip" if coding == "gzip" else "deflate", limit=len(expected) - 1)
        with pytest.raises(TooLarge):
            for chunk in chunks:
                small.feed(chunk)
            small.flush()


def test_gzip_bomb_is_never_inflated_past_the_limit() -> None:
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024), compresslevel=9)
    limit = 1024 * 1024
    decoder = BoundedDecoder("gzip", limit)
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge) as info:
            decoder.feed(bomb)  # the whole bomb in one network chunk
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.args[0] == limit + 1  # produced exactly one byte too many, then stopped
    assert peak < 8 * limit


def test_content_length_over_limit_is_refused_before_reading(server: PageServer) -> None:
    url = server.route("/big", page(b"<p>" + b"1" * 5000 + b"</p>"))
    result = one(url, fast(max_bytes=1000))
    assert str(result.error) == f"{url}: too large (Content-Length 5007 > limit 1000 bytes)"
    assert result.status == 200


def test_truncated_response(server: PageServer) -> None:
    url = server.route("/cut", truncated())
    result = one(url, fast(retries=1))
    assert "truncated" in str(result.error) and str(result.error).startswith(url)
    assert server.count("/cut") == 2  # a connection error is retried


# ------------------------------------------------------------------ timeouts

def test_slow_drip_hits_the_whole_request_deadline(server: PageServer) -> None:
    url = server.route("/drip", slow_drip(interval=0.05, chunks=400))
    started = time.monotonic()
    result = one(url, fast(timeout=0.25, respect_robots=False))
    elapsed = time.monotonic() - started
    assert str(result.error) == f"{url}: timeout (no complete response within 0.75 s)"
    assert 0.7 < elapsed < 3.0  # each read was quick (0.05 s < 0.25 s); the 3x deadline stopped it


@pytest.mark.parametrize("before_headers", [True, False])
def test_hanging_server_read_timeout(server: PageServer, before_headers: bool) -> None:
    url = server.route("/hang", hang(before_headers=before_headers))
    started = time.monotonic()
    result = one(url, fast(timeout=0.3))
    assert "timeout" in str(result.error)
    assert time.monotonic() - started < 2.0
    assert server.count("/hang") == 1  # timeouts are not retried


def test_connection_refused() -> None:
    with PageServer() as srv:
        url = srv.url("/gone")
    result = one(url, fast(retries=0))
    assert str(result.error) == f"{url}: connection refused"


def test_tls_failure(server: PageServer) -> None:
    url = server.route("/", page(ARTICLE)).replace("http://", "https://")
    result = one(url, fast(retries=0))
    assert str(result.error).startswith(f"{url}: TLS: ")


def test_dns_failure() -> None:
    result = one("http://no-such-host.invalid/x", fast(retries=0))
    assert str(result.error) == "http://no-such-host.invalid/x: DNS: cannot resolve host 'no-such-host.invalid'"


# ------------------------------------------------------------------ statuses and retries

def test_404_is_not_retried(server: PageServer) -> None:
    url = server.url("/missing")
    result = one(url)
    assert str(result.error) == f"{url}: HTTP 404 Not Found"
    assert result.status == 404 and server.count("/missing") == 1


def test_429_with_retry_after_zero_then_200(server: PageServer) -> None:
    url = server.route("/busy", sequence(status(429, {"Retry-After": "0"}), page(ARTICLE)))
    ok(one(url, fast(backoff=5.0)))  # Retry-After (0 s) is honoured instead of the 5 s backoff
    assert server.count("/busy") == 2


def test_500_then_200(server: PageServer) -> None:
    url = server.route("/flaky", sequence(status(500), page(ARTICLE)))
    result = ok(one(url))
    assert result.status == 200 and server.count("/flaky") == 2


def test_5xx_gives_up_after_retries(server: PageServer) -> None:
    url = server.route("/down", status(503))
    result = one(url, fast(retries=2))
    assert str(result.error) == f"{url}: HTTP 503 Service Unavailable after 3 attempts"
    assert result.status == 503 and server.count("/down") == 3


def test_retry_after_http_date_is_capped() -> None:
    from claimwatch.fetching.client import MAX_RETRY_WAIT, parse_retry_after

    assert parse_retry_after("2") == 2.0
    assert parse_retry_after("86400") == MAX_RETRY_WAIT
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None


# ------------------------------------------------------------------ robots.txt

def test_robots_disallow_and_override(server: PageServer) -> None:
    server.route("/robots.txt", page("User-agent: *\nDisallow: /private/\n", "text/plain"))
    blocked = server.route("/private/report", page(ARTICLE))
    allowed = server.route("/public/report", page(ARTICLE))
    results = fetch_all([blocked, allowed, allowed + "?x=1"], fast())
    assert str(results[0].error) == f"{blocked}: robots.txt disallows this URL for claimwatch"
    assert results[1].document is not None
    assert server.count("/private/report") == 0
    assert server.count("/robots.txt") == 1  # cached per run
    ok(one(blocked, fast(respect_robots=False)))
    assert server.count("/private/report") == 1


def test_robots_rules_for_our_agent_only(server: PageServer) -> None:
    server.route("/robots.txt", page("User-agent: claimwatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
                                     "text/plain"))
    url = server.route("/p", page(ARTICLE))
    assert "robots.txt disallows" in str(one(url).error)


@pytest.mark.parametrize("robots", [status(404), status(500), hang()])
def test_robots_missing_broken_or_hanging_allows(server: PageServer, robots: object) -> None:
    server.route("/robots.txt", robots)  # type: ignore[arg-type]
    url = server.route("/p", page(ARTICLE))
    ok(one(url, fast(timeout=0.3, retries=0)))


# ------------------------------------------------------------------ content types

def test_pdf_is_read(server: PageServer) -> None:
    url = server.route("/budget.pdf", page(make_pdf(["Budget 2026: 1134700000000 KRW"]), "application/pdf"))
    doc = ok(one(url)).document
    assert doc is not None and doc.content_type == "application/pdf"
    assert "1134700000000 KRW" in doc.text and doc.url == url


@pytest.mark.parametrize(
    ("body", "ctype", "expected"),
    [
        (HWP_OLE2, "application/x-hwp", "unsupported type application/x-hwp (HWP, Hangul word processor)"),
        (PNG, "image/png", "unsupported type image/png (PNG image)"),
        (b'{"a": 1}', "application/json", "unsupported type application/json"),
        (HWP_OLE2, "application/octet-stream", "not text (binary data, looks like HWP, Hangul word processor)"),
    ],
)
def test_unsupported_types_are_named(server: PageServer, body: bytes, ctype: str, expected: str) -> None:
    url = server.route("/file", page(body, ctype))
    result = one(url)
    assert result.document is None and str(result.error) == f"{url}: {expected}"


def test_empty_body_is_an_error(server: PageServer) -> None:
    url = server.route("/empty", page(b""))
    assert str(one(url).error) == f"{url}: empty input (0 bytes)"


# ------------------------------------------------------------------ private addresses

def test_private_addresses_refused_for_document_links_only(server: PageServer) -> None:
    url = server.route("/p", page(ARTICLE))
    refused = one(url, from_document=True)
    assert refused.document is None
    assert str(refused.error).startswith(f"{url}: private address refused (127.0.0.1;")
    assert server.count("/p") == 0 and server.count("/robots.txt") == 0  # nothing was sent
    ok(one(url))                                                         # typed by the user
    ok(one(url, fast(allow_private=True), from_document=True))


def test_private_check_follows_redirects_and_names(server: PageServer) -> None:
    result = one("http://localhost:1/x", from_document=True)
    assert "private address refused (localhost resolves to" in str(result.error)
    for address in ("http://10.1.2.3/", "http://169.254.169.254/latest/meta-data", "http://[::1]/"):
        assert "private address refused" in str(one(address, from_document=True).error)


# ------------------------------------------------------------------ conditional requests

def test_conditional_request_gives_304(server: PageServer) -> None:
    modified = "Wed, 10 Sep 2025 06:08:00 GMT"
    url = server.route("/c", conditional(ARTICLE.encode(), '"abc"', modified))
    first = ok(one(url))
    assert first.document is not None and first.document.etag == '"abc"'
    second = one(url, conditional={url: (first.document.etag, first.document.last_modified)})
    assert second.not_modified and second.status == 304
    assert second.document is None and second.error is None
    headers = server.headers_for("/c")[-1]
    assert headers["if-none-match"] == '"abc"' and headers["if-modified-since"] == modified
    changed = one(url, conditional={url: ('"old"', None)})
    assert changed.document is not None and not changed.not_modified


# ------------------------------------------------------------------ politeness

def test_per_host_delay_spaces_requests(server: PageServer) -> None:
    urls = [server.route(f"/d{i}", page(ARTICLE)) for i in range(4)]
    started = time.monotonic()
    results = fetch_all(urls, fast(delay=0.15, respect_robots=False))
    assert all(r.document is not None for r in results)
    assert time.monotonic() - started >= 0.44  # 4 request starts, >= 0.15 s apart


def test_per_host_concurrency_cap(server: PageServer) -> None:
    urls = [server.route(f"/s{i}", slow_page(ARTICLE, 0.15)) for i in range(6)]
    results = fetch_all(urls, fast(per_host=2, respect_robots=False))
    assert all(r.document is not None for r in results)
    assert server.peak_in_flight == 2


def test_hosts_are_fetched_in_parallel() -> None:
    with PageServer(host="127.0.0.1") as one_host, PageServer(host="127.0.0.2") as other_host:
        urls = []
        for srv in (one_host, other_host):
            urls += [srv.route(f"/s{i}", slow_page(ARTICLE, 0.3)) for i in range(2)]
        started = time.monotonic()
        results = fetch_all(urls, fast(per_host=1, respect_robots=False))
        elapsed = time.monotonic() - started
    assert all(r.document is not None for r in results)
    assert elapsed < 1.0  # 2 hosts x 2 sequential 0.3 s requests, in parallel (~0.6 s), not 1.2 s


# ------------------------------------------------------------------ with the extractor, when present

def test_extractor_on_fetched_page_ignores_boilerplate(server: PageServer) -> None:
    from claimwatch.extractors import extract

    body, ctype = fixture_page("zh_gdp.html", "gb18030", "none")
    url = server.route("/zh", page(body, ctype))
    doc = ok(one(url)).document
    assert doc is not None and doc.published == "2025-01-17"
    claims = extract(doc.text, lang="zh", published=doc.published, doc=doc.source)
    got = [(c.kind, c.value, c.unit, c.text) for c in claims]
    # exactly the article's figures, in order: nothing from the menu, counters or footer
    assert got == [("date", "2024", None, "2024年"),
                   ("money", 134908400000000, "CNY", "1349084亿元"),
                   ("percent", 5, "%", "5.0%"),
                   ("money", 41314, "CNY", "41314元"),
                   ("percent", 5.3, "%", "5.3%")]

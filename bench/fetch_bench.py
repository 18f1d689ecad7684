"""Fetch benchmark: N generated pages over H loopback hosts with default politeness.

Starts one local page server per host (127.0.0.1, 127.0.0.2, ... all loopback on
Linux; never 0.0.0.0), fetches every page with ``fetch_all`` (robots.txt respected,
per_host=2, delay=1.0 by default), runs the extractor when it is importable, and
prints wall time, pages/s and peak RSS as one markdown table row.

    python bench/fetch_bench.py                  # 200 pages over 8 hosts (~25 s)
    python bench/fetch_bench.py --hosts 20 --delay 0.2
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from pageserver import PageServer, page  # noqa: E402

from claimwatch.fetching import FetchOptions, fetch_all  # noqa: E402

_BODIES = {
    "ko": ("산업통상자원부는 2025년 9월 10일 제조 인공지능 전환을 위한 M.AX 얼라이언스를 출범했다. "
           "얼라이언스에는 약 1,000개 기관이 참여한다. 2026년 산업부 AX 예산은 1조 1,347억 원이다."),
    "ja": ("大阪・関西万博は2025年4月13日から10月13日までの184日間、夢洲で開催された。"
           "消費税率は2019年10月1日に8％から10％へ引き上げられた。"),
    "zh": "初步核算，2024年国内生产总值1349084亿元，比上年增长5.0%。全国居民人均可支配收入41314元。",
}
_CHARSETS = {"ko": "euc-kr", "ja": "shift_jis", "zh": "gb18030"}


def make_page(i: int, rng: random.Random) -> tuple[bytes, str]:
    """A ~6 KB news-like page: article body plus numeric navigation/ranking/footer noise."""
    lang = ("ko", "ja", "zh")[i % 3]
    charset = _CHARSETS[lang] if i % 2 else "utf-8"
    nav = "".join(f"<li><a href='/s{n}'>Section {n} ({rng.randint(100, 99999):,})</a></li>" for n in range(60))
    ranking = "".join(f"<li>{n}. sample {rng.randint(1000, 99999):,}</li>" for n in range(1, 31))
    heading = {"ko": "많이 본 뉴스", "ja": "アクセスランキング", "zh": "热门文章"}[lang]
    paragraphs = "".join(f"<p>{_BODIES[lang]} ({i}-{n})</p>" for n in range(12))
    html = (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='{charset}'><title>기사 {i}</title>"
            f"<meta property='article:published_time' content='2025-09-{1 + i % 28:02d}T09:00:00+09:00'></head>"
            f"<body><nav><ul>{nav}</ul></nav><div id='articleBody'>{paragraphs}</div>"
            f"<div class='side'><h3>{heading}</h3><ol>{ranking}</ol></div>"
            f"<footer>대표전화 02-1234-5678 Copyright 2025</footer></body></html>")
    return html.encode(charset, "replace"), f"text/html; charset={charset}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=8, help="loopback hosts 127.0.0.1..127.0.0.N")
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--no-extract", action="store_true")
    args = parser.parse_args(argv)
    if not 1 <= args.hosts <= 250:
        parser.error("--hosts must be 1..250")

    rng = random.Random(42)
    servers = [PageServer(host=f"127.0.0.{h + 1}") for h in range(args.hosts)]
    urls: list[str] = []
    for srv in servers:
        srv.start()
        srv.route("/robots.txt", page("User-agent: *\nDisallow: /admin/\n", "text/plain"))
    for i in range(args.pages):
        srv = servers[i % args.hosts]
        body, ctype = make_page(i, rng)
        urls.append(srv.route(f"/news/{i}.html", page(body, ctype)))

    options = FetchOptions(per_host=args.per_host, delay=args.delay)
    started = time.perf_counter()
    try:
        results = fetch_all(urls, options)
    finally:
        fetch_seconds = time.perf_counter() - started
        for srv in servers:
            srv.stop()
    docs = [r.document for r in results if r.document is not None]
    errors = [r for r in results if r.error is not None]

    extract_seconds = 0.0
    claims = "n/a"
    if not args.no_extract:
        try:
            from claimwatch.extractors import extract  # type: ignore[attr-defined]
        except ImportError:
            extract = None
        if extract is not None:
            started = time.perf_counter()
            total = 0
            for doc in docs:
                total += len(extract(doc.text, lang=doc.lang or "auto", published=doc.published, doc=doc.source))
            extract_seconds = time.perf_counter() - started
            claims = str(total)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    for failure in errors[:5]:
        print(f"error: {failure.error}", file=sys.stderr)
    print("| pages | hosts | per_host | delay s | ok | errors | fetch wall s | pages/s | extract s | claims "
          "| peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {args.pages} | {args.hosts} | {args.per_host} | {args.delay:g} | {len(docs)} | {len(errors)} "
          f"| {fetch_seconds:.1f} | {len(docs) / fetch_seconds:.1f} | {extract_seconds:.2f} | {claims} "
          f"| {peak_mb:.0f} |")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())

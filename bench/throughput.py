"""Throughput and memory of ``claimwatch extract --batch`` on generated ko/ja/zh batches.

    python bench/throughput.py                    # 2, 8 and 32 M characters
    python bench/throughput.py --sizes 1,4 --profile --source synthetic

Builds JSON Lines batches from two sources: ``corpus`` repeats the repository's own
realistic pages (corpus/ and the gold-set documents: menus, prose, tables; a digit run
every ~19 characters), ``synthetic`` generates documents from sentence templates
(figures in the styles of patterns/*.toml plus ~30% digit-free prose: a digit run every
~11 characters, a stress case far denser in figures than news). It runs the real command
line on each as a fresh subprocess (start-up included, stdout to /dev/null), and prints
a markdown table: characters/second and the child's peak RSS per size (memory should
stay flat as the batch grows, since the batch is streamed). Also times ``claimwatch
--help`` and ``claimwatch extract small.txt`` (median of 10 runs). ``--profile`` runs
cProfile on ``extract`` over the smallest batch, in process, and lists the hotspots.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

TARGET = 1_000_000          # chars/s on one core

R = random.Random()


def _n(lo: int, hi: int) -> str:
    return str(R.randint(lo, hi))


def _c(lo: int, hi: int) -> str:
    return f"{R.randint(lo, hi):,}"


def _f() -> str:
    return f"{R.randint(1, 99)}.{R.randint(1, 9)}"


def _pick(*xs: str) -> str:
    return R.choice(xs)


KO_FIG = [
    lambda: f"산업통상자원부는 {_n(1, 28)}일 {_n(1, 30)}조 {_c(100, 9999)}억 원 규모의 예산안을 발표했다.",
    lambda: f"정부는 {_n(2026, 2035)}년까지 {_c(100, 5000)}개 기업을 지원하고 매출을 {_f()}% 늘리겠다고 밝혔다.",
    lambda: f"올해 수출은 약 {_c(1000, 9000)}억 달러로 전년 대비 {_f()}% 증가했다.",
    lambda: f"행사에는 {_c(100, 3000)}여 명이 참석했고 {_n(10, 90)}개 분과가 구성됐다.",
    lambda: f"성공률을 {_n(5, 40)}%p 이상 높이는 것이 목표다.",
    lambda: f"투자 규모는 {_c(1000, 3000)}~{_c(3001, 6000)}억 원으로 예상된다.",
    lambda: f"{_n(2020, 2025)}년 {_n(1, 12)}월 {_n(1, 28)}일 기준 가입자는 {_n(1, 9)}천 {_n(1, 9)}백만 명이다.",
    lambda: f"회사는 {_c(1000, 90000)}곳 넘는 협력사와 {_n(1, 9)}억 {_n(1, 9)}천만 유로 계약을 맺었다.",
    lambda: f"입력 {_n(2024, 2025)}.{_n(1, 12):0>2}.{_n(1, 28):0>2}(수) {_n(0, 23)}:{_n(10, 59)} 조회 {_c(100, 9999)}",
    lambda: f"실업률은 {_f()}%로 {_n(3, 9)}개월 연속 하락했고 물가는 {_f()}퍼센트 올랐다.",
    lambda: f"지난해 {_n(1, 12)}월 발표된 계획에 따르면 내년 {_n(1, 9)}월 착공한다.",
    lambda: f"세계 {_n(1, 10)}위 수준인 생산량을 {_n(2027, 2035)}년 목표로 {_n(2, 5)}배 키운다.",
]
KO_PROSE = [
    "관계자는 현장의 목소리를 충분히 듣고 제도를 보완하겠다고 말했다.",
    "전문가들은 이번 정책이 산업 전반의 경쟁력을 높일 것으로 내다봤다.",
    "업계에서는 규제 완화가 먼저 이뤄져야 한다는 목소리가 나온다.",
    "정부와 민간이 함께 참여하는 협의체가 구성될 예정이다.",
    "이번 발표는 지역 균형 발전을 위한 후속 조치의 하나다.",
    "한편 야당은 예산 편성 과정이 불투명하다고 비판했다.",
]
JA_FIG = [
    lambda: f"経済産業省は{_n(1, 28)}日、{_n(1, 30)}兆{_c(100, 9999)}億円の補正予算案を公表した。",
    lambda: f"政府は{_n(2026, 2035)}年までに{_c(100, 3000)}社超の企業を支援し、売上高を{_f()}％伸ばす方針だ。",
    lambda: f"令和{_n(5, 8)}年度の予算は約{_n(1, 99)}.{_n(1, 9)}億円で、前年度比{_f()}%増となった。",
    lambda: f"会場には{_c(100, 3000)}人が集まり、{_n(10, 40)}分科会が設けられた。",
    lambda: f"市場規模は{_n(2030, 2040)}年に{_n(100, 900)}億ドルに達し得る。",
    lambda: f"失業率は{_f()}%で、前月から{_n(0, 1)}.{_n(1, 9)}ポイント低下した。",
    lambda: f"投資額は{_c(1000, 3000)}～{_c(3001, 6000)}億円と見込まれる。",
    lambda: f"{_n(2020, 2025)}年{_n(1, 12)}月{_n(1, 28)}日時点で、利用者は三百{_n(1, 9)}十万人に上る。",
    lambda: f"日経平均は{_c(30000, 42000)}円{_n(10, 99)}銭で取引を終えた。",
    lambda: f"昨年{_n(1, 12)}月に発表された計画では、来年度に{_n(2, 9)}カ所の拠点を整備する。",
    lambda: f"世界第{_n(1, 10)}位の生産国として、{_n(2, 5)}年間で{_n(1, 9)}兆円を投じる。",
]
JA_PROSE = [
    "担当者は現場の声を丁寧に聞きながら制度を見直すと述べた。",
    "専門家は今回の施策が産業全体の競争力を高めると指摘している。",
    "業界からは規制緩和を急ぐべきだとの声が上がっている。",
    "官民が参加する協議会が近く発足する見通しだ。",
    "一方、野党は予算編成の過程が不透明だと批判した。",
    "詳しい内容は今後の会議で議論される予定である。",
]
ZH_FIG = [
    lambda: f"工信部{_n(1, 28)}日表示，将安排{_n(1, 99)}亿元专项资金支持产业升级。",
    lambda: f"到{_n(2026, 2035)}年，力争培育超过{_c(100, 3000)}家企业，产值增长{_f()}%。",
    lambda: f"今年前{_n(2, 11)}个月，出口总额约{_c(1000, 9999)}亿美元，同比增长{_f()}%。",
    lambda: f"活动吸引了{_n(1, 9)}万{_n(1, 9)}千人参加，设立{_n(10, 40)}个分会场。",
    lambda: f"失业率为{_f()}%，比上月下降{_n(0, 1)}.{_n(1, 9)}个百分点。",
    lambda: f"投资规模预计为{_n(100, 300)}～{_n(301, 600)}亿元人民币。",
    lambda: f"截至{_n(2020, 2025)}年{_n(1, 12)}月{_n(1, 28)}日，用户达到三百{_n(1, 9)}十万人。",
    lambda: f"去年{_n(1, 12)}月发布的规划提出，明年将新建{_n(2, 9)}个基地。",
    lambda: f"发布时间：{_n(2024, 2025)}-{_n(1, 12):0>2}-{_n(1, 28):0>2} {_n(0, 23)}:{_n(10, 59)} 阅读 {_n(1, 9)}.{_n(1, 9)}万",
    lambda: f"我国连续{_n(2, 9)}年位居世界第{_n(1, 5)}位，约合人民币{_n(10, 99)}亿元。",
]
ZH_PROSE = [
    "有关负责人表示，将认真听取各方意见，进一步完善相关制度。",
    "专家认为，这一举措将有力提升产业整体竞争力。",
    "业内人士指出，应加快推进相关领域的改革。",
    "政府和企业将共同组建协调机制，推动项目落地。",
    "另一方面，部分地区仍面临人才短缺等问题。",
    "具体方案将在后续会议上进一步讨论。",
]
TEMPLATES = {"ko": (KO_FIG, KO_PROSE, " "), "ja": (JA_FIG, JA_PROSE, ""), "zh": (ZH_FIG, ZH_PROSE, "")}


def document(lang: str) -> str:
    figs, prose, sep = TEMPLATES[lang]
    out, size, goal = [], 0, R.randint(400, 3000)
    while size < goal:
        s = R.choice(prose) if R.random() < 0.3 else R.choice(figs)()
        out.append(s)
        size += len(s) + len(sep)
        if R.random() < 0.15:
            out.append("\n")
    return sep.join(out)


def corpus_documents() -> list[tuple[str, str | None]]:
    """(text, published) of the repository's sample pages and gold documents."""
    import glob

    from claimwatch import reading

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    docs = []
    for path in sorted(glob.glob(os.path.join(root, "corpus", "*"))):
        if not os.path.basename(path).upper().startswith("README"):
            d = reading.read_path(path)
            docs.append((d.text, d.published))
    for path in sorted(glob.glob(os.path.join(root, "tests", "fixtures", "gold", "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            docs.append((fh.read(), "2025-09-10"))
    return docs


def build_batch(path: str, chars: int, seed: int = 1, source: str = "synthetic") -> tuple[int, int]:
    """Write a batch of about ``chars`` characters of text; returns (docs, chars)."""
    R.seed(seed)
    if source == "corpus":
        pages = corpus_documents()
        n = total = 0
        with open(path, "w", encoding="utf-8") as fh:
            while total < chars:
                text, published = pages[n % len(pages)]
                fh.write(json.dumps({"id": f"c-{n}", "text": text, "published": published},
                                    ensure_ascii=False) + "\n")
                n += 1
                total += len(text)
        return n, total
    n = total = 0
    with open(path, "w", encoding="utf-8") as fh:
        while total < chars:
            lang = ("ko", "ja", "zh")[n % 3]
            text = document(lang)
            obj = {"id": f"{lang}-{n}", "text": text, "published": f"2025-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}"}
            if n % 2:
                obj["lang"] = lang                       # half the documents: auto-detected
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
            n += 1
            total += len(text)
    return n, total


def run_child(args: list[str], stdout=subprocess.DEVNULL) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KB, exit status) of one fresh ``python -m claimwatch``."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as errfile:     # not a pipe: a chatty child must not block
        proc = subprocess.Popen([sys.executable, "-m", "claimwatch", *args], stdout=stdout,
                                stderr=errfile)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        errfile.seek(0)
        err = errfile.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        print(f"warning: exit {proc.returncode}: {err.strip()[:300]}", file=sys.stderr)
    return elapsed, usage.ru_maxrss, proc.returncode


def median_wall(args: list[str], runs: int = 10) -> float:
    return statistics.median(run_child(args)[0] for _ in range(runs))


def profile(path: str, top: int = 20) -> None:
    import cProfile
    import pstats

    from claimwatch.extractors.engine import extract

    docs = [json.loads(line) for line in open(path, encoding="utf-8")]

    def work() -> None:
        for d in docs:
            extract(d["text"], lang=d.get("lang", "auto"), published=d.get("published"), doc=d["id"])

    work()                                        # warm the grammar and numeral caches
    prof = cProfile.Profile()
    prof.enable()
    work()
    prof.disable()
    print(f"\n### cProfile: extract over {path} ({sum(len(d['text']) for d in docs):,} chars)\n")
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2,8,32", help="batch sizes in millions of characters")
    ap.add_argument("--runs", type=int, default=1, help="runs per size (best is reported)")
    ap.add_argument("--profile", action="store_true", help="cProfile extract on the smallest batch")
    ap.add_argument("--keep", help="directory to keep the generated batches in")
    ap.add_argument("--source", default="corpus,synthetic",
                    help="comma-separated: corpus (realistic pages) and/or synthetic (dense stress)")
    opts = ap.parse_args()
    sizes = [float(s) for s in opts.sizes.split(",")]
    tmp = opts.keep or tempfile.mkdtemp(prefix="claimwatch-bench-")
    os.makedirs(tmp, exist_ok=True)

    rows = []
    first = None
    for source, size in [(src, size) for src in opts.source.split(",") for size in sizes]:
        path = os.path.join(tmp, f"batch-{source}-{size:g}M.jsonl")
        docs, chars = build_batch(path, int(size * 1_000_000), source=source)
        first = first or path
        best = None
        for _ in range(opts.runs):
            wall, rss, code = run_child(["extract", "--batch", path, "--format", "jsonl"])
            if best is None or wall < best[0]:
                best = (wall, rss, code)
        wall, rss, code = best
        rows.append((source, size, docs, chars, os.path.getsize(path), wall, chars / wall, rss, code))
        print(f"  {size:g}M: {docs} docs, {chars:,} chars, {wall:.2f} s, {chars / wall:,.0f} chars/s, "
              f"peak RSS {rss / 1024:.0f} MB", file=sys.stderr)

    small = os.path.join(tmp, "small.txt")
    with open(small, "w", encoding="utf-8") as fh:
        fh.write("산업부는 10일 2030년까지 1조 1,347억 원을 투입해 1,000여 곳을 지원하고 성공률을 20%p 높인다고 밝혔다.\n")
    t_help = median_wall(["--help"])
    t_small = median_wall(["extract", small, "--format", "jsonl"])

    print("| source | batch | docs | characters | bytes | wall (s) | chars/s | peak RSS (MB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for source, size, docs, chars, nbytes, wall, cps, rss, code in rows:
        flag = "" if code == 0 else f" (exit {code})"
        print(f"| {source} | {size:g} M chars | {docs:,} | {chars:,} | {nbytes / 1e6:.1f} MB | {wall:.2f} | "
              f"{cps:,.0f}{flag} | {rss / 1024:.0f} |")
    print()
    print("| command | median wall (10 runs) |")
    print("| --- | ---: |")
    print(f"| `claimwatch --help` | {t_help * 1000:.0f} ms |")
    print(f"| `claimwatch extract small.txt` | {t_small * 1000:.0f} ms |")
    for source in opts.source.split(","):
        worst = min(r[6] for r in rows if r[0] == source)
        print(f"\nTarget {TARGET:,} chars/s on {source}: {'met' if worst >= TARGET else 'NOT met'} "
              f"(slowest size {worst:,.0f} chars/s, start-up included; {os.cpu_count()} CPUs, one used).")
    worst = min(r[6] for r in rows)
    if opts.profile or worst < TARGET:
        profile(first)
    return 0


if __name__ == "__main__":
    sys.exit(main())

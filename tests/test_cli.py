"""End to end: the real command line in a subprocess, checked against CONTRACT.md.

Exit codes, stdout records and stderr lines. Every bad input must give exactly one
stderr line naming it (and the line number for a batch), no traceback, exit 2, while
the other inputs are still processed and printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIELDS = ("doc", "kind", "value", "unit", "qualifier", "target", "text", "start", "end", "sentence")
KO = "산업부는 10일 2030년까지 1조 1,347억 원을 투입해 1,000여 곳을 지원하고 성공률을 20%p 높인다고 밝혔다."
JA = "経済産業省は令和7年度に1,500社超の企業を支援し、予算は約3,000億円となる。"
ZH = "工信部表示，到2027年将培育超过1000家企业，投资约58亿元，增长12.5%。"


def cli(*args: str, cwd: Path, stdin: bytes | str | None = None, timeout: float = 120):
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    env.pop("CLAIMWATCH_DB", None)
    proc = subprocess.run([sys.executable, "-m", "claimwatch", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=timeout, env=env)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def batch_line(**obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def write_batch(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_one_error(err: str, *needles: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err, err
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


# ------------------------------------------------------------------ happy paths

def test_batch_jsonl_records_have_contract_fields(tmp_path):
    b = write_batch(tmp_path / "in.jsonl", [
        batch_line(id="ko-1", text=KO, lang="ko", published="2025-09-10"),
        batch_line(id="ja-1", text=JA, lang="ja", published="2025-09-10"),
        batch_line(id="zh-1", text=ZH, lang="zh", published="2025-09-10"),
    ])
    code, out, err = cli("extract", "--batch", str(b), "--format", "jsonl", cwd=tmp_path)
    assert code == 0, err
    assert err == ""
    recs = records(out)
    assert {r["doc"] for r in recs} == {"ko-1", "ja-1", "zh-1"}
    for r in recs:
        for f in FIELDS:
            assert f in r, (f, r)
        src = {"ko-1": KO, "ja-1": JA, "zh-1": ZH}[r["doc"]]
        assert src[r["start"]:r["end"]] == r["text"]
        assert r["text"] in r["sentence"]
        assert r["kind"] in ("money", "count", "percent", "date")
    by_text = {(r["doc"], r["text"]): r for r in recs}
    money = by_text[("ko-1", "1조 1,347억 원")]
    assert (money["kind"], money["value"], money["unit"], money["target"]) == ("money", 1134700000000, "KRW", "2030")
    assert by_text[("ko-1", "10일")]["value"] == "2025-09-10"
    assert by_text[("ko-1", "20%p")]["unit"] == "pp"
    assert by_text[("ja-1", "1,500社超")]["qualifier"] == "over"
    assert by_text[("zh-1", "12.5%")]["value"] == 12.5


def test_format_json_is_one_list(tmp_path):
    b = write_batch(tmp_path / "in.jsonl", [batch_line(id="a", text=KO), batch_line(id="b", text="아무 숫자 없음")])
    code, out, err = cli("extract", "--batch", str(b), "--format", "json", cwd=tmp_path)
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list) and data and all(r["doc"] == "a" for r in data)
    code, out, err = cli("extract", "--batch", str(tmp_path / "in.jsonl"), "--format", "json",
                         "--kinds", "money", cwd=tmp_path, stdin=None)
    assert code == 0 and [r["kind"] for r in json.loads(out)] == ["money"]


def test_format_json_with_no_claims_is_an_empty_list(tmp_path):
    b = write_batch(tmp_path / "in.jsonl", [batch_line(id="a", text="숫자가 없는 문장.")])
    code, out, err = cli("extract", "--batch", str(b), "--format", "json", cwd=tmp_path)
    assert code == 0 and json.loads(out) == []


def test_kinds_number_and_money(tmp_path):
    b = write_batch(tmp_path / "in.jsonl", [batch_line(id="a", text="조회 1,873 · 예산 3억 5천만 원, 직원 12명", lang="ko")])
    code, out, _ = cli("extract", "--batch", str(b), "--format", "jsonl", "--kinds", "number", cwd=tmp_path)
    assert code == 0
    recs = records(out)
    assert recs and all(r["kind"] == "number" for r in recs)
    values = [r["value"] for r in recs]
    assert 1873 in values and 350000000 in values and 12 in values
    code, out, _ = cli("extract", "--batch", str(b), "--format", "jsonl", "--kinds", "money", cwd=tmp_path)
    assert code == 0
    assert [(r["kind"], r["value"], r["unit"]) for r in records(out)] == [("money", 350000000, "KRW")]
    code, out, _ = cli("extract", "--batch", str(b), "--format", "jsonl", "--kinds", "money, count", cwd=tmp_path)
    assert code == 0 and sorted(r["kind"] for r in records(out)) == ["count", "money"]


def test_batch_lang_and_published_override_the_flags(tmp_path):
    b = write_batch(tmp_path / "in.jsonl", [
        batch_line(id="line", text="산업부는 10일 발표했다.", published="2025-09-10"),
        batch_line(id="flag", text="산업부는 10일 발표했다."),
        batch_line(id="ja", text="三百人が参加した。", lang="ja"),
        # Japanese-looking text, no lang on the line: the --lang flag decides
        batch_line(id="flagged", text="公開日は2025-09-10です", published="2025-09-10"),
    ])
    code, out, err = cli("extract", "--batch", str(b), "--format", "jsonl", "--lang", "ko",
                         "--published", "2024-03-15", cwd=tmp_path)
    assert code == 0, err
    by_doc = {}
    for r in records(out):
        by_doc.setdefault(r["doc"], []).append(r)
    assert [r["value"] for r in by_doc["line"]] == ["2025-09-10"]
    assert [r["value"] for r in by_doc["flag"]] == ["2024-03-10"]
    assert [(r["kind"], r["value"], r["unit"]) for r in by_doc["ja"]] == [("count", 300, "人")]
    assert {r["lang"] for r in by_doc["flag"] + by_doc["line"]} == {"ko"}
    assert by_doc["ja"][0]["lang"] == "ja"
    assert [(r["value"], r["lang"]) for r in by_doc["flagged"]] == [("2025-09-10", "ko")]


@pytest.mark.parametrize("name,content", [
    ("deep.html", "<html><body>" + "<div>" * 3000 + "1조 원" + "</div>" * 3000 + "</body></html>"),
    ("quote.html", "<html><body><p>예산 1조 원<sup><a href='#a\"b'>1</a></sup></p></body></html>"),
])
def test_pages_that_trip_a_reader_give_one_line_not_a_traceback(tmp_path, name, content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(KO, encoding="utf-8")
    code, out, err = cli("extract", name, "ok.txt", "--format", "json", cwd=tmp_path)
    assert "Traceback" not in err
    assert code in (0, 2)
    if code == 2:
        assert_one_error(err, name)
    assert "ok.txt" in {r["doc"] for r in json.loads(out)}      # valid JSON, the rest still read


def test_huge_exponents_in_number_mode_are_dropped(tmp_path):
    b = write_batch(tmp_path / "in.jsonl", [batch_line(id="x", text="1e5000 와 1e99999999 그리고 42", lang="ko")])
    code, out, err = cli("extract", "--batch", str(b), "--kinds", "number", "--format", "jsonl",
                         cwd=tmp_path, timeout=30)
    assert code == 0, err
    assert [r["value"] for r in records(out)] == [42]


@pytest.mark.parametrize("flag,value", [("--max-doc-mb", "-1"), ("--max-doc-mb", "0"), ("--max-bytes", "-5"),
                                        ("--timeout", "0"), ("--per-host", "0"), ("--delay", "-1"),
                                        ("--published", "2025-09-10junk"), ("--published", "2025-W37-3")])
def test_nonsense_limits_and_dates_are_refused(tmp_path, flag, value):
    (tmp_path / "ok.txt").write_text(KO, encoding="utf-8")
    code, out, err = cli("extract", "ok.txt", flag, value, cwd=tmp_path)
    assert code == 2 and out == ""
    assert_one_error(err, flag)


def test_published_anchors_a_txt_file(tmp_path):
    (tmp_path / "a.txt").write_text("산업부는 10일 브리핑에서 내년 예산을 발표했다. 지난해 3월 계획을 바꿨다.", encoding="utf-8")
    code, out, err = cli("extract", "a.txt", "--published", "2025-09-10", "--format", "jsonl", cwd=tmp_path)
    assert code == 0, err
    recs = records(out)
    assert [(r["text"], r["value"]) for r in recs] == [("10일", "2025-09-10"), ("내년", "2026"), ("지난해 3월", "2024-03")]
    assert all(r["doc"] == "a.txt" for r in recs)


def test_stdin_source_and_stdin_batch(tmp_path):
    code, out, err = cli("extract", "-", "--format", "jsonl", cwd=tmp_path, stdin=ZH)
    assert code == 0, err
    recs = records(out)
    assert recs and all(r["doc"] == "-" for r in recs)
    assert any(r["kind"] == "money" and r["value"] == 5800000000 and r["unit"] == "CNY" for r in recs)
    code, out, err = cli("extract", "--batch", "-", "--format", "jsonl", cwd=tmp_path,
                         stdin=batch_line(id="x", text=JA) + "\n")
    assert code == 0, err
    assert {r["doc"] for r in records(out)} == {"x"}


def test_folder_expands_to_its_documents(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    (d / "b.txt").write_text("직원 12명이 참석했다.", encoding="utf-8")
    (d / "a.md").write_text("# 제목\n\n예산은 3억 원이다.\n", encoding="utf-8")
    (d / "c.html").write_text("<html><body><p>約3,000億円の予算</p></body></html>", encoding="utf-8")
    (d / "README.md").write_text("README 99명", encoding="utf-8")
    (d / "notes.csv").write_text("1,2,3", encoding="utf-8")
    code, out, err = cli("extract", "docs", "--format", "jsonl", cwd=tmp_path)
    assert code == 0, err
    docs = [r["doc"] for r in records(out)]
    assert docs == [os.path.join("docs", "a.md"), os.path.join("docs", "b.txt"), os.path.join("docs", "c.html")]


def test_table_format_renders(tmp_path):
    (tmp_path / "a.txt").write_text(KO, encoding="utf-8")
    code, out, err = cli("extract", "a.txt", "--format", "table", cwd=tmp_path)
    assert code == 0, err
    assert "a.txt" in out and "KRW" in out


# ------------------------------------------------------------------ bad batch lines

BAD_LINES = [
    ("{not json", "not a JSON object"),
    ("[1, 2]", "not a JSON object"),
    (batch_line(text="5명"), "id"),
    (batch_line(id="x"), "text"),
    (batch_line(id="x", text=5), "text"),
    (batch_line(id="x", text=["a"]), "text"),
    (batch_line(id="x", text="5명", lang="fr"), "lang"),
    (batch_line(id="x", text="5명", published="yesterday"), "published"),
    (batch_line(id="x", text="5명", published=20250910), "published"),
]


@pytest.mark.parametrize("bad,needle", BAD_LINES, ids=[b[:24] for b, _ in BAD_LINES])
def test_bad_batch_line_is_one_error_and_the_rest_still_runs(tmp_path, bad, needle):
    write_batch(tmp_path / "in.jsonl", [
        batch_line(id="first", text="약 30%가 줄었다"), bad, "", batch_line(id="last", text="100여 명이 모였다")])
    code, out, err = cli("extract", "--batch", "in.jsonl", "--format", "jsonl", cwd=tmp_path)
    assert code == 2
    assert_one_error(err, "in.jsonl", "line 2", needle)
    assert [r["doc"] for r in records(out)] == ["first", "last"]


def test_non_utf8_batch_line(tmp_path):
    b = tmp_path / "in.jsonl"
    b.write_bytes(b'{"id": "a", "text": "5\xc7\xd1\xb1\xb9"}\n' + batch_line(id="ok", text="5명").encode() + b"\n")
    code, out, err = cli("extract", "--batch", str(b), "--format", "jsonl", cwd=tmp_path)
    assert code == 2
    assert_one_error(err, "line 1")
    assert [r["doc"] for r in records(out)] == ["ok"]


def test_lone_surrogate_in_batch_text_does_not_crash(tmp_path):
    b = write_batch(tmp_path / "in.jsonl", ['{"id": "s", "text": "\\ud800 30% 증가"}', batch_line(id="ok", text="5명")])
    code, out, err = cli("extract", "--batch", str(b), "--format", "jsonl", cwd=tmp_path)
    assert "Traceback" not in err
    assert code in (0, 2)
    assert "ok" in [r["doc"] for r in records(out)]


def test_missing_batch_file(tmp_path):
    code, out, err = cli("extract", "--batch", "nope.jsonl", cwd=tmp_path)
    assert code == 2 and out.strip() in ("", "[]")
    assert_one_error(err, "nope.jsonl")


@pytest.mark.parametrize("limit_mb", [None, "1"])
def test_batch_line_over_the_limit_is_skipped(tmp_path, limit_mb):
    from claimwatch.cli.extract_cmd import MAX_DOC_MB

    limit = int(float(limit_mb or MAX_DOC_MB) * 1024 * 1024)
    b = tmp_path / "big.jsonl"
    with open(b, "w", encoding="utf-8") as fh:
        fh.write(batch_line(id="first", text="약 30%가 줄었다") + "\n")
        fh.write('{"id": "big", "text": "' + "가" * (limit // 3 + 1000) + '"}\n')
        fh.write(batch_line(id="last", text="100여 명이 모였다") + "\n")
    t0 = time.perf_counter()
    args = ["--max-doc-mb", limit_mb] if limit_mb else []
    code, out, err = cli("extract", "--batch", str(b), "--format", "jsonl", *args, cwd=tmp_path)
    assert time.perf_counter() - t0 < 30
    assert code == 2
    assert_one_error(err, "line 2", "MB")
    assert [r["doc"] for r in records(out)] == ["first", "last"]


# ------------------------------------------------------------------ bad sources

def _bad_source(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    if name == "image.png.txt":
        p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    elif name == "garbage.txt":
        import random

        rnd = random.Random(7)
        p.write_bytes(bytes(rnd.randrange(0x80, 0x100) for _ in range(4000)))
    elif name == "empty.txt":
        p.write_bytes(b"")
    elif name == "blank.md":
        p.write_bytes(b"  \n\n\t\n")


@pytest.mark.parametrize("name", ["image.png.txt", "garbage.txt", "empty.txt", "blank.md", "missing.txt"])
def test_bad_source_is_one_error_and_the_rest_still_runs(tmp_path, name):
    _bad_source(tmp_path, name)
    (tmp_path / "good1.txt").write_text("약 30%가 줄었다", encoding="utf-8")
    (tmp_path / "good2.txt").write_text("100여 명이 모였다", encoding="utf-8")
    code, out, err = cli("extract", "good1.txt", name, "good2.txt", "--format", "jsonl", cwd=tmp_path)
    assert code == 2
    assert_one_error(err, name)
    assert [r["doc"] for r in records(out)] == ["good1.txt", "good2.txt"]


def test_unsupported_url_scheme(tmp_path):
    (tmp_path / "good.txt").write_text("5명", encoding="utf-8")
    code, out, err = cli("extract", "ftp://example.com/a.txt", "good.txt", "--format", "jsonl", cwd=tmp_path)
    assert code == 2
    assert_one_error(err, "ftp://example.com/a.txt")
    assert [r["doc"] for r in records(out)] == ["good.txt"]


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, err = cli("extract", "empty", "--format", "jsonl", cwd=tmp_path)
    assert code == 2
    assert_one_error(err, "empty")


@pytest.mark.parametrize("args,needle", [
    (["--lang", "fr"], "--lang"),
    (["--kinds", "money,dates"], "dates"),
    (["--kinds", ""], "--kinds"),
    (["--format", "xml"], "xml"),
    (["--published", "2025-13-40"], "--published"),
])
def test_bad_option_is_one_error(tmp_path, args, needle):
    (tmp_path / "a.txt").write_text("5명", encoding="utf-8")
    code, out, err = cli("extract", "a.txt", *args, cwd=tmp_path)
    assert code == 2
    assert_one_error(err, needle)
    assert out.strip() == ""


def test_no_source_is_an_error(tmp_path):
    code, out, err = cli("extract", cwd=tmp_path)
    assert code == 2
    assert_one_error(err)


def test_debug_shows_the_traceback(tmp_path):
    code, out, err = cli("extract", "missing.txt", "--debug", cwd=tmp_path)
    assert code == 2
    assert "Traceback" in err and "missing.txt" in err
    code, out, err = cli("extract", "missing.txt", cwd=tmp_path)
    assert "Traceback" not in err


@pytest.mark.parametrize("args", [["diff", "a.txt", "b.txt"], ["check"], ["verify", "r.md"],
                                  ["watch", "add", "https://example.com"], ["watch", "list"],
                                  ["watch", "remove", "https://example.com"]])
def test_unimplemented_commands_exit_2(tmp_path, args):
    code, out, err = cli(*args, cwd=tmp_path)
    assert code == 2
    assert_one_error(err, args[0])


def test_help_and_version(tmp_path):
    code, out, err = cli("--help", cwd=tmp_path)
    assert code == 0 and "extract" in out
    code, out, err = cli("--version", cwd=tmp_path)
    assert code == 0 and out.startswith("claimwatch ")


def test_broken_pipe_is_quiet(tmp_path):
    write_batch(tmp_path / "in.jsonl", [batch_line(id=str(i), text=KO) for i in range(3000)])
    cmd = f'"{sys.executable}" -m claimwatch extract --batch in.jsonl --format jsonl | head -n 1'
    proc = subprocess.run(cmd, shell=True, cwd=tmp_path, capture_output=True, timeout=120)
    assert proc.stdout.count(b"\n") == 1
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()


# ------------------------------------------------------------------ big inputs

def test_100_mb_single_line_txt(tmp_path):
    """A 100 MB text file on one line is refused at once with one line naming it; the
    other sources of the command are still read."""
    chunk = ("산업부는 올해 1조 1,347억 원을 투입한다고 밝혔다. 관계자는 현장의 목소리를 듣겠다고 말했다. "
             "정책 설명회는 전국에서 열린다. ") * 1000
    data = chunk.encode("utf-8")
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        for _ in range(100 * 1024 * 1024 // len(data) + 1):
            fh.write(data)
    (tmp_path / "ok.txt").write_text("산업부는 1조 1,347억 원을 투입한다.", encoding="utf-8")
    t0 = time.perf_counter()
    code, out, err = cli("extract", "huge.txt", "ok.txt", "--format", "jsonl", cwd=tmp_path)
    elapsed = time.perf_counter() - t0
    assert code == 2
    assert_one_error(err, "huge.txt")
    assert "limit" in err and "--max-doc-mb" in err
    assert [json.loads(l)["doc"] for l in out.splitlines()] == ["ok.txt"]
    assert elapsed < 10
    # the limit is a flag: raised, the same file is read (here: checked on a smaller file)
    code, out, err = cli("extract", "ok.txt", "--max-doc-mb", "0.00001", cwd=tmp_path)
    assert code == 2 and "ok.txt" in err

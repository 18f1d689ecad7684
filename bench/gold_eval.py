"""Precision / recall / F1 of ``extract`` on the hand-labelled gold set.

    python bench/gold_eval.py              # tables: overall, per language, per kind, fields
    python bench/gold_eval.py --show 20    # plus the first 20 false positives and negatives
    python bench/gold_eval.py --json       # the scores as JSON (used by tests/test_gold.py)

Matching: a predicted claim matches a gold claim of the same document when the kind and
the value are equal (numbers within 1e-9, dates as text) and the spans overlap; each
claim matches at most once (largest overlap first). Among matched pairs, "field
accuracy" is the share with the same unit, qualifier and target.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# Gold labels and predictions are both claimwatch's own claim records.
from claimwatch.extractors.claims import Claim as Item

GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "gold"
KINDS = ("money", "count", "percent", "date")
LANGS = ("ko", "ja", "zh")


@dataclass
class Result:
    gold: list[Item] = field(default_factory=list)
    pred: list[Item] = field(default_factory=list)
    pairs: list[tuple[Item, Item]] = field(default_factory=list)      # (gold, pred)
    fn: list[Item] = field(default_factory=list)
    fp: list[Item] = field(default_factory=list)


def same_value(a: object, b: object) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def overlap(a: Item, b: Item) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def load_gold(gold_dir: Path = GOLD_DIR) -> tuple[dict[str, dict], list[Item]]:
    headers: dict[str, dict] = {}
    items: list[Item] = []
    with open(gold_dir / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            o = json.loads(line)
            if "kind" not in o:
                headers[o["doc"]] = o
                continue
            items.append(Item(doc=o["doc"], kind=o["kind"], value=o["value"], unit=o.get("unit"),
                              qualifier=o.get("qualifier"), target=o.get("target"), text=o["text"],
                              start=o["start"], end=o["end"], sentence="",
                              lang=headers[o["doc"]]["lang"]))
    return headers, items


def read_doc(gold_dir: Path, name: str) -> str:
    with open(gold_dir / name, encoding="utf-8", newline="") as fh:   # no newline translation
        return fh.read()


def sentence_at(text: str, start: int, end: int) -> str:
    a = max(text.rfind("\n", 0, start), text.rfind("。", 0, start), text.rfind(". ", 0, start)) + 1
    bs = [i for i in (text.find("\n", end), text.find("。", end)) if i >= 0]
    b = min(bs) if bs else len(text)
    return text[a:b + 1].strip()


def evaluate(gold_dir: Path = GOLD_DIR, auto_lang: bool = False) -> Result:
    from claimwatch.extractors.engine import extract

    headers, gold = load_gold(gold_dir)
    res = Result(gold=gold)
    texts = {}
    for doc, h in headers.items():
        text = texts[doc] = read_doc(gold_dir, doc)
        for c in extract(text, lang="auto" if auto_lang else h["lang"], published=h.get("published"),
                         kinds=KINDS, doc=doc):
            c.lang = h["lang"]          # score by the gold's language, even with --auto-lang
            res.pred.append(c)
    for g in gold:
        g.sentence = sentence_at(texts[g.doc], g.start, g.end)
        if texts[g.doc][g.start:g.end] != g.text:
            print(f"warning: gold offsets of {g.doc} {g.text!r} do not match the file", file=sys.stderr)
    # one-to-one matching, largest overlap first
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(res.pred):
            if p.doc == g.doc and p.kind == g.kind and same_value(p.value, g.value) and overlap(p, g) > 0:
                cands.append((-overlap(p, g), abs(p.start - g.start), gi, pi))
    used_g, used_p = set(), set()
    for _, _, gi, pi in sorted(cands):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        res.pairs.append((gold[gi], res.pred[pi]))
    res.fn = [g for i, g in enumerate(gold) if i not in used_g]
    res.fp = [p for i, p in enumerate(res.pred) if i not in used_p]
    return res


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def scores(res: Result) -> dict:
    def block(keep) -> dict:
        tp = sum(1 for g, _ in res.pairs if keep(g))
        n_pred = tp + sum(1 for p in res.fp if keep(p))
        n_gold = sum(1 for g in res.gold if keep(g))
        p, r, f = prf(tp, n_pred, n_gold)
        return {"tp": tp, "pred": n_pred, "gold": n_gold, "precision": p, "recall": r, "f1": f}

    out = {"overall": block(lambda x: True),
           "lang": {l: block(lambda x, l=l: x.lang == l) for l in LANGS},
           "kind": {k: block(lambda x, k=k: x.kind == k) for k in KINDS},
           "fields": {}}
    for f in ("unit", "qualifier", "target"):
        rel = [(g, p) for g, p in res.pairs if not (f == "unit" and g.kind == "date")]
        ok = sum(1 for g, p in rel if getattr(g, f) == getattr(p, f))
        out["fields"][f] = {"correct": ok, "of": len(rel), "accuracy": ok / len(rel) if rel else 1.0}
    return out


def cluster(res: Result) -> Counter:
    """Coarse error classes: (what went wrong, language, kind)."""
    c: Counter = Counter()
    for g in res.fn:
        near = [p for p in res.pred if p.doc == g.doc and overlap(p, g) > 0]
        if any(p.kind == g.kind for p in near):
            what = "FN: found, wrong value"
        elif near:
            what = f"FN: found as {near[0].kind}"
        else:
            what = "FN: missed"
        c[(what, g.lang, g.kind)] += 1
    for p in res.fp:
        near = [g for g in res.gold if g.doc == p.doc and overlap(p, g) > 0]
        what = "FP: wrong value/kind of a gold mention" if near else "FP: spurious (no gold here)"
        c[(what, p.lang, p.kind)] += 1
    for g, p in res.pairs:
        for f in ("unit", "qualifier", "target"):
            if f == "unit" and g.kind == "date":
                continue
            if getattr(g, f) != getattr(p, f):
                c[(f"field: {f}", g.lang, g.kind)] += 1
    return c


def _row(name: str, b: dict) -> str:
    return (f"| {name} | {b['gold']} | {b['pred']} | {b['tp']} | {b['precision']:.3f} | "
            f"{b['recall']:.3f} | {b['f1']:.3f} |")


def print_report(res: Result, show: int) -> None:
    s = scores(res)
    print("| slice | gold | predicted | matched | precision | recall | F1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(_row("**overall**", s["overall"]))
    for l in LANGS:
        print(_row(l, s["lang"][l]))
    for k in KINDS:
        print(_row(k, s["kind"][k]))
    print("\n| field (matched pairs) | correct | accuracy |")
    print("| --- | ---: | ---: |")
    for f, b in s["fields"].items():
        print(f"| {f} | {b['correct']}/{b['of']} | {b['accuracy']:.3f} |")
    print("\nError clusters:")
    for (what, lang, kind), n in cluster(res).most_common(15):
        print(f"  {n:3d}  {what:42s} {lang} {kind}")
    for f in ("unit", "qualifier", "target"):
        bad = [(g, p) for g, p in res.pairs if getattr(g, f) != getattr(p, f)
               and not (f == "unit" and g.kind == "date")]
        for g, p in bad[:show]:
            print(f"  {f} {g.doc} {g.text!r}: gold {getattr(g, f)!r}, got {getattr(p, f)!r}")
    if show:
        print(f"\nFalse negatives (first {show} of {len(res.fn)}):")
        for g in res.fn[:show]:
            print(f"  {g.doc}:{g.start} {g.kind} {g.value!r} {g.text!r} [{g.qualifier}, {g.target}]\n      | {g.sentence}")
        print(f"\nFalse positives (first {show} of {len(res.fp)}):")
        for p in res.fp[:show]:
            print(f"  {p.doc}:{p.start} {p.kind} {p.value!r} {p.unit} {p.text!r}\n      | {p.sentence}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=0, help="print the first N false positives and negatives")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--auto-lang", action="store_true", help="detect the language instead of using the gold's")
    ap.add_argument("--gold", default=str(GOLD_DIR), help="gold directory (gold.jsonl and the texts)")
    opts = ap.parse_args()
    res = evaluate(Path(opts.gold), auto_lang=opts.auto_lang)
    if opts.json:
        print(json.dumps(scores(res), indent=2))
    else:
        print_report(res, opts.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Conformance bench on Microsoft Recognizers-Text's public Number / Currency specs.

    python bench/conformance.py [--specs PATH] [--cell Korean/NumberModel]
                                [--show-failures N] [--json]

The specs (MIT, github.com/microsoft/Recognizers-Text, Specs/) are read from
``../shared/peer-specs/recognizers-text`` relative to the repository; they are never
copied into the repository. A case passes when the multiset of values claimwatch
resolves equals the multiset of the expected ``Resolution.value``s (numeric, relative
tolerance 1e-9; "50%" compares as 50; expected null values are ignored). Money is
compared in whole currency units, as claimwatch's contract reports it: a spec value
given in a sub-unit ("34", unit "Cent"/"Pence"/"Penny") is compared as 0.34.

Cells: Number/{Chinese,Japanese,Korean}/{NumberModel,PercentModel} and
NumberWithUnit/{Chinese,Japanese,Korean}/CurrencyModel. NumberModel cells run
``extract(kinds={"number"})``; PercentModel ``kinds={"percent"}``; CurrencyModel
``kinds={"money"}``. The bench is a report: it exits 0 whatever the pass rate.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SPECS = REPO.parent / "shared" / "peer-specs" / "recognizers-text"

LANGS = {"Chinese": "zh", "Japanese": "ja", "Korean": "ko"}
MODELS = {  # model -> (spec folder, claim kind)
    "NumberModel": ("Number", "number"),
    "PercentModel": ("Number", "percent"),
    "CurrencyModel": ("NumberWithUnit", "money"),
}
CELLS = [f"{lang}/{model}" for model in MODELS for lang in LANGS]
REL_TOL = 1e-9


def _parse_expected(value) -> float | None:
    if value is None:
        return None
    s = str(value).strip().replace(",", "")
    if s.endswith("%"):
        s = s[:-1]
    try:
        return float(s)
    except ValueError:
        return None


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


def _same_multiset(expected: list[float], got: list[float]) -> bool:
    if len(expected) != len(got):
        return False
    rest = list(got)
    for e in sorted(expected):
        for i, g in enumerate(rest):
            if _close(e, g):
                del rest[i]
                break
        else:
            return False
    return True


SUBUNITS = {"Cent": 0.01, "Pence": 0.01, "Penny": 0.01}


def _expected_value(resolution: dict):
    """The expected value in the unit claimwatch reports (whole currency units)."""
    v = _parse_expected(resolution.get("value"))
    scale = SUBUNITS.get(resolution.get("unit") or "")
    return v * scale if (v is not None and scale) else v


def _load(specs: Path, cell: str) -> list[dict]:
    lang, model = cell.split("/")
    folder = MODELS[model][0]
    path = specs / folder / lang / f"{model}.json"
    with open(path, encoding="utf-8-sig") as f:
        return json.load(f)


def run_cell(specs: Path, cell: str, extract) -> tuple[int, int, list[tuple[str, list, list]]]:
    lang_name, model = cell.split("/")
    lang, kind = LANGS[lang_name], MODELS[model][1]
    cases = _load(specs, cell)
    passed = 0
    failures = []
    for case in cases:
        text = case["Input"]
        expected = [v for v in (_expected_value(r.get("Resolution"))
                                for r in case.get("Results", []) if r.get("Resolution") is not None)
                    if v is not None]
        try:
            claims = extract(text, lang=lang, kinds={kind})
            got = [float(c.value) for c in claims if c.kind == kind and c.value is not None]
        except Exception as exc:  # a crash is a failure of the case, not of the bench
            got = [f"error: {type(exc).__name__}: {exc}"]
        if all(isinstance(g, float) for g in got) and _same_multiset(expected, got):
            passed += 1
        else:
            failures.append((text, expected, got))
    return len(cases), passed, failures


def _fmt(v) -> str:
    if isinstance(v, float):
        return repr(int(v)) if v.is_integer() and abs(v) < 1e16 else repr(v)
    return str(v)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--specs", type=Path, default=DEFAULT_SPECS)
    ap.add_argument("--cell", action="append", choices=CELLS,
                    help="run only this cell (repeatable), e.g. Korean/NumberModel")
    ap.add_argument("--show-failures", type=int, default=0, metavar="N")
    ap.add_argument("--json", action="store_true", help="print the cell figures as JSON")
    args = ap.parse_args(argv)

    if not args.specs.is_dir():
        print(f"skipped: {args.specs} not found")
        return 0
    sys.path.insert(0, str(REPO.parent))  # harmless when claimwatch is installed
    from claimwatch.extractors.engine import extract

    cells = args.cell or CELLS
    rows = []
    total = total_pass = 0
    for cell in cells:
        try:
            n, p, failures = run_cell(args.specs, cell, extract)
        except FileNotFoundError as exc:
            print(f"skipped: {exc.filename} not found")
            continue
        rows.append((cell, n, p, failures))
        total += n
        total_pass += p

    if args.json:
        out = {"cells": {c: {"cases": n, "passed": p, "pct": round(100 * p / n, 1) if n else 0.0}
                         for c, n, p, _ in rows},
               "overall": {"cases": total, "passed": total_pass,
                           "pct": round(100 * total_pass / total, 1) if total else 0.0}}
        print(json.dumps(out, indent=2))
    else:
        print(f"{'cell':<26} {'cases':>6} {'passed':>7} {'%':>6}")
        for cell, n, p, _ in rows:
            print(f"{cell:<26} {n:>6} {p:>7} {100 * p / n if n else 0:>6.1f}")
        if total:
            print(f"{'overall':<26} {total:>6} {total_pass:>7} {100 * total_pass / total:>6.1f}")
    if args.show_failures:
        for cell, _n, _p, failures in rows:
            if not failures:
                continue
            print(f"\n== {cell}: {len(failures)} failing")
            for text, exp, got in failures[:args.show_failures]:
                print(f"  {text!r}\n      expected {[_fmt(v) for v in exp]}\n      got      {[_fmt(v) for v in got]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

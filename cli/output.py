"""Writers for claim records: jsonl and json stream; table renders with rich.

Streaming matters for ``extract --batch`` over large inputs: jsonl and json write each
record as it comes, so memory stays flat however long the batch is.
"""

from __future__ import annotations

import json
from typing import IO, Any

import orjson

from claimwatch.errors import UsageError

FORMATS = ("table", "json", "jsonl")


def make_writer(fmt: str | None, out: IO[str]) -> Any:
    if fmt is None:
        fmt = "table" if out.isatty() else "jsonl"
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "json":
        return JsonWriter(out)
    if fmt == "table":
        return TableWriter(out)
    raise UsageError(f"--format: unknown format {fmt!r}; use table, json or jsonl")


def dumps(claim: Any) -> bytes:
    """One claim as UTF-8 JSON. orjson (~10x faster than json.dumps, which matters on
    batches of millions of claims) serializes the Claim dataclass directly, in field
    order; it refuses integers beyond 64 bits (9999京), for which the standard library
    takes over."""
    try:
        return orjson.dumps(claim)
    except TypeError:
        return json.dumps(claim.as_record(), ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8", "replace")


class _BytesWriter:
    """Writes bytes to the stream's binary buffer (text streams without one, e.g. in
    tests, get decoded text)."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.buffer = getattr(out, "buffer", None)
        if self.buffer is not None:
            out.flush()

    def write(self, data: bytes) -> None:
        if self.buffer is not None:
            self.buffer.write(data)
        else:
            self.out.write(data.decode())

    def close(self) -> None:
        (self.buffer or self.out).flush()


class JsonlWriter(_BytesWriter):
    def document(self, doc: str, title: str | None, claims: list) -> None:
        if claims:
            self.write(b"\n".join(dumps(c) for c in claims) + b"\n")


class JsonWriter(_BytesWriter):
    """A JSON list written element by element (flat memory on long batches)."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.first = True
        self.write(b"[")

    def document(self, doc: str, title: str | None, claims: list) -> None:
        for c in claims:
            self.write(b"\n" if self.first else b",\n")
            self.write(dumps(c))
            self.first = False

    def close(self) -> None:
        self.write(b"\n]\n" if not self.first else b"]\n")
        super().close()


def format_value(claim: Any) -> str:
    """1134700000000 KRW -> '1,134,700,000,000 KRW'; 21.4 % -> '21.4%'."""
    v = claim.value
    if claim.kind == "date":
        return str(v)
    num = f"{v:,}" if isinstance(v, int) else f"{v:,.6g}" if abs(v) >= 1e6 else f"{v:g}"
    if claim.kind == "money":
        return f"{num} {claim.unit}"
    if claim.kind == "percent":
        return f"{num}{'%' if claim.unit == '%' else ' pp'}"
    if claim.kind == "count":
        return f"{num} {claim.unit}"
    return num


def context(claim: Any, width: int = 48) -> Any:
    """The sentence around the claim, cut to ``width`` characters, the claim in bold."""
    from rich.text import Text

    s = claim.sentence
    i = s.find(claim.text)
    if i < 0:
        return Text(s[:width])
    left = max(0, i - (width - len(claim.text)) // 2)
    right = min(len(s), left + width)
    t = Text("…" if left else "")
    t.append(s[left:i])
    t.append(claim.text, style="bold yellow")
    t.append(s[i + len(claim.text):right])
    if right < len(s):
        t.append("…")
    return t


class TableWriter:
    """Per document: a heading, then two lines per claim — the figure, and its context.

    A wide table squeezes the context column to a few characters on an 80-column
    terminal (CJK characters take two cells each); two lines per claim stay readable.
    """

    def __init__(self, out: IO[str]) -> None:
        from rich.console import Console

        self.console = Console(file=out, highlight=False, soft_wrap=False)

    def document(self, doc: str, title: str | None, claims: list) -> None:
        from rich.text import Text

        heading = Text(doc, style="bold")
        if title:
            heading.append(f"  {title}", style="dim")
        heading.append(f"  ({len(claims)} claim{'s' if len(claims) != 1 else ''})", style="dim")
        self.console.print(heading)
        width = max(20, self.console.width - 6)
        for c in claims:
            line = Text("  ")
            line.append(f"{c.kind:<8}", style="cyan")
            line.append(f"{format_value(c):>26}", style="bold")
            if c.qualifier:
                line.append(f"  {c.qualifier}", style="magenta")
            if c.target:
                line.append(f"  target {c.target}", style="green")
            line.append("  「" + c.text + "」")
            self.console.print(line, overflow="ellipsis", no_wrap=True)
            ctx = Text("      ", style="dim")
            ctx.append_text(context(c, width=width // 2))
            self.console.print(ctx, overflow="ellipsis", no_wrap=True)
        self.console.print()

    def close(self) -> None:
        pass

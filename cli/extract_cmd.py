"""``claimwatch extract``: sources or a batch in, claim records out.

I/O lives here and in the readers/fetchers; the extractor itself is a pure function.
Every bad input becomes one line on stderr naming it; the other inputs are still
processed, and the exit status is 2 if anything failed.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from dataclasses import dataclass, field
from typing import IO, Any, Iterator

from claimwatch.errors import ClaimwatchError, UsageError

DOC_EXTENSIONS = (".html", ".htm", ".txt", ".md", ".markdown", ".pdf", ".xhtml")
LANG_CHOICES = ("auto", "ko", "ja", "zh")
from claimwatch.cli.main import MAX_DOC_MB  # default size limit of one text document (MB)


@dataclass
class Report:
    """Collects one-line errors; the command's exit status follows from it."""
    debug: bool = False
    errors: int = 0
    stream: IO[str] = field(default_factory=lambda: sys.stderr)

    def error(self, message: str, exc: BaseException | None = None) -> None:
        self.errors += 1
        if self.debug and exc is not None:
            traceback.print_exception(exc, file=self.stream)
        self.stream.write(f"claimwatch: error: {message}\n")
        self.stream.flush()


def parse_kinds(text: str) -> frozenset[str]:
    from claimwatch.extractors.claims import KINDS

    kinds = frozenset(k.strip() for k in text.split(",") if k.strip())
    bad = sorted(kinds - set(KINDS))
    if bad or not kinds:
        raise UsageError(f"--kinds: unknown kind {', '.join(bad) or '(empty)'}; choose from {','.join(KINDS)}")
    return kinds


def check_lang(lang: str, where: str = "--lang") -> str:
    if lang not in LANG_CHOICES:
        raise UsageError(f"{where}: unknown language {lang!r}; use auto, ko, ja or zh")
    return lang


_DATE = None


def check_date(value: str | None, where: str = "--published") -> str | None:
    """YYYY-MM-DD (a full ISO timestamp is accepted and cut to its date)."""
    global _DATE
    if value is None:
        return None
    import datetime as _dt
    import re

    _DATE = _DATE or re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+\-Z]*)?")
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return _dt.date.fromisoformat(value[:10]).isoformat()
    except (ValueError, TypeError):
        raise UsageError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def check_limits(max_doc_mb: float, fetch: dict[str, Any]) -> None:
    """Zero or negative limits would switch the guards off (readline(-1) reads all)."""
    for name, value, low in (("--max-doc-mb", max_doc_mb, 0), ("--max-bytes", fetch.get("max_bytes", 1), 0),
                             ("--timeout", fetch.get("timeout", 1), 0), ("--per-host", fetch.get("per_host", 1), 0)):
        if not value > low:
            raise UsageError(f"{name}: must be greater than {low}, not {value}")
    if fetch.get("delay", 0) < 0:
        raise UsageError(f"--delay: must not be negative, not {fetch['delay']}")


def run(*, sources: list[str], batch: str | None, lang: str, published: str | None,
        fmt: str | None, kinds: str, fetch: dict[str, Any], debug: bool,
        max_doc_mb: float = MAX_DOC_MB) -> int:
    from claimwatch.cli.output import make_writer

    report = Report(debug=debug)
    try:
        kind_set = parse_kinds(kinds)
        check_lang(lang)
        published = check_date(published)
        check_limits(max_doc_mb, fetch)
        if not sources and batch is None:
            raise UsageError("extract: give SOURCE... or --batch FILE")
        writer = make_writer(fmt, sys.stdout)
    except ClaimwatchError as exc:
        report.error(str(exc))
        return 2
    try:
        if batch is not None:
            limit = int(max_doc_mb * 1024 * 1024)
            for doc_id, text, doc_lang, doc_published in iter_batch(batch, report, limit):
                _emit(writer, report, text, doc_id, doc_lang or lang, doc_published or published,
                      kind_set)
        for doc in iter_documents(sources, fetch, report, int(max_doc_mb * 1024 * 1024)):
            doc_lang = lang if lang != "auto" else (doc.lang if doc.lang in ("ko", "ja", "zh") else "auto")
            _emit(writer, report, doc.text, doc.source, doc_lang, doc.published or published,
                  kind_set, title=doc.title)
    except KeyboardInterrupt:
        writer.close()
        report.error("interrupted")
        return 2
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        finally:
            return 0 if not report.errors else 2
    except Exception as exc:        # a bug of ours: still one line, a closed JSON list, exit 2
        writer.close()
        report.error(f"unexpected {type(exc).__name__}: {exc} (run with --debug for details)", exc)
        return 2
    writer.close()
    return 2 if report.errors else 0


def _emit(writer: Any, report: Report, text: str, doc: str, lang: str, published: str | None,
          kinds: frozenset[str], title: str | None = None) -> None:
    from claimwatch.extractors.engine import extract

    try:
        claims = extract(text, lang=lang, published=published, kinds=kinds, doc=doc)
    except (ValueError, ClaimwatchError) as exc:
        report.error(f"{doc}: {exc}", exc)
        return
    except Exception as exc:        # never a traceback for one bad document; the rest go on
        report.error(f"{doc}: could not extract ({type(exc).__name__}: {exc})", exc)
        return
    writer.document(doc, title, claims)


# ------------------------------------------------------------------------- sources

def expand_sources(sources: list[str], report: Report) -> list[str]:
    """Folders become the documents inside them (sorted; README files skipped)."""
    out: list[str] = []
    for src in sources:
        if src != "-" and "://" not in src and os.path.isdir(src):
            names = sorted(n for n in os.listdir(src)
                           if n.lower().endswith(DOC_EXTENSIONS) and not n.upper().startswith("README"))
            if not names:
                report.error(f"{src}: folder holds no .html/.htm/.txt/.md/.pdf documents")
            out.extend(os.path.join(src, n) for n in names)
        else:
            out.append(src)
    return out


def iter_documents(sources: list[str], fetch: dict[str, Any], report: Report,
                   limit: int = MAX_DOC_MB * 1024 * 1024) -> Iterator[Any]:
    """Documents in the order given; URLs are fetched together up front (politely).

    A text file or stdin over ``limit`` bytes is refused before it is read: a 100 MB
    single line would otherwise cost minutes and most of a gigabyte. PDFs, whose bytes
    are mostly not text, get ten times the limit.
    """
    if not sources:
        return
    sources = expand_sources(sources, report)
    urls = [s for s in sources if s.lower().startswith(("http://", "https://"))]
    fetched: dict[str, Any] = {}
    if urls:
        from claimwatch.fetching import FetchOptions, fetch_all

        opts = FetchOptions(progress=sys.stderr.isatty(), **fetch)
        for res in fetch_all(list(dict.fromkeys(urls)), opts):
            fetched[res.url] = res
    from claimwatch import reading

    for src in sources:
        try:
            if src in fetched:
                res = fetched[src]
                if res.error is not None:
                    report.error(str(res.error))
                    continue
                res.document.source = src
                yield res.document
            elif src == "-":
                data = sys.stdin.buffer.read(limit + 1)
                if len(data) > limit:
                    report.error(f"-: stdin is over the {limit // (1024 * 1024)} MB limit for one "
                                 f"document (--max-doc-mb)")
                    continue
                yield reading.read_bytes(data, "-")
            elif "://" in src:
                report.error(f"{src}: only http and https URLs can be fetched")
            else:
                size = os.path.getsize(src) if os.path.isfile(src) else 0
                cap = limit * 10 if src.lower().endswith(".pdf") else limit
                if size > cap:
                    report.error(f"{src}: {size / 1e6:.1f} MB, over the {cap // (1024 * 1024)} MB "
                                 f"limit for one document (--max-doc-mb)")
                    continue
                yield reading.read_path(src)
        except ClaimwatchError as exc:
            report.error(str(exc), exc)
        except OSError as exc:
            report.error(f"{src}: {exc.strerror or exc}", exc)
        except RecursionError as exc:
            report.error(f"{src}: markup nested too deeply to read", exc)
        except Exception as exc:    # a page our readers choke on: one line, the rest go on
            report.error(f"{src}: could not read ({type(exc).__name__}: {exc})", exc)


def iter_batch(path: str, report: Report,
               limit: int = MAX_DOC_MB * 1024 * 1024) -> Iterator[tuple[str, str, str | None, str | None]]:
    """(id, text, lang, published) per valid line; each bad line is reported and skipped.

    Streams: one line in memory at a time, and a line longer than ``limit`` bytes is
    skipped without being loaded.
    """
    try:
        fh = sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        report.error(f"{path}: {exc.strerror or exc}", exc)
        return
    name = "stdin" if path == "-" else path
    try:
        lineno = 0
        while True:
            raw = fh.readline(limit + 1)
            if not raw:
                break
            lineno += 1
            if len(raw) > limit and not raw.endswith(b"\n"):
                size = len(raw)
                while True:                                  # skip the rest of the line
                    more = fh.readline(1 << 20)
                    size += len(more)
                    if not more or more.endswith(b"\n"):
                        break
                report.error(f"{name} line {lineno}: line is {size / 1e6:.1f} MB, over the "
                             f"{limit // (1024 * 1024)} MB limit for one document (--max-doc-mb)")
                continue
            if not raw.strip():
                continue
            item = _parse_batch_line(raw, name, lineno, report)
            if item is not None:
                yield item
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _parse_batch_line(raw: bytes, name: str, lineno: int, report: Report):
    where = f"{name} line {lineno}"
    try:
        obj = json.loads(raw)
    except UnicodeDecodeError:
        report.error(f"{where}: not UTF-8 text")
        return None
    except ValueError as exc:
        report.error(f"{where}: not a JSON object ({exc.args[0] if exc.args else exc})")
        return None
    if not isinstance(obj, dict):
        report.error(f"{where}: not a JSON object")
        return None
    doc_id, text = obj.get("id"), obj.get("text")
    if doc_id is None or text is None:
        report.error(f"{where}: missing required field {'id' if doc_id is None else 'text'}")
        return None
    if not isinstance(text, str):
        report.error(f"{where}: 'text' must be a string")
        return None
    try:
        # a line's lang overrides --lang only when the line has one
        lang = check_lang(obj["lang"], f"{where}: lang") if obj.get("lang") else None
        published = check_date(obj.get("published"), f"{where}: published")
    except UsageError as exc:
        report.error(str(exc))
        return None
    doc_id, text = (s.encode("utf-8", "replace").decode("utf-8") for s in (str(doc_id), text))  # lone surrogates -> '?', same length
    return doc_id, text, lang, published

"""The ``claimwatch`` command line (see ../shared/CONTRACT.md for the stable surface).

Only typer is imported at start-up; readers, fetchers, the extractor and rich load when
a command needs them, so ``claimwatch --help`` starts fast.
"""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from claimwatch import __version__

# rich_markup_mode=None keeps typer from importing rich just to print --help (~120 ms).
app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Extract figures, dates and targets from Korean, Japanese and Chinese pages, "
         "and report where sources disagree.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
watch_app = typer.Typer(help="Manage the list of watched sources (for `claimwatch check`).",
                        no_args_is_help=True, rich_markup_mode=None)
app.add_typer(watch_app, name="watch")

LANG_HELP = "auto|ko|ja|zh (default auto: detected per document)"
FORMAT_HELP = "table|json|jsonl (default: table on a terminal, jsonl otherwise)"
KINDS_HELP = "comma-separated subset of money,count,percent,date,number"
DEFAULT_KINDS = "money,count,percent,date"     # = claims.DEFAULT_KINDS (kept here: no import cost)
MAX_DOC_MB = 32                                 # = extract_cmd.MAX_DOC_MB


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimwatch {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """claimwatch: who said which number, and where sources disagree."""


@app.command()
def extract(
    sources: Optional[List[str]] = typer.Argument(
        None, help="http(s) URLs, files (.html .htm .txt .md .pdf), folders of them, or - for stdin"),
    batch: Optional[str] = typer.Option(
        None, "--batch", help='JSON Lines file (or -): {"id", "text", "lang"?, "published"?} per line'),
    lang: str = typer.Option("auto", "--lang", help=LANG_HELP),
    published: Optional[str] = typer.Option(
        None, "--published", help="YYYY-MM-DD: the document's date when the page carries none"),
    fmt: Optional[str] = typer.Option(None, "--format", help=FORMAT_HELP),
    kinds: str = typer.Option(DEFAULT_KINDS, "--kinds", help=KINDS_HELP),
    allow_private: bool = typer.Option(
        False, "--allow-private",
        help="follow links found inside documents even to private/loopback addresses "
             "(URLs you type are always fetched as given)"),
    no_robots: bool = typer.Option(False, "--no-robots", help="do not consult robots.txt (your own sites)"),
    timeout: float = typer.Option(20.0, "--timeout", help="seconds for connect and read (the whole request: 3x)"),
    per_host: int = typer.Option(2, "--per-host", help="concurrent connections per host"),
    delay: float = typer.Option(1.0, "--delay", help="minimum seconds between requests to one host"),
    max_bytes: int = typer.Option(20 * 1024 * 1024, "--max-bytes", help="largest page body accepted"),
    max_doc_mb: float = typer.Option(MAX_DOC_MB, "--max-doc-mb",
                                     help="largest text document (file, stdin, batch line) in MB"),
    debug: bool = typer.Option(False, "--debug", help="show tracebacks"),
) -> None:
    """Every money amount, count, percent and date in each source, normalized."""
    from claimwatch.cli import extract_cmd

    code = extract_cmd.run(
        sources=sources or [], batch=batch, lang=lang, published=published, fmt=fmt,
        kinds=kinds, fetch=dict(allow_private=allow_private, respect_robots=not no_robots,
                                timeout=timeout, per_host=per_host, delay=delay, max_bytes=max_bytes),
        debug=debug, max_doc_mb=max_doc_mb,
    )
    raise typer.Exit(code)


def _not_yet(name: str) -> None:
    sys.stderr.write(f"claimwatch {name}: not available in claimwatch {__version__} yet\n")
    raise typer.Exit(2)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def diff(sources: Optional[List[str]] = typer.Argument(None)) -> None:
    """Reconcile claims across sources (conflict, update, agree, single)."""
    _not_yet("diff")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def check() -> None:
    """Re-fetch watched sources and report what changed (for cron)."""
    _not_yet("check")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def verify(report: Optional[str] = typer.Argument(None)) -> None:
    """Check a report's cited figures against the cited sources."""
    _not_yet("verify")


@watch_app.command("add", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def watch_add(urls: Optional[List[str]] = typer.Argument(None)) -> None:
    """Add sources to the watch list."""
    _not_yet("watch add")


@watch_app.command("list", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def watch_list() -> None:
    """Show the watch list."""
    _not_yet("watch list")


@watch_app.command("remove", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def watch_remove(urls: Optional[List[str]] = typer.Argument(None)) -> None:
    """Remove sources from the watch list."""
    _not_yet("watch remove")


def run() -> None:
    """Console-script entry point."""
    app(prog_name="claimwatch")

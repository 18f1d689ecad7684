"""Options and results of a fetch run (the CLI builds the first, reads the second)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import PROJECT_URL, __version__
from ..documents import Document
from ..errors import FetchError

DEFAULT_USER_AGENT = f"claimwatch/{__version__} (+{PROJECT_URL})"


@dataclass
class FetchOptions:
    per_host: int = 2              # concurrent connections per host
    delay: float = 1.0             # minimum seconds between request starts to one host
    timeout: float = 20.0          # connect/read/write/pool timeout (s); whole request: 3x this
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 10
    retries: int = 2
    respect_robots: bool = True
    allow_private: bool = False    # applies to URLs found inside documents
    user_agent: str = DEFAULT_USER_AGENT
    progress: bool = False         # rich progress bar on stderr
    backoff: float = 0.5           # first retry wait (s), doubled per attempt; tests shrink it
    max_concurrency: int = 16      # global cap on simultaneous requests


@dataclass
class FetchResult:
    url: str                       # as given
    document: Document | None      # None on failure or 304
    error: FetchError | None
    status: int | None = None      # final HTTP status; 304 for not-modified
    not_modified: bool = False

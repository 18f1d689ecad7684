"""robots.txt: fetched once per origin per run, parsed with urllib.robotparser.

Failure policy (RFC 9309 in spirit, lenient where the brief asks): a 4xx means no
rules (allow all); a 5xx, timeout or network error also allows, so one broken
robots.txt does not block a fact-check, but it never crashes the run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

ROBOTS_MAX_BYTES = 512 * 1024
AGENT_TOKEN = "claimwatch"

# fetch(url) -> (status, body text) or None on any failure.
RobotsFetcher = Callable[[str], Awaitable[tuple[int, str] | None]]


def parse_robots(text: str) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return parser


class RobotsCache:
    """One robots.txt lookup per origin, shared by concurrent requests."""

    def __init__(self, fetch: RobotsFetcher) -> None:
        self._fetch = fetch
        self._rules: dict[str, asyncio.Future[RobotFileParser | None]] = {}

    async def _load(self, origin: str) -> RobotFileParser | None:
        result = await self._fetch(origin + "/robots.txt")
        if result is None:
            return None
        status, text = result
        if status >= 400 or status < 200:
            return None
        return parse_robots(text)

    async def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        future = self._rules.get(origin)
        if future is None:
            future = asyncio.ensure_future(self._load(origin))
            self._rules[origin] = future
        try:
            rules = await asyncio.shield(future)
        except Exception:
            return True
        return True if rules is None else rules.can_fetch(AGENT_TOKEN, url)

"""Per-host politeness: at most N connections and a minimum gap between request starts.

Ministry and newspaper servers are small; a fact-checking tool must not look like
a crawler attack.  Every request to a host (robots.txt, redirects and retries
included) passes through that host's gate.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from collections.abc import AsyncIterator


class HostGate:
    """A semaphore plus a start-to-start spacing of ``delay`` seconds."""

    def __init__(self, per_host: int, delay: float) -> None:
        self._slots = asyncio.Semaphore(max(1, per_host))
        self._lock = asyncio.Lock()
        self._delay = max(0.0, delay)
        self._next_start = 0.0

    def push_back(self, seconds: float) -> None:
        """Keep everyone off this host for ``seconds`` (a 429/503 Retry-After)."""
        self._next_start = max(self._next_start, time.monotonic() + seconds)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._slots:
            async with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start)
                self._next_start = start + self._delay
            if start > now:
                await asyncio.sleep(start - now)
            yield


class Politeness:
    """One gate per host name plus a global concurrency cap."""

    def __init__(self, per_host: int, delay: float, max_concurrency: int) -> None:
        self._per_host = per_host
        self._delay = delay
        self._gates: dict[str, HostGate] = {}
        self._global = asyncio.Semaphore(max(1, max_concurrency))

    def gate(self, host: str) -> HostGate:
        host = host.lower()
        if host not in self._gates:
            self._gates[host] = HostGate(self._per_host, self._delay)
        return self._gates[host]

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        # Host gate first: waiting for a host's delay must not hold a global slot.
        async with self.gate(host).slot():
            async with self._global:
                yield

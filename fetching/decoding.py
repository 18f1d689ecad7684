"""Content-Encoding decoding with a hard cap on the *decompressed* size.

httpx decompresses each network chunk in one go, so a 50 KB gzip of 50 MB of zeros
would be fully inflated before we could count it.  We read raw bytes and inflate
with ``max_length`` so no more than ``limit + 1`` bytes are ever produced.
"""

from __future__ import annotations

import zlib
from typing import Any


class TooLarge(Exception):
    """The decoded body passed the limit."""


class UnsupportedEncoding(Exception):
    """A Content-Encoding we did not ask for and cannot decode."""


class BoundedDecoder:
    """Incrementally decode an identity/gzip/deflate body, refusing past ``limit`` bytes."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c not in ("identity", "none")]
        if len(codings) > 1:
            raise UnsupportedEncoding(", ".join(codings))
        self.coding = codings[0] if codings else None
        if self.coding not in (None, "gzip", "x-gzip", "deflate"):
            raise UnsupportedEncoding(self.coding)
        self.limit = limit
        self.total = 0
        self._z: Any = self._new() if self.coding else None
        # "deflate" should be zlib-wrapped, but some servers send raw deflate.  Until
        # the 2-byte zlib header has been accepted we keep the bytes to replay them.
        self._probe: bytearray | None = bytearray() if self.coding == "deflate" else None

    @staticmethod
    def _new(wbits: int = 47) -> Any:
        # 47 = auto-detect a gzip or zlib header.
        return zlib.decompressobj(wbits)

    def _count(self, chunk: bytes) -> bytes:
        self.total += len(chunk)
        if self.total > self.limit:
            raise TooLarge(self.total)
        return chunk

    def feed(self, data: bytes) -> bytes:
        """Decode one raw chunk; raises TooLarge or zlib.error."""
        if self._z is None:
            return self._count(data)
        if self._probe is None:
            return self._inflate(data)
        self._probe += data
        try:
            out = self._inflate(data)
        except zlib.error:
            replay, self._probe = bytes(self._probe), None
            self._z = self._new(-15)
            return self._inflate(replay)
        if len(self._probe) >= 2:
            self._probe = None  # header accepted: it is zlib-wrapped
        return out

    def _inflate(self, data: bytes) -> bytes:
        out: list[bytes] = []
        while data:
            # max_length caps the output of this call; 0 would mean "unlimited".
            chunk = self._z.decompress(data, self.limit - self.total + 1)
            out.append(self._count(chunk))
            if self._z.eof:
                data = self._z.unused_data
                if data:
                    self._z = self._new()  # concatenated gzip members
            else:
                data = self._z.unconsumed_tail
                if not chunk and not data:
                    break
        return b"".join(out)

    def flush(self) -> bytes:
        if self._z is None:
            return b""
        return self._count(self._z.flush())

"""Refuse URLs found inside documents that point at this machine or the local network.

A page can cite ``http://169.254.169.254/`` or ``http://localhost:8080/admin``; following
such links from a server or CI job is a classic SSRF.  URLs the user typed are
trusted; URLs from documents are resolved first and refused when any address is
loopback, private, link-local, reserved, multicast or unspecified.  (The check is
done before connecting; a DNS answer that changes in between is not covered.)
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket


def is_public(address: str) -> bool:
    """True for a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                or ip.is_multicast or ip.is_unspecified or not ip.is_global)


async def non_public_address(host: str, port: int) -> str | None:
    """Return the first non-public address ``host`` resolves to, or None if all are public.

    Raises socket.gaierror when the name does not resolve.
    """
    host = host.strip("[]")
    try:
        ipaddress.ip_address(host)
        candidates = [host]
    except ValueError:
        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        candidates = [str(info[4][0]) for info in infos]
    for address in candidates:
        if not is_public(address):
            return address
    return None

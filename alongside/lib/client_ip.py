"""The client's address, for sign-in limits: the socket's peer unless a proxy we run says otherwise.

Anyone can send an ``X-Forwarded-For`` header, so it is never believed by default: a limit keyed
on it would let one person pose as many addresses (and escape the limit) or as someone else's
address (and lock them out). An operator behind a proxy names what to trust:

- ``header`` (``ALONGSIDE_TRUSTED_PROXY_HEADER``): a header the proxy always sets to the address
  it saw, overwriting whatever the client sent (nginx ``X-Real-IP``, Cloudflare
  ``CF-Connecting-IP``);
- ``proxy_count`` (``ALONGSIDE_TRUSTED_PROXY_COUNT``): how many proxies of ours append to
  ``X-Forwarded-For``; the address the outermost of them saw is that many entries from the end,
  and everything before it is whatever the client claimed.

A request that lacks what the configuration expects did not come through the proxy, so its
socket peer is the client. Django-free: it reads a request's META mapping.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping


def _valid(candidate: str | None) -> str | None:
    if not candidate:
        return None
    candidate = candidate.strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def header_meta_key(header: str) -> str:
    """``X-Real-IP`` as Django's META names it: ``HTTP_X_REAL_IP``."""
    return "HTTP_" + header.strip().upper().replace("-", "_")


def client_ip(meta: Mapping[str, str], *, header: str = "", proxy_count: int = 0) -> str:
    """The client's address for this request's META, trusting only what is configured."""
    peer = _valid(meta.get("REMOTE_ADDR")) or "0.0.0.0"  # noqa: S104 - a missing peer is one key
    if header:
        return _valid(meta.get(header_meta_key(header))) or peer
    if proxy_count > 0:
        hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxy_count:
            return _valid(hops[-proxy_count]) or peer
    return peer

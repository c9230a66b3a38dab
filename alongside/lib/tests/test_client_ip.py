"""Which address sign-in limits count: the peer, unless a proxy of ours is configured."""

from __future__ import annotations

import pytest

from alongside.lib.client_ip import client_ip, header_meta_key

PEER = {"REMOTE_ADDR": "10.0.0.5"}


@pytest.mark.parametrize(
    ("meta", "header", "proxies", "expected"),
    [
        # Nothing configured: whatever the client claims is ignored.
        (PEER | {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "", 0, "10.0.0.5"),
        (PEER | {"HTTP_X_REAL_IP": "203.0.113.9"}, "", 0, "10.0.0.5"),
        # One proxy of ours appends the address it saw: the last entry is the client.
        (PEER | {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"}, "", 1, "203.0.113.9"),
        # Two proxies: the second-to-last; the made-up first entry is never read.
        (PEER | {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9, 10.0.0.2"}, "", 2, "203.0.113.9"),
        # Fewer entries than proxies: the request did not come through them.
        (PEER | {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "", 2, "10.0.0.5"),
        (PEER, "", 1, "10.0.0.5"),
        # A header the proxy sets: it alone counts, X-Forwarded-For is not read.
        (
            PEER | {"HTTP_X_REAL_IP": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4"},
            "X-Real-IP",
            0,
            "203.0.113.9",
        ),
        (PEER | {"HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "X-Real-IP", 0, "10.0.0.5"),
        # Garbage is never a key of its own.
        (PEER | {"HTTP_X_REAL_IP": "not-an-address"}, "X-Real-IP", 0, "10.0.0.5"),
        (PEER | {"HTTP_X_FORWARDED_FOR": "x, y"}, "", 1, "10.0.0.5"),
        (PEER | {"HTTP_X_REAL_IP": " 2001:db8::1 "}, "X-Real-IP", 0, "2001:db8::1"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxy(meta, header, proxies, expected) -> None:
    assert client_ip(meta, header=header, proxy_count=proxies) == expected


def test_header_names_become_django_meta_keys() -> None:
    assert header_meta_key("CF-Connecting-IP") == "HTTP_CF_CONNECTING_IP"

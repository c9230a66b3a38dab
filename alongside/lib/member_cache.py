"""Cache what a page shows of a member's own data, keyed by the member's data version.

The version is a counter on the user row that database triggers bump on every write to the data
it covers (alongside/lib/versions.py); the request has just loaded that row to sign the member
in, so checking freshness costs nothing and a changed record is never served from the cache.
The cache is always this process's memory (settings ``CACHES["member"]``): decrypted personal
data stays in the process that decrypted it, and a key is only ever read back by the member's
own requests, since the member's id is part of it.

Only put things here that depend on nothing but the key's parts: the member's data at that
version, the local date and the language. Never anything with a CSRF token or another person's
data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.utils import translation

from alongside.accounts.models import User
from alongside.lib.versions import VERSION_FIELDS

T = TypeVar("T")
_MISSING = object()


def key_for(member: User, version: str, name: str, *parts: object) -> str:
    if version not in VERSION_FIELDS:
        raise ValueError(f"unknown data version {version!r}")
    return ":".join(
        str(p)
        for p in (name, member.pk, getattr(member, version), translation.get_language(), *parts)
    )


def cached(member: User, version: str, name: str, *parts: object, build: Callable[[], T]) -> T:
    """`build()`'s value for this member at the current version of their data (and `parts`)."""
    cache = caches["member"]
    key = key_for(member, version, name, *parts)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value)
    return value

"""Symmetric encryption with rotatable keys (Fernet/MultiFernet from `cryptography`).

The first key encrypts; every key decrypts, so a new key can be put in front and the old rows
re-encrypted at leisure (`alongside manage rotate_field_keys`).
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "decrypt", "encrypt", "fernet_for", "rotate"]


@lru_cache(maxsize=8)
def fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "ALONGSIDE_FIELD_KEYS is empty: give at least one Fernet key, newest first."
        )
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "ALONGSIDE_FIELD_KEYS holds a value that is not a Fernet key (32 url-safe base64 "
            "bytes); generate one with Fernet.generate_key()."
        ) from exc


def _current() -> MultiFernet:
    from django.conf import settings

    return fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return _current().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return _current().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """Re-encrypt a token under the newest key (a no-op in meaning, new bytes on disk)."""
    return _current().rotate(token.encode()).decode()

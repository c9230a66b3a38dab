"""Secrets generated once into the data folder for local use (never committed, never in production)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet

from alongside.lib.datadir import prepare_private_file


def _read_or_create(path: Path, make: Callable[[], str]) -> str:
    if not path.exists():
        # O_EXCL: two processes starting together must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(make())
    prepare_private_file(path)  # one written by an older version may be readable by others
    return path.read_text().strip()


def ensure_secret_key(data_dir: Path) -> str:
    return _read_or_create(data_dir / "secret_key", lambda: secrets.token_urlsafe(64))


def ensure_fernet_keys(data_dir: Path) -> list[str]:
    raw = _read_or_create(data_dir / "field_keys", lambda: Fernet.generate_key().decode())
    return [k.strip() for k in raw.replace("\n", ",").split(",") if k.strip()]


def _new_vapid_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def ensure_vapid_key(data_dir: Path) -> str:
    """The web-push signing key (PEM, P-256). Generated once: a new key would silently end every
    device's subscription, so it is never replaced."""
    return _read_or_create(data_dir / "vapid_private_key.pem", _new_vapid_pem)

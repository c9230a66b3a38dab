"""Web Push (RFC 8030 message, RFC 8291 encryption, RFC 8292 VAPID), with pywebpush and py-vapid
used directly: one request per device, so one dead device never stops the others."""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass
from functools import cache

import requests
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

# One HTTP session per worker thread: push services are few, so their connections are reused.
_local = threading.local()
TIMEOUT_SECONDS = 10
GONE = {404, 410}  # the push service forgot this subscription: it will never deliver again


@dataclass(frozen=True)
class PushOutcome:
    sent: bool
    gone: bool = False  # remove the subscription
    error: str = ""


def is_configured() -> bool:
    return bool(settings.VAPID_PRIVATE_KEY)


@cache
def _vapid(pem: str) -> Vapid:
    return Vapid.from_pem(pem.encode())


def public_key() -> str:
    """The application server key a browser subscribes with (base64url, uncompressed P-256)."""
    raw = _vapid(settings.VAPID_PRIVATE_KEY).public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _session() -> requests.Session:
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def payload(*, title: str, url: str, tag: str, urgent: bool) -> str:
    """What the service worker shows. Only the notice's title and link: never its body, which
    may hold a name or a health detail, and which a lock screen would show to anyone."""
    return json.dumps({"title": title, "url": url, "tag": tag, "urgent": urgent})


def send(*, endpoint: str, p256dh: str, auth: str, data: str, urgent: bool) -> PushOutcome:
    """Encrypt `data` for one device and hand it to its push service. The VAPID token is signed
    for each request (it expires within a day)."""
    try:
        webpush(
            {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}},
            data=data,
            vapid_private_key=_vapid(settings.VAPID_PRIVATE_KEY),
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=24 * 60 * 60,
            headers={"Urgency": "high" if urgent else "normal"},
            timeout=TIMEOUT_SECONDS,
            requests_session=_session(),
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        return PushOutcome(sent=False, gone=status in GONE, error=f"push service: {status}")
    except (requests.RequestException, ValueError) as error:
        return PushOutcome(sent=False, error=f"{type(error).__name__}: {error}"[:200])
    return PushOutcome(sent=True)

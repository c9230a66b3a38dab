"""The development outbox: e-mail kept in the data folder and shown at /dev/outbox/, so someone
trying the demo can confirm their address without a mail server or the server's log.

Only outside production, and only when no mail server is configured (settings.DEV_OUTBOX): the
page answers 404 everywhere else. Each message is one ``.eml`` file, readable by the app's own
account only, like everything in the data folder.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import logging
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from alongside.lib.datadir import FILE_MODE, prepare_data_dir

log = logging.getLogger("alongside.outbox")

SHOWN = 50  # the newest messages on the page


def outbox_dir() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


class OutboxBackend(BaseEmailBackend):
    """Keeps each message as a file in the outbox folder instead of sending it."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = outbox_dir()
        prepare_data_dir(folder)
        sent = 0
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}.eml"
            descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(message.message().as_bytes())
            log.info("E-mail to %s kept in the outbox (/dev/outbox/).", ", ".join(message.to))
            sent += 1
        return sent


@dataclass(frozen=True)
class KeptMessage:
    subject: str
    to: str
    sent_at: datetime.datetime | None
    body: str


def _read(path: Path) -> KeptMessage:
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    part = parsed.get_body(preferencelist=("plain",))
    date = parsed.get("Date")
    return KeptMessage(
        subject=str(parsed.get("Subject", "")),
        to=str(parsed.get("To", "")),
        sent_at=getattr(date, "datetime", None),
        body=part.get_content() if part is not None else "",
    )


def kept_messages(limit: int = SHOWN) -> list[KeptMessage]:
    """The newest kept messages first."""
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.eml"), reverse=True)[:limit]
    return [_read(path) for path in files]

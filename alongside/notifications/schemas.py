from __future__ import annotations

import datetime

from ninja import Schema


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    is_urgent: bool
    created_at: datetime.datetime
    read_at: datetime.datetime | None

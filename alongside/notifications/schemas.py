from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from alongside.schemas import LocalTime, RequestSchema, Text


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    is_urgent: bool
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class KindChannels(RequestSchema):
    email: bool
    push: bool


class PreferencesIn(RequestSchema):
    """Quiet hours are wall-clock times in your own time zone (`time_zone` on your profile);
    both or neither. `kinds` maps a kind (see GET) to its channels; kinds left out keep theirs."""

    email_enabled: bool
    email_digest: bool = False
    digest_hour: int = Field(18, ge=0, le=23)
    quiet_from: LocalTime | None = None
    quiet_until: LocalTime | None = None
    kinds: dict[Text, KindChannels] = {}


class KindOut(Schema):
    kind: str
    label: str
    email: bool
    push: bool


class PreferencesOut(Schema):
    email_enabled: bool
    email_digest: bool
    digest_hour: int
    quiet_from: datetime.time | None
    quiet_until: datetime.time | None
    time_zone: str
    kinds: list[KindOut]


class SubscriptionKeys(RequestSchema):
    p256dh: Text = Field(max_length=200)
    auth: Text = Field(max_length=100)


class SubscriptionIn(RequestSchema):
    """What the browser's `PushSubscription.toJSON()` gives, plus an optional device name."""

    endpoint: Text = Field(max_length=1000)
    keys: SubscriptionKeys
    expirationTime: float | None = None  # noqa: N815 - the browser's own name
    device: Text = Field("", max_length=100)


class SubscriptionOut(Schema):
    id: int
    endpoint: str
    device: str
    created_at: datetime.datetime


class PushKeyOut(Schema):
    public_key: str

from __future__ import annotations

import datetime

from ninja import Schema


class CrisisLineOut(Schema):
    name: str
    contact: str
    how: str
    tel: str
    sms: str
    emergency: bool
    reviewed_on: datetime.date

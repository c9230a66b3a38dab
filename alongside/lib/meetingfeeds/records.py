"""The common shape every feed format is read into: one MeetingRecord per meeting, and the
problems found on each row (an error refuses the row, a warning says what was done)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from alongside.lib.schedule import Recurrence, Schedule, parse_clock

ERROR = "error"
WARNING = "warning"
MAX_SLUG = 64  # the Meeting Guide spec's limit; longer slugs are kept and reported


@dataclass
class Problem:
    row: int  # 1-based position in the feed (the CSV's data rows, the JSON array's items)
    slug: str
    field: str
    message: str
    severity: str = WARNING


@dataclass
class MeetingRecord:
    """One meeting as every feed format becomes it (and as our own feed re-imports)."""

    slug: str
    name: str
    recurrence: str = Recurrence.WEEKLY
    days: list[int] = field(default_factory=list)
    start: str = ""  # "HH:MM"
    duration_minutes: int = 60
    time_zone: str = ""
    anchor: str = ""  # ISO date: a one-off meeting's date, an every-other-week meeting's first
    week_of_month: int | None = None
    attendance: str = "in_person"  # in_person | online | hybrid
    is_inactive: bool = False
    openness: str = ""  # open | closed | ""
    types: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    program: str = ""
    location: str = ""
    formatted_address: str = ""
    postal_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    approximate: bool = False
    regions: list[str] = field(default_factory=list)
    conference_url: str = ""
    conference_url_notes: str = ""
    conference_phone: str = ""
    conference_phone_notes: str = ""
    conference_is_protected: bool = False
    notes: str = ""
    location_notes: str = ""
    group: str = ""
    url: str = ""
    source_updated: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def schedule(self) -> Schedule:
        return Schedule(
            Recurrence(self.recurrence),
            tuple(self.days),
            parse_clock(self.start),
            self.duration_minutes,
            self.time_zone,
            anchor=dt.date.fromisoformat(self.anchor) if self.anchor else None,
            week_of_month=self.week_of_month,
        )

    def digest(self) -> str:
        """A fingerprint of everything imported: equal digests mean nothing changed."""
        data = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(data.encode()).hexdigest()[:32]


@dataclass
class ParsedFeed:
    format: str
    records: list[MeetingRecord]
    problems: list[Problem]
    total_rows: int
    rows_with_errors: set[int] = field(default_factory=set)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def summary(self) -> list[dict[str, object]]:
        """Problems grouped by field and kind of message, with a count and the first rows."""
        groups: dict[tuple[str, str, str], list[Problem]] = {}
        for p in self.problems:
            key = (p.severity, p.field, _message_kind(p.message))
            groups.setdefault(key, []).append(p)
        return [
            {
                "severity": s,
                "field": f,
                "message": items[0].message,
                "count": len(items),
                "rows": [p.row for p in items[:10]],
            }
            for (s, f, _k), items in sorted(
                groups.items(), key=lambda kv: (kv[0][0] != ERROR, -len(kv[1]))
            )
        ]


def _message_kind(message: str) -> str:
    return re.sub(r"\d+", "…", message)


class FeedError(ValueError):
    """The feed as a whole cannot be read (not JSON, not CSV, wrong shape)."""


# ---------------------------------------------------------------------------------------------


@dataclass
class Context:
    """What a feed does not say and the importer supplies, plus the type codes known here."""

    default_time_zone: str = ""
    default_language: str = "en"
    program: str = ""
    known_types: frozenset[str] = frozenset()
    type_names: dict[str, str] = field(default_factory=dict)  # lower-cased English name -> code


class Row:
    """Collects one row's problems."""

    def __init__(self, index: int, slug: str, problems: list[Problem]) -> None:
        self.index, self.slug, self.problems, self.failed = index, slug, problems, False

    def error(self, field_name: str, message: str) -> None:
        self.failed = True
        self.problems.append(Problem(self.index, self.slug, field_name, message, ERROR))

    def warn(self, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.index, self.slug, field_name, message, WARNING))


def _text(value: Any, limit: int = 0) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value).strip()
    return text[:limit] if limit else text

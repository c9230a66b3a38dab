"""Reading meeting feeds, free of Django: Meeting Guide JSON, the 12 Step Meeting List CSV and
BMLT `GetSearchResults` JSON, each row checked and turned into one common record.

Every problem is reported against its row with the field and the reason. Severity:
- "error": the row cannot be held (day 7, time 25:00, a zone that does not exist, no slug, a
  duplicate slug). By default one error refuses the whole import; nothing changes.
- "warning": the row is imported with what the message says was done (a type code nobody knows
  is kept as a custom code, a string coordinate is read as a number, an address without
  coordinates is placed at its ZIP code's centre or left out of distance searches).

Meeting Guide conventions are kept (day 0 = Sunday); BMLT's 1–7 days are converted here.
"""

from __future__ import annotations

import json
from typing import Any

from alongside.lib.meetingfeeds.bmlt import parse_bmlt
from alongside.lib.meetingfeeds.meeting_guide import LANGUAGE_CODES, parse_meeting_guide
from alongside.lib.meetingfeeds.records import (
    ERROR,
    MAX_SLUG,
    WARNING,
    Context,
    FeedError,
    MeetingRecord,
    ParsedFeed,
    Problem,
)
from alongside.lib.meetingfeeds.tsml_csv import parse_tsml_csv

__all__ = [
    "ERROR",
    "LANGUAGE_CODES",
    "MAX_SLUG",
    "WARNING",
    "Context",
    "FeedError",
    "MeetingRecord",
    "ParsedFeed",
    "Problem",
    "detect_format",
    "parse_bmlt",
    "parse_feed",
    "parse_meeting_guide",
    "parse_tsml_csv",
]


def detect_format(data: bytes) -> str:
    head = data.lstrip()[:1]
    if head in (b"[", b"{"):
        return "json"
    return "csv"


# A Meeting Guide or BMLT feed nests four levels at most (array, meeting, field, list); anything
# far deeper is not a feed, and would exhaust the stack of whatever reads it next.
MAX_JSON_DEPTH = 32
TOO_DEEP = (
    f"The file nests brackets more than {MAX_JSON_DEPTH} levels deep, so it is not a meeting feed."
)
HOLDS_NUL = "The file holds NUL characters (\\u0000), which no meeting's text can contain; remove them and try again."
NOT_UNICODE = "The file holds a \\u escape that is not a character (a lone surrogate such as \\ud800); fix the text and try again."


def _check_json_values(payload: Any) -> None:
    """Raise FeedError for nesting deeper than any feed, or text no database can store."""
    pending = [(payload, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise FeedError(TOO_DEEP)
        if isinstance(value, str):
            if "\x00" in value:
                raise FeedError(HOLDS_NUL)
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise FeedError(NOT_UNICODE) from exc
        elif isinstance(value, dict):
            pending.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)


def parse_feed(data: bytes, ctx: Context, *, format: str = "auto") -> ParsedFeed:
    """Read a whole feed. Raises FeedError when the file is not a feed at all."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedError(f"The file is not UTF-8 text (byte {exc.start} cannot be read).") from exc
    if "\x00" in text:
        raise FeedError(HOLDS_NUL)
    if format == "auto":
        format = detect_format(data)
    if format in ("csv", "tsml-csv"):
        return parse_tsml_csv(text, ctx)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedError(
            f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
    except RecursionError as exc:
        raise FeedError(TOO_DEEP) from exc
    _check_json_values(payload)
    if isinstance(payload, dict) and isinstance(payload.get("meetings"), list):
        return parse_bmlt(payload, ctx)
    if (
        isinstance(payload, list)
        and payload
        and isinstance(payload[0], dict)
        and "weekday_tinyint" in payload[0]
    ):
        return parse_bmlt({"meetings": payload}, ctx)
    if not isinstance(payload, list):
        raise FeedError(
            "A Meeting Guide feed is a JSON array of meetings; this file holds something else."
        )
    return parse_meeting_guide(payload, ctx)

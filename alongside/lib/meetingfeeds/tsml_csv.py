"""The 12 Step Meeting List's CSV export ("6:00 PM", "Monday", "Open, Wheelchair Access")."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from alongside.lib.meetingfeeds.meeting_guide import parse_meeting_guide
from alongside.lib.meetingfeeds.records import WARNING, Context, FeedError, ParsedFeed, Problem

CSV_DROPPED = {
    "contact_1_name",
    "contact_1_email",
    "contact_1_phone",
    "contact_2_name",
    "contact_2_email",
    "contact_2_phone",
    "contact_3_name",
    "contact_3_email",
    "contact_3_phone",
    "author",
    "last_contact",
}


def _csv_key(header: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    return {"id": "slug", "address": "formatted_address"}.get(key, key)


def parse_tsml_csv(text: str, ctx: Context) -> ParsedFeed:
    """The 12 Step Meeting List's CSV ("6:00 PM", "Monday", "Open, Wheelchair Access")."""
    try:
        reader = csv.reader(io.StringIO(text))
        rows = list(reader)
    except csv.Error as exc:
        raise FeedError(f"The file is not readable CSV: {exc}.") from exc
    if not rows or len(rows[0]) < 3:
        raise FeedError("The CSV has no header row with columns such as Time, Day, Name, Slug.")
    keys = [_csv_key(h) for h in rows[0]]
    missing = {"time", "day", "name"} - set(keys)
    if missing:
        raise FeedError(f"The CSV lacks the column(s) {', '.join(sorted(missing))}.")
    items: list[dict] = []
    for cells in rows[1:]:
        if not any(c.strip() for c in cells):
            continue
        # Text from the cells; types and regions become lists of text.
        item: dict[str, Any] = {
            k: v.strip() for k, v in zip(keys, cells, strict=False) if v.strip()
        }
        if "types" in item:
            item["types"] = [t.strip() for t in item["types"].split(",") if t.strip()]
        if "regions" not in item and ("region" in item or "sub_region" in item):
            item["regions"] = [item.get("region", ""), item.get("sub_region", "")]
        for name in CSV_DROPPED:
            item.pop(name, None)
        items.append(item)
    feed = parse_meeting_guide(items, ctx, format="tsml-csv")
    if any(k in CSV_DROPPED for k in keys):
        feed.problems.append(
            Problem(
                0,
                "",
                "contact",
                "contact names, emails and phones are never imported (anonymity)",
                WARNING,
            )
        )
    return feed

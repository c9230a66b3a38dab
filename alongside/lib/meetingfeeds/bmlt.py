"""BMLT semantic `GetSearchResults` JSON, NA's root server (every value a string; weekday
1 = Sunday, converted here to Meeting Guide's 0 = Sunday)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from alongside.lib.meetingfeeds.meeting_guide import LANGUAGE_CODES, parse_meeting_guide
from alongside.lib.meetingfeeds.records import WARNING, Context, ParsedFeed, Problem, _text
from alongside.lib.schedule import parse_clock

WORLD_ID_CODES = {
    "OPEN": "O",
    "CLOSED": "C",
    "BEG": "BE",
    "CAN": "CAN",
    "DISC": "D",
    "GL": "LGBTQ",
    "SPK": "SP",
    "STEP": "ST",
    "TRAD": "TR",
    "WCHR": "X",
    "Y": "Y",
    "W": "W",
    "M": "M",
    "LIT": "LIT",
    "MED": "MED",
    "CW": "CF",
    "VM": "ONL",
    "TC": "TC",
}
BMLT_LANGUAGE_KEYS = {
    "ES": ["S"],
    "FIN": ["FI"],
    "ENG": ["EN"],
    "PER": ["FA"],
    "L/R": ["LT", "RUS"],
    "SL": ["ASL"],
}
BMLT_KEY_CODES = {"WEB": "ONL", "Ag": "A"}


def parse_bmlt(payload: dict, ctx: Context) -> ParsedFeed:
    """BMLT semantic `GetSearchResults` JSON (every value a string; weekday 1 = Sunday)."""
    formats: dict[str, dict] = {}
    for fmt in payload.get("formats") or []:
        if isinstance(fmt, dict) and fmt.get("lang", "en") == "en":
            formats.setdefault(str(fmt.get("key_string", "")), fmt)
    bodies = {
        str(b.get("id")): b for b in payload.get("service_bodies") or [] if isinstance(b, dict)
    }
    items: list[dict] = []
    problems: list[Problem] = []
    unmapped: Counter[str] = Counter()
    for m in payload["meetings"]:
        if not isinstance(m, dict):
            items.append({"_invalid": True})
            continue
        item, keys_unmapped = _bmlt_item(m, formats, bodies, ctx)
        unmapped.update(keys_unmapped)
        items.append(item)
    feed = parse_meeting_guide(
        [i if not i.get("_invalid") else None for i in items], ctx, format="bmlt"
    )
    for key, count in sorted(unmapped.items()):
        name = formats.get(key, {}).get("name_string", "not in the feed's format list")
        feed.problems.append(
            Problem(
                0,
                "",
                "formats",
                f"format '{key}' ({name}) has no NAWS world ID or Meeting Guide code; kept as a custom code on {count} meetings",
                WARNING,
            )
        )
    feed.problems[:0] = problems
    return feed


def _bmlt_item(
    m: dict, formats: dict[str, dict], bodies: dict[str, dict], ctx: Context
) -> tuple[dict, list[str]]:
    weekday = _text(m.get("weekday_tinyint"))
    day: Any = weekday
    if weekday.isdigit():
        day = int(weekday) - 1 if 1 <= int(weekday) <= 7 else f"{weekday} (BMLT counts 1–7)"
    start = _text(m.get("start_time"))
    end = ""
    duration = _text(m.get("duration_time"))
    if start and duration:
        try:
            s, (h, mi, *_rest) = parse_clock(start), [int(x) for x in duration.split(":")]
            end = (
                dt.datetime.combine(dt.date(2000, 1, 1), s) + dt.timedelta(hours=h, minutes=mi)
            ).strftime("%H:%M")
        except (ValueError, TypeError):
            end = ""
    codes: list[str] = []
    unmapped: list[str] = []
    for key in [k for k in _text(m.get("formats")).split(",") if k]:
        fmt = formats.get(key, {})
        world = _text(fmt.get("world_id"))
        if world == "LANG" or key in BMLT_LANGUAGE_KEYS:
            codes += BMLT_LANGUAGE_KEYS.get(key, [])
        elif world in WORLD_ID_CODES:
            codes.append(WORLD_ID_CODES[world])
        elif key in BMLT_KEY_CODES:
            codes.append(BMLT_KEY_CODES[key])
        elif world == "HYBR":
            codes.append("ONL")
        elif world:
            codes.append(world)
        else:
            codes.append(key)
            unmapped.append(key)
    venue = _text(m.get("venue_type"))
    if venue in {"2", "3"} and "ONL" not in codes:
        codes.append("ONL")
    address = ", ".join(
        p
        for p in (
            _text(m.get("location_street")),
            _text(m.get("location_municipality")) or _text(m.get("location_city_subsection")),
            " ".join(
                x
                for x in (_text(m.get("location_province")), _text(m.get("location_postal_code_1")))
                if x
            ),
            _text(m.get("location_nation")),
        )
        if p
    )
    body = bodies.get(_text(m.get("service_body_bigint")), {})
    attendance = {"1": "in_person", "2": "online", "3": "hybrid"}.get(venue, "")
    item = {
        "slug": _text(m.get("id_bigint")),
        "name": _text(m.get("meeting_name")),
        "day": day,
        "time": start,
        "end_time": end,
        "timezone": _text(m.get("time_zone")),
        "types": list(dict.fromkeys(codes)),
        "location": _text(m.get("location_text")),
        "location_notes": " ".join(
            x
            for x in (
                _text(m.get("location_info")),
                _text(m.get("train_lines")),
                _text(m.get("bus_lines")),
            )
            if x
        ),
        "formatted_address": address,
        "postal_code": _text(m.get("location_postal_code_1")),
        "latitude": _number(m.get("latitude")),
        "longitude": _number(m.get("longitude")),
        "regions": [
            r
            for r in (
                _text(body.get("name")),
                _text(m.get("location_municipality")),
                _text(m.get("location_neighborhood")),
            )
            if r
        ],
        "conference_url": _text(m.get("virtual_meeting_link")),
        "conference_url_notes": _text(m.get("virtual_meeting_additional_info")),
        "conference_phone": _text(m.get("phone_meeting_number")),
        "notes": _text(m.get("comments")),
        "alongside": {"attendance": attendance, "program": ctx.program or "na"}
        if attendance
        else {"program": ctx.program or "na"},
    }
    if _text(m.get("worldid_mixed")):
        item["naws_world_id"] = _text(m.get("worldid_mixed"))
    lang = _text(m.get("lang_enum"))
    if lang and not any(c in LANGUAGE_CODES for c in codes):
        item["alongside"]["languages"] = [lang]
    return item, unmapped


def _number(value: Any) -> float | str:
    """BMLT sends every value as a string by design; numbers are read here, not reported."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return _text(value)

"""Sample meetings for every pathway the platform names, in Chicago, in Springfield (Illinois,
the search form's own example) and online, so that the demo and the tests can find each
program's meetings. They are not real meetings: each is named "(sample)" and its notes, shown on
its page and in the published feed, begin with SAMPLE_NOTE. Safe to run again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from alongside.meetings import services
from alongside.meetings.catalog import ensure_programs
from alongside.meetings.models import Meeting, Program

SAMPLE_NOTE = "Sample data: not a real meeting. It is here to show how the directory works."

CHICAGO = {
    "formatted_address": "2430 N Lincoln Ave, Chicago, IL 60614, USA",
    "postal_code": "60614",
    "latitude": 41.9262,
    "longitude": -87.6493,
}
CHICAGO_LOOP = {
    "formatted_address": "78 E Washington St, Chicago, IL 60602, USA",
    "postal_code": "60602",
    "latitude": 41.8837,
    "longitude": -87.6251,
}
SPRINGFIELD = {
    "formatted_address": "1 Old State Capitol Plaza, Springfield, IL 62701, USA",
    "postal_code": "62701",
    "latitude": 39.8014,
    "longitude": -89.6487,
}
SPRINGFIELD_WEST = {
    "formatted_address": "2500 W Iles Ave, Springfield, IL 62704, USA",
    "postal_code": "62704",
    "latitude": 39.7731,
    "longitude": -89.6880,
}
ONLINE = {"conference_url": "https://meet.jit.si/alongside-sample"}

# slug, name, program, recurrence, days, time, attendance, place, types
Sample = tuple[str, str, str, str, list[int], str, str, Mapping[str, object], str]

SAMPLES: list[Sample] = [
    (
        "sos-springfield",
        "SOS Springfield",
        "sos",
        "weekly",
        [2],
        "19:00",
        "in_person",
        SPRINGFIELD,
        "O D",
    ),
    ("sos-online", "SOS online", "sos", "weekly", [4], "20:00", "online", ONLINE, "O D"),
    (
        "lifering-springfield",
        "LifeRing Springfield",
        "lifering",
        "monthly",
        [6],
        "10:00",
        "in_person",
        SPRINGFIELD_WEST,
        "O D",
    ),
    (
        "lifering-online",
        "LifeRing online",
        "lifering",
        "biweekly",
        [1],
        "18:00",
        "online",
        ONLINE,
        "O D",
    ),
    (
        "dra-chicago",
        "Dual Recovery Anonymous Chicago",
        "dra",
        "weekly",
        [3],
        "18:30",
        "in_person",
        CHICAGO_LOOP,
        "O D",
    ),
    (
        "dra-online",
        "Dual Recovery Anonymous online",
        "dra",
        "weekly",
        [0],
        "17:00",
        "online",
        ONLINE,
        "O D",
    ),
    (
        "celebrate-springfield",
        "Celebrate Recovery Springfield",
        "celebrate",
        "weekly",
        [5],
        "19:00",
        "in_person",
        SPRINGFIELD_WEST,
        "O",
    ),
    (
        "celebrate-chicago",
        "Celebrate Recovery Chicago",
        "celebrate",
        "weekly",
        [1],
        "19:00",
        "in_person",
        CHICAGO,
        "O",
    ),
    (
        "refuge-chicago",
        "Refuge Recovery Chicago",
        "refuge",
        "weekly",
        [2],
        "19:30",
        "in_person",
        CHICAGO,
        "O MED",
    ),
    (
        "refuge-online",
        "Refuge Recovery online",
        "refuge",
        "weekly",
        [6],
        "09:00",
        "online",
        ONLINE,
        "O MED",
    ),
    (
        "mm-online",
        "Moderation Management online",
        "mm",
        "weekly",
        [3],
        "20:00",
        "online",
        ONLINE,
        "O D",
    ),
    (
        "mm-springfield",
        "Moderation Management Springfield",
        "mm",
        "biweekly",
        [4],
        "18:00",
        "in_person",
        SPRINGFIELD,
        "O D",
    ),
    (
        "smart-springfield",
        "SMART Recovery Springfield",
        "smart",
        "weekly",
        [1],
        "18:00",
        "in_person",
        SPRINGFIELD,
        "O D",
    ),
    (
        "smart-online",
        "SMART Recovery online",
        "smart",
        "weekly",
        [2, 5],
        "12:00",
        "online",
        ONLINE,
        "O D",
    ),
    (
        "therapy-chicago",
        "Group therapy: early recovery (Chicago)",
        "therapy",
        "weekly",
        [1, 3],
        "17:30",
        "in_person",
        CHICAGO_LOOP,
        "C",
    ),
    (
        "therapy-springfield",
        "Group therapy: relapse prevention (Springfield)",
        "therapy",
        "weekly",
        [4],
        "17:30",
        "in_person",
        SPRINGFIELD_WEST,
        "C",
    ),
    (
        "alanon-springfield",
        "Al-Anon Springfield",
        "alanon",
        "weekly",
        [1],
        "19:00",
        "in_person",
        SPRINGFIELD,
        "O",
    ),
    ("alanon-online", "Al-Anon online", "alanon", "weekly", [6], "11:00", "online", ONLINE, "O"),
    (
        "naranon-chicago",
        "Nar-Anon Chicago",
        "naranon",
        "weekly",
        [2],
        "19:00",
        "in_person",
        CHICAGO_LOOP,
        "O",
    ),
    ("naranon-online", "Nar-Anon online", "naranon", "weekly", [0], "19:00", "online", ONLINE, "O"),
    (
        "smart-family-springfield",
        "SMART Family & Friends Springfield",
        "smart-family",
        "weekly",
        [3],
        "18:30",
        "in_person",
        SPRINGFIELD_WEST,
        "O",
    ),
    (
        "smart-family-online",
        "SMART Family & Friends online",
        "smart-family",
        "weekly",
        [4],
        "19:00",
        "online",
        ONLINE,
        "O",
    ),
    (
        "aa-springfield",
        "AA Springfield",
        "aa",
        "weekly",
        [0, 3],
        "19:00",
        "in_person",
        SPRINGFIELD,
        "O D",
    ),
    (
        "na-springfield",
        "NA Springfield",
        "na",
        "weekly",
        [5],
        "20:00",
        "in_person",
        SPRINGFIELD_WEST,
        "O D",
    ),
]


def add_sample_meetings() -> list[Meeting]:
    """Write the sample meetings (our own, without a source), replacing earlier copies of them.
    Side effect: any missing program is created."""
    ensure_programs()
    programs = {p.slug: p for p in Program.objects.all()}
    saved = []
    for slug, name, program, recurrence, days, start, attendance, place, types in SAMPLES:
        meeting = Meeting.objects.filter(
            source__isnull=True, slug=f"sample-{slug}"
        ).first() or Meeting(slug=f"sample-{slug}")
        values: dict[str, object] = {
            "name": f"{name} (sample)",
            "program": programs[program],
            "recurrence": recurrence,
            "days": days,
            "start_time": dt.time.fromisoformat(start),
            "duration_minutes": 60,
            "attendance": attendance,
            "types": types,
            "time_zone": "America/Chicago",
            "openness": "closed" if "C" in types.split() else "open",
            "languages": "en",
            "notes": SAMPLE_NOTE,
            "week_of_month": 1 if recurrence == "monthly" else None,
            "anchor_date": dt.date(2026, 1, 5) if recurrence == "biweekly" else None,
            **place,
        }
        for field, value in values.items():
            setattr(meeting, field, value)
        saved.append(services.save_meeting(meeting=meeting))
    return saved

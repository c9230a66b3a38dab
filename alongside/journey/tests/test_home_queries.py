"""The member's home keeps a constant number of queries however long the history grows, both
when its cards are rendered afresh and when they come from the member cache."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.journey import services
from alongside.journey.models import CheckIn, UseDay

pytestmark = pytest.mark.django_db


def three_tracks(member) -> list:
    today = member.local_today()
    return [
        services.start_track(
            member=member,
            kind="substance",
            goal="abstinence",
            name="Opioids",
            sobriety_on=today - datetime.timedelta(days=400),
        ),
        services.start_track(
            member=member,
            kind="behaviour",
            goal="abstinence",
            name="Gambling",
            sobriety_on=today - datetime.timedelta(days=90),
        ),
        services.start_track(
            member=member,
            kind="substance",
            goal="moderation",
            name="Alcohol",
            daily_limit=2,
            weekly_limit=8,
        ),
    ]


def add_history(member, tracks, days: int) -> None:
    today = member.local_today()
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                member=member,
                on=today - datetime.timedelta(days=n),
                mood=3,
                craving=n % 10,
                sleep_hours=Decimal("7"),
            )
            for n in range(1, days + 1)
        ],
        ignore_conflicts=True,
    )
    UseDay.objects.bulk_create(
        [
            UseDay(
                track=tracks[2], member=member, on=today - datetime.timedelta(days=n), amount=n % 3
            )
            for n in range(1, days + 1)
        ],
        ignore_conflicts=True,
    )
    opioids = tracks[0]
    for _lapse in range(3):  # a few lapses long ago
        services.record_relapse(
            track=opioids, used_on=opioids.sobriety_on + datetime.timedelta(days=30)
        )
        opioids.refresh_from_db()


def home_queries(client, *, cold: bool = True) -> int:
    if cold:  # render the cards afresh, as after any change to the member's data
        caches["member"].clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/home/").status_code == 200
    return len(captured)


def test_home_query_count_stays_constant_as_a_year_of_history_grows(client_as, member) -> None:
    client = client_as("member")
    tracks = three_tracks(member)
    client.get("/home/")  # celebrations due now are made on the first visit
    small = home_queries(client)
    add_history(member, tracks, 365)
    client.get("/home/")
    large = home_queries(client)
    assert large == small
    # Served from the cache: the session (unless a shared cache holds it: cached_db), the user
    # (whose home_version says the cards are still true), the roles and the unread
    # notifications and the SOS alerts to show (never cached: an urgent one's details stay out
    # of memory, and an alert must never show stale).
    session_reads = 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1
    assert home_queries(client, cold=False) == 4 + session_reads


def test_home_with_three_tracks_and_a_year_of_check_ins_fits_a_fixed_budget(
    client_as, member, django_assert_max_num_queries
) -> None:
    tracks = three_tracks(member)
    add_history(member, tracks, 365)
    client = client_as("member")
    client.get("/home/")
    caches["member"].clear()
    with django_assert_max_num_queries(20):
        page = client.get("/home/").content.decode()
    assert "Opioids" in page and "Gambling" in page and "Alcohol" in page

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from alongside.meetings.tests.feedserver import feed_server, internal_server  # noqa: F401 - fixtures for the importer's tests

# Real feeds, kept in the repository (sources and licences in data/README.md).
FEEDS = Path(__file__).resolve().parent / "data"


def feed_path(name: str) -> Path:
    return FEEDS / name


@pytest.fixture
def programs(db) -> dict:
    from alongside.meetings.catalog import ensure_programs
    from alongside.meetings.models import Program

    ensure_programs()
    return {p.slug: p for p in Program.objects.all()}


@pytest.fixture
def source(programs):
    from alongside.meetings.models import ImportSource

    return ImportSource.objects.create(
        slug="test-feed",
        name="Test feed",
        program=programs["aa"],
        default_time_zone="America/New_York",
    )


@pytest.fixture
def make_meeting(programs):
    """One of our own meetings, saved through the service (so its search slots exist)."""
    from alongside.meetings.models import Meeting
    from alongside.meetings.services import save_meeting

    counter = {"n": 0}

    def make(**values):
        counter["n"] += 1
        defaults = {
            "slug": f"m-{counter['n']}",
            "name": f"Meeting {counter['n']}",
            "program": programs["aa"],
            "days": [2],
            "start_time": dt.time(19),
            "time_zone": "America/Chicago",
            "attendance": "in_person",
            "latitude": 41.9287,
            "longitude": -87.6440,
            "formatted_address": "642 W Deming Pl, Chicago, IL 60614",
        }
        defaults.update(values)
        if isinstance(defaults["program"], str):
            defaults["program"] = programs[defaults["program"]]
        if defaults["attendance"] == "online":
            defaults.setdefault("conference_url", "https://zoom.us/j/1")
            if "latitude" not in values:
                defaults["latitude"] = defaults["longitude"] = None
                defaults["formatted_address"] = ""
        return save_meeting(meeting=Meeting(**defaults))

    return make


@pytest.fixture
def sample_meetings(programs) -> list:
    """Sample meetings of every pathway, in Chicago, Springfield (Illinois) and online."""
    from alongside.meetings.samples import add_sample_meetings

    return add_sample_meetings()


@pytest.fixture
def smart_group(cast, programs):
    """Riverbend's SMART group, facilitated by the cast's facilitator."""
    from alongside.accounts.models import Organization
    from alongside.meetings.models import Group

    group = Group.objects.create(
        slug="riverbend-smart",
        name="Riverbend SMART",
        program=programs["smart"],
        organization=Organization.objects.get(slug="riverbend"),
    )
    group.facilitators.create(user=cast["facilitator"].user, experience="Five years")
    return group

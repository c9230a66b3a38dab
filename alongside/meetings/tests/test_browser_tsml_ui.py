"""The widely embedded meeting finder, TSML UI (its own built bundle, vendored), pointed at our
feed lists every meeting with the right local time, in the visitor's time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from alongside.testing.browser import _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWER = "America/New_York"
# The browser's clock: a Wednesday 03:00 in New York, when none of the meetings is in progress
# (TSML UI folds those under a button).
NOW = dt.datetime(2026, 1, 14, 8, 0, tzinfo=dt.UTC)


def expected_time(day: int, start: dt.time, zone: str) -> tuple[str, str]:
    """What TSML UI (Luxon) shows: the meeting's weekday this ISO week, at its local time in its
    own zone, told in the viewer's zone ("8:00 PM", "Tuesday")."""
    today = NOW.astimezone(zoneinfo.ZoneInfo(zone)).date()
    monday = today - dt.timedelta(days=today.weekday())
    date = monday + dt.timedelta(days=(day - 1) % 7)
    local = dt.datetime.combine(date, start, tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(
        zoneinfo.ZoneInfo(VIEWER)
    )
    return local.strftime("%-I:%M %p"), local.strftime("%A")


def test_tsml_ui_lists_every_meeting_of_our_feed_at_the_right_local_time(
    _playwright_browser, live_server, settings, make_meeting, programs
) -> None:
    from alongside.meetings.models import ImportSource

    settings.ROOT_URLCONF = "alongside.meetings.tests.tsml_ui_urls"
    source = ImportSource.objects.create(
        slug="southeastern-pennsylvania-intergroup",
        name="SEPIA",
        program=programs["aa"],
        default_time_zone="America/New_York",
    )
    made = [
        make_meeting(
            name="Lincoln Park", days=[2], start_time=dt.time(19), time_zone="America/Chicago"
        ),
        make_meeting(
            name="Weekday mornings",
            days=[1, 3, 5],
            start_time=dt.time(7, 30),
            time_zone="America/Los_Angeles",
            latitude=34.05,
            longitude=-118.25,
            formatted_address="100 Main St, Los Angeles, CA 90012",
        ),
        make_meeting(
            name="Zoom from Kolkata",
            attendance="online",
            days=[0],
            start_time=dt.time(21),
            time_zone="Asia/Kolkata",
        ),
        make_meeting(
            name="ZIP centre",
            days=[6],
            start_time=dt.time(10),
            time_zone="America/New_York",
            is_approximate=True,
            latitude=39.95,
            longitude=-75.16,
            formatted_address="1 Main St, Philadelphia, PA 19107",
        ),
        make_meeting(
            slug="a-very-long-slug-" + "x" * 80,
            name="Long slug",
            source=source,
            days=[4, 5],
            start_time=dt.time(18),
            time_zone="America/New_York",
            latitude=39.96,
            longitude=-75.17,
            formatted_address="2 Main St, Philadelphia, PA 19107",
        ),
    ]
    expected = sorted(
        (m.name, *expected_time(day, m.start_time, m.time_zone)) for m in made for day in m.days
    )
    for browse in _make_browser(
        _playwright_browser,
        live_server,
        viewport={"width": 1280, "height": 900},
        timezone_id=VIEWER,
        locale="en-US",
    ):
        page = browse.page
        page.clock.install(time=NOW)
        page.goto(browse.url("/tsml-ui/"))
        rows = page.locator("#tsml-ui table tbody tr:has(td.tsml-name)")
        rows.first.wait_for()
        browse.audited.add(browse._key(page.url))  # TSML UI's page is not ours to audit
        listed = sorted(
            # Chromium's ICU writes "8:00 pm" or "8:00 PM" depending on its build.
            (
                row.locator("td.tsml-name").inner_text().strip(),
                *[
                    s.strip().replace("pm", "PM").replace("am", "AM")
                    for s in row.locator("td.tsml-time time span").all_inner_texts()
                ],
            )
            for row in rows.all()
        )
        assert listed == expected

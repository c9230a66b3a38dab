"""The issue's "done when", in a real Chromium: a member finds an online SMART Recovery meeting
starting within two hours and a women's NA meeting within 10 km of a ZIP code, subscribes to it
in a calendar, records attendance by the facilitator's QR code and downloads a proof sheet."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from alongside.meetings import demo
from alongside.testing.browser import _make_browser
from alongside.testing.pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TUESDAY_5PM_CHICAGO = dt.datetime(2026, 1, 6, 23, 0, tzinfo=dt.UTC)
DURING_HOPE_CIRCLE = dt.datetime(2026, 1, 7, 1, 10, tzinfo=dt.UTC)  # Tuesday 19:10 in Chicago


def test_a_member_finds_meetings_subscribes_checks_in_by_qr_and_downloads_proof(
    browse, _playwright_browser, live_server, cast
) -> None:
    demo.populate(cast)
    maya, theo = cast["member"], cast["facilitator"]
    b, page = browse, browse.page
    with time_machine.travel(TUESDAY_5PM_CHICAGO, tick=True) as traveller:
        b.sign_in_as(maya.user)
        page.get_by_role("link", name="Meetings", exact=True).click()
        b.audit()

        # An online SMART Recovery meeting starting within two hours.
        page.get_by_label("SMART Recovery", exact=True).check()
        page.get_by_label("Starting").select_option(label="Within 2 hours")
        page.get_by_label("Online", exact=True).check()
        page.get_by_role("button", name="Search").click()
        b.audit()
        result = page.locator("li.meeting-result", has_text="SMART Recovery evening meeting")
        assert result.is_visible()
        assert (
            "starts in 1 h 2" in result.inner_text()
            and "Tue 6 Jan, 18:30 CST" in result.inner_text()
        )

        # A women's NA meeting within 10 km of ZIP code 60614.
        b.goto("/meetings/")
        page.get_by_label("Near (US ZIP code or town)").fill("60614")
        page.get_by_label("Distance").select_option(label="10 km (6 mi)")
        page.get_by_label("Narcotics Anonymous", exact=True).check()
        page.get_by_text("More filters").click()
        page.get_by_label("Women", exact=True).check()
        page.get_by_role("button", name="Search").click()
        b.audit()
        near = page.locator("li.meeting-result", has_text="Hope Circle").first
        assert "km" in near.inner_text() and "Women" in near.inner_text()
        near.get_by_role("link", name="Hope Circle").click()
        b.audit()

        # Subscribe: save it, then take the "my meetings" calendar.
        page.get_by_role("button", name="Save to my meetings").click()
        b.audit()
        page.get_by_role("link", name="My meetings", exact=True).click()
        b.audit()
        subscribe = page.get_by_role("link", name="Subscribe in my calendar").get_attribute("href")
        assert subscribe.startswith("webcal://")
        feed = page.request.get("http://" + subscribe.removeprefix("webcal://"))
        calendar = feed.text()
        assert feed.headers["content-type"].startswith("text/calendar")
        assert (
            "SUMMARY:Hope Circle (NA)" in calendar
            and "RRULE:FREQ=WEEKLY;BYDAY=TU,TH" in calendar
            and "TZID:America/Chicago" in calendar
        )

        # At the meeting: the facilitator shows the code, Maya's phone opens it.
        traveller.move_to(DURING_HOPE_CIRCLE)
        facilitator = _make_browser(
            _playwright_browser, live_server, viewport={"width": 1280, "height": 900}
        )
        f = next(facilitator)
        f.sign_in_as(theo.user)
        f.page.get_by_role("link", name="Groups I lead").click()
        f.audit()
        f.page.get_by_role("link", name="attendance code Hope Circle", exact=True).click()
        f.audit()
        assert f.page.get_by_role("img", name="Code to scan for attendance").is_visible()
        scanned = f.page.get_by_role("link", name="check-in link").get_attribute("href")
        page.goto(scanned)
        b.audit()
        page.get_by_role("button", name="Record my attendance").click()
        b.audit()
        assert "You're checked in at Hope Circle" in page.content()
        row = page.locator("table.attendance-table tbody tr").first
        assert "Hope Circle" in row.inner_text() and "by Theo B." in row.inner_text()

        # The proof-of-attendance sheet, on request.
        page.get_by_label("Name to print on the sheet").fill("Maya Okafor")
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the sheet (PDF)").click()
        pdf = open(download.value.path(), "rb").read()
        text = pdf_text(pdf)
        assert (
            pdf.startswith(b"%PDF-")
            and "Hope Circle" in text
            and "Theo B." in text
            and "Maya Okafor" in text
        )
        next(facilitator, None)


def test_the_directory_works_on_a_phone_by_keyboard_alone(phone, db) -> None:
    p = phone.goto("/meetings/")
    p.get_by_label("Near (US ZIP code or town)").focus()
    p.keyboard.type("60614")
    p.keyboard.press("Enter")
    p.wait_for_url("**near=60614**")
    phone.audit()
    assert p.get_by_role("heading", name="Near 60614 (Chicago, IL)").is_visible()


def test_every_meetings_page_passes_axe_for_members_and_facilitators(
    browse, _playwright_browser, live_server, cast
) -> None:
    demo.populate(cast)
    from alongside.meetings.models import Meeting

    meeting = Meeting.objects.get(slug="hope-circle-tuesday", source__isnull=True)
    b = browse
    b.sign_in_as(cast["member"].user)
    for path in [
        "/meetings/programs/",
        "/meetings/recommended/",
        "/meetings/preferences/",
        "/meetings/attendance/",
        "/meetings/mine/",
        f"/meetings/m/{meeting.pk}/",
        "/meetings/groups/hope-circle-na/",
        "/meetings/?within=24&program=na&program=smart",
    ]:
        b.goto(path)
    assert b.page.get_by_role("heading", level=1).count() == 1
    b.logout()
    b.sign_in_as(cast["facilitator"].user)
    for path in [
        "/meetings/facilitating/",
        "/meetings/groups/riverbend-smart/service/",
        "/meetings/groups/riverbend-smart/attendance/",
        "/meetings/import/",
        "/meetings/groups/new/",
        "/meetings/groups/hope-circle-na/new-meeting/",
        "/meetings/groups/hope-circle-na/edit/",
        f"/meetings/m/{meeting.pk}/code/",
    ]:
        b.goto(path)


def test_a_member_finds_meetings_of_every_pathway_and_pages_through_the_results(
    browse, cast, sample_meetings, make_meeting
) -> None:
    from alongside.meetings.models import Program

    for i in range(21):
        make_meeting(
            name=f"SMART lunchtime {i:02} (sample)",
            program="smart",
            attendance="online",
            days=[i % 7],
            start_time=dt.time(12, i),
        )
    b, page = browse, browse.page
    b.sign_in_as(cast["member"].user)
    page.get_by_role("link", name="Meetings", exact=True).click()
    b.audit()
    page.get_by_role("link", name="What each program believes").click()
    b.audit()
    for program in Program.objects.order_by("name"):
        page.get_by_role("link", name=f"Find {program.short_name} meetings", exact=True).click()
        b.audit()
        rows = page.locator("li.meeting-result")
        assert rows.count() >= 1, program.slug
        assert set(rows.locator(".program").all_inner_texts()) == {program.short_name}
        assert page.get_by_role("heading", name="meeting", exact=False).first.is_visible()
        page.go_back()
        page.wait_for_load_state("load")

    # SMART Recovery: more than a page, the count says so and the pages go on (htmx swaps them).
    page.get_by_role("link", name="Find SMART meetings", exact=True).click()
    b.audit()
    assert page.get_by_role("heading", name="23 meetings found").is_visible()
    first = page.locator("li.meeting-result h3").all_inner_texts()
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url("**cursor=**")
    b.audit()
    second = page.locator("li.meeting-result h3").all_inner_texts()
    assert len(first) == 20 and len(second) == 3 and not set(first) & set(second)
    page.get_by_role("link", name="Previous page").click()
    page.wait_for_function("document.querySelectorAll('li.meeting-result').length === 20")
    b.audit()

    # The form's own example: meetings near Springfield, Illinois.
    b.goto("/meetings/")
    page.get_by_label("Near (US ZIP code or town)").fill("Springfield, IL")
    page.get_by_role("button", name="Search").click()
    b.audit()
    assert page.locator("li.meeting-result", has_text="Springfield (sample)").count() >= 5

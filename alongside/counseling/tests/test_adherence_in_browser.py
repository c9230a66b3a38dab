"""Dr. Chen in a real browser: from her clients she opens Maya's page, reads her adherence as
charts with the numbers beside them, and works Maya's safety alert there, acknowledging it and
then closing it with a note. Every page passes axe, also on a 360-px phone, which scrolls no
page sideways. Casey, a counselor elsewhere without Maya's consent, gets 404."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from alongside.assessments import services as assessments
from alongside.counseling.models import AttendanceStatus
from alongside.counseling.tests.adherence_fixtures import plan, session, share
from alongside.journey import services as journey
from alongside.privacy.models import Scope
from alongside.testing.browser import PHONE, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEM_9 = {"1": 1, "2": 2, "3": 1, "4": 1, "5": 0, "6": 1, "7": 0, "8": 0, "9": 1}


def _maya(cast):
    maya, chen = cast["member"].user, cast["counselor"].user
    share(maya, chen, [Scope.COUNSELING, Scope.MEDICATION, Scope.ASSESSMENTS])
    now = timezone.now()
    for weeks, came in [(9, "attended"), (6, "no_show"), (3, "attended"), (1, "attended")]:
        session(maya, chen, now - datetime.timedelta(weeks=weeks), AttendanceStatus(came))
    journey.start_track(
        member=maya,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=maya.local_today() - datetime.timedelta(days=120),
        on_medication=True,
    )
    for days_ago, took in [(3, True), (2, False), (1, True)]:
        journey.record_check_in(
            member=maya,
            on=maya.local_today() - datetime.timedelta(days=days_ago),
            mood=3,
            craving=2,
            took_medication=took,
        )
    plan(maya, chen, ["met", "open", "open"])
    alert = assessments.submit_administration(
        member=maya, instrument="phq9", answers=ITEM_9
    ).safety_alert
    return maya, alert


def test_dr_chen_reads_maya_adherence_and_works_her_safety_alert(
    browse, _playwright_browser, live_server, cast
) -> None:
    maya, alert = _maya(cast)
    b = browse
    b.sign_in_as(cast["counselor"].user)
    b.page.get_by_role("link", name="Clients").first.click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("Attended 3 of 4 sessions (75%), 1 no-show").is_visible()
    b.page.get_by_role("link", name="Maya O.").click()
    b.page.wait_for_load_state("load")
    b.audit()

    charts = b.page.get_by_role("img")
    assert charts.count() == 4
    assert b.page.get_by_role("img", name="Share of sessions attended each month").is_visible()
    b.page.get_by_text("Appointments attended: the numbers by month").click()
    assert b.page.get_by_role("columnheader", name="Attended (rate)").is_visible()
    assert b.page.get_by_text("1 of 3 plan objectives met").first.is_visible()

    b.page.get_by_label("What you are doing about it").fill("Calling her now.")
    b.page.get_by_role("button", name="Acknowledge").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("Acknowledged: the care team sees that you are on it.").is_visible()
    b.page.get_by_role("button", name="Close the alert").click()  # without a note: refused
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("Write a short note: it is kept with the alert.").is_visible()
    b.page.get_by_label("How it ended").fill("She is safe; we went over her safety plan.")
    b.page.get_by_role("button", name="Close the alert").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("Closed. Thank you for following it up.").is_visible()
    alert.refresh_from_db()
    assert alert.acknowledged_by == alert.closed_by == cast["counselor"].user
    assert alert.closing_note == "She is safe; we went over her safety plan."

    b.page.get_by_role("link", name="Safety alerts", exact=True).first.click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("No open safety alerts.").is_visible()

    phone = next(_make_browser(_playwright_browser, live_server, **PHONE))
    phone.sign_in_as(cast["counselor"].user)
    phone.goto(f"/counseling/clients/{maya.pk}/")
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360
    phone.goto("/counseling/alerts/")
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360

    casey = Client()
    casey.force_login(cast["outsider"].user, backend="django.contrib.auth.backends.ModelBackend")
    assert casey.get(f"/counseling/clients/{maya.pk}/").status_code == 404

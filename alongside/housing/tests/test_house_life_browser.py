"""A house's life in a real browser: Rosa offers Lakeview's free bed to Jordan; on his phone
(360 px) Jordan accepts, shares his stay and signs the rules, then signs out for a meeting and
back in; Rosa makes the chore rota and checks a chore done, records a house meeting with each
resident's mark, and reads the curfew log; the public vacancy search no longer shows the bed.
Every page passes axe, and nothing scrolls sideways on the phone."""

from __future__ import annotations

import datetime

import pytest

from alongside.housing.models import ChoreAssignment, HouseMeetingAttendance, SignLog, StayStatus
from alongside.housing.tests.lakeview import lakeview, move_in
from alongside.testing.browser import PHONE, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_jordan_moves_in_keeps_curfew_and_rosa_runs_the_house_week(
    browse, _playwright_browser, live_server, cast
) -> None:
    house = lakeview(cast, beds=("A", "B"), curfew=datetime.time(23, 0))
    move_in(cast, house, cast["member"].user, "A", days_ago=30)
    jordan = cast["member2"].user

    b = browse
    b.sign_in_as(cast["house_manager"].user)
    b.goto(f"/housing/houses/{house.pk}/")
    b.audit()
    b.page.get_by_role("link", name="Offer bed B").click()
    b.audit()
    b.page.get_by_label("Their email address").fill("jordan@example.org")
    b.page.get_by_role("button", name="Send the offer").click()
    b.audit()

    phone = next(_make_browser(_playwright_browser, live_server, **PHONE))
    phone.sign_in_as(jordan)
    phone.goto("/housing/my-stay/")
    phone.page.get_by_role("link", name="Lakeview House: bed B").click()
    phone.audit()
    phone.page.get_by_label("I share my stay with this house's managers").check()
    phone.page.get_by_label("Type your name to sign the house rules").fill("Jordan Reyes")
    phone.page.get_by_role("button", name="Accept and move in").click()
    phone.audit()
    assert phone.page.get_by_text("Welcome to Lakeview House.").is_visible()
    assert jordan.stays.get().status == StayStatus.CURRENT
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360

    phone.page.get_by_label("Where to (optional)").fill("NA meeting at St. Paul's")
    phone.page.get_by_role("button", name="Sign out").click()
    phone.audit()
    assert phone.page.get_by_text("You are signed out.").is_visible()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360
    phone.page.get_by_role("button", name="Sign in: I am back").click()
    phone.audit()
    assert phone.page.get_by_text("Welcome back. You are signed in").is_visible()
    assert list(
        SignLog.objects.filter(stay__resident=jordan).values_list("direction", flat=True)
    ) == [
        "in",
        "out",
    ]

    b.goto(f"/housing/houses/{house.pk}/")
    b.page.get_by_role("link", name="Chores and rota").first.click()
    b.audit()
    for name, effort in (("Kitchen", "3"), ("Trash", "1")):
        b.page.get_by_role("textbox", name="Chore").fill(name)
        b.page.get_by_role("combobox", name="Effort").select_option(effort)
        b.page.get_by_role("button", name="Add the chore").click()
        b.audit()
    b.page.get_by_role("button", name="Make the rota").click()
    b.audit()
    assert b.page.get_by_text("The rota is made.").is_visible()
    b.page.get_by_role("button", name="Check Kitchen as done").click()
    b.audit()
    assert b.page.get_by_text("Checked: the chore is done.").is_visible()
    assert ChoreAssignment.objects.get(chore__name="Kitchen").checked_at is not None

    b.page.get_by_role("link", name="House meetings").first.click()
    b.audit()
    held = datetime.date.today() - datetime.timedelta(days=2)
    b.page.get_by_label("Held at").fill(f"{held.isoformat()}T19:00")
    b.page.get_by_label("Minutes (optional)").fill("Welcomed Jordan. Quiet hours after 10 pm.")
    b.page.get_by_role("group", name="JustJordan, bed B").get_by_label("Present").check()
    b.page.get_by_role("group", name="Maya O., bed A").get_by_label("Excused").check()
    b.page.get_by_role("button", name="Record the meeting").click()
    b.audit()
    assert b.page.get_by_text("JustJordan: Present").is_visible()
    marks = dict(HouseMeetingAttendance.objects.values_list("stay__resident__email", "present"))
    assert marks == {"jordan@example.org": True, "maya@example.org": False}

    b.page.get_by_role("link", name="Curfew log").first.click()
    b.audit()
    assert b.page.get_by_text("Everyone is in.").is_visible()
    log = b.page.get_by_role("region", name="Latest entries").inner_text()
    assert "JustJordan" in log and "Signed out" in log and "Signed in" in log

    public = next(_make_browser(_playwright_browser, live_server, **PHONE))
    public.goto("/housing/vacancies/")
    public.page.get_by_label("Near (a US ZIP code or a town)").fill("60614")
    public.page.get_by_role("button", name="Search").click()
    public.audit()
    assert public.page.get_by_text(
        "No listed house with a free bed matches within that distance."
    ).is_visible()

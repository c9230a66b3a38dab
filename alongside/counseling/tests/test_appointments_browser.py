"""Dr. Chen books Maya's weekly session and a group session in a real browser: from her calendar
she books four weekly video sessions, starts a therapy group, puts Maya and Jordan on its
roster and books its session; Maya finds them all on her appointments page, in her own time
zone, without a word about who else is in the group. Every page passes axe."""

from __future__ import annotations

import datetime

import pytest

from alongside.accounts.sensitive import Credential
from alongside.counseling.models import Appointment, AttendanceStatus, TherapyGroup
from alongside.privacy.services import grant_access
from alongside.testing.browser import _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _share(member, counselor) -> None:
    grant_access(
        member=member,
        grantee_user=counselor,
        scopes=["counseling"],
        purpose="counseling",
        credential=Credential.for_setup(member),
    )


def test_dr_chen_books_mayas_weekly_session_and_a_group_session_and_maya_sees_them(
    browse, _playwright_browser, live_server, cast
) -> None:
    maya, jordan, chen = cast["member"].user, cast["member2"].user, cast["counselor"].user
    _share(maya, chen)
    _share(jordan, chen)
    day = chen.local_today() + datetime.timedelta(days=2)
    b = browse
    b.sign_in_as(chen)
    b.page.get_by_role("link", name="Calendar").first.click()
    b.audit()
    assert b.page.get_by_text("Times are in your time zone, America/New_York.").is_visible()

    # Maya's weekly session, by video, four weeks.
    b.page.get_by_role("link", name="Book a session").click()
    b.audit()
    b.page.get_by_label("Who").select_option(label="Maya O.")
    b.page.get_by_label("Day").fill(day.isoformat())
    b.page.get_by_label("Starts").fill("18:00")
    b.page.get_by_label("Ends").fill("17:00")
    b.page.get_by_label("Video", exact=True).check()
    b.page.get_by_label("Your video link (video)").fill("https://meet.example.org/dr-chen")
    b.page.get_by_label("Repeat").select_option("1")
    b.page.get_by_label("How many sessions").fill("4")
    b.page.get_by_role("button", name="Book").click()
    b.audit()  # the mistake, shown beside the field
    assert b.page.get_by_text("The session must end after it starts.").is_visible()
    assert not Appointment.objects.exists()
    b.page.get_by_label("Ends").fill("18:50")
    b.page.get_by_role("button", name="Book").click()
    b.audit()
    assert b.page.get_by_text("Booked 4 session(s) with Maya O.; they are told.").is_visible()
    assert b.page.get_by_text("18:00–18:50").first.is_visible()
    weekly = list(Appointment.objects.filter(group__isnull=True).order_by("starts_at"))
    assert len(weekly) == 4
    assert {a.starts_at.astimezone(chen.zone).time() for a in weekly} == {datetime.time(18)}

    # A therapy group with Maya and Jordan, and its session.
    b.page.get_by_role("link", name="Therapy groups").click()
    b.audit()
    b.page.get_by_label("Name").fill("Relapse prevention skills")
    b.page.get_by_role("button", name="Start the group").click()
    b.audit()
    for name in ("Maya O.", "JustJordan"):
        b.page.get_by_label("Add to the roster").select_option(label=name)
        b.page.get_by_role("button", name="Add", exact=True).click()
        b.audit()
    b.page.get_by_label("Day").fill(day.isoformat())
    b.page.get_by_label("Starts").fill("19:00")
    b.page.get_by_label("Ends").fill("20:30")
    b.page.get_by_label("Place (in person)").fill("Riverbend community room")
    b.page.get_by_role("button", name="Book").click()
    b.audit()
    assert b.page.get_by_text(
        "Booked 1 group session(s). Everyone on the roster is told."
    ).is_visible()
    group = TherapyGroup.objects.get()
    [session] = group.sessions.all()
    assert {p.member for p in session.attendees.all()} == {maya, jordan}
    assert {p.status for p in session.attendees.all()} == {AttendanceStatus.EXPECTED}

    # Maya, in Chicago, finds both on her page.
    mine = next(_make_browser(_playwright_browser, live_server))
    mine.sign_in_as(maya)
    mine.page.get_by_role("link", name="Appointments").first.click()
    mine.audit()
    assert mine.page.get_by_text("Times are in your time zone, America/Chicago.").is_visible()
    first = weekly[0].starts_at.astimezone(maya.zone)
    assert mine.page.get_by_text(f"{first:%H}:00–{first:%H}:50").count() >= 4
    assert mine.page.get_by_text(
        "Group session “Relapse prevention skills” with Grace C."
    ).is_visible()
    assert mine.page.get_by_text("JustJordan").count() == 0
    mine.page.get_by_role(
        "link", name=f"{first:%a} {first.day} {first:%b %Y}, {first:%H}:00"
    ).first.click()
    mine.audit()
    assert mine.page.get_by_role("heading", name="Your session with Grace C.").is_visible()

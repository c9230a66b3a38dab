"""The security log: every lookup an access function refuses is kept per person, whichever page
or API route asked, and a burst of them alerts the admins of that person's organizations once
per window, not once per refusal."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from alongside.accounts.sensitive import Credential
from alongside.notifications.models import InAppNotification
from alongside.privacy import services as privacy
from alongside.privacy.models import AccessLogEntry, Interface, Scope, SecurityEvent

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)


def probe(client, member_id: int, n: int) -> list[int]:
    """A mentor asking for a member's data that was never shared, by page and by API in turn."""
    urls = [
        f"/meetings/members/{member_id}/attendance/",
        f"/api/v1/members/{member_id}/attendance",
        f"/journey/members/{member_id}/check-ins/",
    ]
    return [client.get(urls[i % 3]).status_code for i in range(n)]


def test_a_refused_lookup_is_kept_with_who_asked_what_for_and_through_which_interface(
    client_as, cast
) -> None:
    member = cast["member"].user
    mentor = client_as("mentor")

    assert probe(mentor, member.pk, 2) == [404, 404]
    assert (
        mentor.get("/meetings/attendance/999999/delete/").status_code == 405
    )  # a GET is not a lookup
    assert mentor.post("/meetings/attendance/999999/delete/").status_code == 404

    events = SecurityEvent.objects.order_by("id")
    assert [
        (e.actor, e.interface, e.record_type, e.record_id, e.scope, e.path) for e in events
    ] == [
        (
            cast["mentor"].user,
            Interface.PAGE,
            "accounts.user",
            str(member.pk),
            Scope.ATTENDANCE,
            f"/meetings/members/{member.pk}/attendance/",
        ),
        (
            cast["mentor"].user,
            Interface.API,
            "accounts.user",
            str(member.pk),
            Scope.ATTENDANCE,
            f"/api/v1/members/{member.pk}/attendance",
        ),
        (
            cast["mentor"].user,
            Interface.PAGE,
            "meetings.attendancerecord",
            "999999",
            "",
            "/meetings/attendance/999999/delete/",
        ),
    ]
    assert not AccessLogEntry.objects.filter(member=member).exists()  # nothing was seen
    assert not InAppNotification.objects.exists()  # three is no burst


def test_twelve_refused_lookups_by_a_mentor_alert_the_organizations_admins_once(
    client_as, cast
) -> None:
    member = cast["member"].user
    mentor = client_as("mentor")

    with time_machine.travel(START, tick=True):
        assert set(probe(mentor, member.pk, 12)) == {404}

    assert SecurityEvent.objects.filter(actor=cast["mentor"].user).count() == 12
    alerts = InAppNotification.objects.filter(kind="security_refusals")
    assert [a.user for a in alerts] == [
        cast["org_admin"].user
    ]  # Riverbend's admin, not the mentor, not Harbor's people
    assert (
        "Sam W." in alerts[0].body and "Sam W." not in alerts[0].title
    )  # names stay in the encrypted body
    admin = client_as("org_admin")
    page = admin.get(alerts[0].url).content.decode()
    assert (
        page.count("Sam W.") == 12
        and "alert sent" in page
        and f"/meetings/members/{member.pk}/attendance/" in page
    )
    # The log is the admins' alone; the mentor is refused it (and that refusal is kept too).
    assert mentor.get("/privacy/security-log/").status_code == 404
    assert SecurityEvent.objects.filter(actor=cast["mentor"].user).count() == 13


@override_settings(SECURITY_ALERT_REFUSALS=10, SECURITY_ALERT_WINDOW_MINUTES=5)
def test_a_new_burst_after_the_window_alerts_again_and_a_slow_trickle_never_does(
    client_as, cast
) -> None:
    member = cast["member"].user
    mentor = client_as("mentor")
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(9):  # one a minute: never ten within five minutes
            probe(mentor, member.pk, 1)
            clock.shift(dt.timedelta(minutes=1))
        assert not InAppNotification.objects.exists()
        clock.shift(dt.timedelta(minutes=10))
        probe(mentor, member.pk, 10)
        clock.shift(dt.timedelta(minutes=6))
        probe(mentor, member.pk, 10)
    assert (
        InAppNotification.objects.filter(
            user=cast["org_admin"].user, kind="security_refusals"
        ).count()
        == 2
    )


def test_a_granted_look_is_not_a_refusal(client_as, cast) -> None:
    member = cast["member"].user
    mentor = client_as("mentor")
    assert mentor.get(f"/meetings/members/{member.pk}/attendance/").status_code == 404
    privacy.grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=[Scope.ATTENDANCE],
        purpose="sponsor",
        credential=Credential.for_setup(member),
    )
    assert mentor.get(f"/meetings/members/{member.pk}/attendance/").status_code == 200
    assert SecurityEvent.objects.count() == 1

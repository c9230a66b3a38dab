"""Lena's caseload: the people who share with her, by their consent; engagements with encrypted
notes and follow-ups; the gone-quiet list; a fixed number of queries however many people; and
reassignment when a peer specialist's role ends."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.accounts import services as accounts
from alongside.accounts.models import Membership, Role, User
from alongside.accounts.sensitive import Credential
from alongside.assessments.services import submit_administration
from alongside.caseload import services
from alongside.caseload.models import CaseRecord, Engagement, FollowUp
from alongside.journey.services import record_check_in
from alongside.meetings.models import AttendanceRecord
from alongside.privacy.models import AccessLogEntry
from alongside.privacy.services import grant_access, revoke_grant

pytestmark = pytest.mark.django_db


def share(member, lena, scopes=("check_ins",)):
    return grant_access(
        member=member,
        grantee_user=lena,
        scopes=list(scopes),
        purpose="peer support",
        credential=Credential.for_setup(member),
    )


def test_only_people_who_share_are_on_the_caseload_and_revoking_takes_them_off(
    cast, client_as
) -> None:
    maya, lena = cast["member"].user, cast["peer_specialist"].user
    assert client_as("peer_specialist").get(f"/caseload/people/{maya.pk}/").status_code == 404
    grant = share(maya, lena)
    table = client_as("peer_specialist").get("/caseload/").content.decode()
    assert "Maya O." in table and "no record yet" in table
    assert client_as("peer_specialist").get(f"/caseload/people/{maya.pk}/").status_code == 200
    row = AccessLogEntry.objects.filter(member=maya, actor=lena, scope="caseload").get()
    assert row.interface == "page"
    revoke_grant(grant=grant, by=maya, credential=Credential.for_setup(maya))
    assert client_as("peer_specialist").get(f"/caseload/people/{maya.pk}/").status_code == 404
    assert "Maya O." not in client_as("peer_specialist").get("/caseload/").content.decode()
    # A counselor Maya shares with keeps no caseload: case records are peer specialists'.
    share(maya, cast["counselor"].user)
    assert client_as("counselor").get(f"/caseload/people/{maya.pk}/").status_code == 404


def test_an_engagement_with_a_note_and_its_follow_up_are_saved_together(cast, client_as) -> None:
    maya, lena = cast["member"].user, cast["peer_specialist"].user
    share(maya, lena)
    today = lena.local_today()
    response = client_as("peer_specialist").post(
        f"/caseload/people/{maya.pk}/",
        {
            "form": "engagement",
            "kind": "brief",
            "on": today.isoformat(),
            "minutes": "20",
            "note": "Talked about the new job; sleeping better.",
            "follow_up_on": (today + datetime.timedelta(days=7)).isoformat(),
            "follow_up_about": "Ask about the first week at work",
        },
    )
    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert engagement.note == "Talked about the new job; sleeping better."
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM caseload_engagement")
        assert "sleeping" not in cursor.fetchone()[0]  # encrypted at rest
    follow_up = FollowUp.objects.get()
    assert follow_up.engagement == engagement and follow_up.record.peer_specialist == lena
    page = client_as("peer_specialist").get(f"/caseload/people/{maya.pk}/").content.decode()
    assert "Ask about the first week at work" in page


def test_a_follow_up_dated_before_its_engagement_saves_nothing(cast, client_as) -> None:
    maya, lena = cast["member"].user, cast["peer_specialist"].user
    share(maya, lena)
    today = lena.local_today()
    response = client_as("peer_specialist").post(
        f"/caseload/people/{maya.pk}/",
        {
            "form": "engagement",
            "kind": "follow_up",
            "on": today.isoformat(),
            "minutes": "15",
            "follow_up_on": (today - datetime.timedelta(days=2)).isoformat(),
            "follow_up_about": "Call back",
        },
    )
    assert response.status_code == 422
    assert "A follow-up comes after the engagement it follows" in response.content.decode()
    assert not Engagement.objects.exists() and not FollowUp.objects.exists()


def test_the_gone_quiet_list_shows_who_has_not_been_heard_from(cast, client_as) -> None:
    maya, jordan, lena = cast["member"].user, cast["member2"].user, cast["peer_specialist"].user
    share(maya, lena)
    share(jordan, lena)
    today = lena.local_today()
    record_check_in(
        member=maya, on=maya.local_today() - datetime.timedelta(days=2), mood=3, craving=2
    )
    record = services.record_for(staff=lena, member=jordan)
    services.record_engagement(
        record=record, by=lena, kind="brief", on=today - datetime.timedelta(days=20), minutes=10
    )
    quiet = client_as("peer_specialist").get("/caseload/?show=quiet").content.decode()
    assert "JustJordan" in quiet and "Maya O." not in quiet
    services.record_engagement(record=record, by=lena, kind="brief", on=today, minutes=10)
    quiet = client_as("peer_specialist").get("/caseload/?show=quiet").content.decode()
    assert "JustJordan" not in quiet


def test_the_caseload_reads_a_fixed_number_of_queries_however_many_people(cast, client_as) -> None:
    lena = cast["peer_specialist"].user
    riverbend = Membership.objects.filter(user=lena).first().organization
    today = lena.local_today()

    def add_people(n: int, start: int) -> None:
        for i in range(start, start + n):
            person = User.objects.create_user(email=f"p{i}@example.org", first_name=f"P{i}")
            Membership.objects.create(user=person, organization=riverbend, role=Role.MEMBER)
            share(person, lena, ["check_ins", "assessments", "attendance", "plans"])
            record_check_in(member=person, mood=3, craving=1)
            AttendanceRecord.objects.create(
                member=person, meeting_name="Monday", occurred_at=timezone.now(), method="qr"
            )
            submit_administration(
                member=person, instrument="barc10", answers={str(k): 4 for k in range(1, 11)}
            )
            record = services.record_for(staff=lena, member=person)
            services.update_record(
                record=record, pathway="comprehensive", ok_to_text=True, ok_to_call=False
            )
            services.save_intake(record=record, by=lena, on=today, referral="self")
            engagement = services.record_engagement(
                record=record, by=lena, kind="brief", on=today, minutes=5
            )
            for days in (-3, 4):
                services.add_follow_up(
                    record=record,
                    by=lena,
                    due_on=today + datetime.timedelta(days=days),
                    about="Call back",
                )
            assert engagement.pk

    client = client_as("peer_specialist")
    add_people(5, 0)
    client.get("/caseload/")
    views = ("/caseload/", "/caseload/?sort=barc10&show=follow_up")
    five = {}
    for view in views:
        with CaptureQueriesContext(connection) as five[view]:
            assert "5 people" in client.get(view).content.decode()
    add_people(45, 5)
    for view in views:
        with CaptureQueriesContext(connection) as fifty:
            page = client.get(view).content.decode()
        assert "50 people (showing 1–25)" in page and "Page 1 of 2" in page
        assert len(fifty) == len(five[view]), view
    with CaptureQueriesContext(connection) as api:
        rows = client.get("/api/v1/caseload").json()
    assert len(rows) == 50 and rows[0]["follow_ups_overdue"] == 1
    assert len(api) <= len(five["/caseload/"])


def test_when_a_peer_specialists_role_ends_their_people_are_flagged_and_reassigned(
    cast, client_as
) -> None:
    maya, lena, dana = cast["member"].user, cast["peer_specialist"].user, cast["org_admin"].user
    share(maya, lena)
    record = services.record_for(staff=lena, member=maya)
    membership = Membership.objects.get(user=lena, role=Role.PEER_SPECIALIST)
    accounts.end_role(credential=Credential.for_setup(dana), membership=membership)
    record.refresh_from_db()
    assert (record.peer_specialist, record.needs_reassignment) == (None, True)
    assert CaseRecord.objects.filter(needs_reassignment=True).count() == 1
    newcomer = User.objects.create_user(email="ari@example.org", first_name="Ari")
    Membership.objects.create(
        user=newcomer, organization=record.organization, role=Role.PEER_SPECIALIST
    )
    services.reassign(record=record, to=newcomer)
    record.refresh_from_db()
    assert (record.peer_specialist, record.needs_reassignment) == (newcomer, False)
    assert not CaseRecord.objects.filter(needs_reassignment=True, peer_specialist=None).exists()


def test_the_api_keeps_the_same_rules_as_the_page(cast, client_as) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena)
    client = client_as("peer_specialist")
    today = lena.local_today()
    made = client.post(
        f"/api/v1/caseload/{jordan.pk}/engagements",
        {"kind": "brief", "on": today.isoformat(), "minutes": 15, "note": "Good week."},
        content_type="application/json",
    )
    assert made.status_code == 201
    engagement_id = made.json()["engagements"][0]["id"]
    early = client.post(
        f"/api/v1/caseload/{jordan.pk}/follow-ups",
        {
            "due_on": (today - datetime.timedelta(days=1)).isoformat(),
            "about": "Call",
            "engagement_id": engagement_id,
        },
        content_type="application/json",
    )
    assert early.status_code == 422
    assert early.json()["error"]["fields"][0]["field"] == "due_on"
    future = client.post(
        f"/api/v1/caseload/{jordan.pk}/engagements",
        {"kind": "brief", "on": (today + datetime.timedelta(days=3)).isoformat()},
        content_type="application/json",
    )
    assert future.status_code == 422 and not FollowUp.objects.exists()
    assert Engagement.objects.count() == 1
    rows = client.get("/api/v1/caseload").json()
    assert [(r["display_name"], r["last_contact"]) for r in rows] == [
        ("JustJordan", today.isoformat())
    ]
    assert client_as("counselor").get(f"/api/v1/caseload/{jordan.pk}").status_code == 404


def test_assigned_to_you_shows_the_people_whose_record_names_the_specialist(
    cast, client_as
) -> None:
    maya, jordan = cast["member"].user, cast["member2"].user
    lena = cast["peer_specialist"].user
    share(maya, lena)
    share(jordan, lena)
    mine = services.record_for(staff=lena, member=maya)
    ari = User.objects.create_user(email="ari@example.org", first_name="Ari")
    Membership.objects.create(user=ari, organization=mine.organization, role=Role.PEER_SPECIALIST)
    CaseRecord.objects.create(member=jordan, organization=mine.organization, peer_specialist=ari)
    lena_sees = client_as("peer_specialist")
    everyone = lena_sees.get("/caseload/").content.decode()
    assert "Maya O." in everyone and "Jordan" in everyone
    assigned = lena_sees.get("/caseload/?show=mine").content.decode()
    assert "Maya O." in assigned and "Jordan" not in assigned
    rows = {r["member_id"]: r["assigned_to_you"] for r in lena_sees.get("/api/v1/caseload").json()}
    assert rows == {maya.pk: True, jordan.pk: False}

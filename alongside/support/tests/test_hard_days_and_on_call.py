"""Having a hard day: a quiet signal to the people Maya chose for it, who can send a few words
back (kept encrypted, shown to her). The on-call rota: who takes escalated SOS alerts now, with
the note the previous shift left them."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection

from alongside.notifications.models import InAppNotification
from alongside.support import services
from alongside.support.models import Encouragement, HardDay, OnCallShift
from alongside.support.tests.test_sos import circle

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
MORNING = datetime.datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


def test_a_hard_day_reaches_only_those_chosen_for_it_quietly(cast, client_as) -> None:
    maya, sam, pat = cast["member"].user, cast["mentor"].user, cast["ally"].user
    sam_entry, pat_entry = circle(maya, sam, pat)
    services.update_circle_member(entry=pat_entry, gets_hard_days=False)  # SOS only, for Pat
    client_as("member").post("/support/hard-day/", {"note": "Payday, and the old crowd called."})
    hard_day = HardDay.objects.get()
    assert list(hard_day.recipients.all()) == [sam]
    [notice] = InAppNotification.objects.filter(user=sam, kind="hard_day")
    assert not notice.is_urgent
    assert notice.body == (
        "Maya O. is having a hard day. They wrote: \u201cPayday, and the old crowd called.\u201d"
    )
    assert not InAppNotification.objects.filter(user=pat, kind="hard_day").exists()
    assert client_as("ally").get(f"/support/hard-days/{hard_day.pk}/").status_code == 404
    page = client_as("mentor").get(f"/support/hard-days/{hard_day.pk}/").content.decode()
    assert "Maya O. is having a hard day" in page and "Payday, and the old crowd called." in page


def test_encouragement_reaches_maya_and_is_stored_encrypted(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    circle(maya, sam)
    hard_day = services.send_hard_day(member=maya, note="")
    response = client_as("mentor").post(
        f"/support/hard-days/{hard_day.pk}/", {"message": "  Proud of you. Call me tonight.  "}
    )
    assert response.status_code == 302
    saved = Encouragement.objects.get()
    assert saved.message == "Proud of you. Call me tonight."
    with connection.cursor() as cursor:
        cursor.execute("SELECT message FROM support_encouragement WHERE id = %s", [saved.pk])
        stored = cursor.fetchone()[0]
    assert "Proud" not in stored
    page = client_as("member").get(f"/support/hard-days/{hard_day.pk}/").content.decode()
    assert "Proud of you. Call me tonight." in page and "Sam W." in page
    [notice] = InAppNotification.objects.filter(user=maya, kind="encouragement")
    assert notice.body == "Sam W.: Proud of you. Call me tonight."
    api = client_as("member").get(f"/api/v1/support/hard-days/{hard_day.pk}").json()
    assert api["encouragements"][0]["message"] == "Proud of you. Call me tonight."


def test_empty_or_oversized_encouragement_is_refused_and_nothing_is_saved(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    circle(maya, sam)
    hard_day = services.send_hard_day(member=maya)
    client = client_as("mentor")
    empty = client.post(f"/support/hard-days/{hard_day.pk}/", {"message": "   "})
    assert empty.status_code == 422 and "This field is required" in empty.content.decode()
    long = client.post(f"/support/hard-days/{hard_day.pk}/", {"message": "x" * 501})
    assert long.status_code == 422
    assert "at most 500 characters" in long.content.decode()
    url = f"/api/v1/support/hard-days/{hard_day.pk}/encouragements"
    api_empty = client.post(url, {"message": ""}, content_type="application/json")
    assert api_empty.status_code == 422
    assert api_empty.json()["error"]["fields"] == [
        {"field": "message", "message": "Write a few words of encouragement first."}
    ]
    api_long = client.post(url, {"message": "y" * 501}, content_type="application/json")
    assert api_long.status_code == 422
    assert "500 characters or fewer" in api_long.json()["error"]["fields"][0]["message"]
    assert not Encouragement.objects.exists()
    # Someone the hard day did not reach cannot write on it (404, as if it did not exist).
    other = client_as("ally").post(url, {"message": "hi"}, content_type="application/json")
    assert other.status_code == 404


def test_a_hard_day_with_nobody_chosen_says_so_and_sends_nothing(cast, client_as) -> None:
    page = client_as("member").post("/support/hard-day/", {"note": "rough"})
    assert page.status_code == 422
    assert "Nobody is chosen to hear about hard days yet" in page.content.decode()
    api = client_as("member").post(
        "/api/v1/support/hard-days", {"note": "z" * 281}, content_type="application/json"
    )
    assert api.status_code == 422 and api.json()["error"]["fields"][0]["field"] == "note"
    assert not HardDay.objects.exists()


def test_who_is_on_call_now_resolves_from_the_rota_with_the_hand_over(cast, client_as) -> None:
    admin, lena = cast["org_admin"].user, cast["peer_specialist"].user
    riverbend = admin.memberships.get().organization
    with time_machine.travel(MORNING, tick=False):
        admin_client = client_as("org_admin")
        created = admin_client.post(
            f"/api/v1/support/on-call/{riverbend.pk}/shifts",
            {
                "person_id": lena.pk,
                "starts_at": "2026-03-10T06:00:00Z",
                "ends_at": "2026-03-10T13:00:00Z",
                "handover_note": "Called J. at 11; she is OK. Check in after lunch.",
            },
            content_type="application/json",
        )
        assert created.status_code == 201
        # The next shift, added on the page in the admin's time zone (Chicago, UTC-5).
        response = admin_client.post(
            f"/support/on-call/{riverbend.pk}/",
            {"person": lena.pk, "starts_at": "2026-03-10T08:00", "ends_at": "2026-03-10T20:00"},
        )
        assert response.status_code == 302
        second = OnCallShift.objects.order_by("starts_at").last()
        assert second.starts_at == datetime.datetime(2026, 3, 10, 13, 0, tzinfo=UTC)

        found = services.on_call_now(riverbend, MORNING)
        assert found == second
        assert services.on_call_now(riverbend, MORNING + datetime.timedelta(hours=12)) is None
        page = client_as("peer_specialist").get(f"/support/on-call/{riverbend.pk}/").content
        text = page.decode()
        assert "Lena K." in text and "Hand-over from Lena K.:" in text
        assert "Called J. at 11; she is OK. Check in after lunch." in text
        rota = client_as("peer_specialist").get(f"/api/v1/support/on-call/{riverbend.pk}").json()
        assert rota["on_call_now"]["id"] == second.pk
        assert rota["handover"]["handover_note"].startswith("Called J. at 11")


def test_only_the_admin_sets_shifts_and_only_for_the_orgs_peer_specialists(cast, client_as) -> None:
    admin, lena, sam = (
        cast["org_admin"].user,
        cast["peer_specialist"].user,
        cast["mentor"].user,
    )
    riverbend = admin.memberships.get().organization
    url = f"/api/v1/support/on-call/{riverbend.pk}/shifts"
    body = {
        "person_id": lena.pk,
        "starts_at": "2030-01-01T09:00:00Z",
        "ends_at": "2030-01-01T17:00:00Z",
    }
    assert (
        client_as("peer_specialist").post(url, body, content_type="application/json").status_code
        == 403
    )
    assert client_as("outsider").post(url, body, content_type="application/json").status_code == 404
    wrong = client_as("org_admin").post(
        url,
        {**body, "person_id": sam.pk, "ends_at": "2030-01-01T08:00:00Z"},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    assert {f["field"] for f in wrong.json()["error"]["fields"]} == {"person", "ends_at"}
    assert not OnCallShift.objects.exists()
    # Lena writes the hand-over on her own shift; the admin may too.
    shift = OnCallShift.objects.create(
        organization=riverbend,
        person=lena,
        starts_at=MORNING,
        ends_at=MORNING + datetime.timedelta(hours=8),
    )
    client_as("peer_specialist").post(
        f"/support/on-call/shifts/{shift.pk}/", {"handover_note": "All quiet."}
    )
    shift.refresh_from_db()
    assert shift.handover_note == "All quiet."

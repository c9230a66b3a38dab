"""SOS: one tap alerts the people Maya chose, in her order; the first answer shows on her page at
once; nobody answering moves on to the next person and then to whoever is on call; she can say
she is OK. Every step is in her log, and nobody she did not choose hears anything."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command

from alongside.accounts.sensitive import Credential
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import AccessLogEntry
from alongside.privacy.services import grant_access
from alongside.support import services
from alongside.support.models import (
    AlertStatus,
    CircleAnswer,
    CircleMember,
    EventKind,
    OnCallShift,
    SosAlert,
)

pytestmark = pytest.mark.django_db(transaction=True)

UTC = datetime.UTC
NOON = datetime.datetime(2026, 3, 10, 18, 0, tzinfo=UTC)


def share_with(member, *people) -> None:
    for person in people:
        grant_access(
            member=member,
            grantee_user=person,
            scopes=["milestones"],
            purpose="support",
            credential=Credential.for_setup(member),
        )


def circle(member, *people) -> list[CircleMember]:
    share_with(member, *people)
    return [services.choose_person(member=member, person_id=p.pk) for p in people]


def alerts_of(user, kind: str = "sos") -> list[InAppNotification]:
    return list(InAppNotification.objects.filter(user=user, kind=kind))


def run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def test_maya_can_choose_only_people_she_already_shares_with(cast, client_as) -> None:
    maya, sam, pat = cast["member"].user, cast["mentor"].user, cast["ally"].user
    share_with(maya, sam)
    client = client_as("member")

    page = client.post("/support/", {"form": "choose", "person": pat.pk})
    assert page.status_code == 422
    assert "Select a valid choice" in page.content.decode()
    assert not CircleMember.objects.exists()

    client.post("/support/", {"form": "choose", "person": sam.pk})
    entry = CircleMember.objects.get()
    assert (entry.member, entry.person, entry.answer) == (maya, sam, CircleAnswer.PENDING)
    told = alerts_of(sam, "support_chosen")
    assert len(told) == 1 and "Maya O. chose you" in told[0].body
    assert "Sam W." in client.get("/support/").content.decode()
    # The API refuses the same way, naming the field.
    answer = client.post(
        "/api/v1/support/circle", {"person_id": pat.pk}, content_type="application/json"
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0]["field"] == "person"


def test_a_chosen_person_can_decline_and_then_gets_no_alert(cast, client_as) -> None:
    maya, sam, pat = cast["member"].user, cast["mentor"].user, cast["ally"].user
    entries = circle(maya, sam, pat)
    sam_client = client_as("mentor")
    assert "Maya O." in sam_client.get("/support/chosen/").content.decode()
    sam_client.post(f"/support/chosen/{entries[0].pk}/", {"answer": "decline"})
    entries[0].refresh_from_db()
    assert entries[0].answer == CircleAnswer.DECLINED
    assert "declined" in alerts_of(maya, "support_declined")[0].title

    alert = services.start_sos(member=maya)
    assert alerts_of(sam) == []
    assert [r.person for r in alert.recipients.all()] == [pat]


def test_sos_alerts_the_first_chosen_person_urgently_and_nobody_unchosen(cast, client_as) -> None:
    maya, sam, pat = cast["member"].user, cast["mentor"].user, cast["ally"].user
    share_with(maya, pat)  # Pat could be chosen, but Maya did not choose him
    circle(maya, sam)

    response = client_as("member").post("/support/sos/")
    alert = SosAlert.objects.get()
    assert response["Location"] == f"/support/sos/{alert.pk}/"
    [notice] = alerts_of(sam)
    assert notice.is_urgent and notice.about == maya
    assert notice.url == f"/support/alerts/{alert.pk}/"
    assert "Maya O. pressed SOS" in notice.body
    assert alerts_of(pat) == []
    assert client_as("ally").get(f"/support/alerts/{alert.pk}/").status_code == 404
    assert client_as("ally").get(f"/api/v1/support/alerts/{alert.pk}").status_code == 404

    page = client_as("member").get(f"/support/sos/{alert.pk}/").content.decode()
    assert "Your people have been alerted" in page
    assert "988 Suicide &amp; Crisis Lifeline" in page  # crisis lines stay on her screen
    assert "Alerted: Sam W." in page


def test_pressing_sos_twice_keeps_one_sos_and_alerts_nobody_twice(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    circle(maya, sam)
    client = client_as("member")
    first = client.post("/api/v1/support/sos", content_type="application/json")
    second = client.post("/api/v1/support/sos", content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert SosAlert.objects.count() == 1 and len(alerts_of(sam)) == 1


def test_sams_answer_shows_on_mayas_page_and_api_at_once(cast, client_as) -> None:
    maya, sam, lena = cast["member"].user, cast["mentor"].user, cast["peer_specialist"].user
    circle(maya, sam, lena)
    alert = services.start_sos(member=maya)
    services.escalate_sos(alert_id=alert.pk, step=1)  # Lena is alerted too

    sam_client = client_as("mentor")
    assert (
        "Let Maya O. know you are on it"
        in sam_client.get(f"/support/alerts/{alert.pk}/").content.decode()
    )
    sam_client.post(f"/support/alerts/{alert.pk}/answer/", {"response": "calling"})

    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by, alert.response) == (
        AlertStatus.ACKNOWLEDGED,
        sam,
        "calling",
    )
    maya_client = client_as("member")
    # Sam's looks at her SOS are in her access log, like any look at her data.
    looked = AccessLogEntry.objects.filter(member=maya, actor=sam, scope="support_circle")
    assert looked.count() == 2  # the alert page, and the answer
    who_looked = maya_client.get("/privacy/who-looked/").content.decode()
    assert "Support circle: SOS and hard days" in who_looked
    # The refreshing part of the page, as htmx asks for it, and the page itself.
    fragment = maya_client.get(f"/support/sos/{alert.pk}/", HTTP_HX_REQUEST="true")
    assert "Sam W. is on it — I&#x27;m calling you" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    assert (
        "Sam W. answered: I&#x27;m calling you"
        in maya_client.get(f"/support/sos/{alert.pk}/").content.decode()
    )
    assert maya_client.get(f"/api/v1/support/sos/{alert.pk}").json()["says"] == (
        "Sam W. is on it — I'm calling you"
    )
    [ack] = alerts_of(maya, "sos_acknowledged")
    assert ack.is_urgent and ack.body == "Sam W. is on it — I'm calling you."
    # The other person alerted learns someone is on it.
    assert alerts_of(lena, "sos_answered")[0].body == "Sam W. is on it — I'm calling you."
    # A bad answer is refused with the field named.
    bad = client_as("peer_specialist").post(
        f"/api/v1/support/alerts/{alert.pk}/acknowledge",
        {"response": "shrug"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "response"


def test_nobody_answering_escalates_in_order_then_to_whoever_is_on_call(cast, client_as) -> None:
    maya, sam, pat = cast["member"].user, cast["mentor"].user, cast["ally"].user
    lena, admin = cast["peer_specialist"].user, cast["org_admin"].user
    riverbend = admin.memberships.get().organization
    with time_machine.travel(NOON, tick=False):
        circle(maya, sam, pat)
        services.save_settings(
            member=maya, escalate_after_minutes=5, on_call_organization_id=riverbend.pk
        )
        OnCallShift.objects.create(
            organization=riverbend,
            person=lena,
            starts_at=NOON - datetime.timedelta(hours=2),
            ends_at=NOON + datetime.timedelta(hours=6),
        )
        alert = services.start_sos(member=maya)
        run_worker()  # nothing is due yet
        assert [r.person for r in alert.recipients.all()] == [sam]
        # Pat is next in the circle, but the SOS has not reached him yet.
        assert client_as("ally").get(f"/support/alerts/{alert.pk}/").status_code == 404
    with time_machine.travel(NOON + datetime.timedelta(minutes=5, seconds=1), tick=False):
        run_worker()
        assert [r.person for r in alert.recipients.all()] == [sam, pat]
        assert alerts_of(pat)[0].is_urgent
    with time_machine.travel(NOON + datetime.timedelta(minutes=10, seconds=1), tick=False):
        run_worker()
    recipients = list(alert.recipients.all())
    assert [(r.person, r.is_on_call) for r in recipients] == [
        (sam, False),
        (pat, False),
        (lena, True),
    ]
    assert "The peer specialist on call" in alerts_of(lena)[0].body
    # The same step run again (a task delivered twice) changes nothing.
    assert services.escalate_sos(alert_id=alert.pk, step=2) == "already"
    assert services.escalate_sos(alert_id=alert.pk, step=3) == "already"
    assert len(alerts_of(lena)) == 1
    kinds = [e.kind for e in alert.events.all()]
    assert kinds == [EventKind.STARTED, EventKind.ALERTED, EventKind.ESCALATED, EventKind.ON_CALL]
    history = client_as("member").get("/support/history/").content.decode()
    assert "Alerted the peer specialist on call: Lena K." in history


def test_an_answer_stops_the_escalation(cast) -> None:
    maya, sam, pat = cast["member"].user, cast["mentor"].user, cast["ally"].user
    circle(maya, sam, pat)
    alert = services.start_sos(member=maya)
    services.acknowledge(alert=alert, person=sam, response="on_my_way")
    assert services.escalate_sos(alert_id=alert.pk, step=1) == "answered"
    assert alerts_of(pat) == []


def test_nobody_on_call_tells_maya_and_keeps_the_crisis_lines(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    riverbend = cast["org_admin"].user.memberships.get().organization
    circle(maya, sam)
    services.save_settings(
        member=maya, escalate_after_minutes=2, on_call_organization_id=riverbend.pk
    )
    alert = services.start_sos(member=maya)
    assert services.escalate_sos(alert_id=alert.pk, step=1) == "escalated"
    alert.refresh_from_db()
    assert alert.is_exhausted
    assert alerts_of(maya, "sos_nobody_on_call")[0].title == "Nobody is on call right now"
    page = client_as("member").get(f"/support/sos/{alert.pk}/").content.decode()
    assert "Nobody is on call at your organization right now" in page
    assert "988 Suicide &amp; Crisis Lifeline" in page


def test_sos_with_nobody_chosen_shows_crisis_lines_and_asks_her_to_choose(cast, client_as) -> None:
    client = client_as("member")
    response = client.post("/support/sos/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "You have not chosen anyone to alert yet" in page
    assert "Choose people for your support circle" in page
    assert "988 Suicide &amp; Crisis Lifeline" in page
    alert = SosAlert.objects.get()
    assert [e.kind for e in alert.events.all()] == [EventKind.STARTED, EventKind.NO_CIRCLE]
    assert not InAppNotification.objects.filter(kind="sos").exists()
    api = client.get(f"/api/v1/support/sos/{alert.pk}").json()
    assert api["has_circle"] is False and api["alerted"] == []
    assert api["says"].startswith("You have not chosen anyone to alert yet")


def test_im_ok_now_ends_the_sos_and_tells_everyone_it_reached(cast, client_as) -> None:
    maya, sam, pat = cast["member"].user, cast["mentor"].user, cast["ally"].user
    circle(maya, sam, pat)
    alert = services.start_sos(member=maya)
    client = client_as("member")
    client.post(f"/support/sos/{alert.pk}/ok/")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CANCELLED and alert.ended_at is not None
    [ok] = alerts_of(sam, "sos_cancelled")
    assert ok.body == "Maya O. said they are OK now. Thank you for being there."
    assert alerts_of(pat, "sos_cancelled") == []  # the SOS never reached Pat
    assert "You said you are OK now" in client.get(f"/support/sos/{alert.pk}/").content.decode()
    assert services.escalate_sos(alert_id=alert.pk, step=1) == "answered"
    late = client_as("mentor").post(
        f"/api/v1/support/alerts/{alert.pk}/acknowledge",
        {"response": "calling"},
        content_type="application/json",
    )
    assert late.status_code == 409 and late.json()["error"]["code"] == "sos_over"
    # The next SOS is a new one.
    assert services.start_sos(member=maya).pk != alert.pk


def test_home_and_need_help_now_offer_sos_and_sam_sees_the_alert_on_home(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    circle(maya, sam)
    for path in ("/home/", "/help/"):
        page = client_as("member").get(path).content.decode()
        assert 'action="/support/sos/"' in page and "SOS — alert my support circle" in page
    alert = services.start_sos(member=maya)
    assert "Your SOS is open" in client_as("member").get("/home/").content.decode()
    home = client_as("mentor").get("/home/").content.decode()
    assert "Maya O. needs help now." in home and f"/support/alerts/{alert.pk}/" in home
    assert "needs help now" not in client_as("ally").get("/home/").content.decode()


def test_sams_answer_arrives_on_mayas_open_websocket(cast, client_as) -> None:
    """The live path the SOS page listens on (static/js/support.js): the per-person socket."""
    from channels.db import database_sync_to_async
    from channels.testing.websocket import WebsocketCommunicator

    from alongside.asgi import application
    from alongside.testing.asyncio import run_async

    maya, sam = cast["member"].user, cast["mentor"].user
    circle(maya, sam)
    alert = services.start_sos(member=maya)
    maya_client = client_as("member")
    maya_client.get("/home/")
    session = maya_client.cookies["sessionid"].value
    communicator = WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[(b"origin", b"http://testserver"), (b"cookie", f"sessionid={session}".encode())],
    )
    sam_client = client_as("mentor")

    async def scenario() -> list[dict]:
        connected, _ = await communicator.connect()
        assert connected
        await database_sync_to_async(sam_client.post)(
            f"/support/alerts/{alert.pk}/answer/", {"response": "on_my_way"}
        )
        received = [await communicator.receive_json_from(timeout=20) for _ in range(2)]
        await communicator.disconnect()
        return received

    kinds = {m["kind"] for m in run_async(scenario())}
    assert kinds == {"sos_acknowledged", "sos_update"}

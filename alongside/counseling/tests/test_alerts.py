"""Safety alerts are worked: Maya answers PHQ-9 item 9 above "not at all"; Dr. Chen, who holds
her assessments consent, finds the alert on her worklist and on Maya's page, acknowledges it
(who and when, and how she is following it up) and closes it with a note. An alert nobody
acknowledges within the set time goes once to whoever is on call at Maya's organization. Casey,
a member, and a counselor without the assessments consent cannot touch it (404)."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from alongside.assessments import services as assessments
from alongside.assessments.models import SafetyAlert
from alongside.assessments.tasks import escalate_safety_alert
from alongside.counseling.tests.adherence_fixtures import riverbend, share
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import AccessLogEntry, Scope
from alongside.support.models import OnCallShift

pytestmark = pytest.mark.django_db

# Monday 7 June 2027, 14:00 UTC (9:00 in Chicago, 10:00 in New York).
RAISED = datetime.datetime(2027, 6, 7, 14, 0, tzinfo=datetime.UTC)
ITEM_9 = {"1": 1, "2": 2, "3": 1, "4": 1, "5": 0, "6": 1, "7": 0, "8": 0, "9": 1}


def minutes(n: int) -> datetime.datetime:
    return RAISED + datetime.timedelta(minutes=n)


def flag(member) -> SafetyAlert:
    """A PHQ-9 with item 9 above "not at all": the alert it raises."""
    return assessments.submit_administration(
        member=member, instrument="phq9", answers=ITEM_9
    ).safety_alert


@pytest.fixture
def maya(cast):
    """Maya shares her assessments with Dr. Chen."""
    member = cast["member"].user
    share(member, cast["counselor"].user, [Scope.ASSESSMENTS])
    return member


@pytest.fixture
def raised(maya):
    with time_machine.travel(RAISED, tick=False):
        return flag(maya)


def on_call(person, start=RAISED, hours=8) -> OnCallShift:
    return OnCallShift.objects.create(
        organization=riverbend(),
        person=person,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=hours),
    )


# ---------------------------------------------------------------- the worklist


def test_the_worklist_shows_the_open_alerts_of_members_who_share_assessments(
    cast, client_as, maya
) -> None:
    chen, jordan = cast["counselor"].user, cast["member2"].user
    with time_machine.travel(minutes(0), tick=False):
        first = flag(maya)
    with time_machine.travel(minutes(90), tick=False):
        second = flag(maya)
        share(jordan, chen, [Scope.COUNSELING])  # not his assessments: his alert is not Dr. Chen's
        flag(jordan)
        page = client_as("counselor").get("/counseling/alerts/").content.decode()
        api = client_as("counselor").get("/api/v1/counseling/alerts").json()

    assert [a["id"] for a in api] == [first.pk, second.pk]  # the longest waiting first
    assert {a["state"] for a in api} == {"open"}
    assert api[0]["escalates_at"] == "2027-06-07T14:30:00Z"
    assert page.count("Maya O.</a>: PHQ-9 item 9 above “not at all”") == 2
    assert "Jordan" not in page and "JustJordan" not in page
    assert "Raised on 7 Jun 2027, 10:00 EDT." in page  # Dr. Chen's time, with its zone
    assert "Goes to whoever is on call at 7 Jun 2027, 10:30 EDT" in page
    assert client_as("outsider").get("/api/v1/counseling/alerts").json() == []
    assert "This page is for counselors" in (
        client_as("peer_specialist").get("/counseling/alerts/").content.decode()
    )


def test_dr_chen_acknowledges_then_closes_an_alert_each_with_a_note(
    cast, client_as, raised
) -> None:
    chen, maya = cast["counselor"].user, raised.member
    form = {"alert": raised.pk, "action": "acknowledge"}

    with time_machine.travel(minutes(12), tick=False):
        counselor = client_as("counselor")
        refused = counselor.post("/counseling/alerts/", form | {"note": "   "})
        assert refused.status_code == 200
        assert (
            f'id="id_alert{raised.pk}_acknowledge_note_error">Write a short note: it is kept'
            in refused.content.decode()
        )
        raised.refresh_from_db()
        assert raised.acknowledged_at is None
        done = counselor.post("/counseling/alerts/", form | {"note": "Calling her now."})
        page = counselor.get("/counseling/alerts/").content.decode()
    assert done.status_code == 302 and done["Location"] == f"/counseling/alerts/#alert-{raised.pk}"
    raised.refresh_from_db()
    assert (raised.acknowledged_by, raised.acknowledged_at) == (chen, minutes(12))
    assert "Acknowledged by Grace C. on 7 Jun 2027, 10:12 EDT:" in page
    assert "Calling her now." in page and "Acknowledged, not closed yet." in page

    closing = {"alert": raised.pk, "action": "close"}
    with time_machine.travel(minutes(55), tick=False):
        counselor = client_as("counselor")
        empty = counselor.post("/counseling/alerts/", closing | {"note": ""})
        assert f'id="id_alert{raised.pk}_close_note_error">' in empty.content.decode()
        counselor.post("/counseling/alerts/", closing | {"note": "Safe; plan reviewed."})
        page = counselor.get("/counseling/alerts/").content.decode()
    raised.refresh_from_db()
    assert (raised.closed_by, raised.closed_at, raised.closing_note) == (
        chen,
        minutes(55),
        "Safe; plan reviewed.",
    )
    assert "No open safety alerts." in page
    assert (
        "Closed by Grace C. on 7 Jun 2027, 10:55 EDT:" in page.split("Closed in the last week")[1]
    )
    writes = AccessLogEntry.objects.filter(member=maya, actor=chen, action="write")
    assert writes.filter(scope=Scope.ASSESSMENTS, record_id=str(raised.pk)).count() == 2


def test_an_alert_is_closed_only_once_someone_has_acknowledged_it(client_as, raised) -> None:
    counselor = client_as("counselor")
    url = f"/api/v1/counseling/alerts/{raised.pk}"

    def post(step: str, note: str):
        return counselor.post(f"{url}/{step}", {"note": note}, content_type="application/json")

    early = post("close", "Done.")
    assert early.status_code == 409
    assert early.json()["error"]["message"].startswith("Acknowledge the alert first")
    assert post("acknowledge", "").status_code == 422
    acknowledged = post("acknowledge", "On it.")
    assert acknowledged.status_code == 200
    assert acknowledged.json()["state"] == "acknowledged"
    assert acknowledged.json()["acknowledged_by"] == "Grace C."
    assert post("acknowledge", "Me too.").status_code == 409
    empty = post("close", " ")
    assert empty.status_code == 422 and empty.json()["error"]["fields"][0]["field"] == "note"
    closed = post("close", "Seen in person; safe.")
    assert (closed.status_code, closed.json()["state"]) == (200, "closed")
    assert post("close", "Again.").status_code == 409
    raised.refresh_from_db()
    assert (raised.acknowledgement_note, raised.closing_note) == ("On it.", "Seen in person; safe.")


def test_only_a_counselor_holding_her_assessments_consent_works_her_alert(
    cast, client_as, raised
) -> None:
    maya = raised.member
    form = {"alert": raised.pk, "action": "acknowledge", "note": "On it."}
    api = f"/api/v1/counseling/alerts/{raised.pk}/acknowledge"
    for persona in ("member", "outsider", "peer_specialist", "mentor"):
        client = client_as(persona)
        assert client.post("/counseling/alerts/", form).status_code == 404, persona
        answer = client.post(api, {"note": "x"}, content_type="application/json")
        assert answer.status_code == 404, persona
    # Casey counsels elsewhere: counseling alone opens her page, never her alerts.
    share(maya, cast["outsider"].user, [Scope.COUNSELING])
    page = client_as("outsider").get(f"/counseling/clients/{maya.pk}/").content.decode()
    assert page.count("<h1>Maya O.</h1>") == 1 and 'id="h-alerts"' not in page
    assert client_as("outsider").post("/counseling/alerts/", form).status_code == 404
    share(maya, cast["outsider"].user, [Scope.ASSESSMENTS])
    assert client_as("outsider").post("/counseling/alerts/", form).status_code == 302
    raised.refresh_from_db()
    assert raised.acknowledged_by == cast["outsider"].user


def test_dr_chen_works_the_alert_from_maya_page(cast, client_as, raised) -> None:
    maya, jordan, chen = raised.member, cast["member2"].user, cast["counselor"].user
    share(maya, chen, [Scope.COUNSELING])
    url = f"/counseling/clients/{maya.pk}/"
    counselor = client_as("counselor")

    page = counselor.get(url).content.decode()
    assert '<h2 id="h-alerts">Safety alerts</h2>' in page
    assert f'id="id_alert{raised.pk}_acknowledge_note"' in page
    done = counselor.post(url, {"alert": raised.pk, "action": "acknowledge", "note": "Calling."})
    assert done["Location"] == f"{url}#alert-{raised.pk}"
    page = counselor.get(url).content.decode()
    assert f'id="id_alert{raised.pk}_close_note"' in page  # the next step: close it
    # Another member's alert is not worked through Maya's page, even one Dr. Chen may work.
    share(jordan, chen, [Scope.ASSESSMENTS])
    his = flag(jordan)
    refused = counselor.post(url, {"alert": his.pk, "action": "acknowledge", "note": "x"})
    assert refused.status_code == 404
    his.refresh_from_db()
    assert his.acknowledged_at is None


# ---------------------------------------------------------------- escalation


def test_an_alert_nobody_acknowledges_in_30_minutes_goes_once_to_whoever_is_on_call(
    cast, client_as, raised
) -> None:
    lena, chen = cast["peer_specialist"].user, cast["counselor"].user
    on_call(lena)

    with time_machine.travel(minutes(29), tick=False):
        assert assessments.escalate_overdue_safety_alerts() == 0
    with time_machine.travel(minutes(31), tick=False):
        assert assessments.escalate_overdue_safety_alerts() == 1
        assert assessments.escalate_overdue_safety_alerts() == 0  # once

    raised.refresh_from_db()
    assert raised.escalated_at == minutes(31)
    assert list(raised.escalated_to.all()) == [lena]
    told = InAppNotification.objects.get(user=lena, kind="safety_alert_escalated")
    assert told.is_urgent and told.title == "A safety alert is waiting for follow-up"
    # Lena holds no consent to Maya's assessments: she hears whom to reach, not whose alert.
    assert "Riverbend Recovery Community" in told.body and "Grace C." in told.body
    assert "Maya" not in told.body and told.url == ""
    team = InAppNotification.objects.get(user=chen, kind="safety_alert_escalated")
    assert "Maya O." in team.body and "Lena K., on call" in team.body
    assert InAppNotification.objects.filter(kind="safety_alert_escalated").count() == 2
    page = client_as("counselor").get("/counseling/alerts/").content.decode()
    assert "escalated on 7 Jun 2027, 10:31 EDT to Lena K. (on call)" in page


def test_the_person_on_call_who_holds_her_consent_is_told_whose_alert_it_is(cast, raised) -> None:
    lena = cast["peer_specialist"].user
    share(raised.member, lena, [Scope.ASSESSMENTS])
    on_call(lena)

    with time_machine.travel(minutes(30), tick=False):
        assert assessments.escalate_safety_alert(alert_id=raised.pk) == "escalated"

    told = InAppNotification.objects.get(user=lena, kind="safety_alert_escalated")
    assert "Maya O. answered PHQ-9 item 9" in told.body
    assert told.url == f"/assessments/results/{raised.administration_id}/"
    looked = AccessLogEntry.objects.get(member=raised.member, actor=lena, record_id=raised.pk)
    assert (looked.scope, looked.interface, looked.action) == ("assessments", "task", "read")


def test_an_acknowledged_alert_is_never_escalated(cast, raised) -> None:
    on_call(cast["peer_specialist"].user)
    with time_machine.travel(minutes(10), tick=False):
        assessments.acknowledge_safety_alert(
            alert=raised, staff=cast["counselor"].user, note="On it."
        )
    with time_machine.travel(minutes(45), tick=False):
        assert assessments.escalate_overdue_safety_alerts() == 0
        assert assessments.escalate_safety_alert(alert_id=raised.pk) == "acknowledged"
    raised.refresh_from_db()
    assert raised.escalated_at is None
    assert not InAppNotification.objects.filter(kind="safety_alert_escalated").exists()


def test_with_nobody_on_call_the_care_team_hears_so(cast, raised) -> None:
    on_call(cast["peer_specialist"].user, start=minutes(60))  # not yet on call at minute 31
    with time_machine.travel(minutes(31), tick=False):
        assert assessments.escalate_safety_alert(alert_id=raised.pk) == "escalated"
    raised.refresh_from_db()
    assert raised.escalated_at == minutes(31) and not raised.escalated_to.exists()
    team = InAppNotification.objects.get(user=cast["counselor"].user, kind="safety_alert_escalated")
    assert "nobody is on call to take it" in team.body


@override_settings(ALERT_ESCALATE_MINUTES=10)
def test_raising_an_alert_queues_its_escalation_for_when_it_falls_due(
    cast, maya, django_capture_on_commit_callbacks
) -> None:
    from django_tasks_db.models import DBTaskResult

    on_call(cast["peer_specialist"].user)
    with time_machine.travel(RAISED, tick=False), django_capture_on_commit_callbacks(execute=True):
        alert = flag(maya)
    queued = DBTaskResult.objects.get(task_path=escalate_safety_alert.module_path)
    assert queued.run_after == minutes(10) and queued.args_kwargs["kwargs"] == {
        "alert_id": alert.pk
    }
    with time_machine.travel(minutes(9), tick=False):
        assert escalate_safety_alert.call(alert_id=alert.pk) == "not_yet"
    with time_machine.travel(minutes(10), tick=False):
        assert escalate_safety_alert.call(alert_id=alert.pk) == "escalated"
        assert escalate_safety_alert.call(alert_id=alert.pk) == "already"


def test_the_command_escalates_what_waited_too_long(cast, raised) -> None:
    out = io.StringIO()
    with time_machine.travel(minutes(40), tick=False):
        call_command("escalate_safety_alerts", "--now", stdout=out)
    assert out.getvalue() == "1 safety alert(s) escalated.\n"
    raised.refresh_from_db()
    assert raised.escalated_at == minutes(40)

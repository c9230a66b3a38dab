"""PHQ-9 item 9 above "not at all": crisis lines at once, the consented care team told, logged."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import NoReverseMatch, reverse

from alongside.accounts.models import Role
from alongside.accounts.sensitive import Credential
from alongside.assessments import services
from alongside.assessments.models import Administration, SafetyAlert
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import AccessLogEntry, Scope
from alongside.privacy.services import grant_access
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db

PHQ_ITEM9 = {
    "1": 0,
    "2": 1,
    "3": 0,
    "4": 0,
    "5": 0,
    "6": 0,
    "7": 0,
    "8": 0,
    "9": 1,
}  # total 2: minimal
PHQ_SEVERE_NO_ITEM9 = {"1": 3, "2": 3, "3": 3, "4": 3, "5": 3, "6": 3, "7": 3, "8": 3, "9": 0}


def form(answers: dict) -> dict:
    return {f"item_{k}": str(v) for k, v in answers.items()}


def share(cast, who: str):
    return grant_access(
        member=cast["member"].user,
        grantee_user=cast[who].user,
        scopes=[Scope.ASSESSMENTS],
        purpose="care",
        credential=Credential.for_setup(cast["member"].user),
    )


def test_item_9_shows_the_member_crisis_lines_at_once_whatever_the_total(cast, client_as) -> None:
    client = client_as("member")
    response = client.post("/assessments/take/phq9/", form(PHQ_ITEM9), follow=True)
    page = response.content.decode()
    assert "You don't have to carry this alone" in page
    assert 'href="tel:988"' in page and "988 Suicide &amp; Crisis Lifeline" in page
    assert 'href="/help/"' in page
    assert "not an emergency service" in page
    assert page.index("<h1>PHQ-9 result") < page.index("h-safety") < page.index("h-total")
    assert "Minimal" in page  # the total stays what it is


def test_crisis_lines_follow_the_members_country(cast, client_as) -> None:
    member = cast["member"].user
    member.country = "GB"
    member.save(update_fields=["country"])
    page = (
        client_as("member")
        .post("/assessments/take/phq9/", form(PHQ_ITEM9), follow=True)
        .content.decode()
    )
    assert "Samaritans" in page and "116 123" in page and "988" not in page


def test_the_safety_plan_is_linked_when_the_journey_offers_one(cast, client_as) -> None:
    try:
        url = reverse("journey:safety-plan")
    except NoReverseMatch:
        url = None
    page = (
        client_as("member")
        .post("/assessments/take/phq9/", form(PHQ_ITEM9), follow=True)
        .content.decode()
    )
    if url is None:
        assert "Open my safety plan" not in page
    else:
        assert f'href="{url}"' in page and "Open my safety plan" in page


def test_consented_staff_are_notified_and_unconsented_staff_are_not(cast, client_as) -> None:
    share(cast, "counselor")
    share(cast, "mentor")  # consented, but a peer mentor is not the care team for a safety flag
    client_as("member").post("/assessments/take/phq9/", form(PHQ_ITEM9))
    administration = Administration.objects.get()
    alert = SafetyAlert.objects.get(administration=administration)
    urgent = InAppNotification.objects.filter(kind="assessment_safety")
    assert [n.user for n in urgent] == [cast["counselor"].user]
    note = urgent.get()
    assert note.is_urgent and note.about == cast["member"].user
    assert "Maya O." in note.body and "Maya" not in note.title  # the plain-text title names nobody
    assert note.url == f"/assessments/results/{administration.pk}/"
    assert list(alert.notified.all()) == [cast["counselor"].user]
    for unconsented in ["peer_specialist", "outsider", "org_admin", "mentor", "house_manager"]:
        assert not InAppNotification.objects.filter(user=cast[unconsented].user).exists(), (
            unconsented
        )
    page = client_as("member").get(f"/assessments/results/{administration.pk}/").content.decode()
    assert "We have let your care team know" in page and "Grace C." in page


def test_a_role_grant_notifies_everyone_holding_that_role_with_mfa(cast) -> None:
    riverbend = cast["counselor"].user.memberships.get().organization
    grant_access(
        member=cast["member"].user,
        grantee_organization=riverbend,
        grantee_role=Role.PEER_SPECIALIST,
        scopes=[Scope.ASSESSMENTS],
        purpose="care",
        credential=Credential.for_setup(cast["member"].user),
    )
    services.submit_administration(member=cast["member"].user, instrument="phq9", answers=PHQ_ITEM9)
    assert [n.user for n in InAppNotification.objects.filter(kind="assessment_safety")] == [
        cast["peer_specialist"].user
    ]


def test_consented_staff_without_mfa_are_not_notified(cast) -> None:
    share(cast, "counselor")
    Authenticator.objects.filter(user=cast["counselor"].user).delete()
    services.submit_administration(member=cast["member"].user, instrument="phq9", answers=PHQ_ITEM9)
    assert not InAppNotification.objects.filter(kind="assessment_safety").exists()


def test_a_severe_total_without_item_9_raises_no_alert(cast) -> None:
    share(cast, "counselor")
    services.submit_administration(
        member=cast["member"].user, instrument="phq9", answers=PHQ_SEVERE_NO_ITEM9
    )
    assert not SafetyAlert.objects.exists() and not InAppNotification.objects.exists()


def test_the_event_is_in_the_members_access_log(cast) -> None:
    grant = share(cast, "counselor")
    member = cast["member"].user
    administration = services.submit_administration(
        member=member, instrument="phq9", answers=PHQ_ITEM9
    )
    alert = administration.safety_alert
    rows = AccessLogEntry.objects.filter(
        member=member, record_type="assessments.safetyalert", record_id=str(alert.pk)
    )
    raised = rows.get(action="write")
    told = rows.get(action="read")
    assert (raised.actor, raised.scope) == (member, Scope.ASSESSMENTS)
    assert (told.actor, told.grant, told.interface) == (cast["counselor"].user, grant, "task")


def test_the_notification_is_pushed_to_the_counselors_open_tabs(
    cast, django_capture_on_commit_callbacks
) -> None:
    share(cast, "counselor")
    sent = []
    from alongside.notifications import services as notification_services

    original = notification_services.push_to_user

    def capture(*, user_id: int, payload: dict) -> None:
        sent.append((user_id, payload))
        original(user_id=user_id, payload=payload)

    notification_services.push_to_user = capture
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_administration(
                member=cast["member"].user, instrument="phq9", answers=PHQ_ITEM9
            )
    finally:
        notification_services.push_to_user = original
    assert [(uid, p["kind"], p["urgent"]) for uid, p in sent] == [
        (cast["counselor"].user.pk, "assessment_safety", True)
    ]


def test_staff_administering_see_the_protocol_and_the_member_is_told_where_help_is(
    cast, client_as
) -> None:
    share(cast, "counselor")
    member = cast["member"].user
    response = client_as("counselor").post(
        f"/assessments/members/{member.pk}/administer/phq9/", form(PHQ_ITEM9), follow=True
    )
    page = response.content.decode()
    assert "Safety follow-up needed" in page and "following your organization" in page
    assert InAppNotification.objects.filter(
        user=member, kind="assessment_safety_member", url="/help/"
    ).exists()


def test_the_counselor_sees_the_urgent_notification_on_their_home_page(cast, client_as) -> None:
    share(cast, "counselor")
    services.submit_administration(member=cast["member"].user, instrument="phq9", answers=PHQ_ITEM9)
    home = client_as("counselor").get("/home/").content.decode()
    assert "Urgent A PHQ-9 safety answer needs follow-up today" in text_of(home)
    assert "Urgent Urgent" not in text_of(home)
    assert "Maya O. answered PHQ-9 item 9" in home
    assert "Urgent" not in client_as("peer_specialist").get("/home/").content.decode()


def test_the_api_returns_crisis_lines_with_a_flagged_submission(cast, client_as) -> None:
    share(cast, "counselor")
    response = client_as("member").post(
        "/api/v1/assessments",
        {"instrument": "phq9", "answers": PHQ_ITEM9},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 201
    assert (
        body["result"]["flags"][0]["key"] == "phq9_item9" and body["result"]["flags"][0]["urgent"]
    )
    assert body["safety"]["crisis_lines"][1]["contact"] == "988"
    assert body["safety"]["notified"] == ["Grace C."] and body["safety"]["help_url"] == "/help/"


def flagged_result(cast, *, plans: bool = False) -> Administration:
    share(cast, "counselor")
    if plans:
        grant_access(
            member=cast["member"].user,
            grantee_user=cast["counselor"].user,
            scopes=[Scope.PLANS],
            purpose="safety planning",
            credential=Credential.for_setup(cast["member"].user),
        )
    return services.submit_administration(
        member=cast["member"].user, instrument="phq9", answers=PHQ_ITEM9
    )


def test_the_counselor_reads_care_team_words_not_the_members(cast, client_as) -> None:
    administration = flagged_result(cast)
    page = client_as("counselor").get(f"/assessments/results/{administration.pk}/").content.decode()
    words = text_of(page)
    assert "Safety follow-up needed" in page
    assert "If Maya O. is in danger right now, call the local emergency number." in words
    assert "Told at once, as the care team: Grace C. (you)" in words
    for members_words in ["Open my safety plan", "We have let your care team know", "You said"]:
        assert members_words not in words, members_words
    # Not her own plan, and not Maya's while Maya does not share her plans.
    assert 'href="/journey/safety-plan/"' not in page
    assert "Maya O. does not share a safety plan with you." in words


def test_the_counselor_is_linked_to_the_members_safety_plan_only_when_it_is_shared(
    cast, client_as
) -> None:
    administration = flagged_result(cast, plans=True)
    member = cast["member"].user
    page = client_as("counselor").get(f"/assessments/results/{administration.pk}/").content.decode()
    url = f"/journey/members/{member.pk}/plans/#h-safety_plan"
    assert f'<a class="button" href="{url}">Open Maya O.' in page
    assert "Open Maya O.'s safety plan" in text_of(page)
    assert client_as("counselor").get(url.split("#")[0]).status_code == 200
    api = client_as("counselor").get(f"/api/v1/assessments/results/{administration.pk}").json()
    assert api["safety"]["safety_plan_url"] == url


def test_the_counselor_acknowledges_the_alert_with_a_note_everyone_then_reads(
    cast, client_as
) -> None:
    administration = flagged_result(cast)
    counselor = client_as("counselor")
    url = f"/assessments/results/{administration.pk}/"
    empty = counselor.post(url + "acknowledge/", {"note": "  "})
    assert empty.status_code == 422
    assert "Say briefly how you followed it up." in empty.content.decode()
    response = counselor.post(
        url + "acknowledge/", {"note": "Called Maya within the hour; she is safe."}, follow=True
    )
    page = text_of(response.content.decode())
    assert "Thank you. Your follow-up is noted with the alert." in page
    assert "Followed up by Grace C. on" in page and "Called Maya within the hour" in page
    assert "Mark as followed up" not in page
    alert = SafetyAlert.objects.get(administration=administration)
    assert alert.acknowledged_by == cast["counselor"].user and alert.acknowledged_at is not None
    assert alert.acknowledgement_note == "Called Maya within the hour; she is safe."
    assert AccessLogEntry.objects.filter(
        actor=cast["counselor"].user, record_id=str(alert.pk), action="write"
    ).exists()
    # The member reads who followed it up, and cannot mark it herself.
    mine = text_of(client_as("member").get(url).content.decode())
    assert "Followed up by Grace C. on" in mine and "Mark as followed up" not in mine
    assert client_as("member").post(url + "acknowledge/", {"note": "x"}).status_code == 403
    # A second note does not replace the first.
    again = counselor.post(url + "acknowledge/", {"note": "Another note"}, follow=True)
    assert "Someone on the care team has already followed this up." in text_of(
        again.content.decode()
    )
    alert.refresh_from_db()
    assert alert.acknowledgement_note == "Called Maya within the hour; she is safe."


def test_the_api_acknowledges_and_shows_the_follow_up(cast, client_as) -> None:
    administration = flagged_result(cast)
    url = f"/api/v1/assessments/results/{administration.pk}"
    counselor = client_as("counselor")
    assert counselor.get(url).json()["safety"]["acknowledgement"] is None
    bad = counselor.post(url + "/acknowledge", {"note": ""}, content_type="application/json")
    assert bad.status_code == 422 and "Say briefly" in bad.content.decode()
    done = counselor.post(
        url + "/acknowledge", {"note": "Met in person."}, content_type="application/json"
    )
    assert done.status_code == 200
    follow_up = done.json()["safety"]["acknowledgement"]
    assert (follow_up["acknowledged_by"], follow_up["note"]) == ("Grace C.", "Met in person.")
    mine = client_as("member").get(url).json()["safety"]
    assert mine["acknowledgement"]["note"] == "Met in person."
    assert mine["safety_plan_url"] == "/journey/safety-plan/"

"""Results are shared only by consent scope "assessments"; every staff read is logged; export
and erasure cover assessments and the notifications about them."""

from __future__ import annotations

import pytest

from alongside.accounts.models import Role
from alongside.accounts.sensitive import Credential
from alongside.assessments import services
from alongside.assessments.models import Administration, AssessmentSchedule, SafetyAlert
from alongside.notifications.models import InAppNotification
from alongside.privacy import services as privacy
from alongside.privacy.models import AccessLogEntry, Scope

pytestmark = pytest.mark.django_db

BARC = {str(n): 5 for n in range(1, 11)}
PHQ_ITEM9 = {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 1}


def test_another_scope_does_not_share_assessments(cast, client_as) -> None:
    member = cast["member"].user
    administration = services.submit_administration(
        member=member, instrument="barc10", answers=BARC
    )
    privacy.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=[Scope.CHECK_INS, Scope.PLANS],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    client = client_as("counselor")
    assert client.get(f"/assessments/results/{administration.pk}/").status_code == 404
    assert client.get(f"/api/v1/members/{member.pk}/assessments").status_code == 404
    assert not AccessLogEntry.objects.filter(action="read", scope=Scope.ASSESSMENTS).exists()


def test_a_staff_read_of_one_result_is_logged_with_its_id(cast, client_as) -> None:
    member = cast["member"].user
    administration = services.submit_administration(
        member=member, instrument="barc10", answers=BARC
    )
    grant = privacy.grant_access(
        member=member,
        grantee_organization=cast["counselor"].user.memberships.get().organization,
        grantee_role=Role.COUNSELOR,
        scopes=[Scope.ASSESSMENTS],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    response = client_as("counselor").get(f"/api/v1/assessments/results/{administration.pk}")
    assert response.status_code == 200 and response.json()["result"]["total"] == 50
    row = AccessLogEntry.objects.get(action="read")
    assert (row.actor, row.grant, row.record_type, row.record_id, row.interface) == (
        cast["counselor"].user,
        grant,
        "assessments.administration",
        str(administration.pk),
        "api",
    )
    assert (
        client_as("outsider").get(f"/api/v1/assessments/results/{administration.pk}").status_code
        == 404
    )


def test_revoking_stops_the_next_read(cast, client_as) -> None:
    member = cast["member"].user
    services.submit_administration(member=member, instrument="barc10", answers=BARC)
    grant = privacy.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=[Scope.ASSESSMENTS],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    client = client_as("counselor")
    assert client.get(f"/assessments/members/{member.pk}/").status_code == 200
    privacy.revoke_grant(grant=grant, by=member, credential=Credential.for_setup(member))
    assert client.get(f"/assessments/members/{member.pk}/").status_code == 404


def test_shared_with_me_links_to_the_members_assessments(cast, client_as) -> None:
    member = cast["member"].user
    privacy.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=[Scope.ASSESSMENTS],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    page = client_as("counselor").get("/privacy/shared-with-me/").content.decode()
    assert f'href="/assessments/members/{member.pk}/"' in page


def test_the_member_exports_their_results_and_schedules(cast) -> None:
    member = cast["member"].user
    services.submit_administration(member=member, instrument="barc10", answers=BARC)
    services.submit_administration(member=member, instrument="phq9", answers=PHQ_ITEM9)
    services.set_schedule(
        member=member,
        instrument="bam",
        frequency="monthly",
        starts_on=member.local_today(),
        set_by=member,
    )
    data = privacy.collect_member_data(member)["sections"]
    assert [a["result"]["total"] for a in data["assessments"]] == [1, 50]
    assert data["assessments"][1]["answers"] == BARC
    assert data["assessment_schedules"][0]["frequency"] == "monthly"
    assert len(data["assessment_safety_alerts"]) == 1


def test_erasure_deletes_results_schedules_alerts_and_notifications_about_the_member(cast) -> None:
    member = cast["member"].user
    counselor = cast["counselor"].user
    privacy.grant_access(
        member=member,
        grantee_user=counselor,
        scopes=[Scope.ASSESSMENTS],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    original = services.submit_administration(
        member=member, instrument="phq9", answers=PHQ_ITEM9, administered_by=counselor
    )
    services.submit_administration(
        member=member,
        instrument="phq9",
        answers=PHQ_ITEM9,
        corrects=original,
        correction_reason="x",
    )
    services.set_schedule(
        member=member,
        instrument="bam",
        frequency="monthly",
        starts_on=member.local_today(),
        set_by=counselor,
    )
    assert InAppNotification.objects.filter(user=counselor, about=member).count() == 2
    privacy.erase_member(member=member, credential=Credential.for_setup(member))
    assert not Administration.objects.exists()
    assert not AssessmentSchedule.objects.exists()
    assert not SafetyAlert.objects.exists()
    assert not InAppNotification.objects.filter(about=member).exists()
    assert not InAppNotification.objects.filter(user=member).exists()


def test_erasing_a_counselor_keeps_the_results_they_completed_with_members(cast) -> None:
    member = cast["member"].user
    counselor = cast["counselor"].user
    privacy.grant_access(
        member=member,
        grantee_user=counselor,
        scopes=[Scope.ASSESSMENTS],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    administration = services.submit_administration(
        member=member, instrument="barc10", answers=BARC, administered_by=counselor
    )
    privacy.erase_member(member=counselor, credential=Credential.for_setup(counselor))
    administration = Administration.objects.get(pk=administration.pk)
    assert (
        administration.administered_by_id == counselor.pk
        and not administration.administered_by.is_active
    )

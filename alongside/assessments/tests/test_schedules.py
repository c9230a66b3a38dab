"""Schedules set by a counselor or the member; what is due on the home page; reminders."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from alongside.accounts.sensitive import Credential
from alongside.assessments import services
from alongside.assessments.models import AssessmentSchedule
from alongside.assessments.tasks import send_assessment_reminders
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import AccessLogEntry, Scope
from alongside.privacy.services import grant_access

BARC = {str(n): 4 for n in range(1, 11)}
NOON_CHICAGO = datetime.datetime(2026, 3, 2, 18, 0, tzinfo=datetime.UTC)  # 12:00 in Chicago


@pytest.mark.django_db
def test_a_counselor_with_consent_sets_barc10_at_intake_and_every_90_days(cast, client_as) -> None:
    member = cast["member"].user
    url = f"/assessments/members/{member.pk}/schedules/"
    data = {"instrument": "barc10", "frequency": "every_90_days", "starts_on": "2026-03-02"}
    client = client_as("counselor")
    with time_machine.travel(NOON_CHICAGO):
        assert client.post(url, data).status_code == 404  # deny
        grant = grant_access(
            member=member,
            grantee_user=cast["counselor"].user,
            scopes=[Scope.ASSESSMENTS],
            purpose="care",
            credential=Credential.for_setup(member),
        )
        response = client.post(url, data)  # succeed
    assert response.status_code == 302
    schedule = AssessmentSchedule.objects.get()
    assert (schedule.set_by, schedule.organization.slug, schedule.frequency) == (
        cast["counselor"].user,
        "riverbend",
        "every_90_days",
    )
    write = AccessLogEntry.objects.get(action="write", record_type="assessments.assessmentschedule")
    assert (write.actor, write.grant) == (cast["counselor"].user, grant)


@pytest.mark.django_db
def test_a_new_schedule_for_the_same_instrument_replaces_the_running_one(cast) -> None:
    member = cast["member"].user
    first = services.set_schedule(
        member=member,
        instrument="bam",
        frequency="monthly",
        starts_on=member.local_today(),
        set_by=member,
    )
    second = services.set_schedule(
        member=member,
        instrument="bam",
        frequency="weekly",
        starts_on=member.local_today(),
        set_by=member,
    )
    first.refresh_from_db()
    assert first.ended_at is not None and list(AssessmentSchedule.objects.active()) == [second]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"instrument": "barc10", "frequency": "hourly", "starts_on": "2026-03-02"},
            "frequency",
            "Select a valid choice",
        ),
        (
            {"instrument": "barc10", "frequency": "weekly", "starts_on": "2024-01-01"},
            "starts_on",
            "at most a year ago",
        ),
        (
            {"instrument": "asi", "frequency": "weekly", "starts_on": "2026-03-02"},
            "instrument",
            "Select a valid choice",
        ),
    ],
)
def test_bad_schedules_are_refused_beside_the_field(cast, client_as, data, field, message) -> None:
    member = cast["member"].user
    with time_machine.travel(NOON_CHICAGO):
        response = client_as("member").post(f"/assessments/members/{member.pk}/schedules/", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not AssessmentSchedule.objects.exists()


@pytest.mark.django_db
def test_due_assessments_appear_on_the_home_page_until_done(cast, client_as) -> None:
    member = cast["member"].user
    with time_machine.travel(NOON_CHICAGO):
        services.set_schedule(
            member=member,
            instrument="barc10",
            frequency="every_90_days",
            starts_on=datetime.date(2026, 3, 2),
            set_by=cast["counselor"].user,
        )
        home = client_as("member").get("/home/").content.decode()
        assert (
            "One assessment is ready for you." in home
            and 'href="/assessments/take/barc10/"' in home
        )
        services.submit_administration(member=member, instrument="barc10", answers=BARC)
        home = client_as("member").get("/home/").content.decode()
        assert "ready for you" not in home and "next on 31 May 2026" in home
    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=90)):
        assert (
            "One assessment is ready for you." in client_as("member").get("/home/").content.decode()
        )


@pytest.mark.django_db
def test_a_member_without_schedules_sees_no_assessments_card(cast, client_as) -> None:
    assert "h-assessments-due" not in client_as("member").get("/home/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_worker_reminds_once_per_due_occurrence_and_never_twice(cast) -> None:
    member = cast["member"].user
    with time_machine.travel(NOON_CHICAGO):
        services.set_schedule(
            member=member,
            instrument="bam",
            frequency="weekly",
            starts_on=member.local_today(),
            set_by=member,
        )
        services.set_schedule(
            member=cast["member2"].user,
            instrument="phq9",
            frequency="once",
            starts_on=datetime.date(2026, 4, 1),
            set_by=cast["member2"].user,
        )
        call_command("assessment_reminders")
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        call_command("assessment_reminders")
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    reminders = InAppNotification.objects.filter(kind="assessment_due")
    assert [(n.user, n.url) for n in reminders] == [(member, "/assessments/take/bam/")]
    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=2)):
        services.submit_administration(
            member=member,
            instrument="bam",
            answers={
                "1": 1,
                "2": 0,
                "3": 0,
                "4": 0,
                "6": 0,
                "8": 0,
                "9": 2,
                "10": 0,
                "11": 0,
                "12": 2,
                "13": 0,
                "14": "yes",
                "15": 0,
                "16": 0,
                "17": 2,
            },
        )
        assert send_assessment_reminders.call() == 0
    with time_machine.travel(NOON_CHICAGO + datetime.timedelta(days=7)):
        assert send_assessment_reminders.call() == 1  # next week's occurrence
        assert send_assessment_reminders.call() == 0
    assert InAppNotification.objects.filter(kind="assessment_due").count() == 2


@pytest.mark.django_db
def test_ending_a_schedule_keeps_its_history(cast, client_as) -> None:
    member = cast["member"].user
    schedule = services.set_schedule(
        member=member,
        instrument="bam",
        frequency="weekly",
        starts_on=member.local_today(),
        set_by=member,
    )
    response = client_as("member").post(f"/assessments/schedules/{schedule.pk}/end/", follow=True)
    schedule.refresh_from_db()
    assert schedule.ended_at is not None and schedule.ended_by == member
    assert "The schedule has ended" in response.content.decode()
    assert schedule.ended_at <= timezone.now()

"""Adherence as Maya's care team reads it: sessions attended, medication taken (only while she
shares medication), plan objectives met, scheduled assessments completed (only while she shares
assessments); a line per client for Dr. Chen's lists in a fixed number of queries, and Maya's
page month by month with accessible charts and the same numbers as tables. Casey, a counselor
elsewhere without her consent, gets 404 everywhere."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts.models import User
from alongside.accounts.sensitive import Credential
from alongside.assessments import services as assessments
from alongside.assessments.models import AssessmentSchedule
from alongside.counseling.models import AppointmentStatus, AttendanceStatus, PlanStatus
from alongside.counseling.services import adherence
from alongside.counseling.tests.adherence_fixtures import note, plan, session, share
from alongside.journey.services import record_check_in, start_track
from alongside.privacy.models import AccessLogEntry, Scope
from alongside.privacy.services import revoke_grant
from alongside.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

# Noon in Chicago, Maya's time zone: Tuesday 15 June 2027.
NOW = datetime.datetime(2027, 6, 15, 17, 0, tzinfo=datetime.UTC)
BARC = {str(i): 4 for i in range(1, 11)}
EVERYTHING = [Scope.COUNSELING, Scope.MEDICATION, Scope.ASSESSMENTS]


def at(month: int, day: int, hour: int = 15) -> datetime.datetime:
    return datetime.datetime(2027, month, day, hour, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def maya(cast, frozen):
    """Six months of Maya's counseling, and her medication answers and weekly BARC-10."""
    member, chen = cast["member"].user, cast["counselor"].user
    for when, came in [
        (at(2, 10), AttendanceStatus.ATTENDED),
        (at(5, 5), AttendanceStatus.ATTENDED),
        (at(5, 12), AttendanceStatus.NO_SHOW),
        (at(6, 2), AttendanceStatus.LATE_CANCEL),
        (at(6, 9), AttendanceStatus.ATTENDED),
        # None of these counts: a cancellation in good time, one ahead, one Dr. Chen called off.
        (at(4, 7), AttendanceStatus.CANCELLED),
        (at(6, 20), AttendanceStatus.EXPECTED),
    ]:
        session(member, chen, when, came)
    session(member, chen, at(4, 14), AttendanceStatus.EXPECTED, status=AppointmentStatus.CANCELLED)
    on_medication(member)
    for day, took in [((5, 20), True), ((6, 1), True), ((6, 2), True), ((6, 3), False)]:
        record_check_in(
            member=member, on=datetime.date(2027, *day), mood=3, craving=2, took_medication=took
        )
    first = plan(member, chen, ["open", "open"], written_at=at(2, 1))
    plan(member, chen, ["met", "open"], written_at=at(5, 10), existing=first.plan)
    assessments.set_schedule(
        member=member,
        instrument="barc10",
        frequency="weekly",
        starts_on=datetime.date(2027, 5, 3),
        set_by=member,
    )
    for day in (4, 18):
        assessments.submit_administration(
            member=member, instrument="barc10", answers=BARC, taken_at=at(5, day)
        )
    assessments.submit_administration(
        member=member, instrument="barc10", answers=BARC, taken_at=at(6, 8)
    )
    return member


# ---------------------------------------------------------------- the summary


def test_the_summary_counts_what_each_client_shares_over_the_last_90_days(cast, maya) -> None:
    chen, jordan = cast["counselor"].user, cast["member2"].user
    share(maya, chen, EVERYTHING)
    share(jordan, chen, [Scope.COUNSELING])
    session(jordan, chen, at(6, 1))

    found = adherence.summary(chen, [maya, jordan])

    mine = found[maya.pk]
    assert mine.attendance == adherence.Attendance(attended=2, no_show=1, late_cancel=1)
    assert mine.attendance.rate == 50
    assert mine.medication == adherence.Ratio(3, 4)
    assert mine.objectives == adherence.Ratio(1, 2)
    # Weekly from 3 May: seven came due by 15 June; done in the weeks of 3 May, 17 May, 7 June.
    assert mine.assessments == adherence.Ratio(3, 7)
    assert mine.line == (
        "attended 2 of 4 sessions (50%), 1 no-show, 1 late cancellation; medication taken 3 of "
        "4 answers (75%); 1 of 2 plan objectives met; 3 of 7 scheduled assessments completed"
    )
    # Jordan shares counseling only: nothing of his medication or assessments is read.
    theirs = found[jordan.pk]
    assert (theirs.medication, theirs.assessments) == (None, None)
    assert theirs.line == "attended 1 of 1 session (100%); no plan objectives yet"


def test_nobody_is_summarised_for_a_counselor_they_do_not_share_counseling_with(cast, maya) -> None:
    chen, casey = cast["counselor"].user, cast["outsider"].user
    assert adherence.summary(casey, [maya]) == {}
    grant = share(maya, chen, [Scope.MEDICATION, Scope.ASSESSMENTS])
    assert adherence.summary(chen, [maya]) == {}  # medication alone opens no counseling

    share(maya, chen, [Scope.COUNSELING])
    assert set(adherence.summary(chen, [maya])) == {maya.pk}
    revoke_grant(grant=grant, by=maya, credential=Credential.for_setup(maya))
    assert adherence.summary(chen, [maya])[maya.pk].medication is None


def test_the_summary_reads_as_many_queries_for_twelve_clients_as_for_two(cast, frozen) -> None:
    chen = cast["counselor"].user

    def client(member: User) -> User:
        share(member, chen, EVERYTHING)
        session(member, chen, at(6, 1))
        on_medication(member)
        record_check_in(member=member, on=datetime.date(2027, 6, 1), mood=3, craving=1,
                        took_medication=True)  # fmt: skip
        plan(member, chen, ["met"])
        assessments.set_schedule(
            member=member,
            instrument="barc10",
            frequency="monthly",
            starts_on=datetime.date(2027, 5, 1),
            set_by=member,
        )
        assessments.submit_administration(member=member, instrument="barc10", answers=BARC)
        return member

    members = [client(member) for member in UserFactory.create_batch(12)]
    adherence.summary(chen, members[:1])  # who Dr. Chen is, read once per request anyway
    with CaptureQueriesContext(connection) as two:
        few = adherence.summary(chen, members[:2])
    with CaptureQueriesContext(connection) as twelve:
        many = adherence.summary(chen, members)

    assert len(twelve) == len(two) <= 6
    assert len(few) == 2 and len(many) == 12
    assert all(
        s.attendance.attended == 1 and s.objectives == adherence.Ratio(1, 1) for s in many.values()
    )
    assert all(s.assessments == adherence.Ratio(1, 2) for s in many.values())


# ---------------------------------------------------------------- month by month


def test_maya_adherence_month_by_month_in_her_time_zone(maya) -> None:
    found = adherence.adherence_of(maya, medication=_answers(maya), assessments=True)

    assert found.months == [datetime.date(2027, m, 1) for m in range(1, 7)]
    assert [a.rate for a in found.attendance] == [None, 100, None, None, 50, 50]
    assert [r.rate for r in found.medication or []] == [None] * 4 + [100, 67]
    # Version 1 (nothing met) from February, version 2 (one met) from 10 May.
    assert [(r.done, r.of) for r in found.objectives] == [(0, 0)] + [(0, 2)] * 3 + [(1, 2)] * 2
    assert [(r.done, r.of) for r in found.assessments or []] == [(0, 0)] * 4 + [(2, 5), (1, 2)]
    assert found.summary.attendance == adherence.Attendance(3, 1, 1)


def test_a_closed_plan_leaves_the_objectives(cast, maya) -> None:
    plan(maya, cast["counselor"].user, ["open"] * 4, status=PlanStatus.CLOSED)
    found = adherence.adherence_of(maya, medication=None, assessments=False)
    assert found.objectives[-1] == adherence.Ratio(1, 2)
    assert (found.medication, found.assessments) == (None, None)


def on_medication(member) -> None:
    start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=datetime.date(2027, 1, 1),
        on_medication=True,
    )


def _answers(member):
    from alongside.journey.models import CheckIn

    return CheckIn.objects.for_member(member)


@pytest.mark.parametrize(
    ("frequency", "done", "expected"),
    [
        # Each occurrence is kept by a completion on or after it and before the next one.
        ("weekly", [(5, 3)], [((5, 3), True), ((5, 10), False)]),
        ("weekly", [(5, 9)], [((5, 3), True), ((5, 10), False)]),
        ("weekly", [(5, 2), (5, 12)], [((5, 3), False), ((5, 10), True)]),
        ("monthly", [(5, 31)], [((5, 3), True)]),
        ("once", [(5, 15)], [((5, 3), True)]),
        ("once", [], [((5, 3), False)]),
    ],
)
def test_a_scheduled_assessment_is_kept_by_one_completed_before_the_next_opens(
    cast, frequency, done, expected
) -> None:
    schedule = AssessmentSchedule(
        member=cast["member"].user,
        instrument="barc10",
        frequency=frequency,
        starts_on=datetime.date(2027, 5, 3),
    )
    days = [datetime.date(2027, *d) for d in done]
    found = adherence.kept(schedule, days, datetime.date(2027, 1, 1), datetime.date(2027, 5, 16))
    assert found == [(datetime.date(2027, *d), k) for d, k in expected]


# ---------------------------------------------------------------- pages and API


def test_dr_chen_reads_maya_adherence_as_charts_with_the_same_numbers_in_tables(
    cast, client_as, maya
) -> None:
    share(maya, cast["counselor"].user, EVERYTHING)

    page = client_as("counselor").get(f"/counseling/clients/{maya.pk}/").content.decode()

    assert "<h1>Maya O.</h1>" in page
    for heading in (
        "Appointments attended",
        "Medication taken, from check-ins",
        "Treatment plan objectives met",
        "Scheduled assessments completed",
    ):
        assert f">{heading}</h3>" in page
    assert page.count('role="img"') == 4
    assert '<title id="chart-title-attendance">Share of sessions attended each month' in page
    assert (
        "January 2027: none; February 2027: 100%; March 2027: none; April 2027: none; "
        "May 2027: 50%; June 2027: 50%</desc>" in page
    )
    assert "Over the last 6 months: attended 3 of 5 sessions (60%), 1 no-show, 1 late" in page
    row = re.search(r"<th scope=\"row\">May 2027</th>(.*?)</tr>", page).group(1)
    assert '<td data-label="Attended">1</td><td data-label="No-show">1</td>' in row
    assert '<td data-label="Attended (rate)">50%</td>' in row
    assert "3 of 7 scheduled assessments completed" in page


def test_medication_and_assessments_show_only_while_maya_shares_them(cast, client_as, maya) -> None:
    chen = cast["counselor"].user
    share(maya, chen, [Scope.COUNSELING])
    counselor = client_as("counselor")

    page = counselor.get(f"/counseling/clients/{maya.pk}/").content.decode()
    assert "Medication taken" not in page and "Scheduled assessments" not in page
    assert page.count('role="img"') == 2
    api = counselor.get(f"/api/v1/members/{maya.pk}/counseling/adherence").json()
    assert api["summary"]["medication"] is None and api["months"][-1]["medication"] is None

    share(maya, chen, [Scope.MEDICATION])
    page = counselor.get(f"/counseling/clients/{maya.pk}/").content.decode()
    assert "Medication taken, from check-ins" in page
    looked = AccessLogEntry.objects.filter(member=maya, actor=chen, action="read")
    assert looked.filter(scope=Scope.MEDICATION, record_type="journey.checkin").count() == 1


def test_every_look_at_a_client_is_logged_under_counseling(cast, client_as, maya) -> None:
    chen = cast["counselor"].user
    grant = share(maya, chen, [Scope.COUNSELING])

    client_as("counselor").get(f"/counseling/clients/{maya.pk}/")
    client_as("counselor").get(f"/api/v1/members/{maya.pk}/counseling")

    rows = AccessLogEntry.objects.filter(member=maya, actor=chen, scope=Scope.COUNSELING)
    assert sorted(rows.values_list("interface", flat=True)) == ["api", "page"]
    assert {r.grant for r in rows} == {grant}


def test_casey_and_a_counselor_without_consent_get_404(cast, client_as, maya) -> None:
    urls = [
        f"/counseling/clients/{maya.pk}/",
        f"/api/v1/members/{maya.pk}/counseling",
        f"/api/v1/members/{maya.pk}/counseling/adherence",
    ]
    for url in urls:
        assert client_as("outsider").get(url).status_code == 404
        assert client_as("counselor").get(url).status_code == 404
    share(maya, cast["outsider"].user, [Scope.COUNSELING])  # a grant to a person elsewhere
    for url in urls:
        assert client_as("outsider").get(url).status_code == 200
    assert client_as("counselor").get(urls[0]).status_code == 404
    assert client_as("outsider").get("/counseling/clients/").content.decode().count("Maya O.") == 1


def test_the_client_list_gives_each_client_a_line(cast, client_as, maya) -> None:
    chen = cast["counselor"].user
    share(maya, chen, EVERYTHING)

    page = client_as("counselor").get("/counseling/clients/").content.decode()
    api = client_as("counselor").get("/api/v1/counseling/clients").json()

    assert f'<a href="/counseling/clients/{maya.pk}/">Maya O.</a>' in page
    assert "Attended 2 of 4 sessions (50%), 1 no-show, 1 late cancellation; medication" in page
    assert [c["member_id"] for c in api] == [maya.pk]
    assert api[0]["summary"]["attendance"] == {
        "attended": 2,
        "no_show": 1,
        "late_cancel": 1,
        "rate": 50,
    }
    assert api[0]["summary"]["assessments"] == {"done": 3, "of": 7, "rate": 43}
    # Nobody on the list of a counselor nobody shares with, nor of a member.
    assert "Nobody shares their counseling records with you yet" in (
        client_as("outsider").get("/counseling/clients/").content.decode()
    )
    assert (
        "This page is for counselors"
        in client_as("member").get("/counseling/clients/").content.decode()
    )


def test_maya_sees_what_her_counselors_see_without_the_alert_desk(cast, client_as, maya) -> None:
    session_with_note = session(maya, cast["counselor"].user, at(6, 14))
    note(maya, cast["counselor"].user, session_with_note, addendum="She called back on Monday.")
    note(maya, cast["counselor"].user, signed=False)  # a draft: Dr. Chen's alone

    page = client_as("member").get(f"/counseling/clients/{maya.pk}/").content.decode()

    assert "What your counselors see of your counseling" in page
    assert "Safety alerts" not in page
    assert "This record which has been disclosed to you is protected by Federal" in page
    assert page.count('data-field="signed_at"') == 1
    assert "She called back on Monday." in page
    assert not AccessLogEntry.objects.filter(member=maya, action="read").exists()


def test_the_records_api_lists_appointments_plans_and_notes_with_the_notice(
    cast, client_as, maya
) -> None:
    chen = cast["counselor"].user
    share(maya, chen, [Scope.COUNSELING])
    draft = note(maya, chen, signed=False)

    body = client_as("counselor").get(f"/api/v1/members/{maya.pk}/counseling").json()

    assert body["notice"].startswith("This record which has been disclosed to you")
    assert [a["attendance"] for a in body["appointments"][:2]] == ["expected", "attended"]
    assert body["plans"][0]["number"] == 2 and len(body["plans"]) == 1
    assert body["plans"][0]["problems"][0]["goals"][0]["objectives"][0]["status"] == "met"
    assert [n["id"] for n in body["notes"]] == [draft.pk]  # Dr. Chen's own draft
    assert client_as("member").get(f"/api/v1/members/{maya.pk}/counseling").json()["notes"] == []

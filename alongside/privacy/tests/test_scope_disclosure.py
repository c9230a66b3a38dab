"""Consent says exactly what it shares: the words on the consent screen, the pages a grantee
reads and the API a grantee calls all name the same fields, those `privacy.scopes` lists; the
check-ins scope never hands over the note, the gratitude line or the medication answer; a
milestones grant can be limited to some tracks, and then never reveals the others."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import pytest

from alongside.accounts.sensitive import Credential
from alongside.journey import services as journey
from alongside.journey.models import Celebration
from alongside.notifications.models import InAppNotification
from alongside.privacy import services
from alongside.privacy.models import ConsentGrant, Scope
from alongside.privacy.scopes import DISCLOSURES, NEVER, produced_scopes
from alongside.testing.factories import worksheets_to_share

pytestmark = pytest.mark.django_db

NOTE = "Told no one about Friday"
GRATITUDE = "grateful for my sister"


class SharedCells(HTMLParser):
    """The `data-field` of every cell in each `data-record` section of a grantee's page."""

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[str, list[list[str]]] = {}
        self._record: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "data-record" in found:
            self._record = found["data-record"]
            self.records.setdefault(self._record, [])  # type: ignore[arg-type]  # the attribute has a value
        elif tag == "tr" and self._record is not None:
            self.records[self._record].append([])
        elif tag == "td" and self._record is not None and "data-field" in found:
            self.records[self._record][-1].append(found["data-field"] or "")


def page_fields(html: str) -> dict[str, tuple[str, ...]]:
    """Per record kind, the fields its rows show (every row must show the same ones)."""
    parser = SharedCells()
    parser.feed(html)
    shown = {}
    for record, rows in parser.records.items():
        rows = [r for r in rows if r]  # the header row has no data cells
        assert rows, f"no {record} rows on the page to compare"
        assert all(r == rows[0] for r in rows), record
        shown[record] = tuple(rows[0])
    return shown


def api_fields(body: dict | list, records: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    lists = {records[0]: body} if isinstance(body, list) else {r: body[r] for r in records}
    shown = {}
    for record, rows in lists.items():
        assert rows, f"no {record} rows in the API to compare"
        shown[record] = tuple(k for k in rows[0] if k != "id")  # ids address a record, say nothing
    return shown


@pytest.fixture
def maya(cast):
    """Maya with something in every shared record kind: a track on medication 40 days in (and
    one 100 days in), check-ins with notes, a symptom log, a full plan, a meeting she went to,
    and counseling records."""
    member = cast["member"].user
    today = member.local_today()
    alcohol = journey.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=today - datetime.timedelta(days=40),
        on_medication=True,
    )
    opioids = journey.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Opioids",
        sobriety_on=today - datetime.timedelta(days=100),
    )
    trigger = journey.add_trigger(member=member, kind="places", name="the old block")
    coping = journey.add_coping_strategy(member=member, text="call Sam", trigger_ids=[trigger.pk])
    journey.record_check_in(
        member=member,
        on=today - datetime.timedelta(days=1),
        mood=2,
        craving=6,
        hungry=True,
        sleep_hours=6,
        attended_meeting=True,
        note=NOTE,
        gratitude=GRATITUDE,
        took_medication=True,
        triggers=[trigger.pk],
        coping_used=[coping.pk],
    )
    journey.record_check_in(
        member=member, mood=4, craving=1, note=NOTE, gratitude=GRATITUDE, took_medication=False
    )
    goal = journey.add_goal(member=member, domain="health", title="Sleep eight hours")
    journey.add_step(goal=goal, text="No screens after ten")
    journey.add_warning_sign(member=member, text="skipping meals")
    journey.choose_symptoms(member=member, is_enabled=True, kinds=["anxiety"], new_own="pacing")
    anxiety, pacing = journey.symptom_setup(member).symptoms
    journey.record_symptom_log(
        member=member, mood_state="down", intensities={anxiety.pk: 6, pacing.pk: 2}
    )
    journey.add_support_contact(
        member=member, name="Ada", phone="312-555-0199", relationship="sister"
    )
    journey.add_if_then_plan(member=member, if_text="I pass the bar", then_text="call Sam")
    journey.save_safety_plan(member=member, reason_for_living="my kids")
    journey.sync_celebrations(member=member)
    _attend(member)
    _assess(member, cast["counselor"].user)
    _counsel(member, cast["counselor"].user)
    _live_in_a_house(member)
    worksheet = journey.save_worksheet(
        member=member,
        tool_key="mi_change_plan",
        answers={"changes": "No drinking on weeknights", "why": "the kids", "steps": "tell Sam"},
    )
    return {"member": member, "alcohol": alcohol, "opioids": opioids, "worksheet": worksheet}


def _attend(member) -> None:
    from django.utils import timezone

    from alongside.meetings import services as meetings
    from alongside.meetings.catalog import ensure_programs
    from alongside.meetings.models import Meeting, Program

    ensure_programs()
    meeting = meetings.save_meeting(
        meeting=Meeting(
            slug="smart-daily",
            name="SMART daily check-in",
            program=Program.objects.get(slug="smart"),
            days=list(range(7)),
            start_time=datetime.time(18, 0),
            time_zone="America/Chicago",
            attendance="online",
            conference_url="https://zoom.us/j/1",
            openness="open",
        )
    )
    meetings.record_manual_attendance(
        member=member, meeting=meeting, on=(timezone.now() - datetime.timedelta(days=5)).date()
    )


def _live_in_a_house(member) -> None:
    """Maya has lived at Riverbend's Lakeview House for a month, in Phase 1."""
    from alongside.accounts.models import Organization
    from alongside.housing.models import Bed, House, Stay, StayPhase

    house = House.objects.create(
        organization=Organization.objects.get(slug="riverbend"),
        name="Lakeview House",
        slug="lakeview-house",
        city="Chicago",
    )
    moved_in = member.local_today() - datetime.timedelta(days=30)
    stay = Stay.objects.create(
        house=house,
        bed=Bed.objects.create(house=house, label="A"),
        resident=member,
        status="current",
        move_in_on=moved_in,
    )
    StayPhase.objects.create(stay=stay, name="Phase 1", starts_on=moved_in)


def _assess(member, counselor) -> None:
    from alongside.assessments import services as assessments

    assessments.submit_administration(
        member=member, instrument="phq9", answers={str(i): 1 for i in range(1, 10)}
    )
    first = assessments.submit_administration(
        member=member,
        instrument="barc10",
        answers={str(i): 4 for i in range(1, 11)},
        administered_by=counselor,
    )
    assessments.submit_administration(
        member=member,
        instrument="barc10",
        answers={str(i): 5 for i in range(1, 11)},
        corrects=first,
        correction_reason="read item 3 wrong",
    )


def _counsel(member, counselor) -> None:
    """A session she attended, her treatment plan, and a signed session note with an addendum
    (straight in the tables: the counseling services are not this test's subject)."""
    from django.utils import timezone

    from alongside.accounts.models import Organization
    from alongside.counseling.models import (
        Addendum,
        Appointment,
        AttendanceStatus,
        Attendee,
        NoteFormat,
        PlanVersion,
        SessionNote,
        TreatmentPlan,
    )

    riverbend = Organization.objects.get(slug="riverbend")
    start = timezone.now() - datetime.timedelta(days=7)
    session = Appointment.objects.create(
        organization=riverbend,
        counselor=counselor,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=50),
    )
    Attendee.objects.create(appointment=session, member=member, status=AttendanceStatus.ATTENDED)
    plan = TreatmentPlan.objects.create(member=member, counselor=counselor, organization=riverbend)
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        written_by=counselor,
        content={
            "asam": [{"dimension": "1", "rating": 2, "note": "withdrawal managed"}],
            "problems": [
                {
                    "id": "p1",
                    "text": "Drinking after work",
                    "dimension": "4",
                    "goals": [
                        {
                            "id": "g1",
                            "text": "Evenings without alcohol",
                            "objectives": [
                                {"id": "o1", "text": "No drinks Mon–Thu", "status": "met"}
                            ],
                        }
                    ],
                    "interventions": [
                        {"id": "i1", "what": "CBT", "who": "Dr. Chen", "how_often": "weekly"}
                    ],
                }
            ],
        },
    )
    note = SessionNote.objects.create(
        member=member,
        author=counselor,
        organization=riverbend,
        appointment=session,
        format=NoteFormat.DAP,
        sections={"data": "Talked about work.", "assessment": "Steady.", "plan": "Next week."},
        signed_at=timezone.now(),
    )
    Addendum.objects.create(note=note, author=counselor, text="Her sister joined at the end.")


# What a grantee reads, per scope: the page and the API route.
# A record kind the API serves on a route of its own (the page shows it with the others).
API_ROUTES = {"symptom_logs": "/api/v1/members/{m}/symptom-logs"}
READERS = {
    Scope.CHECK_INS: ("/journey/members/{m}/check-ins/", "/api/v1/members/{m}/check-ins"),
    Scope.CHECK_IN_SUMMARY: (
        "/family/members/{m}/check-ins/",
        "/api/v1/family/members/{m}/check-ins",
    ),
    Scope.MEDICATION: ("/journey/members/{m}/medication/", "/api/v1/members/{m}/medication"),
    Scope.MILESTONES: ("/journey/members/{m}/milestones/", "/api/v1/members/{m}/milestones"),
    Scope.PLANS: ("/journey/members/{m}/plans/", "/api/v1/members/{m}/plans"),
    Scope.WORKSHEETS: ("/journey/members/{m}/worksheets/", "/api/v1/members/{m}/worksheets"),
    Scope.ATTENDANCE: ("/meetings/members/{m}/attendance/", "/api/v1/members/{m}/attendance"),
    Scope.ASSESSMENTS: ("/assessments/members/{m}/", "/api/v1/members/{m}/assessments"),
    Scope.COUNSELING: ("/counseling/clients/{m}/", "/api/v1/members/{m}/counseling"),
    Scope.HOUSING: ("/housing/residents/{m}/", "/api/v1/members/{m}/housing"),
}
# Who reads a scope, where a counselor does not: a resident's stays are their house managers'.
GRANTEES = {Scope.HOUSING: "house_manager"}


def test_every_scope_that_lists_fields_has_its_readers_compared_here() -> None:
    assert {s for s, d in DISCLOSURES.items() if d.records} == set(READERS)
    assert set(DISCLOSURES) == set(Scope)


@pytest.mark.parametrize("scope", list(READERS))
def test_the_page_and_the_api_show_a_grantee_exactly_the_fields_the_registry_lists(
    cast, client_as, maya, scope
) -> None:
    member = maya["member"]
    grantee = GRANTEES.get(scope, "counselor")
    services.grant_access(
        member=member,
        grantee_user=cast[grantee].user,
        scopes=[scope],
        worksheets=[maya["worksheet"].pk],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    counselor = client_as(grantee)
    page_url, api_url = READERS[scope]
    listed = {r.key: r.names for r in DISCLOSURES[scope].records}

    page = counselor.get(page_url.format(m=member.pk))
    api = counselor.get(api_url.format(m=member.pk))

    assert page.status_code == api.status_code == 200
    assert page_fields(page.content.decode()) == listed
    in_main = tuple(r for r in listed if r not in API_ROUTES)
    from_api = api_fields(api.json(), in_main)
    for record in set(listed) - set(in_main):
        own = counselor.get(API_ROUTES[record].format(m=member.pk))
        assert own.status_code == 200
        from_api |= api_fields(own.json(), (record,))
    assert from_api == listed


@pytest.mark.parametrize("scope", list(Scope))
def test_the_consent_screen_names_every_field_a_scope_shares(cast, client_as, scope) -> None:
    client = client_as("member", reauthenticated=True)
    form = client.get("/privacy/share/").content.decode()
    if scope not in produced_scopes():  # nothing shares through it yet: it is not offered
        assert f'data-scope-words="{scope.value}"' not in form
        return
    words = form.split(f'data-scope-words="{scope.value}">', 1)[1].split("</p>", 1)[0]
    # Counseling records go only to a counselor; every other scope may go to a mentor.
    grantee = cast["counselor" if scope == Scope.COUNSELING else "mentor"].user
    grant = services.grant_access(
        member=cast["member"].user,
        grantee_user=grantee,
        scopes=[scope],
        worksheets=worksheets_to_share(cast["member"].user, [scope]),
        purpose="x",
        credential=Credential.for_setup(cast["member"].user),
    )
    detail = client.get(f"/privacy/grants/{grant.pk}/").content.decode()
    api = next(g for g in client.get("/api/v1/privacy/grants").json() if g["id"] == grant.pk)

    for record in DISCLOSURES[scope].records:
        for field in record.fields:
            label = str(field.label).replace("'", "&#x27;")
            assert label in words, (scope, field.name)
            assert label in detail, (scope, field.name)
            assert str(field.label) in api["will_see"][0], (scope, field.name)
    assert str(DISCLOSURES[scope].summary).replace("'", "&#x27;") in words
    for line in NEVER:
        assert str(line) in " ".join(api["will_not_see"])


def test_check_ins_never_show_a_grantee_the_note_gratitude_or_medication_until_medication_is_shared(
    cast, client_as, maya
) -> None:
    member = maya["member"]
    services.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=[Scope.CHECK_INS],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    counselor = client_as("counselor")

    page = counselor.get(f"/journey/members/{member.pk}/check-ins/").content.decode()
    api = counselor.get(f"/api/v1/members/{member.pk}/check-ins")
    assert "Low" in page and api.json()[0]["mood"] == 4  # what the grant covers shows
    for shown in (page, api.content.decode()):
        assert NOTE not in shown and GRATITUDE not in shown
        assert "took_medication" not in shown and "medication" not in shown.lower()
    assert counselor.get(f"/journey/members/{member.pk}/medication/").status_code == 404
    assert counselor.get(f"/api/v1/members/{member.pk}/medication").status_code == 404

    services.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=[Scope.MEDICATION],
        purpose="MOUD",
        credential=Credential.for_setup(member),
    )
    page = counselor.get(f"/journey/members/{member.pk}/medication/").content.decode()
    body = counselor.get(f"/api/v1/members/{member.pk}/medication").json()
    assert [r["took_medication"] for r in body["medication"]] == [False, True]
    assert (
        'data-field="took_medication">No<' in page and 'data-field="took_medication">Yes<' in page
    )
    # Sharing medication adds nothing to check-ins, and never the note or the gratitude line.
    again = counselor.get(f"/api/v1/members/{member.pk}/check-ins").content.decode()
    assert (
        "took_medication" not in again
        and NOTE not in page + again
        and GRATITUDE not in page + again
    )


def test_a_milestones_grant_limited_to_one_track_never_reveals_the_other(
    cast, client_as, maya
) -> None:
    member, alcohol, opioids = maya["member"], maya["alcohol"], maya["opioids"]
    client = client_as("member", reauthenticated=True)
    response = client.post(
        "/privacy/share/",
        {
            "grantee_kind": "person",
            "grantee_user": cast["mentor"].user.pk,
            "scopes": ["milestones"],
            "milestone_tracks": [alcohol.pk],
            "purpose": "cheer me on",
        },
    )
    assert response.status_code == 302
    assert ConsentGrant.objects.get(member=member).milestone_tracks == [alcohol.pk]
    mentor = client_as("mentor")

    page = mentor.get(f"/journey/members/{member.pk}/milestones/").content.decode()
    body = mentor.get(f"/api/v1/members/{member.pk}/milestones").json()
    assert "Alcohol" in page and [t["track"] for t in body["tracks"]] == ["Alcohol"]
    assert [c["track"] for c in body["celebrations"]] == ["Alcohol"]
    assert "Opioids" not in page and "Opioids" not in str(body)
    hidden = Celebration.objects.get(track=opioids)
    assert mentor.get(f"/journey/celebrations/{hidden.pk}/").status_code == 404
    assert mentor.get(f"/api/v1/celebrations/{hidden.pk}").status_code == 404
    assert (
        mentor.post(
            f"/api/v1/celebrations/{hidden.pk}/congratulations",
            {"message": "hi"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert not hidden.congratulations.exists()
    shown = Celebration.objects.get(track=alcohol)
    assert mentor.get(f"/api/v1/celebrations/{shown.pk}").status_code == 200
    # The grant detail says which tracks it covers.
    grant = ConsentGrant.objects.get(member=member)
    assert (
        "only these tracks: Alcohol" in client.get(f"/privacy/grants/{grant.pk}/").content.decode()
    )


def test_a_celebration_on_a_track_outside_the_grant_is_not_announced_to_the_grantee(
    cast, maya
) -> None:
    member, alcohol, opioids = maya["member"], maya["alcohol"], maya["opioids"]
    services.grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=[Scope.MILESTONES],
        milestone_tracks=[alcohol.pk],
        purpose="cheer me on",
        credential=Credential.for_setup(member),
    )
    today = member.local_today()
    for track, days in ((opioids, 90), (alcohol, 60)):
        journey.update_track(track=track, sobriety_on=today - datetime.timedelta(days=days))
    journey.sync_celebrations(member=member)
    notices = InAppNotification.objects.filter(user=cast["mentor"].user)
    urls = {n.url for n in notices}
    assert urls == {
        f"/journey/celebrations/{Celebration.objects.get(track=alcohol, milestone_key='60d').pk}/"
    }


def test_milestones_show_no_attempts_or_longest_stretch_after_a_relapse(
    cast, client_as, maya
) -> None:
    member = maya["member"]
    journey.record_relapse(
        track=maya["opioids"], used_on=member.local_today() - datetime.timedelta(days=3)
    )
    services.grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=[Scope.MILESTONES],
        purpose="x",
        credential=Credential.for_setup(member),
    )
    mentor = client_as("mentor")
    page = mentor.get(f"/journey/members/{member.pk}/milestones/").content.decode()
    api = mentor.get(f"/api/v1/members/{member.pk}/milestones").content.decode()
    for shown in (page, api):
        assert "Longest stretch" not in shown and "longest_days" not in shown
        assert "attempts" not in shown and "lapses" not in shown and "on_medication" not in shown


def test_the_grant_form_refuses_a_track_that_is_not_the_members_and_creates_nothing(
    cast, client_as, maya
) -> None:
    others = journey.start_track(
        member=cast["member2"].user,
        kind="substance",
        goal="abstinence",
        name="Cannabis",
        sobriety_on=datetime.date(2025, 1, 1),
    )
    client = client_as("member", reauthenticated=True)
    response = client.post(
        "/privacy/share/",
        {
            "grantee_kind": "person",
            "grantee_user": cast["mentor"].user.pk,
            "scopes": ["milestones"],
            "milestone_tracks": [maya["alcohol"].pk, others.pk],
            "purpose": "cheer me on",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_milestone_tracks_error">Choose from your own tracks.' in page
    assert 'value="cheer me on"' in page  # what was typed is kept
    assert "Cannabis" not in page
    assert not ConsentGrant.objects.exists()


@pytest.mark.parametrize(
    "tracks", ["negative", "zero", "beyond 64 bits", "other", "mixed", "empty"]
)
def test_the_api_refuses_a_track_that_is_not_the_members_with_a_field_error_and_creates_nothing(
    cast, client_as, maya, tracks
) -> None:
    others = journey.start_track(
        member=cast["member2"].user,
        kind="substance",
        goal="abstinence",
        name="Cannabis",
        sobriety_on=datetime.date(2025, 1, 1),
    )
    chosen = {
        "negative": [-1],
        "zero": [0],
        "beyond 64 bits": [2**63],
        "other": [others.pk],
        "mixed": [maya["alcohol"].pk, others.pk],
        "empty": [],
    }[tracks]
    response = client_as("member", reauthenticated=True).post(
        "/api/v1/privacy/grants",
        {
            "scopes": ["milestones"],
            "purpose": "cheer me on",
            "grantee_user_id": cast["mentor"].user.pk,
            "milestone_tracks": chosen,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert any("milestone_tracks" in str(f) for f in error["fields"]), error
    assert not ConsentGrant.objects.exists()


def test_the_api_limits_a_milestones_grant_to_the_tracks_chosen(cast, client_as, maya) -> None:
    response = client_as("member", reauthenticated=True).post(
        "/api/v1/privacy/grants",
        {
            "scopes": ["milestones"],
            "purpose": "cheer me on",
            "grantee_user_id": cast["mentor"].user.pk,
            "milestone_tracks": [maya["opioids"].pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["milestone_tracks"] == [maya["opioids"].pk]
    assert "only these tracks: Opioids" in response.json()["will_see"][0]
    body = client_as("mentor").get(f"/api/v1/members/{maya['member'].pk}/milestones").json()
    assert [t["track"] for t in body["tracks"]] == ["Opioids"]

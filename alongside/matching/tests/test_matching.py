"""Assignment runs at Riverbend: the hard constraints hold and every pair is explained; nobody
hears anything until a supervisor or admin approves; approving makes the caseload assignments
and mentor relationships and tells both people; a run is decided once; a pair that no longer
holds refuses the whole approval and saves nothing; only the organization's admins and
supervisors decide (page and API alike); and when a peer specialist leaves, one run and one
approval leave nobody without a specialist."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts import services as accounts
from alongside.accounts.models import Membership, Organization, Role, User
from alongside.accounts.sensitive import Credential
from alongside.caseload import services as caseload
from alongside.caseload.models import CaseRecord
from alongside.lib import assignment
from alongside.matching import services
from alongside.matching.models import (
    AssignmentRun,
    CaseloadSetting,
    ProgramEnrolment,
    ProposedPair,
    RunKind,
    RunStatus,
)
from alongside.notifications.models import InAppNotification
from alongside.peers import services as peers
from alongside.peers.models import SupportRelationship
from alongside.privacy.models import AccessLogEntry
from alongside.testing.assertions import text_of
from alongside.training import services as training

pytestmark = pytest.mark.django_db


@pytest.fixture
def riverbend(cast) -> Organization:
    return Organization.objects.get(slug="riverbend")


def person(org: Organization, name: str, role: Role = Role.MEMBER, **fields) -> User:
    user = User.objects.create_user(
        email=f"{name.lower()}.waiting@example.org", first_name=name, last_name="Test", **fields
    )
    Membership.objects.create(user=user, organization=org, role=role)
    return user


def waiting(org: Organization, name: str, **fields) -> CaseRecord:
    """A member of the organization whose case record has no peer specialist."""
    return CaseRecord.objects.create(
        member=person(org, name, **fields), organization=org, needs_reassignment=True
    )


def notices(*people: User) -> list[str]:
    return [n.body for n in InAppNotification.objects.filter(user__in=people).order_by("pk")]


def test_a_caseload_run_keeps_every_hard_constraint_and_explains_every_pair(
    cast, riverbend
) -> None:
    lena, dana = cast["peer_specialist"].user, cast["org_admin"].user
    rosa = person(riverbend, "Rosa", Role.PEER_SPECIALIST, language="es")
    CaseloadSetting.objects.create(specialist=lena, organization=riverbend, capacity=2)
    CaseloadSetting.objects.create(
        specialist=rosa, organization=riverbend, capacity=1, languages=["es"]
    )
    english = [waiting(riverbend, name, pathways=["aa"]) for name in ("Abe", "Bea", "Cal")]
    spanish = [waiting(riverbend, name, language="es") for name in ("Dora", "Eli")]

    run = services.start_run(organization=riverbend, kind=RunKind.CASELOAD, by=dana)

    pool = services.caseload_pool(riverbend)
    stored = assignment.Result(
        pairs=[
            assignment.Pair(p.seeker_id, p.supporter_id, p.score, (), p.continuing)
            for p in run.pairs.all()
        ],
        unmatched={u.seeker_id: u.reason for u in run.unmatched.all()},
    )
    assert assignment.violations(stored, pool.seekers, pool.supporters) == []
    by_person = {p.seeker.first_name: p for p in run.pairs.select_related("seeker", "supporter")}
    assert {name: p.supporter for name, p in by_person.items()} == {
        "Abe": lena,
        "Bea": lena,
        "Dora": rosa,
    }
    for pair in by_person.values():
        assert pair.reasons and all(r["words"] and r["points"] >= 0 for r in pair.reasons)
        assert pair.score == pytest.approx(sum(r["points"] for r in pair.reasons), abs=0.05)
    assert "Both follow AA" in [r["words"] for r in by_person["Abe"].reasons]
    assert {u.seeker.first_name: u.reason for u in run.unmatched.select_related("seeker")} == {
        "Cal": "The one suitable peer specialist is full.",
        "Eli": "The one suitable peer specialist is full.",
    }
    # Nothing changed for anyone, and nobody was told.
    assert not CaseRecord.objects.filter(
        pk__in=[r.pk for r in english + spanish], peer_specialist__isnull=False
    ).exists()
    assert InAppNotification.objects.count() == 0


def test_someone_no_peer_specialist_can_talk_with_stays_listed_with_the_reason(
    cast, client_as, riverbend
) -> None:
    waiting(riverbend, "Dora", language="es")
    client = client_as("org_admin")
    response = client.post(
        "/matching/runs/new/", {"organization": riverbend.pk, "kind": "caseload"}
    )
    run = AssignmentRun.objects.get()
    assert response["Location"] == f"/matching/runs/{run.pk}/"
    page = text_of(client.get(response["Location"]).content.decode())
    assert "Dora T. No peer specialist speaks Spanish." in page
    assert "This run could pair nobody." in page
    assert "Waiting for approval: nobody has been told anything." in page


def test_a_mentoring_run_keeps_gender_wishes_exclusions_and_a_current_mentor(
    cast, riverbend
) -> None:
    dana, sam = cast["org_admin"].user, cast["mentor"].user
    peers.save_profile(
        user=sam, offers_mentoring=True, languages=["en"], pathways=["na"], gender="man"
    )
    ines = person(riverbend, "Ines", Role.MENTOR)
    peers.save_profile(
        user=ines,
        offers_mentoring=True,
        languages=["en", "es"],
        pathways=["smart"],
        gender="woman",
        capacity=2,
    )
    ruth = person(riverbend, "Ruth")
    services.join_program(
        member=ruth,
        organization=riverbend,
        languages=["en"],
        pathways=["na"],
        gender="woman",
        wants_same_gender=True,
    )
    tom = person(riverbend, "Tom")
    services.join_program(
        member=tom, organization=riverbend, languages=["en"], pathways=["na"], excluded=[sam.pk]
    )
    maya = cast["member"].user
    peers.start_relationship(member=maya, supporter=sam, kind="mentor")
    services.join_program(member=maya, organization=riverbend, languages=["en"])

    run = services.start_run(organization=riverbend, kind=RunKind.MENTORING, by=dana)

    pairs = {p.seeker: p for p in run.pairs.all()}
    assert {who: p.supporter for who, p in pairs.items()} == {ruth: ines, tom: ines, maya: sam}
    assert pairs[maya].continuing
    assert pairs[maya].reasons[0]["words"] == "Continues with their current mentor"
    assert not run.unmatched.exists()


def test_approving_assigns_everyone_and_tells_both_people_of_each_pair(
    cast, client_as, riverbend
) -> None:
    lena, dana = cast["peer_specialist"].user, cast["org_admin"].user
    record = waiting(riverbend, "Abe")
    run = services.start_run(organization=riverbend, kind=RunKind.CASELOAD, by=dana)
    assert notices(lena, record.member) == []

    client = client_as("org_admin")
    response = client.post(f"/matching/runs/{run.pk}/approve/", follow=True)

    assert response.redirect_chain == [(f"/matching/runs/{run.pk}/", 302)]
    record.refresh_from_db()
    assert (record.peer_specialist, record.needs_reassignment) == (lena, False)
    run.refresh_from_db()
    assert (run.status, run.decided_by) == (RunStatus.APPROVED, dana)
    assert notices(record.member) == [
        "Lena K. at Riverbend Recovery Community is your peer specialist now. You choose what "
        "to share with them."
    ]
    assert notices(lena) == ["Abe T. at Riverbend Recovery Community is on your caseload now."]
    page = text_of(response.content.decode())
    assert "Approved. Everyone in a pair has been told." in page
    assert "Approve" not in page.replace("Approved", "")


def test_approving_a_mentoring_run_starts_each_relationship_and_ends_the_wait(
    cast, riverbend
) -> None:
    dana, sam = cast["org_admin"].user, cast["mentor"].user
    peers.save_profile(user=sam, offers_mentoring=True, languages=["en"], pathways=["na"])
    maya = cast["member"].user
    enrolment = services.join_program(
        member=maya, organization=riverbend, languages=["en"], pathways=["na"]
    )
    run = services.start_run(organization=riverbend, kind=RunKind.MENTORING, by=dana)
    assert not SupportRelationship.objects.exists() and notices(maya, sam) == []

    services.approve_run(run=run, by=dana)

    relationship = SupportRelationship.objects.get()
    assert (relationship.member, relationship.supporter, relationship.kind) == (maya, sam, "mentor")
    assert relationship.status == "temporary"
    assert (relationship.review_on - maya.local_today()).days == 90
    enrolment.refresh_from_db()
    assert enrolment.matched_at is not None and enrolment.relationship == relationship
    assert not enrolment.is_waiting
    assert notices(maya) == [
        "Sam W. is your mentor in the mentoring program of Riverbend Recovery Community, for a "
        "first 90 days. Choose what to share with them."
    ]
    assert notices(sam) == [
        "Maya O. is your new mentee in the mentoring program of Riverbend Recovery Community."
    ]
    assert (
        InAppNotification.objects.get(user=maya).url == f"/peers/relationships/{relationship.pk}/"
    )


def test_a_run_is_approved_once_and_never_after_it_was_discarded(
    cast, client_as, riverbend
) -> None:
    dana = cast["org_admin"].user
    waiting(riverbend, "Abe")
    run = services.start_run(organization=riverbend, kind=RunKind.CASELOAD, by=dana)
    services.approve_run(run=run, by=dana)
    with pytest.raises(ValidationError) as approved_twice:
        services.approve_run(run=run, by=dana)
    assert approved_twice.value.messages == ["This run was already approved; nothing changed."]
    assert InAppNotification.objects.count() == 2  # told once, not twice

    waiting(riverbend, "Bea")
    second = services.start_run(organization=riverbend, kind=RunKind.CASELOAD, by=dana)
    client = client_as("org_admin")
    client.post(f"/matching/runs/{second.pk}/discard/")
    second.refresh_from_db()
    assert second.status == RunStatus.DISCARDED
    page = client.post(f"/matching/runs/{second.pk}/approve/", follow=True).content.decode()
    assert "This run was discarded, so it cannot be approved. Start a new one." in text_of(page)
    assert CaseRecord.objects.filter(member__first_name="Bea").get().peer_specialist is None
    assert InAppNotification.objects.count() == 2  # discarding told nobody
    api = client.post(f"/api/v1/matching/runs/{run.pk}/approve")
    assert api.status_code == 409
    assert api.json()["error"]["message"] == "This run was already approved; nothing changed."


def test_a_pair_that_no_longer_holds_refuses_the_approval_names_it_and_saves_nothing(
    cast, client_as, riverbend
) -> None:
    lena, dana = cast["peer_specialist"].user, cast["org_admin"].user
    abe, bea = waiting(riverbend, "Abe"), waiting(riverbend, "Bea")
    run = services.start_run(organization=riverbend, kind=RunKind.CASELOAD, by=dana)
    assert run.pairs.count() == 2
    # Since the run, Lena's admin lowered her capacity to one place.
    services.set_caseload_capacity(
        membership=Membership.objects.get(user=lena, role=Role.PEER_SPECIALIST),
        capacity=1,
        languages=[],
        by=dana,
    )

    page = client_as("org_admin").post(f"/matching/runs/{run.pk}/approve/", follow=True)

    words = text_of(page.content.decode())
    assert "Nothing was approved: 1 pair no longer holds." in words
    assert "Bea T. with Lena K.: Lena K. has no place left on their caseload." in words
    for record in (abe, bea):
        record.refresh_from_db()
        assert record.peer_specialist is None and record.needs_reassignment
    run.refresh_from_db()
    assert run.status == RunStatus.PROPOSED
    assert InAppNotification.objects.count() == 0

    # Someone else took Bea on meanwhile: the API names her too, with a 409.
    caseload.reassign(record=bea, to=lena)
    services.set_caseload_capacity(
        membership=Membership.objects.get(user=lena, role=Role.PEER_SPECIALIST),
        capacity=25,
        languages=[],
        by=dana,
    )
    api = client_as("org_admin").post(f"/api/v1/matching/runs/{run.pk}/approve")
    assert api.status_code == 409
    assert (
        "Bea T. with Lena K.: they have a peer specialist already."
        in api.json()["error"]["message"]
    )
    abe.refresh_from_db()
    assert abe.peer_specialist is None


def test_a_mentee_who_left_the_program_is_named_and_nobody_is_matched(cast, riverbend) -> None:
    dana, sam, maya = cast["org_admin"].user, cast["mentor"].user, cast["member"].user
    peers.save_profile(
        user=sam, offers_mentoring=True, languages=["en"], pathways=["na"], capacity=3
    )
    jordan = cast["member2"].user
    services.join_program(member=jordan, organization=riverbend, languages=["en"])
    place = services.join_program(member=maya, organization=riverbend, languages=["en"])
    run = services.start_run(organization=riverbend, kind=RunKind.MENTORING, by=dana)
    services.leave_program(enrolment=place)
    with pytest.raises(ValidationError) as refused:
        services.approve_run(run=run, by=dana)
    assert "Maya O. with Sam W.: they have left the program." in refused.value.messages
    assert not SupportRelationship.objects.exists()
    assert ProgramEnrolment.objects.get(member=jordan).is_waiting


def test_only_the_organizations_admins_and_supervisors_decide_a_run(
    cast, client_as, riverbend
) -> None:
    lena, dana = cast["peer_specialist"].user, cast["org_admin"].user
    record = waiting(riverbend, "Abe")
    run = services.start_run(organization=riverbend, kind=RunKind.CASELOAD, by=dana)
    lena_client = client_as("peer_specialist")
    # Lena supervises nobody: the run is not hers to see, approve or discard.
    assert lena_client.get(f"/matching/runs/{run.pk}/").status_code == 404
    assert lena_client.post(f"/matching/runs/{run.pk}/approve/").status_code == 404
    assert lena_client.post(f"/api/v1/matching/runs/{run.pk}/approve").status_code == 404
    assert lena_client.post(f"/api/v1/matching/runs/{run.pk}/discard").status_code == 404
    assert client_as("outsider").post(f"/matching/runs/{run.pk}/approve/").status_code == 404
    with pytest.raises(Exception, match="admins and supervisors"):
        services.approve_run(run=run, by=lena)
    run.refresh_from_db()
    record.refresh_from_db()
    assert run.status == RunStatus.PROPOSED and record.peer_specialist is None

    # Once Dana names her supervisor of a new colleague at Riverbend, Lena decides runs there.
    newcomer = person(riverbend, "Noor", Role.PEER_SPECIALIST)
    training.set_supervisor(
        organization=riverbend, supervisee_id=newcomer.pk, supervisor_id=lena.pk
    )
    assert lena_client.get("/api/v1/matching/runs").json()[0]["id"] == run.pk
    response = lena_client.post(f"/api/v1/matching/runs/{run.pk}/approve")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    record.refresh_from_db()
    assert record.peer_specialist is not None
    assert response.json()["decided_by"]["display_name"] == "Lena K."


def test_when_a_peer_specialist_leaves_one_run_reassigns_everyone_they_had(
    cast, client_as, riverbend
) -> None:
    lena, dana = cast["peer_specialist"].user, cast["org_admin"].user
    omar = person(riverbend, "Omar", Role.PEER_SPECIALIST)
    people = [waiting(riverbend, name) for name in ("Abe", "Bea", "Cal", "Dee", "Eve")]
    for record in people:
        caseload.reassign(record=record, to=omar)
    # Between them, Lena and Noor have exactly the five places Omar's people need.
    CaseloadSetting.objects.create(specialist=lena, organization=riverbend, capacity=3)
    noor = person(riverbend, "Noor", Role.PEER_SPECIALIST)
    CaseloadSetting.objects.create(specialist=noor, organization=riverbend, capacity=2)

    membership = Membership.objects.get(user=omar, role=Role.PEER_SPECIALIST)
    accounts.end_role(credential=Credential.for_setup(dana), membership=membership)
    assert CaseRecord.objects.filter(needs_reassignment=True, peer_specialist=None).count() == 5

    client = client_as("org_admin")
    home = text_of(client.get("/matching/").content.decode())
    assert (
        "Riverbend Recovery Community 0 5" in home
    )  # nobody waits for a mentor; 5 for a specialist
    client.post("/matching/runs/new/", {"organization": riverbend.pk, "kind": "caseload"})
    run = AssignmentRun.objects.get()
    assert run.pairs.count() == 5 and not run.unmatched.exists()
    client.post(f"/matching/runs/{run.pk}/approve/")

    assert not CaseRecord.objects.filter(organization=riverbend, peer_specialist=None).exists()
    assert not CaseRecord.objects.filter(needs_reassignment=True).exists()
    carried = {
        who: CaseRecord.objects.filter(peer_specialist=who).count() for who in (lena, noor, omar)
    }
    assert carried == {lena: 3, noor: 2, omar: 0}


def test_a_previous_specialist_still_here_gets_their_person_back(cast, riverbend) -> None:
    lena, dana = cast["peer_specialist"].user, cast["org_admin"].user
    person(riverbend, "Noor", Role.PEER_SPECIALIST)
    record = waiting(riverbend, "Abe")
    caseload.record_engagement(
        record=record, by=lena, kind="brief", on=lena.local_today(), minutes=10
    )
    run = services.start_run(organization=riverbend, kind=RunKind.CASELOAD, by=dana)
    pair = run.pairs.get()
    assert (pair.supporter, pair.continuing) == (lena, True)
    assert pair.reasons[0]["words"] == "Continues with their current peer specialist"


def test_a_run_waits_alone_and_needs_someone_waiting(cast, client_as, riverbend) -> None:
    client = client_as("org_admin")
    nobody = client.post("/matching/runs/new/", {"organization": riverbend.pk, "kind": "caseload"})
    assert nobody.status_code == 422
    assert "Nobody at Riverbend Recovery Community is waiting for a peer specialist." in (
        nobody.content.decode()
    )
    waiting(riverbend, "Abe")
    assert (
        client.post(
            "/api/v1/matching/runs",
            {"organization_id": riverbend.pk, "kind": "caseload"},
            content_type="application/json",
        ).status_code
        == 201
    )
    again = client.post(
        "/api/v1/matching/runs",
        {"organization_id": riverbend.pk, "kind": "caseload"},
        content_type="application/json",
    )
    assert again.status_code == 422
    assert again.json()["error"]["fields"][0]["field"] == "kind"
    assert AssignmentRun.objects.count() == 1
    harbor = Organization.objects.get(slug="harbor")
    elsewhere = client.post(
        "/api/v1/matching/runs",
        {"organization_id": harbor.pk, "kind": "caseload"},
        content_type="application/json",
    )
    assert elsewhere.status_code == 404


def test_reading_a_run_is_in_each_listed_persons_access_log(cast, client_as, riverbend) -> None:
    dana = cast["org_admin"].user
    record = waiting(riverbend, "Abe")
    run = services.start_run(organization=riverbend, kind=RunKind.CASELOAD, by=dana)
    client_as("org_admin").get(f"/matching/runs/{run.pk}/")
    client_as("org_admin").get(f"/api/v1/matching/runs/{run.pk}")
    rows = AccessLogEntry.objects.filter(member=record.member).order_by("pk")
    assert [(r.actor, r.interface, r.record_id) for r in rows] == [
        (dana, "page", str(run.pk)),
        (dana, "api", str(run.pk)),
    ]
    from django.test import Client

    abe = Client()
    abe.force_login(record.member, backend="django.contrib.auth.backends.ModelBackend")
    words = text_of(abe.get("/privacy/who-looked/").content.decode())
    assert "your place in an assignment run, to match you with a supporter" in words


def test_the_run_page_reads_a_fixed_number_of_queries_however_many_pairs(
    cast, client_as, riverbend
) -> None:
    dana = cast["org_admin"].user
    client = client_as("org_admin")

    def run_of(names: list[str]) -> AssignmentRun:
        for name in names:
            waiting(riverbend, name)
        return services.start_run(organization=riverbend, kind=RunKind.CASELOAD, by=dana)

    few = run_of(["Abe", "Bea"])
    client.get(f"/matching/runs/{few.pk}/")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/matching/runs/{few.pk}/")
    services.discard_run(run=few, by=dana)
    many = run_of([f"P{i}" for i in range(12)])
    with CaptureQueriesContext(connection) as large:
        page = client.get(f"/matching/runs/{many.pk}/").content.decode()
    assert "14 pairs" in page
    assert len(large) == len(small)


def test_a_member_joins_and_leaves_the_program_and_bad_input_saves_nothing(
    cast, client_as, riverbend
) -> None:
    sam = cast["mentor"].user
    peers.save_profile(user=sam, offers_mentoring=True, languages=["en"], pathways=["na"])
    client = client_as("member")
    form = client.get(f"/matching/program/{riverbend.pk}/join/").content.decode()
    assert "Sam W." in form and "Whitaker" not in form
    bad = client.post(
        f"/matching/program/{riverbend.pk}/join/",
        {"languages": ["en"], "wants_same_gender": "on", "gender": ""},
    )
    assert bad.status_code == 422
    assert "Say your gender, so that a mentor of the same gender can be found." in (
        bad.content.decode()
    )
    assert not ProgramEnrolment.objects.exists()
    good = client.post(
        f"/matching/program/{riverbend.pk}/join/",
        {"languages": ["en", "es"], "pathways": ["na"], "excluded": [sam.pk]},
    )
    assert good["Location"] == "/matching/program/"
    place = ProgramEnrolment.objects.get()
    assert (place.languages, place.pathways, list(place.excluded.all())) == (
        ["en", "es"],
        ["na"],
        [sam],
    )
    page = text_of(client.get("/matching/program/").content.decode())
    assert "Waiting for a mentor since" in page
    client.post(f"/matching/program/places/{place.pk}/leave/")
    place.refresh_from_db()
    assert place.ended_at is not None
    again = client.post(f"/api/v1/matching/program-places/{place.pk}/leave")
    assert again.status_code == 409
    # Another member's place is not found, and someone outside Riverbend cannot join.
    assert (
        client_as("member2").post(f"/matching/program/places/{place.pk}/leave/").status_code == 404
    )
    assert client_as("outsider").get(f"/matching/program/{riverbend.pk}/join/").status_code == 404


def test_a_peer_specialist_sets_their_capacity_and_a_run_keeps_to_it(
    cast, client_as, riverbend
) -> None:
    lena, dana = cast["peer_specialist"].user, cast["org_admin"].user
    membership = Membership.objects.get(user=lena, role=Role.PEER_SPECIALIST)
    client = client_as("peer_specialist")
    home = text_of(client.get("/matching/").content.decode())
    assert "Lena K. Riverbend Recovery Community 0 25" in home
    bad = client.post(f"/matching/capacity/{membership.pk}/", {"capacity": "900"})
    assert bad.status_code == 422 and not CaseloadSetting.objects.exists()
    client.post(f"/matching/capacity/{membership.pk}/", {"capacity": "1", "languages": ["en"]})
    assert CaseloadSetting.objects.get().capacity == 1
    waiting(riverbend, "Abe")
    waiting(riverbend, "Bea")
    run = services.start_run(organization=riverbend, kind=RunKind.CASELOAD, by=dana)
    assert run.pairs.count() == 1
    assert run.unmatched.get().reason == "The one suitable peer specialist is full."
    assert client_as("member").get(f"/matching/capacity/{membership.pk}/").status_code == 404
    assert ProposedPair.objects.filter(supporter=lena).count() == 1


def test_a_mentor_who_already_sponsors_a_mentee_is_never_proposed_to_mentor_them(
    cast, riverbend
) -> None:
    dana, sam, maya = cast["org_admin"].user, cast["mentor"].user, cast["member"].user
    peers.save_profile(user=sam, offers_mentoring=True, languages=["en"], pathways=["na"])
    peers.start_relationship(member=maya, supporter=sam, kind="sponsor")
    services.join_program(member=maya, organization=riverbend, languages=["en"], pathways=["na"])
    run = services.start_run(organization=riverbend, kind=RunKind.MENTORING, by=dana)
    assert not run.pairs.exists()
    assert run.unmatched.get().seeker == maya


def test_the_api_joins_a_program_with_the_same_rules_as_the_page(
    cast, client_as, riverbend
) -> None:
    sam = cast["mentor"].user
    peers.save_profile(user=sam, offers_mentoring=True, languages=["en"], pathways=["na"])
    client = client_as("member2")
    stranger = client.post(
        "/api/v1/matching/program-places",
        {
            "organization_id": riverbend.pk,
            "languages": ["en"],
            "excluded": [cast["counselor"].user.pk],
        },
        content_type="application/json",
    )
    assert stranger.status_code == 422
    assert stranger.json()["error"]["fields"] == [
        {"field": "excluded", "message": "Choose mentors of this program only."}
    ]
    assert not ProgramEnrolment.objects.exists()
    made = client.post(
        "/api/v1/matching/program-places",
        {"organization_id": riverbend.pk, "languages": ["es"], "excluded": [sam.pk]},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["excluded"] == [{"id": sam.pk, "display_name": "Sam W."}]
    assert client.get("/api/v1/matching/program-places").json()[0]["languages"] == ["es"]


def test_a_runs_reasons_are_worded_in_the_language_of_whoever_reads_it(
    cast, client_as, riverbend
) -> None:
    dana = cast["org_admin"].user
    rosa = person(riverbend, "Rosa", Role.PEER_SPECIALIST, language="es")
    CaseloadSetting.objects.create(specialist=rosa, organization=riverbend, languages=["es"])
    Membership.objects.filter(user=cast["peer_specialist"].user).update(is_active=False)
    waiting(riverbend, "Dora", language="es")
    waiting(riverbend, "Fifi", language="fr")
    run = services.start_run(organization=riverbend, kind=RunKind.CASELOAD, by=dana)
    page = text_of(client_as("org_admin").get(f"/matching/runs/{run.pk}/").content.decode())
    assert "Both speak Spanish" in page and "No peer specialist speaks French." in page
    dana.language = "es"
    dana.save(update_fields=["language"])
    page = text_of(client_as("org_admin").get(f"/matching/runs/{run.pk}/").content.decode())
    assert "Idioma en común: Español" in page and "Both speak" not in page
    assert "No hay especialista entre pares que hable" in page and "No peer" not in page
    reasons = client_as("org_admin").get(f"/api/v1/matching/runs/{run.pk}").json()["pairs"][0]
    assert "Idioma en común: Español" in [r["words"] for r in reasons["reasons"]]

"""Training hours, supervised practice attested by the supervisor, progress toward each
credential (recency windows and face-to-face shares from the requirement set's data), and
reminders before a credential expires. Pages and API call the same services, so each rule is
tested through both where a person meets it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from alongside.accounts.models import Organization
from alongside.notifications.models import InAppNotification
from alongside.training import services
from alongside.training.models import (
    Credential,
    PracticeEntry,
    Requirement,
    RequirementSet,
    Supervision,
    TrainingEntry,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 9)
NOON = datetime.datetime(2026, 3, 9, 18, 0, tzinfo=datetime.UTC)  # 12:00 in Chicago


def riverbend() -> Organization:
    return Organization.objects.get(slug="riverbend")


def supervise(cast, supervisee="peer_specialist", supervisor="org_admin") -> Supervision:
    return services.set_supervisor(
        organization=riverbend(),
        supervisee_id=cast[supervisee].user.pk,
        supervisor_id=cast[supervisor].user.pk,
    )


def course(person, domain="ethics", hours="6", days_ago=10, face_to_face=True) -> TrainingEntry:
    return TrainingEntry.objects.create(
        person=person,
        domain=domain,
        title="A course",
        hours=Decimal(hours),
        completed_on=TODAY - datetime.timedelta(days=days_ago),
        face_to_face=face_to_face,
    )


def rows(person, code: str) -> dict[str, services.RequirementProgress]:
    [found] = services.progress(person, [RequirementSet.objects.get(code=code)], today=TODAY)
    return {row.requirement.label: row for row in found.rows}


# ---------------------------------------------------------------- requirement sets as data


def test_the_boards_sets_are_loaded_as_data() -> None:
    icrc = RequirementSet.objects.get(code="icrc-pr")
    assert [(r.label, r.hours) for r in icrc.requirements.all()] == [
        ("Advocacy", 10),
        ("Mentoring/Education", 10),
        ("Recovery/Wellness Support", 10),
        ("Ethical Responsibility", 16),
        ("Experience (volunteer or paid)", 500),
        ("Supervision", 25),
    ]
    renewal = RequirementSet.objects.get(code="icrc-pr-renewal")
    assert renewal.period_months == 24
    naadac = Requirement.objects.filter(requirement_set__code="naadac-ncprss", within_years=6)
    assert sorted(r.domain for r in naadac) == ["ethics", "hiv"]


# ---------------------------------------------------------------- progress


@pytest.mark.parametrize(
    ("entries", "label", "counted", "needed", "met"),
    [
        ([("ethics", "16", 10, True)], "Ethical Responsibility", "16", "0", True),
        (
            [("ethics", "10", 10, True), ("ethics", "4", 20, True)],
            "Ethical Responsibility",
            "14",
            "2",
            False,
        ),
        ([("advocacy", "12", 10, True)], "Advocacy", "12", "0", True),
        ([("advocacy", "12", 10, True)], "Ethical Responsibility", "0", "16", False),
        # no recency window in the initial set: ten-year-old hours still count
        ([("ethics", "16", 3650, True)], "Ethical Responsibility", "16", "0", True),
    ],
)
def test_initial_progress_counts_hours_by_domain(cast, entries, label, counted, needed, met):
    lena = cast["peer_specialist"].user
    for domain, hours, days_ago, face in entries:
        course(lena, domain, hours, days_ago, face)
    row = rows(lena, "icrc-pr")[label]
    assert (row.counted, row.needed, row.met) == (Decimal(counted), Decimal(needed), met)


@pytest.mark.parametrize(
    ("days_ago", "counts"),
    [
        (0, True),
        (365 * 6, True),  # 9 March 2020: exactly six years before, still inside
        (365 * 6 + 2, False),  # 7 March 2020: outside the six years
    ],
)
def test_the_recency_window_leaves_out_older_hours(cast, days_ago, counts) -> None:
    lena = cast["peer_specialist"].user
    course(lena, "hiv", "6", days_ago)
    row = rows(lena, "naadac-ncprss")["HIV/bloodborne pathogens"]
    assert row.counted == (Decimal(6) if counts else 0)
    assert row.met is counts


@pytest.mark.parametrize(
    ("face_hours", "online_hours", "share", "met"),
    [
        ("30", "30", Decimal("0.50"), True),
        ("29", "31", Decimal("0.48"), False),  # enough hours, too few of them face to face
        ("40", "10", Decimal("0.80"), False),  # face to face enough, but 50 < 60 hours
        ("40", "20", Decimal("0.67"), True),
    ],
)
def test_naadac_wants_half_of_the_hours_face_to_face(cast, face_hours, online_hours, share, met):
    lena = cast["peer_specialist"].user
    for hours, face in ((face_hours, True), (online_hours, False)):
        left = Decimal(hours)
        while left > 0:
            course(lena, "general", str(min(left, 40)), 30, face)
            left -= min(left, 40)
    row = rows(lena, "naadac-ncprss")["Contact hours"]
    assert (row.face_to_face_share, row.met) == (share, met)


def test_renewal_counts_every_domain_inside_two_years(cast) -> None:
    lena = cast["peer_specialist"].user
    course(lena, "ethics", "6", 100)
    course(lena, "advocacy", "14", 700)
    course(lena, "advocacy", "20", 800)  # outside the two years
    found = rows(lena, "icrc-pr-renewal")
    assert found["Continuing education"].counted == 20
    assert found["Ethical Responsibility"].met


def test_only_attested_practice_hours_count(cast) -> None:
    lena, dana = cast["peer_specialist"].user, cast["org_admin"].user
    supervise(cast)
    with time_machine.travel(NOON, tick=False):
        entry = services.log_practice(
            person=lena,
            kind="supervision",
            hours=Decimal(25),
            from_on=TODAY - datetime.timedelta(days=30),
            to_on=TODAY,
        )
        assert rows(lena, "icrc-pr")["Supervision"].counted == 0
        services.attest(entry=entry, by=dana)
    assert rows(lena, "icrc-pr")["Supervision"].met


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"hours": Decimal(0)}, "hours"),
        ({"hours": Decimal(-2)}, "hours"),
        ({"hours": Decimal("40.5")}, "hours"),
        ({"completed_on": TODAY + datetime.timedelta(days=1)}, "completed_on"),
        ({"domain": "astrology"}, "domain"),
    ],
)
@time_machine.travel(NOON, tick=False)
def test_bad_training_hours_are_refused_and_nothing_is_saved(cast, values, field) -> None:
    good: dict = {"domain": "ethics", "title": "Ethics", "hours": Decimal(6), "completed_on": TODAY}
    with pytest.raises(ValidationError) as refused:
        services.log_training(person=cast["peer_specialist"].user, **(good | values))
    assert field in refused.value.message_dict
    assert not TrainingEntry.objects.exists()
    services.log_training(person=cast["peer_specialist"].user, **(good | {"hours": Decimal(40)}))


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"hours": Decimal(0)}, "hours"),
        ({"hours": Decimal(49)}, "hours"),  # two days hold 48 hours at most
        ({"to_on": TODAY + datetime.timedelta(days=1)}, "to_on"),
        ({"to_on": TODAY - datetime.timedelta(days=2)}, "to_on"),  # ends before it starts
    ],
)
@time_machine.travel(NOON, tick=False)
def test_bad_practice_hours_are_refused_and_nothing_is_saved(cast, values, field) -> None:
    good = {
        "kind": "supervised_practice",
        "hours": Decimal(8),
        "from_on": TODAY - datetime.timedelta(days=1),
        "to_on": TODAY,
    }
    with pytest.raises(ValidationError) as refused:
        services.log_practice(person=cast["peer_specialist"].user, **(good | values))
    assert field in refused.value.message_dict
    assert not PracticeEntry.objects.exists()


# ---------------------------------------------------------------- attestation


def waiting_entry(cast) -> PracticeEntry:
    return services.log_practice(
        person=cast["peer_specialist"].user,
        kind="supervised_practice",
        hours=Decimal(20),
        from_on=datetime.date(2026, 1, 5),
        to_on=datetime.date(2026, 1, 9),
    )


@pytest.mark.parametrize("who", ["peer_specialist", "counselor", "mentor", "outsider"])
def test_only_the_current_supervisor_attests(cast, who) -> None:
    supervise(cast)
    entry = waiting_entry(cast)
    with pytest.raises(PermissionDenied, match="current supervisor"):
        services.attest(entry=entry, by=cast[who].user)
    entry.refresh_from_db()
    assert entry.attested_at is None and entry.attested_by is None
    services.attest(entry=entry, by=cast["org_admin"].user)
    entry.refresh_from_db()
    assert entry.attested_by == cast["org_admin"].user


def test_a_former_supervisor_cannot_attest_and_hours_cannot_be_attested_twice(cast) -> None:
    supervision = supervise(cast)
    entry = waiting_entry(cast)
    services.end_supervision(supervision=supervision)
    with pytest.raises(PermissionDenied):
        services.attest(entry=entry, by=cast["org_admin"].user)
    supervise(cast, supervisor="counselor")
    services.attest(entry=entry, by=cast["counselor"].user)
    first = PracticeEntry.objects.get().attested_at
    with pytest.raises(ValidationError, match="attested already"):
        services.attest(entry=entry, by=cast["counselor"].user)
    assert PracticeEntry.objects.get().attested_at == first


def test_the_supervisor_is_told_when_hours_wait(cast) -> None:
    supervise(cast)
    entry = waiting_entry(cast)
    notice = InAppNotification.objects.get(user=cast["org_admin"].user)
    assert notice.dedupe_key == f"training-attest-{entry.pk}"
    assert services.waiting_for(cast["org_admin"].user) == [entry]


# ---------------------------------------------------------------- supervision


def test_an_admin_names_one_supervisor_at_a_time(cast) -> None:
    lena, dana, grace = (cast[k].user for k in ("peer_specialist", "org_admin", "counselor"))
    supervise(cast)
    assert services.supervisors_of(lena) == [dana]
    assert services.team_of(dana) == [lena]
    supervise(cast, supervisor="counselor")
    assert services.supervisors_of(lena) == [grace]
    assert services.team_of(dana) == []
    assert Supervision.objects.count() == 2  # history kept


@pytest.mark.parametrize(
    ("supervisee", "supervisor", "field"),
    [
        ("member", "org_admin", "supervisee"),  # members are not supervised staff
        ("outsider", "org_admin", "supervisee"),  # another organization's counselor
        ("peer_specialist", "member", "supervisor"),
        ("peer_specialist", "peer_specialist", "supervisor"),
    ],
)
def test_supervision_only_between_the_organizations_own_people(cast, supervisee, supervisor, field):
    with pytest.raises(ValidationError) as refused:
        supervise(cast, supervisee, supervisor)
    assert field in refused.value.message_dict
    assert not Supervision.objects.exists()


# ---------------------------------------------------------------- reminders


@pytest.mark.parametrize(
    ("days_left", "key"),
    [(120, None), (90, 90), (61, 90), (60, 60), (50, 60), (30, 30), (1, 30)],
)
def test_credential_reminders_come_at_90_60_and_30_days_once(cast, days_left, key) -> None:
    lena = cast["peer_specialist"].user
    with time_machine.travel(NOON, tick=False):
        credential = Credential.objects.create(
            person=lena,
            requirement_set=RequirementSet.objects.get(code="icrc-pr"),
            issued_on=TODAY - datetime.timedelta(days=600),
            expires_on=TODAY + datetime.timedelta(days=days_left),
        )
        assert services.send_credential_reminders() == (key is not None)
        assert services.send_credential_reminders() == 0  # a second run sends nothing again
    keys = list(InAppNotification.objects.filter(user=lena).values_list("dedupe_key", flat=True))
    assert keys == ([f"credential-{credential.pk}-{key}"] if key else [])


def test_the_daily_task_reminds_and_queues_the_next_run(cast) -> None:
    from django_tasks_db.models import DBTaskResult

    from alongside.training.tasks import send_credential_reminders

    with time_machine.travel(NOON, tick=False):
        services.add_credential(
            person=cast["peer_specialist"].user,
            requirement_set=RequirementSet.objects.get(code="icrc-pr"),
            issued_on=TODAY - datetime.timedelta(days=600),
            expires_on=TODAY + datetime.timedelta(days=50),
        )
        assert send_credential_reminders.call(day_iso=TODAY.isoformat()) == 1
    assert DBTaskResult.objects.filter(task_path=send_credential_reminders.module_path).exists()


# ---------------------------------------------------------------- pages


@time_machine.travel(NOON, tick=False)
def test_my_training_page_shows_progress_as_an_accessible_table(cast, client_as) -> None:
    course(cast["peer_specialist"].user, "ethics", "8", 5)
    page = client_as("peer_specialist").get("/training/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "<caption>IC&amp;RC Peer Recovery (PR)" in text
    assert '<th scope="row">Ethical Responsibility' in text
    assert '<progress max="100" value="50"' in text


@time_machine.travel(NOON, tick=False)
def test_logging_bad_hours_on_the_page_says_why(cast, client_as) -> None:
    client = client_as("peer_specialist")
    form = {"domain": "ethics", "title": "Ethics", "hours": "41", "completed_on": "2026-03-01"}
    page = client.post("/training/hours/", form)
    assert page.status_code == 422
    assert "at most 40" in page.content.decode()
    future = client.post("/training/hours/", form | {"hours": "4", "completed_on": "2026-03-10"})
    assert "cannot be in the future" in future.content.decode()
    assert not TrainingEntry.objects.exists()
    done = client.post("/training/hours/", form | {"hours": "4"})
    assert done.status_code == 302 and TrainingEntry.objects.get().hours == 4


def test_attesting_on_the_page_only_by_the_supervisor(cast, client_as) -> None:
    supervise(cast)
    entry = waiting_entry(cast)
    assert (
        client_as("peer_specialist").post(f"/training/practice/{entry.pk}/attest/").status_code
        == 403
    )
    assert client_as("counselor").post(f"/training/practice/{entry.pk}/attest/").status_code == 404
    queue = client_as("org_admin").get("/training/attest/")
    assert "Lena K." in queue.content.decode()
    client = client_as("org_admin")
    assert client.post(f"/training/practice/{entry.pk}/attest/").status_code == 302
    entry.refresh_from_db()
    assert entry.attested_by == cast["org_admin"].user
    again = client.post(f"/training/practice/{entry.pk}/attest/", follow=True)
    assert "attested already" in again.content.decode()


def test_the_team_page_shows_each_supervisees_progress(cast, client_as) -> None:
    supervise(cast)
    page = client_as("org_admin").get("/training/team/")
    assert "Lena K." in page.content.decode()
    assert "Lena K." not in client_as("counselor").get("/training/team/").content.decode()


def test_an_admin_sets_supervision_on_the_page(cast, client_as) -> None:
    org = riverbend()
    lena, grace = cast["peer_specialist"].user, cast["counselor"].user
    page = client_as("org_admin").post(
        f"/training/organizations/{org.pk}/supervision/",
        {"supervisee": lena.pk, "supervisor": grace.pk},
    )
    assert page.status_code == 302
    assert services.supervisors_of(lena) == [grace]


def test_an_admin_adds_a_states_requirement_set_on_the_page(cast, client_as) -> None:
    org = riverbend()
    page = client_as("org_admin").post(
        f"/training/organizations/{org.pk}/requirement-sets/",
        {
            "name": "Delaware CPRS",
            "issuer": "DE board",
            "kind": "initial",
            "items": "Harm Reduction: 6\nEthical Responsibility: 16\nSupervision: 25",
        },
    )
    assert page.status_code == 302
    found = RequirementSet.objects.get(name="Delaware CPRS")
    assert found.organization == org
    assert [(r.domain, r.kind) for r in found.requirements.all()] == [
        ("harm-reduction", "training"),
        ("ethics", "training"),
        ("supervision", "supervision"),
    ]
    assert found in services.requirement_sets_for(cast["peer_specialist"].user)
    assert found not in services.requirement_sets_for(cast["outsider"].user)


# ---------------------------------------------------------------- API


@time_machine.travel(NOON, tick=False)
def test_the_api_refuses_bad_hours_with_the_field(cast, client_as) -> None:
    client = client_as("peer_specialist")
    body = {"domain": "ethics", "title": "Ethics", "hours": "0", "completed_on": "2026-03-01"}
    refused = client.post("/api/v1/training/entries", body, content_type="application/json")
    assert refused.status_code == 422
    assert "hours" in refused.content.decode()
    assert not TrainingEntry.objects.exists()
    made = client.post(
        "/api/v1/training/entries", body | {"hours": "16"}, content_type="application/json"
    )
    assert made.status_code == 201
    progress = client.get("/api/v1/training/progress").json()
    icrc = next(p for p in progress if p["name"] == "IC&RC Peer Recovery (PR)")
    ethics = next(r for r in icrc["rows"] if r["domain"] == "ethics")
    assert ethics["met"] is True and Decimal(ethics["needed"]) == 0


def test_the_api_attests_only_for_the_supervisor_and_once(cast, client_as) -> None:
    supervise(cast)
    entry = waiting_entry(cast)
    url = f"/api/v1/training/practice/{entry.pk}/attest"
    own = client_as("peer_specialist").post(url)
    assert own.status_code == 403 and "supervisor" in own.json()["error"]["message"]
    assert client_as("counselor").post(url).status_code == 404
    assert client_as("org_admin").post(url).status_code == 200
    assert client_as("org_admin").post(url).status_code == 409
    entry.refresh_from_db()
    assert entry.attested_by == cast["org_admin"].user


# ---------------------------------------------------------------- demo


def test_the_demo_has_dana_supervise_lena_and_a_credential_due_for_its_60_day_reminder(cast):
    from alongside.training import demo

    demo.populate(cast)
    demo.populate(cast)  # safe to run again
    lena = cast["peer_specialist"].user
    assert services.supervisors_of(lena) == [cast["org_admin"].user]
    assert Credential.objects.get(person=lena).days_left(lena.local_today()) == 50
    assert services.send_credential_reminders(today=lena.local_today()) == 1
    assert InAppNotification.objects.filter(dedupe_key__endswith="-60").count() == 1

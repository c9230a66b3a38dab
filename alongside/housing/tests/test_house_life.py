"""The life of a house, as its services keep it: the curfew log alternates out and in and is
marked after curfew in the house's own zone; the chore rota is fair; drug tests are recorded only
for residents who share their stay, and read only while they do; house meetings, incidents,
fees and the weekly report."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from alongside.accounts.sensitive import Credential
from alongside.housing.models import (
    DrugTest,
    DrugTestDraw,
    Incident,
    SignLog,
    Stay,
)
from alongside.housing.services import (
    chores,
    curfew,
    drug_tests,
    incidents,
    ledger,
    meetings,
    reports,
)
from alongside.housing.services.houses import Conflict
from alongside.housing.tests.lakeview import lakeview, move_in
from alongside.privacy.models import AccessLogEntry, ConsentGrant
from alongside.privacy.services import revoke_grant

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time in December 2026, in Chicago."""
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=CHICAGO)


@pytest.fixture
def house(cast):
    with time_machine.travel(at(1, 9), tick=False):
        made = lakeview(cast, beds=("A", "B", "C"), curfew=datetime.time(23, 0))
        move_in(cast, made, cast["member"].user, "A")
    return made


@pytest.fixture
def maya_stay(house) -> Stay:
    return Stay.objects.get(house=house, bed__label="A")


# ---------------------------------------------------------------- curfew


def test_the_log_alternates_and_a_return_after_curfew_is_marked(cast, house, maya_stay) -> None:
    maya = cast["member"].user
    with time_machine.travel(at(7, 20), tick=False):
        out = curfew.sign_out(
            stay=maya_stay, by=maya, destination="NA meeting", expected_back_at=at(7, 22, 30)
        )
        with pytest.raises(Conflict, match="Already signed out"):
            curfew.sign_out(stay=maya_stay, by=maya)
    assert not out.after_curfew
    with time_machine.travel(at(7, 23, 20), tick=False):
        back = curfew.sign_in(stay=maya_stay, by=maya)
        with pytest.raises(Conflict, match="Already signed in"):
            curfew.sign_in(stay=maya_stay, by=maya)
    assert back.after_curfew  # 23:00 struck while she was out
    with time_machine.travel(at(8, 19), tick=False):
        curfew.sign_out(stay=maya_stay, by=maya)
    with time_machine.travel(at(8, 22, 50), tick=False):
        assert not curfew.sign_in(stay=maya_stay, by=maya).after_curfew
    assert list(maya_stay.sign_log.values_list("direction", flat=True)) == [
        "in",
        "out",
        "in",
        "out",
    ]


def test_a_sign_in_earlier_than_the_last_entry_is_out_of_order(cast, house, maya_stay) -> None:
    maya = cast["member"].user
    with time_machine.travel(at(7, 20), tick=False):
        curfew.sign_out(stay=maya_stay, by=maya)
        with pytest.raises(ValidationError) as refused:
            curfew.sign_in(stay=maya_stay, by=maya, at=at(7, 19))
    assert "Out of order" in refused.value.message_dict["at"][0]
    assert "7 December 2026, 20:00 CST" in refused.value.message_dict["at"][0]
    assert SignLog.objects.count() == 1


def test_curfew_is_read_in_the_house_zone_not_the_servers(cast, house, maya_stay) -> None:
    house.time_zone = "America/Los_Angeles"
    house.save(update_fields=["time_zone"])
    maya = cast["member"].user
    # 23:30 in Chicago is 21:30 in Los Angeles: before the house's curfew.
    with time_machine.travel(at(7, 20), tick=False):
        curfew.sign_out(stay=maya_stay, by=maya)
    with time_machine.travel(at(7, 23, 30), tick=False):
        assert not curfew.sign_in(stay=maya_stay, by=maya).after_curfew


def test_the_manager_sees_who_is_out_and_late_returns(cast, house, maya_stay) -> None:
    maya, rosa = cast["member"].user, cast["house_manager"].user
    with time_machine.travel(at(7, 20), tick=False):
        curfew.sign_out(stay=maya_stay, by=maya, destination="Work")
    with time_machine.travel(at(7, 21), tick=False):
        board = curfew.curfew_board(viewer=rosa, house=house)
    assert [o.stay for o in board.out] == [maya_stay]
    with time_machine.travel(at(8, 0, 30), tick=False):
        curfew.sign_in(stay=maya_stay, by=maya)
        board = curfew.curfew_board(viewer=rosa, house=house)
    assert board.out == [] and [e.stay for e in board.late] == [maya_stay]


# ---------------------------------------------------------------- chores


def test_the_weekly_rota_shares_the_chores_fairly_and_a_resident_marks_theirs_done(
    cast, house
) -> None:
    rosa, maya = cast["house_manager"].user, cast["member"].user
    with time_machine.travel(at(1, 10), tick=False):
        move_in(cast, house, cast["member2"].user, "B")
        for name, effort in [("Kitchen", 3), ("Bathroom", 3), ("Trash", 2), ("Yard", 2)]:
            chores.add_chore(house=house, by=rosa, name=name, difficulty=effort)
        made = chores.make_rota(house=house, by=rosa)
        with pytest.raises(Conflict):
            chores.make_rota(house=house, by=rosa)
    loads: dict[int, int] = {}
    for a in made:
        loads[a.stay_id] = loads.get(a.stay_id, 0) + a.chore.difficulty
    assert sorted(loads.values()) == [5, 5]
    assert {a.week_of for a in made} == {datetime.date(2026, 11, 30)}
    mine = next(a for a in made if a.stay.resident_id == maya.pk)
    with pytest.raises(PermissionDenied):
        chores.mark_chore_done(assignment=mine, by=cast["member2"].user)
    chores.mark_chore_done(assignment=mine, by=maya)
    checked = chores.check_chore(assignment=mine, by=rosa)
    assert checked.done_at and checked.checked_by == rosa


def test_a_chore_needs_a_name_and_an_effort_from_one_to_five(cast, house) -> None:
    with pytest.raises(ValidationError) as refused:
        chores.add_chore(house=house, by=cast["house_manager"].user, name=" ", difficulty=6)
    assert set(refused.value.message_dict) == {"name", "difficulty"}


# ---------------------------------------------------------------- drug tests


def test_a_drug_test_for_someone_who_does_not_live_here_is_refused_beside_the_field(
    cast, house, maya_stay
) -> None:
    rosa = cast["house_manager"].user
    other = Stay.objects.create(
        house=house, bed=house.beds.get(label="B"), resident=cast["member2"].user
    )  # an offer, not a resident
    for stay_id in (other.pk, 999999):
        with pytest.raises(ValidationError) as refused:
            drug_tests.record_drug_test(
                house=house,
                by=rosa,
                stay_id=stay_id,
                taken_on=datetime.date.today(),
                result="negative",
            )
        assert "Not a resident of this house" in refused.value.message_dict["stay_id"][0]
    assert DrugTest.objects.count() == 0


def test_results_are_encrypted_logged_and_read_only_while_the_resident_shares(
    cast, house, maya_stay
) -> None:
    from django.db import connection

    rosa, maya = cast["house_manager"].user, cast["member"].user
    test = drug_tests.record_drug_test(
        house=house,
        by=rosa,
        stay_id=maya_stay.pk,
        taken_on=maya_stay.move_in_on,
        result="positive",
        substances="alcohol",
    )
    # Read the stored column itself, past the ORM's decryption: proof the result is encrypted at rest.
    with connection.cursor() as cursor:
        cursor.execute("select result, substances from housing_drugtest where id = %s", [test.pk])
        stored = cursor.fetchone()
    assert "positive" not in stored[0] and "alcohol" not in stored[1]
    assert AccessLogEntry.objects.filter(actor=rosa, member=maya, scope="housing").exists()
    assert [t.pk for t in drug_tests.house_tests(viewer=rosa, house=house)] == [test.pk]
    grant = ConsentGrant.objects.get(member=maya)
    revoke_grant(grant=grant, by=maya, credential=Credential.for_setup(maya))
    assert drug_tests.house_tests(viewer=rosa, house=house) == []


def test_a_random_draw_stores_its_seed_and_draws_the_same_again(cast, house, maya_stay) -> None:
    rosa = cast["house_manager"].user
    with time_machine.travel(at(1, 10), tick=False):
        move_in(cast, house, cast["member2"].user, "B")
    draw = drug_tests.draw_for_tests(house=house, by=rosa, count=1)
    assert len(draw.seed) == 32 and len(draw.chosen) == 1
    assert drug_tests.draw_from(draw.pool, 1, draw.seed) == draw.chosen
    with pytest.raises(ValidationError):
        drug_tests.draw_for_tests(house=house, by=rosa, count=3)
    assert DrugTestDraw.objects.count() == 1


# ---------------------------------------------------------------- meetings, incidents, fees


def test_a_house_meeting_keeps_marks_and_encrypted_minutes(cast, house, maya_stay) -> None:
    rosa = cast["house_manager"].user
    meeting = meetings.record_house_meeting(
        house=house,
        by=rosa,
        held_at=datetime.datetime.now(tz=CHICAGO),
        minutes="Agreed on quiet hours.",
        marks={maya_stay.pk: "excused"},
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Agreed on quiet hours."
    assert meeting.attendance.get().mark == "excused"
    with pytest.raises(ValidationError):
        meetings.record_house_meeting(
            house=house,
            by=rosa,
            held_at=datetime.datetime.now(tz=CHICAGO),
            marks={maya_stay.pk: "late"},
        )


def test_an_incident_is_followed_up_and_overdue_until_closed(cast, house, maya_stay) -> None:
    rosa = cast["house_manager"].user
    with time_machine.travel(at(2, 10), tick=False):
        incident = incidents.open_incident(
            house=house,
            by=rosa,
            kind="conflict",
            occurred_at=at(2, 9),
            description="Raised voices over the kitchen.",
            stay_id=maya_stay.pk,
            follow_up_due_on=datetime.date(2026, 12, 4),
        )
    with time_machine.travel(at(6, 10), tick=False):
        found, named = incidents.house_incidents(viewer=rosa, house=house)
        assert incidents.overdue(found, datetime.date(2026, 12, 6)) == [incident]
        incidents.close_incident(incident=incident, by=rosa, follow_up="Talked it through.")
        with pytest.raises(Conflict):
            incidents.close_incident(incident=incident, by=rosa, follow_up="Again.")
    incident.refresh_from_db()
    assert incident.closed_at and incident.follow_up == "Talked it through."
    maya_stay.delete()
    assert Incident.objects.get().stay is None


def test_the_ledger_balance_is_charges_less_payments_and_credits(cast, house, maya_stay) -> None:
    rosa = cast["house_manager"].user
    today = datetime.date.today()
    for kind, amount in [("charge", "175.00"), ("payment", "100.00"), ("credit", "25.00")]:
        ledger.record_entry(
            house=house, by=rosa, stay_id=maya_stay.pk, kind=kind, amount=Decimal(amount), on=today
        )
    assert ledger.balance(maya_stay) == Decimal("50.00")
    with pytest.raises(ValidationError) as refused:
        ledger.record_entry(
            house=house, by=rosa, stay_id=maya_stay.pk, kind="charge", amount=Decimal("0"), on=today
        )
    assert "amount" in refused.value.message_dict


def test_the_weekly_report_counts_the_week_in_the_house_zone(cast, house, maya_stay) -> None:
    rosa, maya = cast["house_manager"].user, cast["member"].user
    with time_machine.travel(at(1, 10), tick=False):
        chores.add_chore(house=house, by=rosa, name="Kitchen", difficulty=3)
        chores.make_rota(house=house, by=rosa)
        curfew.sign_out(stay=maya_stay, by=maya)
    with time_machine.travel(at(2, 0, 30), tick=False):
        curfew.sign_in(stay=maya_stay, by=maya)
        ledger.record_entry(
            house=house,
            by=rosa,
            stay_id=maya_stay.pk,
            kind="charge",
            amount=Decimal("175"),
            on=datetime.date(2026, 12, 1),
        )
        drug_tests.record_drug_test(
            house=house,
            by=rosa,
            stay_id=maya_stay.pk,
            taken_on=datetime.date(2026, 12, 1),
            result="negative",
        )
    report = reports.weekly_report(viewer=rosa, house=house, day=datetime.date(2026, 12, 3))
    assert (report.monday, report.sunday) == (
        datetime.date(2026, 11, 30),
        datetime.date(2026, 12, 6),
    )
    assert (report.residents, report.bed_nights, report.bed_nights_available) == (1, 6, 21)
    assert (report.sign_ins, report.sign_ins_late) == (1, 1)
    assert (report.chores_assigned, report.chores_done) == (1, 0)
    assert report.results == {"negative": 1}
    assert report.outstanding == Decimal("175")
    assert "Lakeview House,2026-11-30/2026-12-06,Drug tests,Negative,1" in reports.report_csv(
        report
    )


# ---------------------------------------------------------------- export and erasure


def test_a_resident_exports_their_house_life_and_erasure_keeps_only_the_house_incident(
    cast, house, maya_stay
) -> None:
    from alongside.privacy.services import collect_member_data, erase_member

    rosa, maya = cast["house_manager"].user, cast["member"].user
    with time_machine.travel(at(7, 20), tick=False):
        curfew.sign_out(stay=maya_stay, by=maya, destination="Work")
    drug_tests.record_drug_test(
        house=house, by=rosa, stay_id=maya_stay.pk, taken_on=maya_stay.move_in_on, result="negative"
    )
    drug_tests.draw_for_tests(house=house, by=rosa, count=1)
    incidents.open_incident(
        house=house,
        by=rosa,
        kind="other",
        occurred_at=datetime.datetime.now(tz=CHICAGO),
        description="Locked out at night.",
        stay_id=maya_stay.pk,
    )
    exported = collect_member_data(maya)
    text = str(exported)
    for expected in ("'sign_log'", "Work", "'drug_tests'", "negative", "Locked out at night."):
        assert expected in text
    assert "drawn_for_drug_tests" in text
    erase_member(member=maya, credential=Credential.for_setup(maya))
    assert not Stay.objects.filter(pk=maya_stay.pk).exists()
    assert not SignLog.objects.exists() and not DrugTest.objects.exists()
    kept = Incident.objects.get()
    assert kept.stay is None and kept.house == house


def test_the_demo_gives_lakeview_a_week_of_house_life_once(cast) -> None:
    from alongside.housing import demo
    from alongside.housing.models import ChoreAssignment, HouseMeeting, LedgerEntry

    demo.populate(cast)
    demo.populate(cast)
    stay = Stay.objects.get(resident=cast["member"].user)
    assert stay.house.chores.count() == 4
    assert ChoreAssignment.objects.filter(stay=stay).exists()
    assert list(stay.sign_log.values_list("direction", flat=True)) == ["in", "out"]
    assert HouseMeeting.objects.get().attendance.get().mark == "present"
    assert LedgerEntry.objects.filter(stay=stay).count() == 3
    assert ledger.balance(stay) == Decimal("175.00")

"""The life of a house on its pages: Rosa reads and works curfew, chores, drug tests, house
meetings, incidents, fees and the weekly report of her house; Maya signs out and in, marks her
chore done and reads her own results and balance on My stay; everyone else gets 404."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from alongside.housing.models import (
    ChoreAssignment,
    DrugTest,
    HouseMeeting,
    Incident,
    LedgerEntry,
    SignLog,
    Stay,
)
from alongside.housing.services import curfew, ledger
from alongside.housing.tests.lakeview import lakeview, move_in
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db

PAGES = ["curfew", "chores", "drug-tests", "meetings", "incidents", "ledger", "report"]


@pytest.fixture
def house(cast):
    made = lakeview(cast, beds=("A", "B"), curfew=datetime.time(23, 0))
    move_in(cast, made, cast["member"].user, "A", days_ago=10)
    return made


@pytest.fixture
def stay(house) -> Stay:
    return Stay.objects.get(house=house, bed__label="A")


@pytest.mark.parametrize("name", PAGES)
def test_each_house_life_page_is_for_the_house_managers_only(cast, client_as, house, name) -> None:
    url = f"/housing/houses/{house.pk}/{name}/"
    page = client_as("house_manager").get(url)
    assert page.status_code == 200
    assert "Lakeview House" in text_of(page.content.decode())
    for other in ("member", "member2", "counselor", "outsider"):
        assert client_as(other).get(url).status_code == 404


def test_the_house_page_links_each_part_of_its_life(cast, client_as, house) -> None:
    page = client_as("house_manager").get(f"/housing/houses/{house.pk}/").content.decode()
    for name in PAGES:
        assert f"/housing/houses/{house.pk}/{name}/" in page


def test_maya_signs_out_and_in_on_my_stay_and_rosa_sees_her_out(cast, client_as, house, stay):
    maya = client_as("member")
    response = maya.post(
        "/housing/my-stay/sign-out/", {"out-destination": "NA meeting at St. Paul's"}
    )
    assert response.status_code == 302
    page = text_of(maya.get("/housing/my-stay/").content.decode())
    assert "Sign in: I am back" in page and "NA meeting at St. Paul's" in page
    board = text_of(
        client_as("house_manager").get(f"/housing/houses/{house.pk}/curfew/").content.decode()
    )
    assert "Out now" in board and "Maya" in board
    again = maya.post("/housing/my-stay/sign-out/", {})
    assert again.status_code == 422
    assert "Already signed out" in text_of(again.content.decode())
    assert maya.post("/housing/my-stay/sign-in/").status_code == 302
    assert list(SignLog.objects.values_list("direction", flat=True)) == ["in", "out"]


def test_a_back_by_before_leaving_is_refused_beside_the_field(cast, client_as, house, stay):
    response = client_as("member").post(
        "/housing/my-stay/sign-out/", {"out-expected_back_at": "2020-01-01T10:00"}
    )
    assert response.status_code == 422
    assert "Choose a time after you leave." in text_of(response.content.decode())
    assert SignLog.objects.count() == 0


def test_rosa_makes_the_rota_and_maya_marks_her_chore_done_then_rosa_checks_it(
    cast, client_as, house, stay
) -> None:
    rosa = client_as("house_manager")
    url = f"/housing/houses/{house.pk}/chores/"
    assert (
        rosa.post(
            url, {"form": "add", "chore-name": "Kitchen", "chore-difficulty": "3"}
        ).status_code
        == 302
    )
    bad = rosa.post(url, {"form": "add", "chore-name": "Yard", "chore-difficulty": "9"})
    assert bad.status_code == 422
    assert rosa.post(url, {"form": "rota"}).status_code == 302
    assignment = ChoreAssignment.objects.get()
    mine = text_of(client_as("member").get("/housing/my-stay/").content.decode())
    assert "Kitchen" in mine
    assert (
        client_as("member2").post(f"/housing/my-stay/chores/{assignment.pk}/done/").status_code
        == 404
    )
    client_as("member").post(f"/housing/my-stay/chores/{assignment.pk}/done/")
    rosa.post(url, {"form": "check", "assignment": assignment.pk})
    assignment.refresh_from_db()
    assert assignment.done_at and assignment.checked_by == cast["house_manager"].user


def test_a_drug_test_for_a_non_resident_is_refused_beside_the_field(cast, client_as, house, stay):
    other = Stay.objects.create(
        house=house, bed=house.beds.get(label="B"), resident=cast["member2"].user
    )
    response = client_as("house_manager").post(
        f"/housing/houses/{house.pk}/drug-tests/",
        {
            "form": "test",
            "test-stay_id": other.pk,
            "test-taken_on": str(datetime.date.today()),
            "test-reason": "random",
            "test-result": "negative",
        },
    )
    assert response.status_code == 422
    assert "Not a resident of this house" in text_of(response.content.decode())
    assert DrugTest.objects.count() == 0


def test_rosa_records_a_result_that_maya_reads_in_neutral_words(cast, client_as, house, stay):
    rosa = client_as("house_manager")
    rosa.post(
        f"/housing/houses/{house.pk}/drug-tests/",
        {
            "form": "test",
            "test-stay_id": stay.pk,
            "test-taken_on": str(stay.move_in_on),
            "test-reason": "scheduled",
            "test-result": "prescribed",
        },
    )
    assert DrugTest.objects.get().result == "prescribed"
    assert "Positive for a prescribed medication" in text_of(
        client_as("member").get("/housing/my-stay/").content.decode()
    )
    rosa.post(f"/housing/houses/{house.pk}/drug-tests/", {"form": "draw", "draw-count": "1"})
    page = text_of(rosa.get(f"/housing/houses/{house.pk}/drug-tests/").content.decode())
    assert "Recent draws" in page and "seed" in page


def test_a_house_meeting_with_marks_an_incident_closed_and_a_ledger(cast, client_as, house, stay):
    rosa = client_as("house_manager")
    response = rosa.post(
        f"/housing/houses/{house.pk}/meetings/",
        {
            "held_at": "2026-01-04T19:00",
            "minutes": "Quiet hours agreed.",
            f"mark_{stay.pk}": "absent",
        },
    )
    assert response.status_code == 302
    meeting = HouseMeeting.objects.get()
    page = text_of(rosa.get(response.url).content.decode())
    assert "Absent" in page and "Quiet hours agreed." in page
    response = rosa.post(
        f"/housing/houses/{house.pk}/incidents/",
        {"kind": "property", "occurred_at": "2026-01-04T10:00", "description": "A window broke."},
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert rosa.post(response.url, {"follow_up": ""}).status_code == 422
    rosa.post(response.url, {"follow_up": "Glazier came."})
    incident.refresh_from_db()
    assert incident.closed_at is not None
    rosa.post(
        f"/housing/houses/{house.pk}/ledger/",
        {
            "stay_id": stay.pk,
            "kind": "charge",
            "amount": "175.00",
            "on": str(datetime.date.today()),
        },
    )
    assert LedgerEntry.objects.get().amount == Decimal("175.00")
    assert "You owe 175.00." in text_of(
        client_as("member").get("/housing/my-stay/").content.decode()
    )
    assert meeting.attendance.get().mark == "absent"


def test_the_weekly_report_downloads_as_csv(cast, client_as, house, stay) -> None:
    ledger.record_entry(
        house=house,
        by=cast["house_manager"].user,
        stay_id=stay.pk,
        kind="charge",
        amount=Decimal("50"),
        on=datetime.date.today(),
    )
    response = client_as("house_manager").get(f"/housing/houses/{house.pk}/report.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "Total outstanding,50.00" in response.content.decode()
    assert client_as("member").get(f"/housing/houses/{house.pk}/report.csv").status_code == 404
    page = client_as("house_manager").get(f"/housing/houses/{house.pk}/report/?week=nonsense")
    assert page.status_code == 422


def test_times_show_in_the_viewers_zone_and_name_it(cast, client_as, house, stay) -> None:
    import zoneinfo

    rosa = cast["house_manager"].user
    rosa.time_zone = "America/New_York"
    rosa.save(update_fields=["time_zone"])
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    left = datetime.datetime.now(tz=chicago).replace(second=0, microsecond=0) - datetime.timedelta(
        hours=2
    )
    curfew.sign_out(stay=stay, by=cast["member"].user, at=left)
    page = text_of(
        client_as("house_manager").get(f"/housing/houses/{house.pk}/curfew/").content.decode()
    )
    eastern = left.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert f"{eastern:%H:%M} {eastern.tzname()}" in page
    mine = text_of(client_as("member").get("/housing/my-stay/").content.decode())
    assert f"{left:%H:%M} {left.tzname()}" in mine


def test_the_curfew_board_asks_the_same_number_of_queries_for_one_resident_or_many(
    cast, client_as, house, stay
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rosa = client_as("house_manager")
    curfew.sign_out(stay=stay, by=cast["member"].user)
    url = f"/housing/houses/{house.pk}/curfew/"
    rosa.get(url)
    with CaptureQueriesContext(connection) as few:
        rosa.get(url)
    jordan = move_in(cast, house, cast["member2"].user, "B")
    curfew.sign_out(stay=jordan, by=cast["member2"].user)
    with CaptureQueriesContext(connection) as many:
        rosa.get(url)

    def others(queries) -> int:  # all but the access-log rows, one per resident named
        return sum('INSERT INTO "privacy_accesslogentry"' not in q["sql"] for q in queries)

    assert others(many) == others(few)

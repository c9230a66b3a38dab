"""The life of a house through the API: the same rules as the pages, with 422 naming the field,
409 for a clash of state and 404 for anyone else's."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alongside.housing.models import DrugTest, SignLog, Stay
from alongside.housing.tests.lakeview import lakeview, move_in

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def house(cast):
    made = lakeview(cast, beds=("A", "B"), curfew=datetime.time(23, 0))
    move_in(cast, made, cast["member"].user, "A", days_ago=10)
    return made


@pytest.fixture
def stay(house) -> Stay:
    return Stay.objects.get(house=house, bed__label="A")


def test_signing_in_before_the_last_entry_is_out_of_order_and_nothing_is_saved(
    cast, client_as, house, stay
) -> None:
    maya = client_as("member")
    now = timezone.now()
    out = maya.post(
        "/api/v1/housing/my-stay/sign-out",
        {
            "destination": "Work",
            "at": (now - datetime.timedelta(hours=3)).isoformat(),
            "expected_back_at": (now + datetime.timedelta(hours=1)).isoformat(),
        },
        content_type=JSON,
    )
    assert out.status_code == 201 and out.json()["direction"] == "out"
    again = maya.post("/api/v1/housing/my-stay/sign-out", {}, content_type=JSON)
    assert again.status_code == 409 and "Already signed out" in again.json()["error"]["message"]
    early = maya.post(
        "/api/v1/housing/my-stay/sign-in",
        {"at": (now - datetime.timedelta(hours=4)).isoformat()},
        content_type=JSON,
    )
    assert early.status_code == 422
    fields = early.json()["error"]["fields"]
    assert fields[0]["field"] == "at" and "Out of order" in fields[0]["message"]
    naive = maya.post(
        "/api/v1/housing/my-stay/sign-in", {"at": "2026-12-07T21:00:00"}, content_type=JSON
    )
    assert naive.status_code == 422
    assert SignLog.objects.count() == 1
    back = maya.post("/api/v1/housing/my-stay/sign-in", {}, content_type=JSON)
    assert back.status_code == 201
    life = maya.get("/api/v1/housing/my-stay/life").json()
    assert [e["direction"] for e in life["sign_log"]] == ["in", "out"]
    assert client_as("member2").get("/api/v1/housing/my-stay/life").status_code == 404


def test_a_drug_test_for_a_non_resident_is_a_field_error(cast, client_as, house, stay) -> None:
    rosa = client_as("house_manager")
    offer = Stay.objects.create(
        house=house, bed=house.beds.get(label="B"), resident=cast["member2"].user
    )
    for stay_id in (offer.pk, 987654):
        response = rosa.post(
            f"/api/v1/housing/houses/{house.pk}/drug-tests",
            {"stay_id": stay_id, "taken_on": str(datetime.date.today()), "result": "negative"},
            content_type=JSON,
        )
        assert response.status_code == 422
        (field,) = response.json()["error"]["fields"]
        assert field["field"] == "stay_id" and "Not a resident" in field["message"]
    assert DrugTest.objects.count() == 0
    ok = rosa.post(
        f"/api/v1/housing/houses/{house.pk}/drug-tests",
        {"stay_id": stay.pk, "taken_on": str(stay.move_in_on), "result": "positive"},
        content_type=JSON,
    )
    assert ok.status_code == 201 and ok.json()["result_words"] == "Positive"
    listed = rosa.get(f"/api/v1/housing/houses/{house.pk}/drug-tests").json()
    assert [t["id"] for t in listed["tests"]] == [ok.json()["id"]]
    mine = client_as("member").get("/api/v1/housing/my-stay/life").json()
    assert mine["drug_tests"][0]["result"] == "positive"


def test_chores_rota_meeting_incident_ledger_and_report_through_the_api(
    cast, client_as, house, stay
) -> None:
    rosa, base = client_as("house_manager"), f"/api/v1/housing/houses/{house.pk}"
    assert (
        rosa.post(
            f"{base}/chores", {"name": "Kitchen", "difficulty": 6}, content_type=JSON
        ).status_code
        == 422
    )
    chore = rosa.post(f"{base}/chores", {"name": "Kitchen", "difficulty": 3}, content_type=JSON)
    assert chore.status_code == 201
    rota = rosa.post(f"{base}/rota", {}, content_type=JSON)
    assert rota.status_code == 201
    (assignment,) = rota.json()["assignments"]
    assert assignment["resident"]["id"] == cast["member"].user.pk
    assert rosa.post(f"{base}/rota", {}, content_type=JSON).status_code == 409
    done = client_as("member").post(f"/api/v1/housing/my-stay/chores/{assignment['id']}/done")
    assert done.status_code == 200 and done.json()["done_at"]
    check = rosa.post(f"/api/v1/housing/chore-assignments/{assignment['id']}/check")
    assert check.status_code == 200 and check.json()["checked_at"]
    meeting = rosa.post(
        f"{base}/meetings",
        {
            "held_at": "2026-01-04T19:00:00-06:00",
            "minutes": "Quiet hours.",
            "attendance": [{"stay_id": stay.pk, "mark": "excused"}],
        },
        content_type=JSON,
    )
    assert meeting.status_code == 201
    assert meeting.json()["attendance"][0]["mark"] == "excused"
    incident = rosa.post(
        f"{base}/incidents",
        {
            "kind": "property",
            "occurred_at": "2026-01-04T10:00:00-06:00",
            "description": "A window broke.",
            "follow_up_due_on": str(datetime.date.today()),
        },
        content_type=JSON,
    )
    assert incident.status_code == 201
    closed = rosa.post(
        f"{base}/incidents/{incident.json()['id']}/close",
        {"follow_up": "Fixed."},
        content_type=JSON,
    )
    assert closed.status_code == 200 and closed.json()["closed_at"]
    entry = rosa.post(
        f"{base}/ledger",
        {
            "stay_id": stay.pk,
            "kind": "charge",
            "amount": "175.00",
            "on": str(datetime.date.today()),
        },
        content_type=JSON,
    )
    assert entry.status_code == 201
    assert rosa.get(f"{base}/ledger").json()["balances"][0]["balance"] == "175.00"
    report = rosa.get(f"{base}/report").json()
    rows = {(r["section"], r["measure"]): r["value"] for r in report["rows"]}
    assert rows[("Chores", "Done")] == "1" and rows[("Fees", "Total outstanding")] == "175.00"
    assert rosa.get(f"{base}/report?week=0001-01-01").status_code == 422
    assert client_as("member").get(f"{base}/report").status_code == 404

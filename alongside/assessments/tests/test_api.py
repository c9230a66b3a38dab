"""The JSON API: definitions as data, pure scoring that stores nothing, submissions, 422s."""

from __future__ import annotations

import pytest

from alongside.api import api
from alongside.assessments.models import Administration, AssessmentSchedule
from alongside.lib.instruments import INSTRUMENTS
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db

PHQ_ITEM9 = {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 2}


def post(client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


def test_the_scoring_endpoint_scores_without_storing_anything(cast, client_as) -> None:
    before = AccessLogEntry.objects.count()
    response = post(
        client_as("member"), "/api/v1/assessments/instruments/phq9/score", {"answers": PHQ_ITEM9}
    )
    body = response.json()
    assert response.status_code == 200
    assert (body["total"], body["band"]["key"], body["flags"][0]["key"]) == (
        2,
        "minimal",
        "phq9_item9",
    )
    assert not Administration.objects.exists()
    assert not InAppNotification.objects.exists()
    assert AccessLogEntry.objects.count() == before


@pytest.mark.parametrize(
    ("key", "answers", "expected"),
    [
        ("barc10", {str(n): 6 for n in range(1, 11)}, {"total": 60, "flags": ["barc10_strength"]}),
        ("dast10", {str(n): "no" for n in range(1, 11)}, {"total": 1, "band": "low"}),
        ("auditc", {"1": 1, "2": 1, "3": 1, "sex": "male"}, {"total": 3, "flags": []}),
        (
            "auditc",
            {"1": 1, "2": 1, "3": 1, "sex": "female"},
            {"total": 3, "flags": ["auditc_positive"]},
        ),
        ("readiness", {"readiness": 7}, {"total": 7, "band": None}),
        ("gad7", {str(n): 3 for n in range(1, 8)}, {"total": 21, "band": "severe"}),
    ],
)
def test_scoring_endpoint_for_each_instrument(cast, client_as, key, answers, expected) -> None:
    body = post(
        client_as("member"), f"/api/v1/assessments/instruments/{key}/score", {"answers": answers}
    ).json()
    assert body["total"] == expected["total"]
    if "band" in expected:
        assert (body["band"] or {}).get("key") == expected["band"]
    if "flags" in expected:
        assert [f["key"] for f in body["flags"]] == expected["flags"]


def test_the_bam_scores_subscales_and_no_total_through_the_api(cast, client_as) -> None:
    answers = {
        "1": 4,
        "2": 16,
        "3": 9,
        "4": 5,
        "5": 2,
        "6": 0,
        "8": 3,
        "9": 1,
        "10": 0,
        "11": 8,
        "12": 0,
        "13": 3,
        "14": "no",
        "15": 2,
        "16": 1,
        "17": 1,
    }
    body = post(
        client_as("member"), "/api/v1/assessments/instruments/bam/score", {"answers": answers}
    ).json()
    assert body["total"] is None
    assert {s["key"]: s["score"] for s in body["subscales"]} == {
        "use": 3,
        "risk": 4 + 4 + 3 + 3 + 2 + 2,
        "protective": 1 + 0 + 0 + 1 + 0 + 1,
    }
    assert {f["key"] for f in body["flags"]} == {"bam_use", "bam_risk", "bam_protective_low"}


def test_bad_answers_get_a_422_naming_each_item(cast, client_as) -> None:
    response = post(
        client_as("member"),
        "/api/v1/assessments",
        {"instrument": "phq9", "answers": {**PHQ_ITEM9, "3": 4, "9": None}},
    )
    body = response.json()
    assert response.status_code == 422
    assert body["error"]["fields"] == [
        {"field": "answers.3", "message": "Item 3: choose one of its answers."},
        {"field": "answers.9", "message": "Item 9 needs an answer."},
    ]
    assert not Administration.objects.exists() and not InAppNotification.objects.exists()


def test_an_unknown_instrument_is_a_field_error(cast, client_as) -> None:
    response = post(
        client_as("member"), "/api/v1/assessments", {"instrument": "asi", "answers": {}}
    )
    assert (
        response.status_code == 422
        and response.json()["error"]["fields"][0]["field"] == "instrument"
    )
    assert (
        post(
            client_as("member"), "/api/v1/assessments/instruments/asi/score", {"answers": {}}
        ).status_code
        == 404
    )


def test_the_definition_is_data_with_codes_skip_logic_and_licence(cast, client_as) -> None:
    body = client_as("member").get("/api/v1/assessments/instruments/bam").json()
    items = {i["key"]: i for i in body["items"]}
    assert items["5"]["skip_when"] == {"item": "4", "equals": 0}
    assert items["7c"]["skip_when"] == {"item": "6", "equals": 0} and not items["7c"]["scored"]
    assert items["14"]["options"] == [
        {"value": "no", "label": "No", "code": 0},
        {"value": "yes", "label": "Yes", "code": 4},
    ]
    assert body["day_bins"] == [
        {"low": 0, "high": 0, "code": 0},
        {"low": 1, "high": 3, "code": 1},
        {"low": 4, "high": 8, "code": 2},
        {"low": 9, "high": 15, "code": 3},
        {"low": 16, "high": 30, "code": 4},
    ]
    assert body["has_total"] is False and body["licence"]["wording_free"] is False
    assert items["2"]["paraphrased"] is True


@pytest.mark.parametrize("key", sorted(INSTRUMENTS))
def test_every_instrument_definition_is_served(cast, client_as, key) -> None:
    response = client_as("member").get(f"/api/v1/assessments/instruments/{key}")
    assert response.status_code == 200
    assert response.json()["key"] == key


def test_the_audit_c_cut_off_choice_is_an_unscored_context_item(cast, client_as) -> None:
    body = client_as("member").get("/api/v1/assessments/instruments/auditc").json()
    sex = next(i for i in body["items"] if i["key"] == "sex")
    assert sex["context"] is True and sex["scored"] is False
    assert {o["code"] for o in sex["options"]} == {None}
    assert body["total_range"] == [0, 12]


def test_a_correction_through_the_api_references_the_original(cast, client_as) -> None:
    client = client_as("member")
    first = post(
        client, "/api/v1/assessments", {"instrument": "readiness", "answers": {"readiness": 3}}
    ).json()
    second = post(
        client,
        "/api/v1/assessments",
        {
            "instrument": "readiness",
            "answers": {"readiness": 8},
            "corrects_id": first["id"],
            "correction_reason": "tapped the wrong number",
        },
    )
    assert second.status_code == 201 and second.json()["corrects_id"] == first["id"]
    assert (
        client.get(f"/api/v1/assessments/results/{first['id']}").json()["corrected_by_id"]
        == second.json()["id"]
    )
    again = post(
        client,
        "/api/v1/assessments",
        {
            "instrument": "readiness",
            "answers": {"readiness": 9},
            "corrects_id": first["id"],
            "correction_reason": "x",
        },
    )
    assert again.status_code == 422 and again.json()["error"]["fields"][0]["field"] == "corrects"
    other = post(
        client_as("member2"),
        "/api/v1/assessments",
        {
            "instrument": "readiness",
            "answers": {"readiness": 9},
            "corrects_id": first["id"],
            "correction_reason": "x",
        },
    )
    assert other.status_code == 422  # not theirs to correct


def test_schedules_and_due_through_the_api(cast, client_as) -> None:
    client = client_as("member")
    today = cast["member"].user.local_today().isoformat()
    made = post(
        client,
        "/api/v1/assessment-schedules",
        {"instrument": "gad7", "frequency": "fortnightly", "starts_on": today},
    )
    assert made.status_code == 201 and made.json()["due"]["is_due"] is True
    due = client.get("/api/v1/assessments/due").json()
    assert [(d["instrument"], d["is_due"]) for d in due] == [("gad7", True)]
    ended = post(client, f"/api/v1/assessment-schedules/{made.json()['id']}/end", {})
    assert ended.json()["ended_at"] is not None and not AssessmentSchedule.objects.active().exists()
    bad = post(
        client,
        "/api/v1/assessment-schedules",
        {"instrument": "gad7", "frequency": "daily", "starts_on": today},
    )
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "frequency"


def test_every_assessment_operation_is_in_the_openapi_schema() -> None:
    paths = api.get_openapi_schema()["paths"]
    for path in [
        "/api/v1/assessments/instruments/{key}/score",
        "/api/v1/assessments",
        "/api/v1/assessments/results/{administration_id}",
        "/api/v1/members/{member_id}/assessments",
        "/api/v1/members/{member_id}/assessments/trends/{instrument}",
        "/api/v1/members/{member_id}/assessment-schedules",
        "/api/v1/notifications",
    ]:
        assert path in paths, path

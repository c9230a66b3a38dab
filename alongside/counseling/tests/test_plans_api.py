"""Treatment plans through the API: the same rules as the pages. Dr. Chen starts Maya's plan,
saves versions (422 naming the path of each bad value, nothing saved), signs; Maya lists and
reads her plans and co-signs; 409 for a state that refuses; 403 for a person who may read the
plan but not do this; 404 for Casey and strangers."""

from __future__ import annotations

import copy

import pytest

from alongside.counseling.models import PlanStatus, TreatmentPlan
from alongside.counseling.services import plans as services
from alongside.counseling.tests.test_plans import share_counseling, written
from alongside.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def post(client, url: str, data: dict):
    return client.post(url, data=data, content_type="application/json")


@pytest.fixture
def plan_id(cast, client_as) -> int:
    share_counseling(cast)
    maya = cast["member"].user
    response = post(
        client_as("counselor"),
        f"/api/v1/counseling/clients/{maya.pk}/plans",
        {"edition": "3", "review_every_days": 60},
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def fields(response) -> dict[str, str]:
    return {f["field"]: f["message"] for f in response.json()["error"]["fields"]}


def test_a_plan_is_started_and_read_with_its_editions_dimensions(plan_id, cast, client_as) -> None:
    body = client_as("counselor").get(f"/api/v1/counseling/plans/{plan_id}").json()
    assert (body["edition"], body["status"], body["review_every_days"]) == ("3", "draft", 60)
    assert body["member"] == {"id": cast["member"].user.pk, "display_name": "Maya O."}
    assert body["latest_version"] == 1 and body["in_effect_version"] is None
    names = [r["name"] for r in body["current"]["content"]["asam"]]
    assert names[3] == "Readiness to Change" and len(names) == 6
    assert body["current"]["content"]["problems"] == []
    row = AccessLogEntry.objects.filter(member=cast["member"].user, action="write").get()
    assert row.interface == "api"


def test_saving_a_version_with_bad_values_names_each_path_and_saves_nothing(
    plan_id, client_as
) -> None:
    bad = written(target_on="31/03/2026")
    bad["problems"][0]["goals"].append({"text": "Sleep", "objectives": [{"text": "x"}]})
    response = post(client_as("counselor"), f"/api/v1/counseling/plans/{plan_id}/versions", bad)
    assert response.status_code == 422
    errors = fields(response)
    assert errors["problems[0].goals[0].objectives[0].target_on"] == (
        "Give the target date as YYYY-MM-DD, like 2026-03-31."
    )
    assert set(errors) >= {
        "problems[0].goals[1].objectives[0].measure",
        "problems[0].goals[1].objectives[0].target_on",
    }
    assert TreatmentPlan.objects.get(pk=plan_id).versions.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"problems": [{"text": "x", "dimension": 2, "goals": [], "colour": "red"}]}, "colour"),
        ({"problems": "none"}, "problems"),
        ({"asam": [{"dimension": 3, "rating": "high"}]}, "asam[0].rating"),
        ({"problems": [{"text": "x", "dimension": 7}]}, "problems[0].dimension"),
    ],
)
def test_the_wrong_shape_is_refused_with_a_422_naming_the_field(
    plan_id, client_as, body, field
) -> None:
    response = post(client_as("counselor"), f"/api/v1/counseling/plans/{plan_id}/versions", body)
    assert response.status_code == 422
    assert any(field in name for name in fields(response))


def test_versions_sign_and_co_sign(plan_id, cast, client_as) -> None:
    chen, maya = client_as("counselor"), client_as("member")
    url = f"/api/v1/counseling/plans/{plan_id}"
    refused = post(chen, f"{url}/sign", {"version": 1})
    assert refused.status_code == 422 and "problems" in fields(refused)
    saved = post(chen, f"{url}/versions", written())
    assert saved.status_code == 201
    version = saved.json()
    assert version["number"] == 2
    assert "Problem added: Drinks most evenings after work" in version["changes"]
    objective = version["content"]["problems"][0]["goals"][0]["objectives"][0]
    assert (objective["id"], objective["status"], objective["target_on"]) == (
        "o1",
        "in_progress",
        "2026-06-30",
    )
    # The same content again: nothing new.
    content = {"asam": version["content"]["asam"], "problems": version["content"]["problems"]}
    for rating in content["asam"]:
        del rating["name"]
    for problem in content["problems"]:
        del problem["dimension_name"]
    again = post(chen, f"{url}/versions", content)
    assert again.status_code == 200 and again.json()["number"] == 2
    assert post(maya, f"{url}/co-sign", {"version": 2}).status_code == 409
    assert post(chen, f"{url}/sign", {"version": 1}).status_code == 409  # not the newest
    signed = post(chen, f"{url}/sign", {"version": 2})
    assert signed.status_code == 200
    assert signed.json()["counselor_signed_by"]["display_name"] == "Grace C."
    assert post(chen, f"{url}/sign", {"version": 2}).status_code == 409
    assert post(maya, f"{url}/sign", {"version": 2}).status_code == 403
    assert post(chen, f"{url}/co-sign", {"version": 2}).status_code == 403
    cosigned = post(maya, f"{url}/co-sign", {"version": 2})
    assert cosigned.status_code == 200 and cosigned.json()["member_signed_at"]
    body = maya.get(url).json()
    assert body["status"] == "active" and body["in_effect_version"] == 2
    assert body["next_review_on"] is not None
    assert (body["objectives_met"], body["objectives_total"]) == (0, 1)
    mine = maya.get("/api/v1/counseling/plans").json()
    assert [p["id"] for p in mine] == [plan_id]


def test_a_review_with_the_next_version(plan_id, cast, client_as) -> None:
    chen = client_as("counselor")
    url = f"/api/v1/counseling/plans/{plan_id}"
    assert post(chen, f"{url}/reviews", {"summary": "Early"}).status_code == 409
    plan = TreatmentPlan.objects.get(pk=plan_id)
    version, _c = services.save_version(plan=plan, by=cast["counselor"].user, content=written())
    services.sign_version(plan=plan, by=cast["counselor"].user, number=2)
    services.cosign_version(plan=plan, member=cast["member"].user, number=2)
    changed = copy.deepcopy(version.content)
    changed["problems"][0]["goals"][0]["objectives"][0]["status"] = "met"
    bad = copy.deepcopy(changed)
    bad["problems"][0]["goals"][0]["objectives"][0]["target_on"] = "soon"
    refused = post(chen, f"{url}/reviews", {"summary": "Met it", "content": bad})
    assert refused.status_code == 422
    assert "content.problems[0].goals[0].objectives[0].target_on" in fields(refused)
    done = post(chen, f"{url}/reviews", {"summary": "Met it", "content": changed})
    assert done.status_code == 201
    assert done.json()["version"] == 3 and done.json()["by"]["display_name"] == "Grace C."
    body = chen.get(url).json()
    assert body["reviews"][0]["summary"] == "Met it"
    assert (body["objectives_met"], body["objectives_total"]) == (1, 1)
    due = chen.get("/api/v1/counseling/plan-reviews/due").json()
    assert due == []  # the next review is 60 days away
    patched = chen.patch(
        url, data={"review_every_days": 10}, content_type="application/json"
    ).json()
    assert patched["review_every_days"] == 10
    assert [p["id"] for p in chen.get("/api/v1/counseling/plan-reviews/due").json()] == [plan_id]


def test_a_closed_plan_answers_409(plan_id, client_as) -> None:
    chen = client_as("counselor")
    url = f"/api/v1/counseling/plans/{plan_id}"
    closed = post(chen, f"{url}/close", {})
    assert closed.status_code == 200 and closed.json()["status"] == PlanStatus.CLOSED
    assert post(chen, f"{url}/close", {}).status_code == 409
    response = post(chen, f"{url}/versions", written())
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "This plan is closed: it can be read, not changed."
    )


def test_casey_and_strangers_get_404_and_maya_reads_her_own(plan_id, cast, client_as) -> None:
    maya = cast["member"].user
    url = f"/api/v1/counseling/plans/{plan_id}"
    for persona in ("outsider", "member2", "mentor", "peer_specialist"):
        client = client_as(persona)
        assert client.get(url).status_code == 404
        assert client.get(f"{url}/versions/1").status_code == 404
        assert post(client, f"{url}/versions", written()).status_code == 404
        assert post(client, f"{url}/co-sign", {"version": 1}).status_code == 404
        assert client.get(f"/api/v1/counseling/clients/{maya.pk}/plans").status_code == 404
        assert post(client, f"/api/v1/counseling/clients/{maya.pk}/plans", {}).status_code == 404
    assert client_as("member").get(f"/api/v1/counseling/clients/{maya.pk}/plans").json()[0][
        "id"
    ] == (plan_id)
    assert client_as("member").get(f"{url}/versions/2").status_code == 404
    assert client_as(None).get(url).status_code == 401

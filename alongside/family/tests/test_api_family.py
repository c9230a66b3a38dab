"""The family API does what the pages do, through the same services: Maya invites Pat (after
confirming it is her), Pat accepts and reads her check-in summary, works a CRAFT worksheet and
checks in on himself; Maya changes what he sees and ends it. Bad input answers 422 naming the
field, closed invitations 409, and nothing of Pat's reaches anyone else."""

from __future__ import annotations

import pytest

from alongside.family.models import Ally, AllyInvitation, CraftWorksheet, WellbeingCheckIn
from alongside.journey import services as journey
from alongside.privacy.models import ConsentGrant

pytestmark = pytest.mark.django_db

ANALYSIS = {
    "situation": "Friday",
    "triggers": "payday",
    "behaviour": "drinks",
    "short_term": "relief",
    "long_term": "a lost weekend",
}


def post(client, path, data=None):
    return client.post(path, data or {}, content_type="application/json")


def test_the_whole_flow_through_the_api(cast, client_as) -> None:
    maya = cast["member"].user
    journey.record_check_in(member=maya, mood=4, craving=6, note="private")
    member = client_as("member", reauthenticated=True)

    sent = post(
        member,
        "/api/v1/family/invitations",
        {
            "email": "pat@example.org",
            "relationship": "sibling",
            "scopes": ["check_in_summary"],
            "gets_hard_days": True,
        },
    )
    assert sent.status_code == 201, sent.json()
    body = sent.json()
    assert body["status"] == "pending"
    assert [s["key"] for s in body["shares"]] == ["check_in_summary", "hard_days"]
    assert not ConsentGrant.objects.exists()

    ally = client_as("ally")
    assert ally.get(f"/api/v1/family/members/{maya.pk}/check-ins").status_code == 404
    [waiting] = ally.get("/api/v1/family/invitations/received").json()
    assert waiting["member"] == {"id": maya.pk, "display_name": "Maya O."}

    accepted = post(ally, f"/api/v1/family/invitations/{waiting['id']}/accept")
    assert accepted.status_code == 200
    assert [s["key"] for s in accepted.json()["sees"]] == ["check_in_summary", "hard_days"]
    summary = ally.get(f"/api/v1/family/members/{maya.pk}/check-ins").json()
    assert summary == [{"on": str(maya.local_today()), "mood": 4}]
    [supported] = ally.get("/api/v1/family/supporting").json()
    assert supported["shares"][0]["scope"] == "check_in_summary"
    assert supported["shares"][0]["url"] == f"/family/members/{maya.pk}/check-ins/"

    sheet = post(
        ally,
        "/api/v1/family/craft/worksheets",
        {"tool": "functional_analysis", "answers": ANALYSIS},
    )
    assert sheet.status_code == 201 and sheet.json()["answers"]["triggers"] == "payday"
    programme = ally.get("/api/v1/family/craft").json()
    assert (programme["done"], programme["total"]) == (1, 7)
    assert [g["key"] for g in programme["goals"]] == ["less_use", "treatment", "own_life"]
    well = post(ally, "/api/v1/family/wellbeing", {"stress": 6, "sleep_hours": "6.5"})
    assert well.status_code == 201 and well.json()["stress"] == 6

    [listed] = member.get("/api/v1/family/allies").json()
    changed = member.put(
        f"/api/v1/family/allies/{listed['id']}",
        {"scopes": ["milestones"], "gets_sos": True},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert [s["key"] for s in changed.json()["sees"]] == ["milestones", "sos"]
    assert ally.get(f"/api/v1/family/members/{maya.pk}/check-ins").status_code == 404
    assert ally.get(f"/api/v1/members/{maya.pk}/milestones").status_code == 200

    ended = post(member, f"/api/v1/family/allies/{listed['id']}/end")
    assert ended.status_code == 200 and ended.json()["sees"] == []
    assert ally.get(f"/api/v1/members/{maya.pk}/milestones").status_code == 404
    assert ally.get("/api/v1/family/supporting").json() == []


def test_sharing_changes_need_a_recent_confirmation_and_never_a_token_alone(
    cast, client_as
) -> None:
    from alongside.accounts.sensitive import Credential
    from alongside.accounts.services import create_api_token

    data = {"email": "pat@example.org", "relationship": "sibling", "gets_sos": True}
    refused = post(client_as("member"), "/api/v1/family/invitations", data)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "reauthentication_required"
    maya = cast["member"].user
    _token, secret = create_api_token(
        user=maya, name="phone", scope="read_write", credential=Credential.for_setup(maya)
    )
    from django.test import Client

    by_token = Client().post(
        "/api/v1/family/invitations",
        data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert by_token.status_code == 403 and by_token.json()["error"]["code"] == "use_signed_in_app"
    assert not AllyInvitation.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": "pat@nowhere.invalid"}, "email"),
        ({"email": "maya@example.org"}, "email"),
        ({"scopes": ["journal"]}, "scopes.0"),
        ({"scopes": [], "gets_sos": False}, "scopes"),
        ({"relationship": "boss"}, "relationship"),
    ],
)
def test_a_bad_invitation_answers_422_naming_the_field(client_as, data, field) -> None:
    body = {"email": "pat@example.org", "relationship": "sibling", "gets_sos": True, **data}
    response = post(client_as("member", reauthenticated=True), "/api/v1/family/invitations", body)
    assert response.status_code == 422
    assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert not AllyInvitation.objects.exists()


def test_closed_invitations_answer_409_with_the_reason(cast, client_as) -> None:
    member = client_as("member", reauthenticated=True)
    sent = post(
        member,
        "/api/v1/family/invitations",
        {"email": "pat@example.org", "relationship": "friend", "gets_sos": True},
    ).json()
    own = post(member, f"/api/v1/family/invitations/{sent['id']}/accept")
    assert own.status_code == 409
    assert "You sent this invitation" in own.json()["error"]["message"]
    assert post(member, f"/api/v1/family/invitations/{sent['id']}/withdraw").status_code == 200
    again = post(member, f"/api/v1/family/invitations/{sent['id']}/withdraw")
    assert again.status_code == 409
    late = post(client_as("ally"), f"/api/v1/family/invitations/{sent['id']}/accept")
    assert late.status_code == 409
    assert late.json()["error"]["message"] == "Maya O. withdrew this invitation."
    stranger = post(client_as("mentor"), f"/api/v1/family/invitations/{sent['id']}/accept")
    assert stranger.status_code == 404
    assert not Ally.objects.exists()


def test_a_craft_worksheet_that_does_not_fit_answers_422_per_answer(client_as) -> None:
    ally = client_as("ally")
    response = post(
        ally,
        "/api/v1/family/craft/worksheets",
        {"tool": "safety_plan", "answers": {"naloxone_where": "drawer"}},
    )
    assert response.status_code == 422
    fields = {f["field"] for f in response.json()["error"]["fields"]}
    assert {"answers.overdose_signs", "answers.emergency_number", "answers.will_act"} <= fields
    unknown = post(ally, "/api/v1/family/craft/worksheets", {"tool": "nagging", "answers": {}})
    assert unknown.status_code == 422 and unknown.json()["error"]["fields"][0]["field"] == "tool"
    assert not CraftWorksheet.objects.exists()


def test_a_wellbeing_check_in_out_of_range_answers_422(client_as) -> None:
    ally = client_as("ally")
    for data, field in (
        ({"stress": 11}, "stress"),
        ({"stress": 3, "sleep_hours": "30"}, "sleep_hours"),
    ):
        response = post(ally, "/api/v1/family/wellbeing", data)
        assert response.status_code == 422
        assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert not WellbeingCheckIn.objects.exists()


def test_pats_own_records_through_the_api_are_his_alone(cast, client_as) -> None:
    ally = client_as("ally")
    sheet = post(
        ally,
        "/api/v1/family/craft/worksheets",
        {"tool": "functional_analysis", "answers": ANALYSIS},
    ).json()
    check_in = post(ally, "/api/v1/family/wellbeing", {"stress": 2, "note": "a quiet day"}).json()
    updated = ally.put(
        f"/api/v1/family/craft/worksheets/{sheet['id']}",
        {"answers": {**ANALYSIS, "triggers": "a row"}},
        content_type="application/json",
    )
    assert updated.status_code == 200 and updated.json()["answers"]["triggers"] == "a row"
    for persona in ("member", "counselor", "peer_specialist"):
        other = client_as(persona)
        assert other.get(f"/api/v1/family/craft/worksheets/{sheet['id']}").status_code == 404
        assert other.get("/api/v1/family/craft/worksheets").json() == []
        assert other.get("/api/v1/family/wellbeing").json() == []
        assert other.delete(f"/api/v1/family/wellbeing/{check_in['id']}").status_code == 404
    assert ally.delete(f"/api/v1/family/craft/worksheets/{sheet['id']}").status_code == 204
    assert ally.delete(f"/api/v1/family/wellbeing/{check_in['id']}").status_code == 204
    assert not CraftWorksheet.objects.exists() and not WellbeingCheckIn.objects.exists()

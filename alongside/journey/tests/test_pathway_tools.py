"""Each pathway finds its own tools: Celebrate Recovery's principles, motivational interviewing's
decisional balance and change plan (with the readiness ruler over time), SMART Recovery's
hierarchy of values, DISARM and change plan, and step work for dual recovery."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alongside.accounts.sensitive import Credential
from alongside.assessments.services import submit_administration
from alongside.journey.models import Worksheet
from alongside.journey.tools import TOOLS_BY_KEY, tools_for
from alongside.privacy.services import grant_access, revoke_grant

pytestmark = pytest.mark.django_db

NEW_TOOLS = [
    *(f"cr_principle_{n}" for n in range(1, 9)),
    "decisional_balance",
    "mi_change_plan",
    "hierarchy_of_values",
    "disarm",
    "smart_change_plan",
    "dual_step_work",
]


def share_with(member, person):
    return grant_access(
        member=member,
        grantee_user=person,
        scopes=["check_ins"],
        purpose="counseling",
        credential=Credential.for_setup(member),
    )


def set_pathways(user, *pathways: str) -> None:
    user.pathways = list(pathways)
    user.save(update_fields=["pathways"])


def today(member) -> str:
    return member.local_today().isoformat()


def test_every_new_tool_cites_the_practice_it_is_drawn_from() -> None:
    for key in NEW_TOOLS:
        assert TOOLS_BY_KEY[key].source, key


@pytest.mark.parametrize("key", NEW_TOOLS)
def test_an_empty_worksheet_says_so_beside_the_field_and_keeps_what_was_written(
    client_as, member, key
) -> None:
    tool = TOOLS_BY_KEY[key]
    required = next(f for f in tool.fields if f.required)
    optional = next(f for f in tool.fields if not f.required and f.kind == "textarea")

    response = client_as("member").post(
        f"/journey/tools/{key}/", {"ws-on": today(member), optional.name: "words I wrote"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{required.name}_error"' in page
    assert "Write something here" in page or "Choose one" in page
    assert "words I wrote" in page
    assert not Worksheet.objects.exists()


@pytest.mark.parametrize("key", NEW_TOOLS)
def test_an_empty_worksheet_through_the_api_is_a_422_naming_the_field(client_as, key) -> None:
    required = next(f for f in TOOLS_BY_KEY[key].fields if f.required)

    response = client_as("member").post(
        "/api/v1/worksheets", {"tool": key, "answers": {}}, content_type="application/json"
    )

    assert response.status_code == 422
    assert f"answers.{required.name}" in {f["field"] for f in response.json()["error"]["fields"]}
    assert not Worksheet.objects.exists()


@pytest.mark.parametrize(
    ("pathway", "own", "shared"),
    [
        ("celebrate", "Celebrate Recovery — Principle 1", "Step-work journal"),
        ("smart", "Hierarchy of values", "Thought record"),
        ("dra", "Dual recovery step work", "Step-work journal"),
        ("treatment", "Decisional balance", "Thought record"),
    ],
)
def test_the_tools_page_lists_the_members_own_pathway_tools_first(
    client_as, member, pathway, own, shared
) -> None:
    set_pathways(member, pathway)

    page = client_as("member").get("/journey/tools/").content.decode()

    assert page.index(own) < page.index(shared) < page.index("More tools")


def test_a_celebrate_recovery_member_is_offered_the_eight_principles_before_anything_else(
    client_as, member
) -> None:
    set_pathways(member, "celebrate")

    offered, others = tools_for(member.pathways)
    listed = [t["key"] for t in client_as("member").get("/api/v1/tools").json()]

    assert [t.key for t in offered] == [*(f"cr_principle_{n}" for n in range(1, 9)), "step_work"]
    assert listed[:9] == [t.key for t in offered]
    assert "decisional_balance" in {t.key for t in others}


def test_a_decisional_balance_draws_its_four_boxes_as_two_fieldsets_with_legends(
    client_as,
) -> None:
    page = client_as("member").get("/journey/tools/decisional_balance/").content.decode()

    assert 'class="worksheet-grid"' in page
    assert page.count('<fieldset class="worksheet-group">') == 2
    assert "<legend>If I make this change</legend>" in page
    assert "<legend>If things stay as they are</legend>" in page


def test_each_ranked_value_is_a_fieldset_and_asks_whether_using_helps_or_hurts(
    client_as, member
) -> None:
    client = client_as("member")
    page = client.get("/journey/tools/hierarchy_of_values/").content.decode()
    assert page.count('<fieldset class="worksheet-group">') == 5
    assert "<legend>What matters to me — number 1</legend>" in page

    response = client.post(
        "/journey/tools/hierarchy_of_values/",
        {"ws-on": today(member), "value_1": "My children", "value_2": "My health"},
    )
    assert 'id="id_using_1_error"' in response.content.decode()
    assert not Worksheet.objects.exists()

    client.post(
        "/journey/tools/hierarchy_of_values/",
        {
            "ws-on": today(member),
            "value_1": "My children",
            "using_1": "hurts",
            "value_2": "My health",
            "using_2": "both",
        },
    )
    sheet = Worksheet.objects.get()
    assert sheet.values["value_1"] == "My children" and sheet.values["using_2"] == "both"


def test_filled_in_with_only_accepts_someone_the_member_shares_with(
    client_as, member, counselor
) -> None:
    client = client_as("member")
    answers = {
        "ws-on": today(member),
        "changes": "Drink nothing on weeknights",
        "why": "my kids",
        "steps": "no wine at home",
        "filled_in_with": counselor.pk,
    }
    page = client.get("/journey/tools/mi_change_plan/").content.decode()
    assert counselor.display_name not in page

    refused = client.post("/journey/tools/mi_change_plan/", answers).content.decode()
    assert 'id="id_filled_in_with_error"' in refused and "Choose someone you share with" in refused
    assert "Drink nothing on weeknights" in refused
    assert not Worksheet.objects.exists()

    share_with(member, counselor)
    response = client.post("/journey/tools/mi_change_plan/", answers)

    assert response.status_code == 302
    sheet = Worksheet.objects.get()
    assert sheet.values["filled_in_with"] == counselor.pk
    history = client.get("/journey/tools/mi_change_plan/").content.decode()
    assert f"filled in with {counselor.display_name}" in history


def test_filled_in_with_through_the_api_needs_a_share_too(client_as, member, counselor) -> None:
    client = client_as("member")
    payload = {
        "tool": "decisional_balance",
        "answers": {
            "change": "Cutting down",
            "change_good": "sleep",
            "change_not_so_good": "boredom",
            "stay_good": "familiar",
            "stay_not_so_good": "mornings",
            "filled_in_with": counselor.pk,
        },
    }
    refused = client.post("/api/v1/worksheets", payload, content_type="application/json")
    assert refused.status_code == 422
    assert "answers.filled_in_with" in {f["field"] for f in refused.json()["error"]["fields"]}

    share_with(member, counselor)
    tools = {t["key"]: t for t in client.get("/api/v1/tools").json()}
    person = next(f for f in tools["decisional_balance"]["fields"] if f["kind"] == "person")
    assert person["choices"] == [[str(counselor.pk), counselor.display_name]]
    created = client.post("/api/v1/worksheets", payload, content_type="application/json")

    assert created.status_code == 201
    again = client.get(f"/api/v1/worksheets/{created.json()['id']}").json()
    assert again["answers"]["filled_in_with"] == counselor.pk


def test_a_worksheet_keeps_who_it_was_filled_in_with_after_the_share_ends(
    client_as, member, counselor
) -> None:
    grant = share_with(member, counselor)
    client = client_as("member")
    answers = {
        "ws-on": today(member),
        "changes": "Drink nothing on weeknights",
        "why": "my kids",
        "steps": "no wine at home",
        "filled_in_with": counselor.pk,
    }
    client.post("/journey/tools/mi_change_plan/", answers)
    sheet = Worksheet.objects.get()
    revoke_grant(grant=grant, by=member, credential=Credential.for_setup(member))

    response = client.post(
        f"/journey/worksheets/{sheet.pk}/", {**answers, "steps": "no wine, and a walk"}
    )

    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.values["steps"] == "no wine, and a walk"
    assert sheet.values["filled_in_with"] == counselor.pk


def test_the_change_plan_shows_the_readiness_ruler_over_time(client_as, member) -> None:
    client = client_as("member")
    before = client.get("/journey/tools/mi_change_plan/").content.decode()
    assert "No scores yet" in before and "/assessments/take/readiness/" in before

    for days_ago, score in ((20, 4), (5, 7)):
        submit_administration(
            member=member,
            instrument="readiness",
            answers={"readiness": score},
            taken_at=timezone.now() - datetime.timedelta(days=days_ago),
        )
    page = client.get("/journey/tools/mi_change_plan/").content.decode()

    assert "<svg" in page and "the latest is 7" in page
    assert "/assessments/trends/readiness/" in page

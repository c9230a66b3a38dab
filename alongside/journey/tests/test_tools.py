"""Pathway tools: offered by pathway, each a worksheet that saves to the history and reloads."""

from __future__ import annotations

import pytest

from alongside.journey import services
from alongside.journey.models import UseDay, Worksheet
from alongside.journey.tools import TOOLS, tools_for

pytestmark = pytest.mark.django_db

ANSWERS: dict[str, dict[str, object]] = {
    "thought_record": {
        "situation": "Boss yelled",
        "automatic_thought": "I'm useless",
        "feelings": "ashamed",
        "feeling_strength": 8,
        "evidence_for": "I missed a deadline",
        "evidence_against": "I hit the last ten",
        "balanced_thought": "One miss",
        "feeling_after": 4,
    },
    "cost_benefit": {
        "decision": "Drinking at the wedding",
        "benefits_of_using": "relax",
        "costs_of_using": "hangover, shame",
        "benefits_of_not_using": "remember the day",
        "costs_of_not_using": "awkward",
        "what_i_see": "not worth it",
    },
    "abc": {
        "activating_event": "Rent due",
        "beliefs": "I can't cope",
        "consequences": "urge",
        "disputation": "I have before",
        "effective_new_belief": "I can ask for help",
    },
    "step_work": {"step": "4", "writing": "My own inventory, in my words.", "shared_with": "Sam"},
    "meditation": {"practice": "breath", "minutes": 12, "noticed": "busy mind, then calm"},
    "urge_surfing": {"urge_before": 8, "minutes": 15, "urge_after": 3, "noticed": "tight chest"},
    "sos_commitment": {
        "commitment": True,
        "in_my_words": "Not today, no matter what.",
        "how": "meeting at 7",
    },
    "lifering_plan": {
        "sober_self": "calm, honest",
        "practices": "morning pages",
        "next_steps": "join a convenor training",
    },
    "drink_log": {"drinks": 2, "where": "Home", "mood": "tired", "note": "stopped at two"},
    **{
        f"cr_principle_{n}": {
            "reflection_1": f"Principle {n}, in my own words",
            "reflection_2": "What I noticed this week",
            "reflection_3": "",
            "this_week": "Call my sponsor",
            "shared_with": "Ruth",
        }
        for n in range(1, 9)
    },
    "decisional_balance": {
        "change": "Stopping drinking on weeknights",
        "change_good": "better sleep",
        "change_not_so_good": "evenings feel long",
        "stay_good": "it is familiar",
        "stay_not_so_good": "mornings are rough",
        "what_stands_out": "sleep matters most",
    },
    "mi_change_plan": {
        "changes": "Drink nothing on weeknights",
        "why": "I want to be present for my kids",
        "steps": "No wine in the house",
        "who_can_help": "my sister, by calling on Fridays",
        "in_the_way": "work stress",
        "how_i_will_know": "I wake up rested",
    },
    "hierarchy_of_values": {
        **{f"value_{n}": f"Value number {n}" for n in range(1, 6)},
        **{f"using_{n}": "hurts" for n in range(1, 6)},
        "what_i_notice": "using hurts most of them",
    },
    "disarm": {
        "voice_name": "The Salesman",
        "it_says": "Just one, you deserve it",
        "answer_back": "I deserve to wake up clear",
        "what_i_did": "made tea",
    },
    "smart_change_plan": {
        "changes": "Stop using on weekends",
        "reasons": "health and money",
        "steps": "plan Saturdays with friends",
        "others_can_help": "my partner can join me",
        "how_i_will_know": "savings go up",
        "interfere": "parties",
    },
    "dual_step_work": {
        "step": "1",
        "substance_use": "I could not stop on my own",
        "mental_health": "My depression made every day heavy",
        "both_together": "When I am low I want to use",
        "shared_with": "my sponsor",
    },
}


def form_data(answers: dict) -> dict:
    data = {"ws-on": ""}
    for key, value in answers.items():
        if value is True:
            data[key] = "on"
        else:
            data[key] = value
    return data


@pytest.fixture
def moderation(member):
    return services.start_track(
        member=member,
        kind="substance",
        goal="moderation",
        name="Alcohol",
        daily_limit=3,
        weekly_limit=10,
    )


def test_every_tool_has_answers_here() -> None:
    assert set(ANSWERS) == {t.key for t in TOOLS}


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t.key)
def test_every_worksheet_saves_on_the_page_and_reloads(client_as, member, moderation, tool) -> None:
    answers = dict(ANSWERS[tool.key])
    if tool.key == "drink_log":
        answers["track"] = moderation.pk
    data = form_data(answers)
    data["ws-on"] = member.local_today().isoformat()
    client = client_as("member")
    response = client.post(f"/journey/tools/{tool.key}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    sheet = Worksheet.objects.get(tool=tool.key)
    assert sheet.values == {
        **{f.name: None if f.kind not in ("text", "textarea") else "" for f in tool.fields},
        **answers,
    }
    page = client.get(response["Location"]).content.decode()
    first_text = next(
        v for v in answers.values() if isinstance(v, str) and len(v) > 3 and not v.isdigit()
    )
    assert first_text in page
    history = client.get(f"/journey/tools/{tool.key}/").content.decode()
    assert f"/journey/worksheets/{sheet.pk}/" in history


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t.key)
def test_every_worksheet_saves_and_reloads_through_the_api(client_as, moderation, tool) -> None:
    answers = dict(ANSWERS[tool.key])
    if tool.key == "drink_log":
        answers["track"] = moderation.pk
    client = client_as("member")
    created = client.post(
        "/api/v1/worksheets",
        {"tool": tool.key, "answers": answers},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    again = client.get(f"/api/v1/worksheets/{created.json()['id']}").json()
    for key, value in answers.items():
        assert again["answers"][key] == value


def test_a_worksheet_with_missing_answers_is_a_422_naming_each_field(client_as) -> None:
    response = client_as("member").post(
        "/api/v1/worksheets",
        {"tool": "abc", "answers": {"beliefs": "x"}},
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = {f["field"] for f in response.json()["error"]["fields"]}
    assert {"answers.activating_event", "answers.consequences"} <= fields


def test_a_worksheet_page_error_keeps_what_was_typed(client_as) -> None:
    page = (
        client_as("member")
        .post(
            "/journey/tools/urge_surfing/",
            {
                "ws-on": "2025-01-01",
                "urge_before": 11,
                "minutes": 5,
                "urge_after": 2,
                "noticed": "shaky",
            },
        )
        .content.decode()
    )
    assert "shaky" in page and "less than or equal to 10" in page
    assert not Worksheet.objects.exists()


def test_the_drink_log_counts_against_the_moderation_limits(client_as, member, moderation) -> None:
    today = member.local_today().isoformat()
    client = client_as("member")
    client.post("/journey/tools/drink_log/", {"ws-on": today, "track": moderation.pk, "drinks": 2})
    client.post("/journey/tools/drink_log/", {"ws-on": today, "track": moderation.pk, "drinks": 2})
    assert UseDay.objects.get(track=moderation).amount == 4
    page = client.get("/journey/tools/drink_log/").content.decode()
    assert "over a limit" in page
    sheet = Worksheet.objects.filter(tool="drink_log").first()
    client.post(
        f"/journey/worksheets/{sheet.pk}/", {"ws-on": today, "track": moderation.pk, "drinks": 1}
    )
    assert UseDay.objects.get(track=moderation).amount == 3
    client.post(f"/journey/worksheets/{sheet.pk}/delete/")
    assert UseDay.objects.get(track=moderation).amount == 2


def test_tools_are_offered_by_pathway_and_the_rest_stay_available(client_as) -> None:
    offered, others = tools_for(["na", "smart"])
    assert {t.key for t in offered} == {
        "thought_record",
        "cost_benefit",
        "abc",
        "step_work",
        "urge_surfing",
        "hierarchy_of_values",
        "disarm",
        "smart_change_plan",
    }
    assert {t.key for t in others} >= {
        "meditation",
        "sos_commitment",
        "lifering_plan",
        "drink_log",
        "decisional_balance",
        "dual_step_work",
        "cr_principle_1",
    }
    page = client_as("member2").get("/journey/tools/").content.decode()
    assert page.index("Drink log") < page.index("More tools")
    api = {t["key"]: t["offered"] for t in client_as("member2").get("/api/v1/tools").json()}
    assert api["drink_log"] and not api["step_work"]


def test_timed_tools_carry_the_timer_for_the_script_and_still_work_without_it(client_as) -> None:
    page = client_as("member").get("/journey/tools/meditation/").content.decode()
    assert (
        "data-timer hidden" in page
        and "data-timer-minutes" in page
        and "/static/js/journey.js" in page
    )


def test_another_members_worksheet_is_not_found(client_as, member) -> None:
    sheet = services.save_worksheet(
        member=member, tool_key="step_work", answers={"step": "1", "writing": "mine"}
    )
    assert client_as("member2").get(f"/journey/worksheets/{sheet.pk}/").status_code == 404
    assert client_as("mentor").get(f"/api/v1/worksheets/{sheet.pk}").status_code == 404

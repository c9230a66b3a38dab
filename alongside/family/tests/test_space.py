"""Pat's own space: the CRAFT programme with its goals, worksheets and progress, family meetings
in the directory, and a check-in on himself — all his alone, never Maya's to see, nor staff's."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import connection

from alongside.accounts.sensitive import Credential
from alongside.family import services
from alongside.family.craft import STEPS
from alongside.family.models import CraftWorksheet, WellbeingCheckIn
from alongside.journey.services.writing import WorksheetInvalid
from alongside.privacy.models import Scope
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db

ANALYSIS = {
    "situation": "Friday after her shift, at the bar",
    "triggers": "Payday and a call from her old crowd",
    "behaviour": "Several drinks over three hours",
    "short_term": "Relief after a long week",
    "long_term": "Missed Saturday with the kids",
}


def test_the_programme_names_its_three_goals_and_every_step(client_as) -> None:
    page = text_of(client_as("ally").get("/family/craft/").content.decode())
    for words in (
        "Less drinking or drug use",
        "Getting them into treatment",
        "A better life for you",
        "Step 1: Understanding their use",
        "Step 2: Talking so they can hear you",
        "Step 3: Rewarding sober time",
        "Step 4: Letting natural consequences happen",
        "Step 5: Safety plan, with naloxone",
        "Step 6: Your own life",
        "Step 7: Suggesting treatment",
        "You have worked through 0 of 7 steps.",
        "start with the safety plan",
    ):
        assert words in page, words


def test_pat_works_through_a_step_and_his_progress_says_so(cast, client_as) -> None:
    client = client_as("ally")
    step = text_of(client.get("/family/craft/functional_analysis/").content.decode())
    assert "Drinking and drug use happen for reasons" in step
    assert "What came before it" in step and "What it gave them in the short term" in step

    response = client.post(
        "/family/craft/functional_analysis/",
        {**ANALYSIS, "on": cast["ally"].user.local_today().isoformat()},
    )

    sheet = CraftWorksheet.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/family/craft/worksheets/{sheet.pk}/"
    )
    assert sheet.values["triggers"] == "Payday and a call from her old crowd"
    with connection.cursor() as cursor:  # stored encrypted
        cursor.execute("SELECT data FROM family_craftworksheet")
        assert "Payday" not in cursor.fetchone()[0]
    overview = text_of(client.get("/family/craft/").content.decode())
    assert "You have worked through 1 of 7 steps." in overview
    assert "Worked through — 1 worksheet, last on" in overview
    assert services.progress(cast["ally"].user).next_step.key == "positive_communication"
    home = text_of(client.get("/family/").content.decode())
    assert "You have worked through 1 of 7 steps." in home and "Go on with the programme" in home


def test_a_worksheet_missing_an_answer_says_which_and_keeps_the_rest(cast, client_as) -> None:
    client = client_as("ally")
    response = client.post(
        "/family/craft/functional_analysis/",
        {**ANALYSIS, "triggers": "", "on": cast["ally"].user.local_today().isoformat()},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_triggers_error">Write something here — a few words are enough.' in page
    assert "Friday after her shift, at the bar" in page
    assert not CraftWorksheet.objects.exists()


def test_the_safety_plan_asks_for_naloxone_overdose_signs_and_a_promise_to_stay(cast) -> None:
    pat = cast["ally"].user
    with pytest.raises(WorksheetInvalid) as refused:
        services.save_craft_worksheet(
            person=pat,
            tool="safety_plan",
            answers={"naloxone_where": "Kitchen drawer", "overdose_signs": "blue lips"},
        )
    assert {"emergency_number", "will_act"} <= set(refused.value.errors)
    sheet = services.save_craft_worksheet(
        person=pat,
        tool="safety_plan",
        answers={
            "naloxone_where": "Kitchen drawer by the door",
            "overdose_signs": "Won't wake, slow breathing, blue lips",
            "emergency_number": "911",
            "will_act": True,
        },
    )
    assert sheet.values["will_act"] is True and sheet.values["safe_place"] == ""


def test_a_future_day_and_an_unknown_step_are_refused(cast) -> None:
    pat = cast["ally"].user
    with pytest.raises(services.FamilyError) as refused:
        services.save_craft_worksheet(
            person=pat,
            tool="functional_analysis",
            answers=ANALYSIS,
            on=pat.local_today() + datetime.timedelta(days=1),
        )
    assert refused.value.field == "on"
    with pytest.raises(services.FamilyError) as unknown:
        services.save_craft_worksheet(person=pat, tool="confrontation", answers={})
    assert unknown.value.field == "tool"


def test_every_step_has_a_worksheet_that_saves_with_its_required_answers(cast) -> None:
    from alongside.journey.tools import CONFIRM, SCALE

    pat = cast["ally"].user
    for step in STEPS:
        answers = {
            f.name: (True if f.kind == CONFIRM else 5 if f.kind == SCALE else "words")
            for f in step.tool.fields
            if f.required
        }
        services.save_craft_worksheet(person=pat, tool=step.key, answers=answers)
    assert services.progress(pat).done == len(STEPS) == 7


@pytest.mark.parametrize(
    "persona", ["member", "counselor", "peer_specialist", "org_admin", "mentor"]
)
def test_pats_worksheets_and_check_ins_are_404_to_maya_and_to_staff(
    cast, client_as, persona
) -> None:
    pat, maya = cast["ally"].user, cast["member"].user
    # Even while Maya and Pat are allied, and Maya shares everything with the staff.
    invitation = services.invite_ally(
        credential=Credential.for_setup(maya),
        email=pat.email,
        relationship="sibling",
        scopes=[Scope.MILESTONES],
    )
    services.accept_invitation(invitation=invitation, user=pat)
    sheet = services.save_craft_worksheet(person=pat, tool="functional_analysis", answers=ANALYSIS)
    check_in = services.record_wellbeing(person=pat, stress=8, note="Couldn't sleep for worry")
    client = client_as(persona, reauthenticated=True)

    assert client.get(f"/family/craft/worksheets/{sheet.pk}/").status_code == 404
    assert client.post(f"/family/craft/worksheets/{sheet.pk}/delete/").status_code == 404
    assert client.get(f"/api/v1/family/craft/worksheets/{sheet.pk}").status_code == 404
    assert client.delete(f"/api/v1/family/craft/worksheets/{sheet.pk}").status_code == 404
    assert client.post(f"/family/wellbeing/{check_in.pk}/delete/").status_code == 404
    assert client.delete(f"/api/v1/family/wellbeing/{check_in.pk}").status_code == 404
    for listing in (
        "/family/craft/",
        "/family/wellbeing/",
        "/api/v1/family/craft/worksheets",
        "/api/v1/family/wellbeing",
        f"/journey/members/{pat.pk}/worksheets/",
    ):
        shown = client.get(listing).content.decode()
        assert "Payday" not in shown and "Couldn't sleep" not in shown
    assert CraftWorksheet.objects.filter(pk=sheet.pk).exists()
    assert WellbeingCheckIn.objects.filter(pk=check_in.pk).exists()


# ---------------------------------------------------------------- family meetings


def test_the_family_meeting_links_lead_to_al_anon_nar_anon_and_smart_family_meetings(
    client_as,
) -> None:
    from alongside.meetings import samples

    samples.add_sample_meetings()
    client = client_as("ally")
    page = client.get("/family/").content.decode()
    links = dict(
        (text_of(name), href.replace("&amp;", "&"))
        for href, name in re.findall(r'<a href="(/meetings/\?[^"]+)">([^<]+)</a>', page)
    )
    assert set(links) == {
        "Al-Anon",
        "Nar-Anon",
        "SMART Recovery Family & Friends",
        "All family meetings",
    }
    for name, expected in (
        ("Al-Anon", ["Al-Anon Springfield", "Al-Anon online"]),
        ("Nar-Anon", ["Nar-Anon Chicago", "Nar-Anon online"]),
        ("SMART Recovery Family & Friends", ["SMART Family & Friends Springfield"]),
        ("All family meetings", ["Al-Anon Springfield", "Nar-Anon Chicago"]),
    ):
        results = text_of(client.get(links[name]).content.decode())
        for meeting in expected:
            assert meeting in results, (name, meeting)
        assert "Hope Circle" not in results and "AA Springfield" not in results


# ---------------------------------------------------------------- well-being


def test_pat_checks_in_on_himself_and_sees_his_last_two_weeks(cast, client_as) -> None:
    client = client_as("ally")
    response = client.post(
        "/family/wellbeing/",
        {
            "stress": "7",
            "sleep_hours": "5.5",
            "took_time_for_self": "on",
            "note": "A walk at lunch",
        },
    )
    assert response.status_code == 302
    page = text_of(client.get("/family/wellbeing/").content.decode())
    assert "7/10" in page and "5.5 h" in page and "A walk at lunch" in page
    # A second check-in today replaces the first.
    client.post("/family/wellbeing/", {"stress": "3"})
    found = WellbeingCheckIn.objects.get()
    assert (found.stress, found.took_time_for_self, found.note) == (3, False, "")
    assert "Today you said your stress was 3 out of 10." in text_of(
        client.get("/family/").content.decode()
    )


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        ({"stress": "11"}, "stress", "less than or equal to 10"),
        ({"stress": "-1"}, "stress", "greater than or equal to 0"),
        ({"stress": "4", "sleep_hours": "25"}, "sleep_hours", "less than or equal to 24"),
        ({"stress": "4", "note": "x" * 2001}, "note", "at most 2000 characters"),
        ({}, "stress", "required"),
    ],
)
def test_a_wellbeing_check_in_that_does_not_fit_says_why_beside_the_field(
    client_as, data, field, says
) -> None:
    response = client_as("ally").post("/family/wellbeing/", data)
    assert response.status_code == 422
    error = response.content.decode().split(f'id="id_{field}_error">', 1)[1].split("</p>", 1)[0]
    assert says in error
    assert not WellbeingCheckIn.objects.exists()


def test_the_service_refuses_what_the_api_could_send(cast) -> None:
    pat = cast["ally"].user
    for kwargs, field in (
        ({"stress": 11}, "stress"),
        ({"stress": 2, "sleep_hours": 30}, "sleep_hours"),
        ({"stress": 2, "note": "x" * 2001}, "note"),
        ({"stress": 2, "on": pat.local_today() + datetime.timedelta(days=2)}, "on"),
    ):
        with pytest.raises(services.FamilyError) as refused:
            services.record_wellbeing(person=pat, **kwargs)
        assert refused.value.field == field


def test_todays_check_in_follows_pats_own_day(cast) -> None:
    pat = cast["ally"].user  # America/Chicago
    # 03:30 UTC on 2 March is still 1 March in Chicago.
    with time_machine.travel(datetime.datetime(2026, 3, 2, 3, 30, tzinfo=datetime.UTC)):
        found = services.record_wellbeing(person=pat, stress=4)
    assert found.on == datetime.date(2026, 3, 1)

"""The daily check-in: one per local day, triggers and coping from the member's own lists,
medication for members on MOUD/MAUD, moderation use, and the plan at once when it is hard."""

from __future__ import annotations

import datetime

import pytest

from alongside.journey import services
from alongside.journey.models import CheckIn, UseDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(member) -> dict:
    bar = services.add_trigger(member=member, kind="places", name="The bar on 5th")
    lonely = services.add_trigger(member=member, kind="feelings", name="Lonely evenings")
    walk = services.add_coping_strategy(
        member=member, text="Walk the long way home", trigger_ids=[bar.pk]
    )
    call = services.add_coping_strategy(
        member=member, text="Evening meeting", trigger_ids=[lonely.pk]
    )
    sam = services.add_support_contact(
        member=member, name="Sam", phone="+1 (312) 555-0142", relationship="sponsor"
    )
    return {"bar": bar, "lonely": lonely, "walk": walk, "call": call, "sam": sam}


def test_a_check_in_records_triggers_met_and_coping_used(member, plan) -> None:
    created = services.record_check_in(
        member=member, mood=3, craving=4, triggers=[plan["bar"].pk], coping_used=[plan["walk"].pk]
    )
    check_in = CheckIn.objects.get(member=member)
    assert created
    assert list(check_in.triggers.all()) == [plan["bar"]] and list(check_in.coping_used.all()) == [
        plan["walk"]
    ]


def test_a_trigger_that_no_longer_exists_is_a_clear_error_and_nothing_is_lost(
    client_as, member, plan
) -> None:
    services.record_check_in(member=member, mood=4, craving=2, note="morning was fine")
    services.remove_trigger(trigger=plan["bar"])
    client = client_as("member")
    response = client.post(
        "/journey/check-in/",
        {"mood": 2, "craving": 5, "triggers": [plan["bar"].pk], "note": "evening was hard"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "no longer on your list" in page and "evening was hard" in page
    assert CheckIn.objects.get().note == "morning was fine"
    api = client.post(
        "/api/v1/check-ins",
        {"mood": 2, "craving": 5, "triggers": [plan["bar"].pk]},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["error"]["fields"] == [
        {
            "field": "triggers",
            "message": "A trigger you chose is no longer on your list (it may have been removed). Choose again from your list.",
        }
    ]
    assert CheckIn.objects.get().craving == 2


def test_another_members_trigger_cannot_be_named(member, member2, plan) -> None:
    with pytest.raises(services.CheckInError) as caught:
        services.record_check_in(member=member2, mood=3, craving=1, triggers=[plan["bar"].pk])
    assert caught.value.field == "triggers"
    assert not CheckIn.objects.exists()


def test_a_craving_of_eleven_is_a_field_error_on_the_page_and_in_the_api(client_as, member) -> None:
    client = client_as("member")
    page = client.post(
        "/journey/check-in/", {"mood": 3, "craving": 11, "gratitude": "my dog"}
    ).content.decode()
    assert "Craving goes from 0 to 10" in page and 'value="my dog"' in page
    api = client.post(
        "/api/v1/check-ins", {"mood": 3, "craving": 11}, content_type="application/json"
    )
    assert api.status_code == 422 and api.json()["error"]["fields"][0]["field"] == "craving"
    with pytest.raises(services.CheckInError):
        services.record_check_in(member=member, mood=3, craving=11)
    assert not CheckIn.objects.exists()


def test_a_second_check_in_for_a_past_day_is_refused_and_the_first_is_kept(member) -> None:
    yesterday = member.local_today() - datetime.timedelta(days=1)
    services.record_check_in(member=member, on=yesterday, mood=4, craving=1)
    first = CheckIn.objects.get(member=member, on=yesterday)
    assert first.is_late
    with pytest.raises(services.CheckInError) as caught:
        services.record_check_in(member=member, on=yesterday, mood=1, craving=9)
    assert caught.value.field == "on"
    first.refresh_from_db()
    assert (first.mood, first.craving) == (4, 1)


def test_todays_check_in_is_edited_in_place(client_as, member) -> None:
    client = client_as("member")
    client.post("/journey/check-in/", {"mood": 3, "craving": 2})
    client.post("/journey/check-in/", {"mood": 4, "craving": 1})
    assert CheckIn.objects.count() == 1
    assert CheckIn.objects.get().mood == 4


def test_a_check_in_for_a_day_not_yet_come_is_refused(client_as, member) -> None:
    tomorrow = member.local_today() + datetime.timedelta(days=1)
    response = client_as("member").post(
        "/api/v1/check-ins",
        {"mood": 3, "craving": 1, "on": tomorrow.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["error"]["fields"][0]["field"] == "on"


def test_members_on_medication_are_asked_about_it_and_others_are_not(client_as, member) -> None:
    client = client_as("member")
    assert (
        "Did you take your medication today?"
        not in client.get("/journey/check-in/").content.decode()
    )
    services.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Opioids",
        sobriety_on=member.local_today(),
        on_medication=True,
    )
    assert (
        "Did you take your medication today?" in client.get("/journey/check-in/").content.decode()
    )
    client.post("/journey/check-in/", {"mood": 4, "craving": 2, "took_medication": "yes"})
    assert CheckIn.objects.get().took_medication is True


def test_medication_is_not_recorded_for_members_not_on_it(member) -> None:
    services.record_check_in(member=member, mood=4, craving=2, took_medication=True)
    assert CheckIn.objects.get(member=member).took_medication is None


def test_a_moderation_member_logs_use_against_limits_in_the_check_in(client_as, member2) -> None:
    track = services.start_track(
        member=member2,
        kind="substance",
        goal="moderation",
        name="Alcohol",
        daily_limit=3,
        weekly_limit=10,
    )
    client = client_as("member2")
    assert "limit 3 a day" in client.get("/journey/check-in/").content.decode()
    client.post("/journey/check-in/", {"mood": 3, "craving": 2, f"use_{track.pk}": 4})
    assert UseDay.objects.get(track=track).amount == 4
    home = client.get("/home/").content.decode()
    assert "Over a limit you set" in home


@pytest.mark.parametrize(
    "craving, trigger, support", [(7, False, True), (6, False, False), (2, True, True)]
)
def test_a_strong_craving_or_a_listed_trigger_brings_up_the_plan_at_once(
    client_as, plan, craving, trigger, support
) -> None:
    data = {"mood": 2, "craving": craving}
    if trigger:
        data["triggers"] = [plan["bar"].pk]
    response = client_as("member").post("/journey/check-in/", data)
    assert response["Location"] == (
        "/journey/check-in/support/" if support else "/journey/check-in/"
    )


def test_the_support_page_shows_linked_strategies_and_one_tap_call_and_text(
    client_as, plan
) -> None:
    client = client_as("member")
    client.post("/journey/check-in/", {"mood": 2, "craving": 3, "triggers": [plan["bar"].pk]})
    page = client.get("/journey/check-in/support/").content.decode()
    assert (
        "Walk the long way home" in page and "Evening meeting" not in page
    )  # linked to this trigger only
    assert 'href="tel:+13125550142"' in page and 'href="sms:+13125550142"' in page
    client.post("/journey/check-in/", {"mood": 2, "craving": 8})
    page = client.get("/journey/check-in/support/").content.decode()
    assert (
        "Walk the long way home" in page and "Evening meeting" in page
    )  # a strong craving: all of them
    api = client.get("/api/v1/check-ins/today/support").json()
    assert api["needed"] and api["support_contacts"][0]["tel"] == "tel:+13125550142"


def test_trends_render_svg_charts_with_a_text_alternative(client_as, member) -> None:
    today = member.local_today()
    for n in range(10):
        services.record_check_in(
            member=member,
            on=today - datetime.timedelta(days=n),
            mood=3,
            craving=n % 10,
            sleep_hours=7,
        )
    page = client_as("member").get("/journey/trends/?days=30").content.decode()
    assert page.count('<svg id="chart-') == 4 and 'role="img"' in page  # craving, mood, sleep, HALT
    assert '<title id="chart-title-craving-30">Craving, the last 30 days</title>' in page
    assert (
        '<desc id="chart-desc-craving-30">Craving from 0 to 10 for each day you checked in; average 4.5'
        in page
    )
    assert "You checked in on 10 of the last 30 days." in page
    assert page.count("no check-in") == 20  # the table alternative lists every day
    api = client_as("member").get("/api/v1/check-ins/trends?days=7").json()
    assert api["checked_in"] == 7 and len(api["series"]) == 7


def test_the_check_in_page_is_quick_on_a_phone_few_fields_are_required(client_as) -> None:
    response = client_as("member").post("/journey/check-in/", {"mood": 4, "craving": 0})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("field", "value"),
    [("craving", "-1"), ("craving", "11"), ("sleep_hours", "25"), ("sleep_hours", "-1")],
)
def test_out_of_range_values_are_field_errors_on_the_page_and_nothing_is_saved(
    client_as, member, field, value
) -> None:
    form = {"mood": "3", "craving": "2", "sleep_hours": "7", field: value}
    response = client_as("member").post("/journey/check-in/", form)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert not CheckIn.objects.exists()


def test_a_note_past_its_limit_is_a_field_error_on_the_page_and_from_the_service(
    client_as, member
) -> None:
    page = (
        client_as("member")
        .post("/journey/check-in/", {"mood": 3, "craving": 2, "note": "x" * 5001})
        .content.decode()
    )
    assert "at most 5000 characters" in page
    with pytest.raises(services.CheckInError) as caught:
        services.record_check_in(member=member, mood=3, craving=2, gratitude="y" * 501)
    assert caught.value.field == "gratitude"
    assert not CheckIn.objects.exists()

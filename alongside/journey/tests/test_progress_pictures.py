"""Progress a member can see: clean time as keytags or chips with words for each, the current
stretch, a small mood chart and celebrations to open on the home page (which stays true as the
data changes); HALT signs, medication and use against limits on the trends page; the
relapse-prevention plan read as a plan, with editing as its own mode."""

from __future__ import annotations

import datetime
import re

import pytest

from alongside.journey import services
from alongside.journey.models import Celebration, IfThenPlan, WarningSign
from alongside.lib import milestones

pytestmark = pytest.mark.django_db


def days_ago(member, n: int) -> datetime.date:
    return member.local_today() - datetime.timedelta(days=n)


def svg_titles(page: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<title[^>]*>(.*?)</title>", page, re.S)
    ]


def opioids(member, days: int = 95):
    return services.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Opioids",
        sobriety_on=days_ago(member, days),
    )


def test_home_draws_the_stretch_and_its_keytags_each_with_words(client_as, member) -> None:
    opioids(member)
    progress = milestones.progress(days_ago(member, 95), member.local_today())
    titles = svg_titles(client_as("member").get("/home/").content.decode())
    reached_90 = (days_ago(member, 95) + datetime.timedelta(days=90)).strftime("%-d %B %Y")
    assert "Welcome keytag (white), reached " + days_ago(member, 95).strftime("%-d %B %Y") in titles
    assert (
        "30 days keytag (orange), reached " + (days_ago(member, 65)).strftime("%-d %B %Y") in titles
    )
    assert (
        "60 days keytag (green), reached " + (days_ago(member, 35)).strftime("%-d %B %Y") in titles
    )
    assert f"90 days keytag (red), reached {reached_90}" in titles
    assert "Next: the 6 months keytag (blue), not reached yet" in titles
    assert (
        f"Your current stretch, from 90 days towards 6 months: {progress.days_to_next} days to go."
        in titles
    )


def test_members_of_aa_see_chips_and_the_home_follows_a_change_of_pathways(
    client_as, member
) -> None:
    opioids(member, 40)
    client = client_as("member")
    assert "30 days keytag (orange)" in client.get("/home/").content.decode()  # Maya: NA, SMART
    member.pathways = ["aa"]
    member.save(update_fields=["pathways"])
    page = client.get("/home/").content.decode()
    assert "30 days chip (red)" in page and "keytag" not in page
    assert "Your chips this stretch" in page


def test_home_cards_change_with_a_check_in_and_with_a_lapse(client_as, member) -> None:
    track = opioids(member)
    client = client_as("member")
    first = client.get("/home/").content.decode()
    assert "How you have been" not in first and "90 days keytag (red)" in first
    services.record_check_in(member=member, mood=4, craving=2)
    page = client.get("/home/").content.decode()
    assert "Your mood, the last 14 days" in svg_titles(page)
    assert (
        "You checked in on 1 of the last 14 days. Mood from 1 (very low) to 5 (great); average 4.0."
        in page
    )
    services.record_relapse(track=track, used_on=days_ago(member, 2))
    page = client.get("/home/").content.decode()
    titles = svg_titles(page)
    assert not any(t.startswith("90 days keytag") for t in titles)
    assert "Next: the 30 days keytag (orange), not reached yet" in titles
    assert "Longest stretch 93 days" in page


def test_celebrations_on_the_home_page_are_cards_that_open(client_as, member) -> None:
    opioids(member)
    client = client_as("member")
    page = client.get("/home/").content.decode()
    celebration = Celebration.objects.get(member=member)
    card = re.search(
        rf'<a class="celebration-card" href="/journey/celebrations/{celebration.pk}/">(.*?)</a>',
        page,
        re.S,
    )
    assert card and "90 days reached" in card.group(1) and "Opioids" in card.group(1)
    opened = client.get(f"/journey/celebrations/{celebration.pk}/").content.decode()
    assert "You reached 90 days" in opened
    assert any(t.startswith("90 days keytag (red), reached") for t in svg_titles(opened))


def test_trends_count_halt_signs(client_as, member) -> None:
    services.record_check_in(
        member=member, on=days_ago(member, 2), mood=3, craving=2, hungry=True, tired=True
    )
    services.record_check_in(member=member, on=days_ago(member, 1), mood=3, craving=2, hungry=True)
    services.record_check_in(member=member, mood=4, craving=1)
    page = client_as("member").get("/journey/trends/").content.decode()
    assert (
        "On 2 of the 3 days you checked in you noted at least one of hungry, angry, lonely or tired."
        in page
    )
    assert "Hungry: 2 days" in page and "Tired: 1 day" in page and "Angry: 0 days" in page
    assert "HALT signs, the last 30 days" in svg_titles(page)


def test_medication_shows_only_for_members_on_medication(client_as, member) -> None:
    client = client_as("member")
    services.record_check_in(member=member, mood=3, craving=2)
    assert "Medication taken" not in client.get("/journey/trends/").content.decode()
    services.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Opioids",
        sobriety_on=days_ago(member, 10),
        on_medication=True,
    )
    services.record_check_in(
        member=member, on=days_ago(member, 1), mood=3, craving=2, took_medication=False
    )
    services.record_check_in(member=member, mood=3, craving=2, took_medication=True)
    page = client.get("/journey/trends/").content.decode()
    sentence = (
        "You took your medication on 1 of the 2 days you answered; missed 1; no answer on 28."
    )
    assert sentence in page
    assert "Medication taken, the last 30 days" in svg_titles(page)
    assert page.count('class="med-taken"') == 1 and page.count('class="med-missed"') == 1
    api = client.get("/api/v1/check-ins/trends?days=30").json()
    assert api["medication"] == {"taken": 1, "missed": 1, "unknown": 28}
    assert api["halt"] == {"hungry": 0, "angry": 0, "lonely": 0, "tired": 0}


def test_trends_show_use_against_the_members_own_limits(client_as, member2) -> None:
    track = services.start_track(
        member=member2,
        kind="substance",
        goal="moderation",
        name="Alcohol",
        daily_limit=3,
        weekly_limit=10,
    )
    services.set_use(track=track, on=days_ago(member2, 1), amount=5)
    services.set_use(track=track, on=member2.local_today(), amount=2)
    page = client_as("member2").get("/journey/trends/").content.decode()
    assert (
        "Alcohol: within your daily limit of 3 on 1 of the 2 days you logged; over it on 1." in page
    )
    assert "Alcohol each day, the last 30 days" in svg_titles(page)
    assert "your limit 3" in page
    assert "(your weekly limit 10)" in page
    api = client_as("member2").get("/api/v1/check-ins/trends?days=30").json()
    assert api["medication"] is None
    [alcohol] = api["moderation"]
    assert (alcohol["label"], alcohol["daily_limit"], alcohol["logged_days"]) == ("Alcohol", 3, 2)
    assert alcohol["over_days"] == 1 and sum(w["total"] for w in alcohol["weeks"]) == 7


def test_the_plan_reads_as_a_plan_and_editing_is_its_own_mode(client_as, member) -> None:
    client = client_as("member")
    empty = client.get("/journey/plan/").content.decode()
    assert "Your plan is empty for now." in empty
    assert '<a class="button" href="/journey/plan/edit/">Edit my plan</a>' in empty
    assert "<form" not in empty.split("<main", 1)[-1].split("</main>")[0]

    saved = client.post(
        "/journey/plan/warning-signs/add/", {"warning-signs-text": "Skipping meals"}
    )
    assert saved.url == "/journey/plan/#warning-signs"
    again = client.post(
        "/journey/plan/if-then-plans/add/",
        {
            "if-then-plans-if_text": "I pass the bar",
            "if-then-plans-then_text": "call Sam",
            "another": "1",
        },
    )
    assert again.url == "/journey/plan/edit/#if-then-plans"
    assert WarningSign.objects.get(member=member).text == "Skipping meals"
    assert IfThenPlan.objects.get(member=member).then_text == "call Sam"

    page = client.get("/journey/plan/").content.decode()
    main = page.split("<main", 1)[-1].split("</main>")[0]
    assert "<form" not in main and "Remove" not in main
    headings = re.findall(r"<h([1-3])[^>]*>(.*?)</h\1>", main)
    assert headings[0] == ("1", "My relapse-prevention plan")
    assert ("2", "Warning signs I watch for") in headings and (
        "2",
        "If this happens, I will",
    ) in headings
    assert "<li>Skipping meals</li>" in main
    assert "<strong>If</strong> I pass the bar, <strong>then I will</strong> call Sam." in main

    editing = client.get("/journey/plan/edit/").content.decode()
    assert "Edit your relapse-prevention plan" in editing and "Remove" in editing
    sign = WarningSign.objects.get(member=member)
    removed = client.post(f"/journey/plan/warning-signs/{sign.pk}/remove/")
    assert removed.url == "/journey/plan/edit/#warning-signs"
    assert not WarningSign.objects.filter(member=member).exists()

"""The journey, done in a real Chromium: check in on a phone and see the 30-day chart, record a
lapse and keep the history, reach a milestone that the mentor (with consent) congratulates and
the counselor (without) cannot see; the moderation member logs drinks against their limits;
every worksheet saves and reloads."""

from __future__ import annotations

import datetime
from typing import Literal

import pytest

from alongside.journey import demo
from alongside.journey.models import Celebration, Congratulation, Worksheet
from alongside.journey.tools import CHOICE, CONFIRM, MINUTES, NUMBER, SCALE, TEXT, TEXTAREA, TOOLS
from alongside.testing.browser import Browser, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click(b: Browser, role: Literal["button", "link"], name: str, **kwargs) -> None:
    b.open_menu()
    b.page.get_by_role(role, name=name, **kwargs).first.click()
    b.page.wait_for_load_state("load")
    b.audit()


def test_member_checks_in_lapses_and_reaches_a_milestone_the_mentor_celebrates(
    phone, _playwright_browser, live_server, cast
) -> None:
    demo.populate(cast)
    maya = cast["member"]
    b = phone
    b.sign_in_as(maya.user)

    # Check in on a phone.
    click(b, "link", "Check in", exact=True)
    b.page.get_by_label("Good", exact=True).check()
    b.page.get_by_label("Craving (0–10)").fill("3")
    b.page.get_by_label("Tired").check()
    b.page.get_by_label("Yes", exact=True).check()  # medication
    b.page.get_by_label("One thing I'm grateful for").fill("the lake at sunrise")
    click(b, "button", "Check in")
    assert "Thank you for showing up for yourself today" in b.page.content()

    # The 30-day chart, with its text alternative.
    click(b, "link", "See your trends")
    chart = b.page.locator("svg#chart-craving-30")
    assert chart.is_visible()
    assert "the last 30 days" in chart.locator("title").text_content()
    assert b.page.get_by_text("The numbers, day by day").is_visible()

    # Record a lapse on the opioids track; the history stays.
    click(b, "link", "My recovery", exact=True)
    click(b, "link", "Opioids")
    b.page.get_by_role("link", name="Record a lapse or relapse").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert "takes courage" in b.page.content()
    b.page.get_by_label("The day you used").fill(maya.user.local_today().isoformat())
    b.page.get_by_label("A private note (optional)").fill("Ran into Dee. Called Sam after.")
    click(b, "button", "Save and start again")
    page = b.page.content()
    assert "Your history is kept" in page and "Ran into Dee. Called Sam after." in page
    assert "After the funeral." in page  # the earlier relapse is still there
    assert b.page.locator("table.attempts tbody tr").count() == 3

    # A new track whose date is 30 days back reaches its first milestone.
    click(b, "link", "My recovery", exact=True)
    click(b, "link", "Start a track")
    b.page.get_by_label("A behaviour").check()
    b.page.get_by_label("Name").fill("Gambling")
    b.page.get_by_label("Abstinence: count clean days").check()
    b.page.get_by_label("Sobriety date").fill(
        (maya.user.local_today() - datetime.timedelta(days=30)).isoformat()
    )
    click(b, "button", "Start")
    click(b, "link", "Home", exact=True)
    assert "You reached 30 days. That is worth celebrating." in b.page.content()
    # Track names are encrypted: find the track's celebration in Python.
    celebration = next(
        c for c in Celebration.objects.filter(member=maya.user) if c.track.name == "Gambling"
    )

    # Sam, her mentor, has her consent: he sees it and congratulates.
    sam_browser = _make_browser(
        _playwright_browser, live_server, viewport={"width": 1280, "height": 900}
    )
    s = next(sam_browser)
    s.sign_in_as(cast["mentor"].user)
    click(s, "link", "Shared with me")
    click(s, "link", "Milestones")
    click(s, "link", "Gambling")
    assert "Maya O. reached 30 days" in s.page.content()
    s.page.get_by_label("A few words (optional)").fill("Thirty days! Proud of you.")
    click(s, "button", "Congratulate")
    assert Congratulation.objects.filter(
        celebration=celebration, author=cast["mentor"].user
    ).exists()
    next(sam_browser, None)

    # Grace, her counselor, has no milestones grant: it does not exist for her.
    grace_browser = _make_browser(
        _playwright_browser, live_server, viewport={"width": 1280, "height": 900}
    )
    g = next(grace_browser)
    g.sign_in_as(cast["counselor"].user)
    response = g.page.goto(g.url(f"/journey/celebrations/{celebration.pk}/"))
    g.audit()
    assert response.status == 404
    assert g.goto(f"/journey/members/{maya.user.pk}/milestones/").url.endswith("/milestones/")
    assert "Proud of you" not in g.page.content()
    next(grace_browser, None)

    # Maya sees the congratulation.
    b.goto(f"/journey/celebrations/{celebration.pk}/")
    assert "Sam W." in b.page.content() and "Thirty days! Proud of you." in b.page.content()


def fill_worksheet(b: Browser, tool) -> dict[str, str]:
    typed: dict[str, str] = {}
    for spec in tool.fields:
        field = b.page.locator(f"[name={spec.name}]")
        if spec.kind in (TEXT, TEXTAREA):
            typed[spec.name] = f"My words for {spec.name}"
            field.fill(typed[spec.name])
        elif spec.kind in (NUMBER, SCALE):
            typed[spec.name] = "2"
            field.fill("2")
        elif spec.kind == MINUTES and tool.has_timer:
            b.page.get_by_role("button", name="Start timer").click()
            b.page.get_by_role("button", name="Stop").click()
            assert field.input_value() == "1"  # the timer filled it in
            typed[spec.name] = "1"
        elif spec.kind == CHOICE:
            field.select_option(index=2)
            typed[spec.name] = field.input_value()
        elif spec.kind == CONFIRM:
            field.check()
    return typed


def test_the_moderation_member_logs_drinks_and_every_worksheet_saves_and_reloads(
    browse, cast
) -> None:
    demo.populate(cast)
    jordan = cast["member2"]
    b = browse
    b.sign_in_as(jordan.user)

    # Drinks against the limits, in the check-in.
    click(b, "link", "Check in", exact=True)
    b.page.get_by_label("Okay", exact=True).check()
    b.page.get_by_label("Craving (0–10)").fill("2")
    b.page.get_by_label("Alcohol today (drinks)").fill("2")
    click(b, "button", "Check in")
    click(b, "link", "Home", exact=True)
    assert "Within your limits." in b.page.content() or "Over a limit you set" in b.page.content()
    assert "of 3 drinks" in b.page.content()

    # Every pathway tool: fill, save, reload.
    for tool in TOOLS:
        b.goto(f"/journey/tools/{tool.key}/")
        typed = fill_worksheet(b, tool)
        if tool.key == "drink_log":
            b.page.locator("[name=drinks]").fill("3")
            typed["drinks"] = "3"
        click(b, "button", "Save", exact=True)
        assert "Saved to your history." in b.page.content(), tool.key
        for name, value in typed.items():
            assert b.page.locator(f"[name={name}]").input_value() == value, (tool.key, name)
    assert (
        Worksheet.objects.filter(member=jordan.user).count() == len(TOOLS) + 1
    )  # the demo's drink log too
    b.goto("/journey/tools/drink_log/")
    assert "Against your limits" in b.page.content()
    assert "over a limit" in b.page.content()  # 2 in the check-in + 3 in the log > 3 a day

"""The pathway tools on a 360-px phone: a decisional balance's four boxes and a ranked list of
values fit the screen, read as fieldsets with legends (axe-core audits each page), save, and
the change plan shows the readiness ruler over time."""

from __future__ import annotations

import pytest

from alongside.journey.models import Worksheet
from alongside.testing.browser import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(b: Browser) -> None:
    assert b.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), b.page.url


def save(b: Browser) -> None:
    b.page.get_by_role("button", name="Save", exact=True).click()
    b.page.wait_for_load_state("load")
    b.audit()


def test_a_member_fills_in_the_new_tools_on_a_phone(phone, cast) -> None:
    maya = cast["member"]
    b = phone
    b.sign_in_as(maya.user)

    b.goto("/journey/tools/decisional_balance/")
    no_sideways_scroll(b)
    changing = b.page.get_by_role("group", name="If I make this change")
    changing.get_by_label("Good things about changing (required)", exact=True).fill("better sleep")
    changing.get_by_label("Not-so-good things about changing (required)", exact=True).fill(
        "long evenings"
    )
    staying = b.page.get_by_role("group", name="If things stay as they are")
    staying.get_by_label(
        "Good things about things staying as they are (required)", exact=True
    ).fill("familiar")
    staying.get_by_label(
        "Not-so-good things about things staying as they are (required)", exact=True
    ).fill("mornings")
    save(b)
    assert "Write something here" in b.page.content()  # the change itself was left out
    assert (
        b.page.get_by_label("Good things about changing (required)", exact=True).input_value()
        == "better sleep"
    )
    b.page.get_by_label("The change I am thinking about").fill("No drinking on weeknights")
    save(b)
    assert "Saved to your history." in b.page.content()
    no_sideways_scroll(b)

    b.goto("/journey/tools/hierarchy_of_values/")
    no_sideways_scroll(b)
    first = b.page.get_by_role("group", name="What matters to me — number 1")
    first.get_by_label("What matters").fill("My children")
    first.get_by_label("Does using help or hurt this?").select_option("hurts")
    save(b)
    assert "Saved to your history." in b.page.content()

    b.goto("/journey/tools/mi_change_plan/")
    no_sideways_scroll(b)
    assert b.page.get_by_role("heading", name="Your Readiness ruler over time").is_visible()

    b.goto("/journey/tools/cr_principle_1/")
    no_sideways_scroll(b)
    assert Worksheet.objects.filter(member=maya.user).count() == 2

"""Skills for hard moments in a Chromium with JavaScript turned off, on a 360-px phone: every
skill still reads as plain text, and the form under each one logs a use to the member's history.
axe-core audits every page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from alongside.journey.models import SkillUse
from alongside.testing.browser import PHONE, Browser, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_without_javascript(_playwright_browser, live_server) -> Iterator[Browser]:
    yield from _make_browser(_playwright_browser, live_server, **PHONE, java_script_enabled=False)


def test_member_without_javascript_logs_grounding_and_finds_it_in_history(
    phone_without_javascript, cast
) -> None:
    maya = cast["member"]
    b = phone_without_javascript
    b.sign_in_as(maya.user)
    b.goto("/journey/skills/")
    assert not b.page.evaluate("!!window.caches && !!navigator.serviceWorker.controller")
    page = b.page

    # The skills read as plain text: no button is needed to see them.
    breathing = page.locator("section#breathing")
    assert breathing.get_by_text("and breathe out slowly through your mouth for six").is_visible()
    grounding = page.locator("section#grounding")
    for prompt in (
        "Name five things you can see.",
        "Listen for three things you can hear.",
        "Notice one thing you can taste.",
    ):
        assert grounding.get_by_text(prompt).is_visible()
    assert not grounding.get_by_role("button", name="Start grounding").is_visible()
    halt = page.locator("section#halt")
    assert halt.get_by_role("group", name="Which is strongest right now?").is_visible()
    assert halt.get_by_text("Hungry: Eat something small now").is_visible()
    assert halt.get_by_text("Angry: Step away for five minutes").is_visible()
    tape = page.locator("section#tape_forward")
    assert tape.get_by_label("If I use now, the next hour looks like…").is_visible()

    # The form under the skill is there from the start, and the browser posts it.
    form = grounding.locator("form[data-skill-finish-form]")
    assert form.is_visible()
    form.get_by_label("Add this to my history").check()
    form.get_by_role("radio", name="4 a lot").check()
    form.get_by_role("button", name="Finish").click()
    page.wait_for_load_state("load")
    b.audit()
    assert page.url.endswith("/journey/skills/#grounding")
    assert page.locator(".messages").get_by_text("Added to your history.").is_visible()

    # A rating that cannot be right (a form changed by hand) is shown beside the rating.
    form = breathing.locator("form[data-skill-finish-form]")
    form.get_by_label("Add this to my history").check()
    form.locator("input[name=breathing-helped][value='5']").evaluate(
        "(radio) => { radio.value = '8'; }"
    )
    form.get_by_role("radio", name="5 very much").check()
    form.get_by_role("button", name="Finish").click()
    page.wait_for_load_state("load")
    b.audit()
    error = page.locator("section#breathing").get_by_text("Rate how much it helped from 1 to 5.")
    assert error.is_visible()
    assert SkillUse.objects.filter(skill="breathing").count() == 0

    page.get_by_role("link", name="Skills I have used").click()
    page.wait_for_load_state("load")
    b.audit()
    history = page.locator("table.skill-history")
    assert history.locator("tbody tr").count() == 1
    assert "5-4-3-2-1 grounding" in history.text_content()
    assert "4 of 5" in history.text_content()
    use = SkillUse.objects.get(member=maya.user)
    assert (use.skill, use.helped) == ("grounding", 4)

"""Accountability partners in real browsers: Maya asks Jordan, Jordan accepts on a phone, Maya
proposes a weekly rhythm, Jordan agrees, and after their call Jordan marks it done, which Maya
sees. Every page passes axe, and the phone never scrolls sideways."""

from __future__ import annotations

import re

import pytest

from alongside.peers.models import PartnerCheckIn
from alongside.testing.browser import PHONE, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_members_become_partners_agree_a_rhythm_and_check_in(
    browse, _playwright_browser, live_server, cast
) -> None:
    maya, jordan = cast["member"].user, cast["member2"].user
    b = browse
    b.sign_in_as(maya)
    b.goto("/messages/partners/")
    b.audit()
    b.page.get_by_label("Their email address").fill(jordan.email)
    b.page.get_by_role("button", name="Ask", exact=True).click()
    b.page.wait_for_load_state("load")

    phone = next(_make_browser(_playwright_browser, live_server, **PHONE))
    phone.sign_in_as(jordan)
    phone.goto("/messages/partners/")
    phone.page.get_by_role("button", name="Accept").click()
    phone.page.wait_for_load_state("load")
    phone.audit()

    b.goto("/messages/partners/")
    b.page.get_by_role("link", name="Check-in rhythm").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("Every day").check()
    b.page.get_by_label("From").fill("07:30")
    b.page.get_by_label("Until").fill("08:30")
    b.page.get_by_role("button", name="Propose").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("Waiting for JustJordan to agree.").is_visible()

    phone.goto("/messages/partners/")
    phone.page.get_by_role("link", name="Check-in rhythm").click()
    phone.page.wait_for_load_state("load")
    assert phone.page.get_by_text(re.compile(r"every day, 07:30–08:30")).is_visible()
    phone.page.get_by_role("button", name="Agree to this rhythm").click()
    phone.page.wait_for_load_state("load")
    phone.audit()
    phone.page.get_by_role("button", name="We checked in").click()
    phone.page.wait_for_load_state("load")
    phone.audit()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360
    assert PartnerCheckIn.objects.filter(done_by=jordan).count() == 1

    b.page.reload()
    b.audit()
    assert b.page.get_by_text(re.compile(r"done \(marked by JustJordan\)")).is_visible()

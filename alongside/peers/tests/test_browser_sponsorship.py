"""Finding a sponsor in a real browser: Maya opens her shortlist, reads why Sam fits and asks
him; Sam accepts on his phone; Maya chooses what to share with him on the sharing form, which
the new relationship proposed, and confirms it herself; she shares her step work, Sam comments
on it and she reads his comment. Every page passes axe."""

from __future__ import annotations

import datetime
import re

import pytest

from alongside.journey.services import save_worksheet
from alongside.peers import services
from alongside.peers.models import SupportRelationship
from alongside.testing.browser import PHONE, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_maya_finds_and_asks_a_sponsor_sam_accepts_and_she_chooses_what_to_share(
    browse, _playwright_browser, live_server, cast
) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    services.save_profile(
        user=sam,
        pathways=["na"],
        languages=["en", "es"],
        recovery_since=datetime.date(2016, 3, 14),
        availability="weekday evenings",
        about="I like to meet for coffee before the Thursday meeting.",
    )

    step_work = save_worksheet(
        member=maya,
        tool_key="step_work",
        answers={"step": "1", "writing": "I admitted I was powerless."},
    )

    b = browse
    b.sign_in_as(maya)
    b.page.get_by_role("link", name="Sponsors and mentors").first.click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_role("link", name="Find a sponsor or mentor").click()
    b.page.wait_for_load_state("load")
    b.audit()
    card = b.page.locator("li.card", has_text="Sam W.")
    assert card.get_by_text("Knows Narcotics Anonymous from the inside").is_visible()
    assert card.get_by_text("Usually free: weekday evenings").is_visible()
    card.get_by_role("link", name="Ask Sam W.").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("A note to them (optional)").fill("We met at the Thursday meeting.")
    b.page.get_by_role("button", name="Ask Sam W.").click()
    b.page.wait_for_load_state("load")
    assert b.page.get_by_text("We asked Sam W.").is_visible()
    b.audit()

    # Sam answers on his phone.
    phone = next(_make_browser(_playwright_browser, live_server, **PHONE))
    phone.sign_in_as(sam)
    phone.goto("/peers/requests/")
    phone.audit()
    assert phone.page.get_by_text("We met at the Thursday meeting.").is_visible()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360
    phone.page.get_by_role("button", name=re.compile(r"^Accept\W+Maya O\.$")).click()
    phone.page.wait_for_load_state("load")
    phone.audit()
    assert phone.page.get_by_role("heading", name="Maya O.").is_visible()
    relationship = SupportRelationship.objects.get()
    assert relationship.status == "temporary"

    # Maya's relationship page proposes sharing; she confirms it on the sharing form.
    b.goto(f"/peers/relationships/{relationship.pk}/")
    b.audit()
    assert b.page.get_by_text("Nothing is shared with Sam W. until you choose it.").is_visible()
    b.page.get_by_role("link", name="Choose what to share with Sam W.").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_label("Milestones").is_checked()
    assert b.page.get_by_label("Daily check-ins").is_checked()
    assert not b.page.get_by_label("Medication").is_checked()
    assert not maya.grants_given.filter(grantee_user=sam).exists()  # nothing until she confirms
    b.page.get_by_role("button", name="Share").click()
    b.page.wait_for_load_state("load")
    b.audit()
    grant = maya.grants_given.get(grantee_user=sam)
    assert sorted(grant.scopes) == ["check_ins", "milestones"]

    # Maya shares her step work with Sam, who comments on it; she reads his comment.
    b.goto(f"/journey/worksheets/{step_work.pk}/")
    b.page.get_by_role("link", name="Share this worksheet").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("Person", exact=True).select_option(str(sam.pk))
    b.page.get_by_label("Why you are sharing").fill("Step work with my sponsor")
    b.page.get_by_role("button", name="Share").click()
    b.page.wait_for_load_state("load")
    b.audit()
    phone.goto(f"/journey/members/{maya.pk}/worksheets/{step_work.pk}/")
    phone.audit()
    assert phone.page.get_by_text("I admitted I was powerless.").is_visible()
    phone.page.get_by_label("Your comment").fill("Honest and brave. Let's read it Thursday.")
    phone.page.get_by_role("button", name="Add comment").click()
    phone.page.wait_for_load_state("load")
    phone.audit()
    b.goto(f"/journey/worksheets/{step_work.pk}/")
    b.audit()
    assert b.page.get_by_text("Honest and brave. Let's read it Thursday.").is_visible()

    # They can message each other, and either can end it in two clicks.
    b.goto(f"/peers/relationships/{relationship.pk}/")
    b.page.get_by_role("link", name="End this relationship").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_role("button", name="End it").click()
    b.page.wait_for_load_state("load")
    assert b.page.get_by_role("heading", name="Find a sponsor or mentor").is_visible()
    relationship.refresh_from_db()
    assert relationship.status == "ended"

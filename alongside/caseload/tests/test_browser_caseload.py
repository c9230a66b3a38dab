"""Lena works her caseload in a real browser: she finds Jordan on the gone-quiet list, records
an engagement with a note and a follow-up, and sees him leave the list. Every page passes axe,
also on a phone, where the table scrolls inside its own region, not the page."""

from __future__ import annotations

import datetime

import pytest

from alongside.accounts.sensitive import Credential
from alongside.caseload.models import Engagement, FollowUp
from alongside.privacy.services import grant_access
from alongside.testing.browser import PHONE, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lena_finds_who_has_gone_quiet_and_records_an_engagement_with_a_follow_up(
    browse, _playwright_browser, live_server, cast
) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    grant_access(
        member=jordan,
        grantee_user=lena,
        scopes=["check_ins"],
        purpose="peer support",
        credential=Credential.for_setup(jordan),
    )
    b = browse
    b.sign_in_as(lena)
    b.page.get_by_role("link", name="Caseload").first.click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("Show").select_option("quiet")
    b.page.get_by_role("button", name="Show", exact=True).click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_role("link", name="JustJordan").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("Okay to text").check()
    b.page.get_by_role("button", name="Save").click()
    b.page.wait_for_load_state("load")
    follow_up_on = lena.local_today() + datetime.timedelta(days=7)
    b.page.get_by_label("Kind").select_option("brief")
    b.page.get_by_label("Minutes").fill("20")
    b.page.get_by_label("Note (optional)").fill(
        "Started a new job; wants to find a Tuesday meeting."
    )
    b.page.get_by_label("Follow up on (optional)").fill(follow_up_on.isoformat())
    b.page.get_by_label("Follow-up: what for").fill("Send him the Tuesday meetings near work")
    b.page.get_by_role("button", name="Record").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("Started a new job; wants to find a Tuesday meeting.").is_visible()
    assert b.page.get_by_text("Send him the Tuesday meetings near work").is_visible()
    assert Engagement.objects.get().minutes == 20
    assert FollowUp.objects.get().due_on == follow_up_on

    b.goto("/caseload/?show=quiet")
    b.audit()
    assert b.page.get_by_text("Nobody here for this view.").is_visible()

    phone = next(_make_browser(_playwright_browser, live_server, **PHONE))
    phone.sign_in_as(lena)
    phone.goto("/caseload/")
    phone.audit()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360

"""SOS in real browsers: Maya presses SOS, Sam (whom she chose) is alerted and answers, and
Maya's open page says "Sam is on it" without her reloading it. Pat, whom she did not choose,
gets nothing."""

from __future__ import annotations

import pytest

from alongside.support.models import SosAlert
from alongside.support.tests.test_sos import circle, share_with
from alongside.testing.browser import _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_maya_presses_sos_sam_answers_and_maya_sees_it_without_reloading(
    browse, _playwright_browser, live_server, cast, settings
) -> None:
    from playwright.sync_api import expect

    settings.SOS_PAGE_REFRESH_SECONDS = 1
    maya, sam, pat = cast["member"].user, cast["mentor"].user, cast["ally"].user
    share_with(maya, pat)
    circle(maya, sam)

    # Maya presses SOS on "Need help now": one tap, no dialog.
    b = browse
    b.sign_in_as(cast["member"].user)
    b.goto("/help/")
    b.page.get_by_role("button", name="SOS — alert my support circle").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_role("heading", name="Your people have been alerted").is_visible()
    assert b.page.get_by_text("988 Suicide & Crisis Lifeline").is_visible()
    alert = SosAlert.objects.get()
    assert b.page.url.endswith(f"/support/sos/{alert.pk}/")
    b.page.evaluate("window.stillTheSamePage = true")

    # Sam, in his own browser, finds the alert on his home page and answers.
    sam_browser = _make_browser(
        _playwright_browser, live_server, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    s = next(sam_browser)
    s.sign_in_as(cast["mentor"].user)
    assert s.page.get_by_text("Maya O. needs help now.").is_visible()
    s.page.get_by_role("link", name="Answer Maya O.").click()
    s.page.wait_for_load_state("load")
    s.audit()
    s.page.get_by_role("button", name="I'm calling you").click()
    s.page.wait_for_load_state("load")
    s.audit()
    assert s.page.get_by_text("Maya O. can see you are on it.").first.is_visible()

    # Maya's page, never reloaded, now says who is on it.
    expect(b.page.locator(".sos-answered")).to_have_text(
        "Sam W. is on it — I'm calling you", timeout=15_000
    )
    assert b.page.evaluate("window.stillTheSamePage") is True
    expect(b.page.get_by_text("Sam W. answered: I'm calling you")).to_be_visible()
    b.audit()

    # Pat, not chosen, has no alert anywhere.
    pat_browser = _make_browser(
        _playwright_browser, live_server, viewport={"width": 1280, "height": 900}
    )
    p = next(pat_browser)
    p.sign_in_as(cast["ally"].user)
    assert "needs help now" not in p.page.content()
    p.goto("/notifications/")
    assert "Nothing new." in p.page.content() and "pressed SOS" not in p.page.content()
    response = p.page.goto(live_server.url + f"/support/alerts/{alert.pk}/")
    p.audit()
    assert response is not None and response.status == 404
    assert pat.sos_received.count() == 0

    # Maya is OK now: Sam is told.
    b.page.get_by_role("button", name="I'm OK now").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_role("heading", name="You said you are OK now").is_visible()
    s.goto(f"/support/alerts/{alert.pk}/")
    assert s.page.get_by_text("Maya O. said they are OK now.").is_visible()
    for helper in (sam_browser, pat_browser):
        next(helper, None)

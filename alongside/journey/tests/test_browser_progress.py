"""Progress a member can see, in a real Chromium on a phone: keytags and the stretch on home,
a celebration card that opens, trends with HALT and medication, the plan read and then edited;
the moderation member's use against their limits; and a visitor who finishes sign-up through
the development outbox. axe-core audits every page."""

from __future__ import annotations

import pytest

from alongside.accounts.models import User
from alongside.journey import demo
from alongside.journey.models import WarningSign
from alongside.testing.browser import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def follow(b: Browser, role, name: str, **kwargs) -> None:
    b.page.get_by_role(role, name=name, **kwargs).first.click()
    b.page.wait_for_load_state("load")
    b.audit()


def no_sideways_scroll(b: Browser) -> None:
    assert b.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), b.page.url


def test_the_member_sees_progress_as_pictures_and_keeps_a_plan_to_read(phone, cast) -> None:
    demo.populate(cast)
    b = phone
    b.sign_in_as(cast["member"].user)
    no_sideways_scroll(b)
    keytag = b.page.locator("ul.keyring svg[role=img] title").first
    assert keytag.text_content().startswith("Welcome keytag (white), reached")
    assert b.page.get_by_role("img", name="Your mood, the last 14 days").is_visible()
    assert b.page.locator("svg.stretch").first.is_visible()

    follow(b, "link", "90 days reached")
    assert "You reached 90 days" in b.page.locator("h1").text_content()
    no_sideways_scroll(b)

    b.goto("/journey/trends/")
    no_sideways_scroll(b)
    assert b.page.get_by_role("heading", name="HALT: hungry, angry, lonely, tired").is_visible()
    assert b.page.get_by_role("img", name="Medication taken, the last 30 days").is_visible()

    b.goto("/journey/plan/")
    no_sideways_scroll(b)
    assert b.page.locator("main form").count() == 0
    follow(b, "link", "Edit my plan")
    b.page.locator("#id_warning-signs-text").fill("Skipping my evening meal")
    follow(b, "button", "Add warning sign")
    assert b.page.url.endswith("/journey/plan/#warning-signs")
    signs = b.page.locator("#warning-signs li")
    assert "Skipping my evening meal" in signs.all_text_contents()
    stored = [w.text for w in WarningSign.objects.filter(member=cast["member"].user)]
    assert "Skipping my evening meal" in stored


def test_the_moderation_member_sees_use_against_their_limits(browse, cast) -> None:
    demo.populate(cast)
    b = browse
    b.sign_in_as(cast["member2"].user)
    b.goto("/journey/trends/")
    assert b.page.get_by_role("heading", name="Use against your limits").is_visible()
    assert (
        "your limit" in b.page.locator("section[aria-labelledby=h-limits] svg").first.inner_html()
    )


def test_a_visitor_signs_up_with_pathways_and_confirms_through_the_outbox(
    phone, settings, tmp_path
) -> None:
    settings.DEV_OUTBOX = True
    settings.EMAIL_BACKEND = "alongside.accounts.outbox.OutboxBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "outbox"
    b = phone
    b.goto("/accounts/signup/")
    b.page.get_by_label("First name").fill("Ari")
    b.page.get_by_label("Email").fill("ari@example.org")
    b.page.locator("#id_password1").fill("a-long-new-password")
    b.page.locator("#id_password2").fill("a-long-new-password")
    b.page.get_by_label("SMART Recovery").check()
    follow(b, "button", "Sign Up")
    assert "Check your e-mail" in b.page.content()
    follow(b, "link", "Open the outbox to find your confirmation link")
    no_sideways_scroll(b)
    follow(b, "link", "/accounts/confirm-email/")
    follow(b, "button", "Confirm")
    user = User.objects.get(email="ari@example.org")
    assert user.pathways == ["smart"]
    assert user.emailaddress_set.get().verified

"""A person's first steps, in a real Chromium: sign up, sign in with MFA, reach each role's home."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from alongside.accounts.cast import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_HOME = {
    "member": "Your recovery",
    "mentor": "People you mentor",
    "peer_specialist": "Your caseload",
    "counselor": "Your clients",
    "facilitator": "Your groups",
    "house_manager": "Your houses",
    "ally": "People you support",
    "org_admin": "Your organization",
}


def test_a_newcomer_signs_up_confirms_their_email_and_lands_home(browse) -> None:
    page = browse.goto("/")
    page.get_by_role("link", name="Create an account").first.click()
    browse.audit()
    page.get_by_label("First name").fill("Ari")
    page.get_by_label("Email").fill("ari@example.org")
    page.locator("#id_password1").fill("a-long-new-password")
    page.locator("#id_password2").fill("a-long-new-password")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_role("button", name="Sign Up").click()
    browse.audit()
    assert "Check your e-mail" in page.content()
    link = re.search(r"http://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)  # type: ignore[arg-type]  # a sent message's body is text
    page.goto(link)
    browse.audit()
    page.get_by_role("button", name="Confirm").click()
    browse.audit()
    assert page.get_by_role("heading", name="Welcome, Ari").is_visible()


def test_sign_up_mistakes_are_shown_beside_the_field_and_typing_is_kept(browse) -> None:
    page = browse.goto("/accounts/signup/")
    page.get_by_label("First name").fill("Ari")
    page.get_by_label("Email").fill("ari@example")
    page.locator("#id_password1").fill("short")
    page.locator("#id_password2").fill("short")
    page.get_by_role("button", name="Sign Up").click()
    browse.audit()
    assert page.get_by_label("First name").input_value() == "Ari"
    assert page.locator("#id_email_error").is_visible() or page.locator(".error").count() > 0


def test_staff_sign_in_with_an_authenticator_code(browse, cast) -> None:
    counselor = cast["counselor"]
    browse.login(counselor.person.email, DEMO_PASSWORD, totp_secret=counselor.totp_secret)
    assert browse.page.get_by_role("heading", name="Your clients").is_visible()


@pytest.mark.parametrize("role", list(ROLE_HOME))
def test_each_role_reaches_its_home_page(browse, cast, role: str) -> None:
    login = cast[role]
    browse.login(login.person.email, DEMO_PASSWORD, totp_secret=login.totp_secret)
    assert browse.page.get_by_role("heading", name=ROLE_HOME[role]).is_visible()
    browse.goto("/account/profile/")
    browse.goto("/help/")
    browse.logout()


def test_need_help_now_is_one_tap_away_on_a_phone_without_sideways_scrolling(phone, cast) -> None:
    login = cast["member"]
    phone.sign_in_as(login.user)
    page = phone.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="Need help now").click()
    phone.audit()
    assert "988" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_skip_link_is_the_first_stop_for_keyboard_users(browse) -> None:
    page = browse.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

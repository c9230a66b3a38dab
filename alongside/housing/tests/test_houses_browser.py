"""Rosa fills a free bed in a real browser: the public search shows Lakeview House with a free
bed; she offers bed B to Jordan by his email; Jordan, on his phone (390 px), reads the rules and
what he would share, ticks to share his stay with the house managers, signs the rules with his
name and moves in; the vacancy is gone from the public search on the next search. Every page
passes axe, and nothing scrolls sideways on the phone."""

from __future__ import annotations

import pytest

from alongside.housing.models import RulesAcknowledgement, Stay, StayStatus
from alongside.housing.tests.lakeview import lakeview, move_in
from alongside.privacy.models import ConsentGrant
from alongside.testing.browser import PHONE_390, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rosa_offers_a_free_bed_jordan_accepts_and_the_vacancy_leaves_the_public_search(
    browse, _playwright_browser, live_server, cast
) -> None:
    house = lakeview(cast, beds=("A", "B"))
    move_in(cast, house, cast["member"].user, "A", days_ago=200)
    jordan = cast["member2"].user

    public = next(_make_browser(_playwright_browser, live_server, **PHONE_390))
    public.goto("/housing/vacancies/")
    public.page.get_by_label("Near (a US ZIP code or a town)").fill("60614")
    public.page.get_by_role("button", name="Search").click()
    public.audit()
    assert public.page.get_by_text("1 house with a free bed near 60614 (Chicago, IL)").is_visible()
    assert public.page.get_by_text("1 free bed", exact=True).is_visible()

    b = browse
    b.sign_in_as(cast["house_manager"].user)
    b.page.get_by_role("link", name="Houses").first.click()
    b.audit()
    b.page.get_by_role("link", name="Lakeview House").click()
    b.audit()
    assert b.page.get_by_text("6 months or more").is_visible()
    b.page.get_by_role("link", name="Offer bed B").click()
    b.audit()
    b.page.get_by_label("Their email address").fill("jordan@example.org")
    b.page.get_by_role("button", name="Send the offer").click()
    b.audit()
    assert b.page.get_by_text("The offer is sent.").is_visible()
    assert b.page.get_by_text("Bed B, offered to JustJordan").is_visible()

    phone = next(_make_browser(_playwright_browser, live_server, **PHONE_390))
    phone.sign_in_as(jordan)
    phone.goto("/housing/my-stay/")
    phone.page.get_by_role("link", name="Lakeview House: bed B").click()
    phone.audit()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.page.get_by_text("Home by 11 pm on weeknights.").is_visible()
    phone.page.get_by_role("button", name="Accept and move in").click()
    phone.audit()
    # Without the tick nothing happens, and the page says why beside the box.
    assert phone.page.get_by_text("Tick the box to share your stay").is_visible()
    assert Stay.objects.get(resident=jordan).status == StayStatus.OFFERED
    phone.page.get_by_label("I share my stay with this house's managers").check()
    phone.page.get_by_label("Type your name to sign the house rules").fill("Jordan Reyes")
    phone.page.get_by_role("button", name="Accept and move in").click()
    phone.audit()
    assert phone.page.get_by_text("Welcome to Lakeview House.").is_visible()
    assert phone.page.get_by_text("You signed these rules.").is_visible()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    assert Stay.objects.get(resident=jordan).status == StayStatus.CURRENT
    assert ConsentGrant.objects.get(member=jordan).scopes == ["housing"]
    assert RulesAcknowledgement.objects.get(stay__resident=jordan).signed_name == "Jordan Reyes"

    public.page.reload()
    public.audit()
    assert public.page.get_by_text(
        "No listed house with a free bed matches within that distance."
    ).is_visible()

    b.goto(f"/housing/houses/{house.pk}/")
    assert b.page.get_by_role("link", name="JustJordan").first.is_visible()

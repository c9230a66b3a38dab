"""Maya, on her phone, finds a harm-reduction service near her: from the Resources link to an
article on harm reduction, from its link to the directory, by ZIP code and by her phone's
location, to the service's page with its hours; the page then opens again with no connection.
Every page passes axe at 390 px wide."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from alongside.resources import demo
from alongside.testing.browser import PHONE_390, Browser, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DROP_IN = "Northside Harm Reduction Drop-in (sample)"


@pytest.fixture
def phone390(_playwright_browser, live_server) -> Iterator[Browser]:
    yield from _make_browser(_playwright_browser, live_server, **PHONE_390)


def fits(b: Browser) -> None:
    assert b.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_member_finds_a_harm_reduction_service_near_her_and_reads_it_offline(
    phone390, cast
) -> None:
    demo.populate(cast)  # the sample services and articles
    b = phone390
    b.page.context.grant_permissions(["geolocation"])
    b.page.context.set_geolocation({"latitude": 41.9035, "longitude": -87.6770})
    b.sign_in_as(cast["member"].user)
    b.open_menu()
    b.page.get_by_role("link", name="Resources", exact=True).click()
    b.page.wait_for_load_state("load")
    b.audit()
    fits(b)
    b.page.get_by_label("Topic").select_option(label="Harm reduction")
    b.page.get_by_role("button", name="Search the library").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_role("link", name="Harm reduction: meeting people where they are").click()
    b.page.wait_for_load_state("load")
    b.audit()
    fits(b)
    assert b.page.get_by_text("find fentanyl in a drug before it is used").is_visible()
    b.page.get_by_role("link", name="near you", exact=True).click()
    b.page.wait_for_load_state("load")
    b.audit()
    fits(b)

    b.page.get_by_label("Near (US ZIP code or town)").fill("60622")
    assert b.page.get_by_label("Kind of service").input_value() == "harm_reduction"
    b.page.get_by_role("button", name="Search", exact=True).click()
    b.page.wait_for_load_state("load")
    b.audit()
    fits(b)
    results = b.page.locator("#results")
    assert "1 service within 25 km of 60622 (Chicago, IL)" in results.text_content()
    assert results.get_by_role("link", name=DROP_IN).is_visible()
    assert "Denver" not in results.text_content()

    # Near "me": the phone's location, with the kind kept.
    b.page.get_by_role("button", name="Use my location").click()
    b.page.wait_for_url("**latitude=41.90350**")
    b.page.wait_for_load_state("load")
    b.audit()
    assert "within 25 km of your location" in b.page.locator("#results").text_content()

    b.page.get_by_role("link", name=DROP_IN).click()
    b.page.wait_for_load_state("load")
    b.audit()
    fits(b)
    assert b.page.get_by_role("heading", name=DROP_IN, level=1).is_visible()
    assert b.page.get_by_text("In the service’s local time: America/Chicago").is_visible()
    assert b.page.get_by_role("row", name="Saturday 12:00–16:00").is_visible()
    path = b.page.evaluate("window.location.pathname")

    # Kept for reading offline, by the worker that controls the page by now.
    b.page.wait_for_function(
        "(path) => caches.open('alongside-library-v1').then((c) => c.match(path)).then((r) => !!r)",
        arg=path,
    )
    b.page.wait_for_function(
        "() => navigator.serviceWorker.ready.then((r) => !!r.active && r.active.state === 'activated')"
    )
    b.page.context.set_offline(True)
    reloaded = b.page.reload()
    b.page.wait_for_load_state("load")
    assert reloaded is not None and reloaded.ok and reloaded.from_service_worker
    assert b.page.get_by_role("heading", name=DROP_IN, level=1).is_visible()
    b.page.context.set_offline(False)
    b.audit()

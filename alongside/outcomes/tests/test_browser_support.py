"""Dana, who supervises Lena and runs Riverbend, reads how support is going on a 360-px phone:
each table folds into one card a row, every figure named beside its value, nothing scrolls
sideways, and every page passes axe."""

from __future__ import annotations

import pytest

from alongside.accounts.models import Organization
from alongside.outcomes import demo
from alongside.testing.browser import PHONE, _make_browser
from alongside.training import services as training

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dana_reads_her_team_and_program_figures_on_a_phone(
    _playwright_browser, live_server, cast
) -> None:
    lena, dana = cast["peer_specialist"].user, cast["org_admin"].user
    riverbend = Organization.objects.get(slug="riverbend")
    training.set_supervisor(organization=riverbend, supervisee_id=lena.pk, supervisor_id=dana.pk)
    demo.populate(cast)
    phone = next(_make_browser(_playwright_browser, live_server, **PHONE))
    phone.sign_in_as(dana)
    phone.open_menu()
    phone.page.get_by_role("link", name="How support is going").first.click()
    phone.audit()
    page = phone.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    team = page.get_by_role("table", name="The people your team supports")
    cell = team.locator("td[data-label='Staying engaged at 90 days']")
    # On a phone each cell shows its column's name before the value.
    before = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert before == '"Staying engaged at 90 days"'
    assert "of 14 people" in cell.inner_text()
    barc = team.locator("td[data-label='BARC-10 change']")
    assert "fewer than 11 people" in barc.inner_text()
    team.get_by_role("link", name="Lena K.").click()
    phone.audit()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "How support is going for the people Lena K. supports"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    phone.goto(f"/outcomes/support/programs/{riverbend.pk}/")
    whole = page.get_by_role("row").filter(has_text="Whole program")
    assert "of 14 people" in whole.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

"""Dual recovery, done in a real Chromium: a member on the Dual Recovery Anonymous pathway chooses
the symptoms they track, logs them and their psychiatric medication with the check-in, and sees
them with their check-ins and on the trends page; axe audits every page."""

from __future__ import annotations

from typing import Literal

import pytest

from alongside.accounts.models import Pathway
from alongside.testing.browser import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click(b: Browser, role: Literal["button", "link"], name: str, **kwargs) -> None:
    b.open_menu()
    b.page.get_by_role(role, name=name, **kwargs).first.click()
    b.page.wait_for_load_state("load")
    b.audit()


def test_a_dra_member_logs_symptoms_and_psychiatric_medication_and_sees_them_with_check_ins(
    phone, cast
) -> None:
    maya = cast["member"]
    maya.user.pathways = [Pathway.DRA]
    maya.user.save(update_fields=["pathways"])
    b = phone
    b.sign_in_as(maya.user)

    # Choose the symptoms to track.
    click(b, "link", "Check in", exact=True)
    click(b, "link", "Choose the symptoms I track")
    b.page.get_by_label("Anxiety", exact=True).check()
    b.page.get_by_label("Trouble sleeping", exact=True).check()
    b.page.get_by_label("Add a symptom in your own words (optional)").fill("Pacing at night")
    click(b, "button", "Save")

    # An intensity off its scale is an error beside the field; what was typed stays.
    b.page.get_by_label("Okay", exact=True).check()
    b.page.get_by_label("Craving (0–10)").fill("2")
    psychiatric = b.page.get_by_role(
        "group", name="Did you take your psychiatric medication as prescribed today?"
    )
    psychiatric.get_by_label("Yes", exact=True).check()
    b.page.get_by_label("My mood state today").select_option("steady")
    b.page.get_by_label("Anxiety (0–10)").fill("11")
    b.page.get_by_label("Pacing at night (0–10)").fill("3")
    click(b, "button", "Check in")
    assert "Intensity goes from 0 to 10" in b.page.content()
    assert b.page.get_by_label("Pacing at night (0–10)").input_value() == "3"

    b.page.get_by_label("Anxiety (0–10)").fill("6")
    click(b, "button", "Check in")
    assert "Thank you for showing up for yourself today" in b.page.content()

    # With the check-ins: the symptoms, the mood state and the psychiatric medication.
    row = b.page.locator("table.stack tbody tr").first
    assert "Anxiety 6" in row.text_content()
    assert "Pacing at night 3" in row.text_content()
    assert "Steady" in row.text_content() and "Taken" in row.text_content()

    # A chart per symptom, with the numbers in words.
    click(b, "link", "See your trends")
    summary = b.page.get_by_role("listitem").filter(has_text="Anxiety: logged on 1 day")
    assert "average 6.0 out of 10" in summary.first.text_content()
    assert b.page.locator("svg[id^=chart-symptom-]").count() == 3
    # The psychiatric medication, day by day, with the same words for a screen reader.
    medication = b.page.get_by_role("region", name="Psychiatric medication")
    assert "as prescribed on 1 of the 1 day you answered" in medication.text_content()
    strip = medication.get_by_role("img", name="Psychiatric medication taken as prescribed")
    assert strip.locator("rect.med-taken").count() == 1

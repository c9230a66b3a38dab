"""Dr. Chen in a real browser: from Maya's notes she writes a DAP note of this morning's
session, saves it, signs it (it turns read-only, signed by her, in her time zone) and adds an
addendum; then she documents her relapse-prevention group's session for its attendees in one
action, Jordan marked a no-show. Maya then reads her signed note. Every page passes axe, and
the note reads on a 360-px phone without scrolling sideways."""

from __future__ import annotations

import pytest

from alongside.counseling.models import AttendanceStatus, Attendee, SessionNote
from alongside.counseling.tests.notes_world import world
from alongside.testing.browser import PHONE, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dr_chen_writes_signs_and_amends_a_dap_note_and_documents_a_group_session(
    browse, _playwright_browser, live_server, cast
) -> None:
    w = world(cast)
    b = browse
    b.sign_in_as(w.chen)
    b.goto(f"/counseling/clients/{w.maya.pk}/notes/")
    assert b.page.get_by_text("No notes yet.").is_visible()
    b.page.get_by_role("link", name="Write a note for Maya O.").click()
    b.audit()
    b.page.get_by_label("Session (optional)").select_option(str(w.session.pk))
    b.page.get_by_label("Data", exact=True).fill("Maya talked about a hard weekend.")
    b.page.get_by_label("Assessment").fill("She used her coping plan.")
    b.page.get_by_role("button", name="Save draft").click()
    b.audit()
    assert b.page.get_by_text("The draft is saved.").is_visible()
    b.page.get_by_label("Plan", exact=True).fill("Urge surfing daily; next week.")
    b.page.get_by_role("button", name="Sign and lock").click()
    b.audit()
    assert b.page.get_by_text("Signed. The note is locked").is_visible()
    assert b.page.get_by_text("Signed by Grace C. on").is_visible()
    assert b.page.get_by_role("button", name="Save draft").count() == 0
    note = SessionNote.objects.get()
    assert note.is_locked and note.sections["plan"] == "Urge surfing daily; next week."

    b.page.get_by_label("Addendum").fill("She also used the breathing exercise on Sunday.")
    b.page.get_by_role("button", name="Add addendum").click()
    b.audit()
    assert b.page.get_by_text("Addendum by Grace C.").is_visible()
    assert b.page.get_by_text("She also used the breathing exercise on Sunday.").is_visible()

    b.goto(f"/counseling/notes/group/{w.group_session.pk}/")
    b.page.get_by_label("What the group did (shared part)").fill("Practised urge surfing.")
    b.page.locator(f"#id_m{w.jordan.pk}-attended_1").check()  # No-show
    b.page.get_by_text("Maya O.’s own part (optional)").click()
    b.page.locator(f"#id_m{w.maya.pk}-data").fill("Maya led the check-in round.")
    b.page.get_by_role("button", name="Write the drafts").click()
    b.audit()
    assert b.page.get_by_text("New drafts: Maya O.").is_visible()
    assert b.page.get_by_text("No-show, no note: JustJordan").is_visible()
    drafted = SessionNote.objects.get(appointment=w.group_session)
    assert (drafted.member, drafted.signed_at) == (w.maya, None)
    assert drafted.group_part == "Practised urge surfing."
    assert Attendee.objects.get(appointment=w.group_session, member=w.jordan).status == (
        AttendanceStatus.NO_SHOW
    )

    maya = next(_make_browser(_playwright_browser, live_server, **PHONE))
    maya.sign_in_as(w.maya)
    maya.goto("/counseling/notes/")
    maya.page.locator(f'a[href="/counseling/notes/{note.pk}/"]').click()
    maya.audit()
    assert maya.page.get_by_text("Signed by Grace C. on").is_visible()
    assert maya.page.get_by_text("Urge surfing daily; next week.").is_visible()
    assert maya.page.evaluate("document.documentElement.scrollWidth") <= 360

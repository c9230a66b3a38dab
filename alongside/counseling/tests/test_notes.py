"""Session notes: Dr. Chen writes a DAP note of Maya's session, changes it while it is a draft
and signs it, after which it is locked and corrections are addenda; Maya reads her notes; every
page and answer that shows a note carries the 42 CFR 2.32 notice, every look by a counselor is
in Maya's access log, and a counselor without her consent gets 404."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import dateformat, timezone

from alongside.counseling.models import (
    Addendum,
    ChainLink,
    LockedNoteError,
    NoteFormat,
    SessionNote,
)
from alongside.counseling.notes import TEMPLATES
from alongside.counseling.services import notes
from alongside.counseling.tests.notes_world import (
    DAP,
    draft,
    second_counselor,
    session_of,
    share_counseling,
    signed,
    world,
)
from alongside.notifications.kinds import preference_kind
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import AccessLogEntry
from alongside.privacy.notices import PART2_REDISCLOSURE_NOTICE
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db

NOTICE = PART2_REDISCLOSURE_NOTICE


def signed_line(note: SessionNote, zone: str) -> str:
    local = timezone.localtime(note.signed_at, zoneinfo.ZoneInfo(zone))
    return f"Signed by Grace C. on {dateformat.format(local, 'j F Y, H:i T')}"


# ---------------------------------------------------------------- templates and services


@pytest.mark.parametrize(
    ("format", "keys"),
    [
        (NoteFormat.SOAP, ("subjective", "objective", "assessment", "plan")),
        (NoteFormat.DAP, ("data", "assessment", "plan")),
        (NoteFormat.BIRP, ("behavior", "intervention", "response", "plan")),
    ],
)
def test_each_template_names_its_sections_with_a_label_and_a_hint(format, keys) -> None:
    template = TEMPLATES[format]
    assert template.keys == keys
    for section in template.sections:
        assert str(section.label) and str(section.hint).endswith(".")


def test_a_draft_is_changed_until_it_is_signed_and_signing_locks_it_into_the_chain(cast) -> None:
    w = world(cast)
    note = draft(w, data="First words.")
    assert note.sections == {"data": "First words.", "assessment": "", "plan": ""}
    assert (note.organization, note.appointment, note.signed_at) == (w.riverbend, w.session, None)

    notes.save_draft(note=note, by=w.chen, sections=DAP)
    notes.sign_note(note=note, by=w.chen)

    note.refresh_from_db()
    assert note.sections == DAP and note.is_locked
    link = ChainLink.objects.get()
    assert (link.kind, link.object_id) == (ChainLink.NOTE, note.pk)
    with pytest.raises(LockedNoteError):
        notes.save_draft(note=note, by=w.chen, sections={"data": "Changed later."})
    with pytest.raises(LockedNoteError):
        notes.sign_note(note=note, by=w.chen)
    note.refresh_from_db()
    assert note.sections == DAP and ChainLink.objects.count() == 1


def test_signing_an_empty_note_is_refused_and_nothing_is_signed(cast) -> None:
    w = world(cast)
    note = draft(w, data="   ", plan="")
    with pytest.raises(notes.NoteError, match="empty note cannot be signed") as refused:
        notes.sign_note(note=note, by=w.chen)
    assert refused.value.field == "sections"
    note.refresh_from_db()
    assert note.signed_at is None and not ChainLink.objects.exists()


def test_only_the_author_changes_or_signs_a_draft(cast) -> None:
    w = world(cast)
    note = draft(w)
    other = second_counselor(w)
    for act in (
        lambda: notes.save_draft(note=note, by=other, sections={"data": "Mine now"}),
        lambda: notes.sign_note(note=note, by=other),
        lambda: notes.save_draft(note=note, by=w.maya, sections={"data": "Not what I said"}),
    ):
        with pytest.raises(PermissionDenied, match="Only Grace C., who wrote this note"):
            act()
    note.refresh_from_db()
    assert note.sections == DAP and note.signed_at is None


@pytest.mark.parametrize(
    ("sections", "field", "words"),
    [
        ({"subjective": "x"}, "sections", "A DAP note has no section “subjective”"),
        ({"data": 7}, "sections.data", "Write the section as text."),
        ({"data": "x" * 10_001}, "sections.data", "Keep each section to 10000 characters."),
    ],
)
def test_sections_the_template_does_not_have_or_cannot_hold_are_refused(
    cast, sections, field, words
) -> None:
    w = world(cast)
    with pytest.raises(notes.NoteError) as refused:
        notes.start_note(author=w.chen, member=w.maya, format="dap", sections=sections)
    assert refused.value.field == field and words in refused.value.message
    assert not SessionNote.objects.exists()


def test_a_note_is_of_a_session_of_the_counselor_that_the_member_attended_and_took_place(
    cast,
) -> None:
    w = world(cast)
    jordan_alone = session_of(w.chen, [w.jordan])
    with pytest.raises(notes.NoteError, match="Maya O. was not on this session"):
        notes.start_note(author=w.chen, member=w.maya, format="dap", appointment=jordan_alone)
    later = session_of(w.chen, [w.maya], hours_ago=-24)
    with pytest.raises(notes.NoteConflict, match="has not started yet"):
        notes.start_note(author=w.chen, member=w.maya, format="dap", appointment=later)
    other = second_counselor(w)
    with pytest.raises(notes.NoteError, match="Choose one of your own sessions"):
        notes.start_note(author=other, member=w.maya, format="dap", appointment=w.session)
    draft(w)
    with pytest.raises(notes.NoteError, match="already has a note for Maya O."):
        draft(w)
    assert SessionNote.objects.count() == 1


def test_the_author_adds_addenda_to_a_signed_note_and_each_joins_the_chain(cast) -> None:
    w = world(cast)
    note = signed(w)
    first = notes.add_addendum(note=note, by=w.chen, text="She asked me to add her new job.")
    notes.add_addendum(note=note, by=w.chen, text="  The session ran 50 minutes.  ")
    assert [a.text for a in notes.addenda_of(note)] == [
        "She asked me to add her new job.",
        "The session ran 50 minutes.",
    ]
    assert list(ChainLink.objects.values_list("kind", flat=True)) == [
        "note",
        "addendum",
        "addendum",
    ]
    with pytest.raises(LockedNoteError, match="cannot be changed"):
        first.text = "Rewritten"
        first.save()


def test_an_addendum_to_a_draft_or_to_another_counselors_note_is_refused_clearly(cast) -> None:
    w = world(cast)
    note = draft(w)
    with pytest.raises(notes.NoteConflict, match="still a draft: change it directly"):
        notes.add_addendum(note=note, by=w.chen, text="Too early")
    notes.sign_note(note=note, by=w.chen)
    with pytest.raises(PermissionDenied, match="Only Grace C., who wrote and signed this note"):
        notes.add_addendum(note=note, by=second_counselor(w), text="Not mine to add")
    with pytest.raises(notes.NoteError, match="Write the addendum"):
        notes.add_addendum(note=note, by=w.chen, text="   ")
    assert not Addendum.objects.exists()


# ---------------------------------------------------------------- pages


def test_dr_chen_writes_signs_and_adds_an_addendum_on_the_pages(cast, client_as) -> None:
    w = world(cast)
    chen = client_as("counselor")
    page = chen.get(f"/counseling/notes/new/?member={w.maya.pk}&appointment={w.session.pk}")
    words = text_of(page.content.decode())
    assert "Data" in words and "What was said and observed in the session" in words
    assert "selected>Maya O.</option>" in page.content.decode()

    made = chen.post(
        "/counseling/notes/new/",
        {"format": "dap", "member": w.maya.pk, "appointment": w.session.pk, "data": "Draft."},
    )
    note = SessionNote.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/counseling/notes/{note.pk}/"
    assert "Draft. Not signed yet" in text_of(chen.get(made["Location"]).content.decode())

    chen.post(f"/counseling/notes/{note.pk}/", DAP)
    note.refresh_from_db()
    assert note.sections == DAP and note.signed_at is None
    assert chen.post(f"/counseling/notes/{note.pk}/sign/", DAP).status_code == 302
    note.refresh_from_db()
    assert note.is_locked

    words = text_of(chen.get(f"/counseling/notes/{note.pk}/").content.decode())
    assert signed_line(note, "America/New_York") in words
    assert "The note is locked" in words and DAP["assessment"] in words
    assert "Save draft" not in words and "Add an addendum" in words

    added = chen.post(f"/counseling/notes/{note.pk}/addenda/", {"text": "Her job starts Monday."})
    assert added.status_code == 302
    words = text_of(chen.get(added["Location"]).content.decode())
    addendum = Addendum.objects.get()
    when = dateformat.format(
        timezone.localtime(addendum.created_at, zoneinfo.ZoneInfo("America/New_York")),
        "j F Y, H:i T",
    )
    assert f"Addendum by Grace C., {when} Her job starts Monday." in words


def test_a_signed_note_page_refuses_changes_with_the_reason_and_shows_it_read_only(
    cast, client_as
) -> None:
    w = world(cast)
    note = signed(w)
    chen = client_as("counselor")
    for path in (f"/counseling/notes/{note.pk}/", f"/counseling/notes/{note.pk}/sign/"):
        refused = chen.post(path, {"data": "Rewritten after signing."})
        assert refused.status_code == 409
        words = text_of(refused.content.decode())
        assert "This note is signed and locked: it cannot be changed" in words
        assert DAP["data"] in words and "Rewritten" not in words
    note.refresh_from_db()
    assert note.sections == DAP


def test_signing_an_empty_note_on_the_page_says_why_and_keeps_it_a_draft(cast, client_as) -> None:
    w = world(cast)
    note = draft(w, data="")
    refused = client_as("counselor").post(f"/counseling/notes/{note.pk}/sign/", {"data": " "})
    assert refused.status_code == 422
    assert "an empty note cannot be signed" in text_of(refused.content.decode())
    note.refresh_from_db()
    assert note.signed_at is None


def test_an_empty_addendum_is_refused_beside_its_box(cast, client_as) -> None:
    w = world(cast)
    note = signed(w)
    refused = client_as("counselor").post(f"/counseling/notes/{note.pk}/addenda/", {"text": ""})
    assert refused.status_code == 422
    assert 'id="id_text_error">Write the addendum' in refused.content.decode()
    assert not Addendum.objects.exists()


def test_an_addendum_to_a_draft_on_the_page_is_refused_with_the_reason(cast, client_as) -> None:
    w = world(cast)
    note = draft(w)
    refused = client_as("counselor").post(f"/counseling/notes/{note.pk}/addenda/", {"text": "x"})
    assert refused.status_code == 409
    assert "still a draft: change it directly" in text_of(refused.content.decode())


def test_maya_reads_her_notes_in_her_own_time_zone_and_cannot_change_them(cast, client_as) -> None:
    w = world(cast)
    note = signed(w)
    notes.add_addendum(note=note, by=w.chen, text="Added after the session.")
    maya = client_as("member")
    listed = text_of(maya.get("/counseling/notes/").content.decode())
    assert "Your session notes" in listed and "DAP note of" in listed and "by Grace C." in listed
    page = maya.get(f"/counseling/notes/{note.pk}/").content.decode()
    words = text_of(page)
    assert signed_line(note, "America/Chicago") in words
    assert DAP["plan"] in words and "Added after the session." in words
    assert "<textarea" not in page and "Sign and lock" not in page
    assert maya.post(f"/counseling/notes/{note.pk}/addenda/", {"text": "Mine"}).status_code == 403
    assert maya.post(f"/counseling/notes/{draft_of_jordan(w).pk}/").status_code == 404


def draft_of_jordan(w) -> SessionNote:
    return notes.start_note(author=w.chen, member=w.jordan, format="soap", sections={})


def test_every_page_and_answer_that_shows_a_note_carries_the_part_2_notice(cast, client_as) -> None:
    w = world(cast)
    note = signed(w)
    chen, maya = client_as("counselor"), client_as("member")
    pages = [
        (chen, f"/counseling/notes/{note.pk}/"),
        (chen, f"/counseling/clients/{w.maya.pk}/notes/"),
        (chen, f"/counseling/notes/group/{w.group_session.pk}/"),
        (maya, "/counseling/notes/"),
        (maya, f"/counseling/notes/{note.pk}/"),
    ]
    for client, path in pages:
        page = client.get(path)
        assert page.status_code == 200, path
        assert NOTICE in text_of(page.content.decode()), path
    api = "/api/v1/counseling"
    answers = [
        chen.get(f"{api}/notes/{note.pk}"),
        chen.get(f"{api}/clients/{w.maya.pk}/notes"),
        chen.get(f"{api}/notes/group/{w.group_session.pk}"),
        maya.get(f"{api}/notes"),
        chen.post(
            f"{api}/notes",
            {"member_id": w.jordan.pk, "format": "birp", "sections": {"behavior": "Calm."}},
            content_type="application/json",
        ),
        chen.post(
            f"{api}/notes/{note.pk}/addenda", {"text": "More"}, content_type="application/json"
        ),
        chen.post(
            f"{api}/notes/group/{w.group_session.pk}",
            {"format": "dap", "attendees": [{"member_id": w.jordan.pk, "attended": True}]},
            content_type="application/json",
        ),
    ]
    jordan_note = SessionNote.objects.get(member=w.jordan, appointment=None)
    answers += [
        chen.patch(
            f"{api}/notes/{jordan_note.pk}",
            {"sections": {"behavior": "Calm, then restless."}},
            content_type="application/json",
        ),
        chen.post(f"{api}/notes/{jordan_note.pk}/sign"),
    ]
    for answer in answers:
        assert answer.status_code in (200, 201), answer.content
        assert answer.json()["notice"] == NOTICE


def test_every_read_of_a_note_by_a_counselor_is_in_the_members_access_log(cast, client_as) -> None:
    w = world(cast)
    note = signed(w)
    before = AccessLogEntry.objects.filter(member=w.maya, action="read").count()
    assert client_as("counselor").get(f"/counseling/notes/{note.pk}/").status_code == 200
    assert client_as("counselor").get(f"/api/v1/counseling/notes/{note.pk}").status_code == 200
    rows = list(AccessLogEntry.objects.filter(member=w.maya, action="read").order_by("id"))[before:]
    assert [(r.actor, r.scope, r.interface, r.record_type, r.record_id) for r in rows] == [
        (w.chen, "counseling", "page", "counseling.sessionnote", str(note.pk)),
        (w.chen, "counseling", "api", "counseling.sessionnote", str(note.pk)),
    ]
    assert all(r.grant is not None for r in rows)
    client_as("member").get(f"/counseling/notes/{note.pk}/")
    assert AccessLogEntry.objects.filter(member=w.maya, action="read").count() == before + 2
    who_looked = text_of(client_as("member").get("/privacy/who-looked/").content.decode())
    assert "Grace C." in who_looked and "Counseling records" in who_looked


def test_casey_without_consent_gets_404_until_maya_shares_and_still_cannot_change_it(
    cast, client_as
) -> None:
    w = world(cast)
    note = signed(w)
    casey = client_as("outsider")
    paths = [
        f"/counseling/notes/{note.pk}/",
        f"/counseling/clients/{w.maya.pk}/notes/",
        f"/api/v1/counseling/notes/{note.pk}",
        f"/api/v1/counseling/clients/{w.maya.pk}/notes",
        f"/counseling/notes/group/{w.group_session.pk}/",
    ]
    for path in paths:
        assert casey.get(path).status_code == 404, path
    refused = casey.post(
        "/api/v1/counseling/notes",
        {"member_id": w.maya.pk, "format": "dap", "sections": DAP},
        content_type="application/json",
    )
    assert refused.status_code == 404 and not SessionNote.objects.filter(author=w.casey).exists()
    assert casey.post(f"/counseling/notes/{note.pk}/addenda/", {"text": "x"}).status_code == 404

    share_counseling(w.maya, with_user=w.casey)
    assert casey.get(f"/counseling/notes/{note.pk}/").status_code == 200
    assert (
        casey.post(
            f"/api/v1/counseling/notes/{note.pk}/addenda",
            {"text": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert casey.get(f"/counseling/notes/group/{w.group_session.pk}/").status_code == 404


def test_a_client_list_shows_their_notes_and_the_counselors_drafts_wait_on_theirs(
    cast, client_as
) -> None:
    w = world(cast)
    signed(w)
    draft_of_jordan(w)
    listed = text_of(
        client_as("counselor").get(f"/counseling/clients/{w.maya.pk}/notes/").content.decode()
    )
    assert "Session notes: Maya O." in listed and "Write a note for Maya O." in listed
    assert "Signed" in listed and "JustJordan" not in listed
    mine = text_of(client_as("counselor").get("/counseling/notes/").content.decode())
    assert "Your drafts waiting for a signature SOAP note: JustJordan" in mine


# ---------------------------------------------------------------- the API


def test_the_api_creates_changes_and_signs_a_draft_then_answers_409_to_every_change(
    cast, client_as
) -> None:
    w = world(cast)
    chen = client_as("counselor")
    api = "/api/v1/counseling/notes"
    made = chen.post(
        api,
        {
            "member_id": w.maya.pk,
            "format": "dap",
            "sections": {"data": "First."},
            "appointment_id": w.session.pk,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["sections"] == {"data": "First.", "assessment": "", "plan": ""}
    assert body["author"] == {"id": w.chen.pk, "display_name": "Grace C."}
    assert body["is_locked"] is False and body["session_starts_at"] is not None
    note_id = body["id"]

    changed = chen.patch(f"{api}/{note_id}", {"sections": DAP}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["sections"] == DAP
    signed_now = chen.post(f"{api}/{note_id}/sign")
    assert signed_now.status_code == 200 and signed_now.json()["is_locked"] is True

    for answer in (
        chen.patch(
            f"{api}/{note_id}", {"sections": {"data": "x"}}, content_type="application/json"
        ),
        chen.patch(f"{api}/{note_id}", {"group_part": "x"}, content_type="application/json"),
        chen.post(f"{api}/{note_id}/sign"),
    ):
        assert answer.status_code == 409
        assert answer.json()["error"]["code"] == "note_locked"
        assert "signed and locked" in answer.json()["error"]["message"]
    assert SessionNote.objects.get(pk=note_id).sections == DAP


def test_the_api_adds_addenda_only_to_the_authors_signed_notes(cast, client_as) -> None:
    w = world(cast)
    note = draft(w)
    chen = client_as("counselor")
    api = f"/api/v1/counseling/notes/{note.pk}/addenda"
    to_draft = chen.post(api, {"text": "Early"}, content_type="application/json")
    assert to_draft.status_code == 409 and "still a draft" in to_draft.json()["error"]["message"]
    notes.sign_note(note=note, by=w.chen)
    added = chen.post(api, {"text": "Later"}, content_type="application/json")
    assert added.status_code == 201
    assert [a["text"] for a in added.json()["addenda"]] == ["Later"]
    assert added.json()["addenda"][0]["author"]["display_name"] == "Grace C."
    as_member = client_as("member").post(api, {"text": "Me"}, content_type="application/json")
    assert as_member.status_code == 403
    assert "Only Grace C." in as_member.json()["error"]["message"]
    empty = chen.post(api, {"text": ""}, content_type="application/json")
    assert empty.status_code == 422 and empty.json()["error"]["fields"][0]["field"] == "text"
    assert Addendum.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"format": "dap", "sections": {"subjective": "x"}}, 422, "sections"),
        ({"format": "xyz"}, 422, "format"),
        ({"format": "dap", "sections": {"data": "x" * 10_001}}, 422, "sections.data"),
        ({"format": "dap", "appointment_id": 999_999}, 422, "appointment_id"),
    ],
)
def test_the_api_refuses_bad_notes_naming_the_field(
    cast, client_as, payload, status, field
) -> None:
    w = world(cast)
    answer = client_as("counselor").post(
        "/api/v1/counseling/notes",
        {"member_id": w.maya.pk, **payload},
        content_type="application/json",
    )
    assert answer.status_code == status, answer.content
    assert field in [f["field"] for f in answer.json()["error"]["fields"]]
    assert not SessionNote.objects.exists()


def test_the_api_refuses_to_sign_an_empty_note(cast, client_as) -> None:
    w = world(cast)
    note = draft(w, data="")
    answer = client_as("counselor").post(f"/api/v1/counseling/notes/{note.pk}/sign")
    assert answer.status_code == 422
    assert "empty note cannot be signed" in answer.json()["error"]["fields"][0]["message"]


def test_the_templates_are_in_the_api(cast, client_as) -> None:
    body = client_as("member").get("/api/v1/counseling/notes/templates").json()
    assert [t["name"] for t in body] == ["SOAP", "DAP", "BIRP"]
    assert [s["key"] for s in body[1]["sections"]] == ["data", "assessment", "plan"]
    assert body[1]["label"] == "DAP (data, assessment, plan)"


# ---------------------------------------------------------------- the reminder


def test_a_draft_unsigned_a_day_after_its_session_reminds_its_author_once(cast) -> None:
    w = world(cast)
    note = draft(w)
    signed_one = notes.start_note(author=w.chen, member=w.jordan, format="dap", sections=DAP)
    notes.sign_note(note=signed_one, by=w.chen)
    assert notes.remind_unsigned_notes() == 0
    with time_machine.travel(w.session.ends_at + datetime.timedelta(hours=23), tick=False):
        assert notes.remind_unsigned_notes() == 0
    with time_machine.travel(w.session.ends_at + datetime.timedelta(hours=25), tick=False):
        call_command("remind_unsigned_notes", verbosity=0)
        assert notes.remind_unsigned_notes() == 0
    notice = InAppNotification.objects.get(user=w.chen)
    assert notice.kind == "note_unsigned" and notice.url == f"/counseling/notes/{note.pk}/"
    assert notice.title == "A session note is waiting for your signature"
    assert "Maya" not in notice.title and "with Maya O. on" in notice.body
    assert preference_kind(notice.kind).key == "reminders"


# ---------------------------------------------------------------- the demo


def test_the_demo_has_a_signed_note_a_draft_and_a_group_session_to_document(cast) -> None:
    from alongside.counseling import demo
    from alongside.counseling.services import chain

    demo.demo_notes(cast)
    demo.demo_notes(cast)  # safe to run again
    chen = cast["counselor"].user
    assert SessionNote.objects.filter(author=chen, signed_at__isnull=False).count() == 1
    assert list(notes.drafts_of(chen).values_list("format", flat=True)) == ["soap"]
    assert Addendum.objects.count() == 1 and chain.verify_chain().is_intact
    # The group's session is left for the demo's visitor to document.
    assert not SessionNote.objects.filter(appointment__group__isnull=False).exists()

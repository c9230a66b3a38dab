"""A group session documented in one action: the shared part written once, a draft note for
each attendee who came (never signed here), no-shows recorded and given no note, signed notes
skipped and reported, a second run updating the drafts it wrote — in a number of queries that
does not grow with the group."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.counseling.access import access_group_session
from alongside.counseling.models import AttendanceStatus, Attendee, SessionNote
from alongside.counseling.services import notes
from alongside.counseling.tests.notes_world import (
    DAP,
    World,
    a_member,
    second_counselor,
    session_of,
    share_counseling,
    world,
)
from alongside.privacy.models import AccessLogEntry
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db

CAME, ABSENT = notes.AttendeeRecord(attended=True), notes.AttendeeRecord(attended=False)


def document(w: World, attendees: dict, *, group_part="Practised urge surfing.", format="dap"):
    session = access_group_session(w.chen, w.group_session.pk)
    return notes.document_group_session(
        appointment=session.appointment,
        places=session.places,
        sharing=session.sharing,
        by=w.chen,
        format=format,
        group_part=group_part,
        attendees=attendees,
    )


def attendance(w: World) -> dict[int, str]:
    return dict(
        Attendee.objects.filter(appointment=w.group_session).values_list("member_id", "status")
    )


def test_one_action_writes_a_draft_for_each_who_came_and_marks_the_others_no_show(cast) -> None:
    w = world(cast)
    own = {"data": "Maya led the check-in round.", "plan": "Keep the urge log."}
    done = document(
        w,
        {w.maya.pk: notes.AttendeeRecord(attended=True, sections=own), w.jordan.pk: ABSENT},
    )
    note = SessionNote.objects.get()
    assert [n.pk for n in done.created] == [note.pk] and done.no_show == [w.jordan]
    assert (note.member, note.author, note.appointment) == (w.maya, w.chen, w.group_session)
    assert note.group_part == "Practised urge surfing."
    assert note.sections == {**own, "assessment": ""}
    assert note.signed_at is None  # never signed automatically
    assert attendance(w) == {
        w.maya.pk: AttendanceStatus.ATTENDED,
        w.jordan.pk: AttendanceStatus.NO_SHOW,
    }


def test_documenting_again_updates_the_drafts_instead_of_writing_new_ones(cast) -> None:
    w = world(cast)
    first = document(w, {w.maya.pk: CAME, w.jordan.pk: CAME})
    ids = sorted(n.pk for n in first.created)
    again = document(
        w,
        {
            w.maya.pk: notes.AttendeeRecord(attended=True, sections={"data": "Now with detail"}),
            w.jordan.pk: CAME,
        },
        group_part="Practised urge surfing, then a relapse-prevention role play.",
    )
    assert again.created == [] and sorted(n.pk for n in again.updated) == ids
    assert SessionNote.objects.count() == 2
    maya = SessionNote.objects.get(member=w.maya)
    assert maya.sections["data"] == "Now with detail"
    assert maya.group_part.endswith("role play.")


def test_a_second_run_keeps_the_template_so_no_ones_own_part_is_emptied(cast) -> None:
    w = world(cast)
    own = notes.AttendeeRecord(attended=True, sections={"data": "Maya led the round."})
    document(w, {w.maya.pk: own})
    with pytest.raises(notes.NoteError, match="written as DAP notes: keep that template"):
        document(w, {w.maya.pk: CAME}, format="soap")
    assert SessionNote.objects.get().sections["data"] == "Maya led the round."


def test_signed_notes_are_skipped_and_reported_and_an_absent_attendees_draft_goes(cast) -> None:
    w = world(cast)
    document(w, {w.maya.pk: CAME, w.jordan.pk: CAME})
    maya_note = SessionNote.objects.get(member=w.maya)
    notes.save_draft(note=maya_note, by=w.chen, sections=DAP)
    notes.sign_note(note=maya_note, by=w.chen)
    done = document(w, {w.maya.pk: ABSENT, w.jordan.pk: ABSENT}, group_part="Rewritten")
    assert done.skipped_signed == [maya_note] and done.drafts_removed == [w.jordan]
    maya_note.refresh_from_db()
    assert maya_note.group_part == "Practised urge surfing." and maya_note.sections == DAP
    assert not SessionNote.objects.filter(member=w.jordan).exists()
    assert attendance(w)[w.maya.pk] == AttendanceStatus.ATTENDED  # her signed note stands


def test_attendees_who_do_not_share_counseling_are_left_alone_and_reported(cast) -> None:
    w = world(cast)
    stranger = a_member()
    Attendee.objects.create(appointment=w.group_session, member=stranger)
    done = document(w, {w.maya.pk: CAME, stranger.pk: CAME})
    assert done.not_sharing == [stranger]
    assert not SessionNote.objects.filter(member=stranger).exists()
    assert attendance(w)[stranger.pk] == AttendanceStatus.EXPECTED


def test_a_cancellation_stays_a_cancellation_and_another_counselors_note_is_skipped(cast) -> None:
    w = world(cast)
    Attendee.objects.filter(appointment=w.group_session, member=w.jordan).update(
        status=AttendanceStatus.CANCELLED
    )
    other = second_counselor(w)
    theirs = SessionNote.objects.create(
        member=w.maya,
        author=other,
        organization=w.riverbend,
        appointment=w.group_session,
        format="dap",
        sections=DAP,
    )
    done = document(w, {w.maya.pk: CAME, w.jordan.pk: ABSENT})
    assert done.skipped_other_author == [theirs] and done.no_show == [w.jordan]
    assert attendance(w)[w.jordan.pk] == AttendanceStatus.CANCELLED


def test_a_session_still_to_come_or_a_stranger_on_the_list_is_refused_with_nothing_changed(
    cast,
) -> None:
    w = world(cast)
    with pytest.raises(notes.NoteError, match="not on this session's roster"):
        document(w, {w.maya.pk: CAME, w.casey.pk: CAME})
    with pytest.raises(notes.NoteError, match="Choose SOAP, DAP or BIRP"):
        document(w, {w.maya.pk: CAME}, format="xyz")
    w.group_session.starts_at = w.group_session.starts_at.replace(year=2099)
    w.group_session.ends_at = w.group_session.ends_at.replace(year=2099)
    w.group_session.save()
    with pytest.raises(notes.NoteConflict, match="has not started yet"):
        document(w, {w.maya.pk: CAME})
    assert not SessionNote.objects.exists()
    assert set(attendance(w).values()) == {AttendanceStatus.EXPECTED}


def _roster_of(w: World, size: int):
    """A group session of `size` members who all share counseling with Dr. Chen."""
    members = [w.maya, w.jordan]
    for _ in range(size - 2):
        member = a_member()
        share_counseling(member, with_user=w.chen)
        members.append(member)
    return session_of(w.chen, members, hours_ago=5, group=w.group)


def _post(client, appointment, members, *, attended=True):
    return client.post(
        f"/api/v1/counseling/notes/group/{appointment.pk}",
        {
            "format": "dap",
            "group_part": "Practised urge surfing.",
            "attendees": [
                {"member_id": m.pk, "attended": attended, "sections": {"data": "Took part."}}
                for m in members
            ],
        },
        content_type="application/json",
    )


def test_a_20_person_session_is_documented_in_as_many_queries_as_a_2_person_one(
    cast, client_as
) -> None:
    w = world(cast)
    small, large = _roster_of(w, 2), _roster_of(w, 20)
    chen = client_as("counselor")
    counts = []
    for session in (small, large):
        members = [a.member for a in session.attendees.select_related("member")]
        with CaptureQueriesContext(connection) as queries:
            answer = _post(chen, session, members)
        assert answer.status_code == 200, answer.content
        assert len(answer.json()["created"]) == len(members)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert SessionNote.objects.filter(appointment=large, signed_at__isnull=True).count() == 20
    # Each attendee's access log has the write, all written together.
    assert (
        AccessLogEntry.objects.filter(
            record_type="counseling.appointment", record_id=str(large.pk), action="write"
        ).count()
        == 20
    )


def test_the_api_reports_what_it_did_and_refuses_what_it_cannot(cast, client_as) -> None:
    w = world(cast)
    chen = client_as("counselor")
    answer = _post(chen, w.group_session, [w.maya])
    assert answer.status_code == 200
    body = answer.json()
    assert len(body["created"]) == 1 and body["no_show"] == [] and body["skipped_signed"] == []
    notes.sign_note(note=SessionNote.objects.get(), by=w.chen)
    again = _post(chen, w.group_session, [w.maya, w.jordan]).json()
    assert again["skipped_signed"][0]["member"]["display_name"] == "Maya O."
    assert len(again["created"]) == 1
    state = chen.get(f"/api/v1/counseling/notes/group/{w.group_session.pk}").json()
    assert [(a["member"]["display_name"], a["attendance"]) for a in state["attendees"]] == [
        ("Maya O.", "attended"),
        ("JustJordan", "attended"),
    ]
    bad = _post(chen, w.group_session, [w.casey])
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "attendees"
    later = session_of(w.chen, [w.maya], hours_ago=-48, group=w.group)
    refused = _post(chen, later, [w.maya])
    assert refused.status_code == 409 and "not started" in refused.json()["error"]["message"]
    individual = chen.get(f"/api/v1/counseling/notes/group/{w.session.pk}")
    assert individual.status_code == 404  # not a group session
    for persona in ("member", "outsider", "member2"):
        assert _post(client_as(persona), w.group_session, [w.maya]).status_code == 404


def test_dr_chen_documents_the_session_on_its_page_and_reads_what_was_done(cast, client_as) -> None:
    w = world(cast)
    signed_before = notes.start_note(
        author=w.chen, member=w.jordan, format="dap", sections=DAP, appointment=w.group_session
    )
    notes.sign_note(note=signed_before, by=w.chen)
    chen = client_as("counselor")
    page = chen.get(f"/counseling/notes/group/{w.group_session.pk}/")
    words = text_of(page.content.decode())
    assert "Document the session: Relapse prevention skills" in words
    assert "Was Maya O. there?" in words and "Was JustJordan there?" not in words
    assert "Already signed: skipped" in words and "JustJordan — signed on" in words
    done = chen.post(
        f"/counseling/notes/group/{w.group_session.pk}/",
        {
            "format": "dap",
            "group_part": "Practised urge surfing.",
            f"m{w.maya.pk}-attended": "attended",
            f"m{w.maya.pk}-data": "Maya shared a win.",
        },
    )
    assert done.status_code == 200
    words = text_of(done.content.decode())
    assert "Documented New drafts: Maya O." in words
    note = SessionNote.objects.get(member=w.maya)
    assert note.sections["data"] == "Maya shared a win." and note.signed_at is None
    empty = chen.post(f"/counseling/notes/group/{w.group_session.pk}/", {"format": "dap"})
    assert empty.status_code == 422  # whether she came is asked, and was not answered
    assert "This field is required." in text_of(empty.content.decode())

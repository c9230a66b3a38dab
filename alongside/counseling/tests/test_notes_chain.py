"""The hash chain makes a change behind the application's back visible: each signature and
addendum is a link over what was signed and the link before it; `verify_notes` recomputes them
all from the rows as they are, names the first that no longer matches, and tells erasure at
the end of retention apart from tampering."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from alongside.counseling.models import ChainLink, SessionNote
from alongside.counseling.services import chain, notes
from alongside.counseling.tests.notes_world import DAP, draft, signed, world
from alongside.lib import crypto

pytestmark = pytest.mark.django_db


def unlocked(sql: str, params: list) -> None:
    """A change made behind the application's back: the lock trigger dropped first (inside
    this test's transaction, so it comes back when the test ends)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER counseling_signed_note_locked")
        else:
            cursor.execute("DROP TRIGGER counseling_signed_note_locked ON counseling_sessionnote")
        cursor.execute(sql, params)


def verify_command() -> tuple[str, str, int]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_notes", stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error), error.returncode
    return out.getvalue(), err.getvalue(), 0


def test_each_signature_and_addendum_is_a_link_over_what_was_signed_and_the_link_before(
    cast,
) -> None:
    w = world(cast)
    note = signed(w)
    note.refresh_from_db()
    addendum = notes.add_addendum(note=note, by=w.chen, text="Added.")
    addendum.refresh_from_db()
    first, second = ChainLink.objects.order_by("id")
    assert first.previous == chain.GENESIS and second.previous == first.digest
    assert first.digest == chain.digest_of(
        chain.GENESIS,
        [
            "note",
            note.pk,
            w.maya.pk,
            w.chen.pk,
            "dap",
            DAP,
            "",
            note.signed_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        ],
    )
    assert second.digest == chain.digest_of(
        first.digest,
        [
            "addendum",
            addendum.pk,
            note.pk,
            w.chen.pk,
            "Added.",
            addendum.created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        ],
    )
    found = chain.verify_chain()
    assert (found.links, found.is_intact, found.erased) == (2, True, [])
    out, _err, code = verify_command()
    assert code == 0 and "2 links checked." in out and "The chain is intact." in out


def test_content_changed_by_raw_sql_is_reported_as_tampering_naming_the_first_link(
    cast,
) -> None:
    w = world(cast)
    intact = signed(w)
    changed = notes.sign_note(
        note=notes.start_note(author=w.chen, member=w.jordan, format="dap", sections=DAP),
        by=w.chen,
    )
    forged = crypto.encrypt(json.dumps({**DAP, "assessment": "No concerns at all."}))
    unlocked("UPDATE counseling_sessionnote SET sections = %s WHERE id = %s", [forged, changed.pk])

    found = chain.verify_chain()
    assert not found.is_intact
    assert [(p.kind, p.object_id, p.reason) for p in found.tampered] == [
        ("note", changed.pk, chain.CONTENT_CHANGED)
    ]
    out, err, code = verify_command()
    assert code == 1
    assert f"The first: link {found.tampered[0].link_id} (note {changed.pk})" in err
    assert f"note {intact.pk}" not in err


def test_a_signature_moved_by_raw_sql_is_reported(cast) -> None:
    note = signed(world(cast))
    assert note.signed_at is not None
    unlocked(
        "UPDATE counseling_sessionnote SET signed_at = %s WHERE id = %s",
        [note.signed_at - datetime.timedelta(days=3), note.pk],
    )
    found = chain.verify_chain()
    assert [p.object_id for p in found.tampered] == [note.pk]


def test_the_same_words_under_a_new_key_are_not_tampering(cast) -> None:
    note = signed(world(cast))
    unlocked(
        "UPDATE counseling_sessionnote SET sections = %s WHERE id = %s",
        [crypto.encrypt(json.dumps(DAP)), note.pk],
    )
    assert chain.verify_chain().is_intact


def test_a_note_signed_behind_the_applications_back_has_no_link_and_is_reported(cast) -> None:
    note = draft(world(cast))
    # A draft is not locked, so the trigger lets this through; the chain does not.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE counseling_sessionnote SET signed_at = updated_at WHERE id = %s", [note.pk]
        )
    found = chain.verify_chain()
    assert found.unlinked == [("note", note.pk)] and not found.is_intact
    _out, err, code = verify_command()
    assert code == 1 and "1 signed record(s) have no link" in err


def test_a_removed_link_breaks_the_chain_after_it(cast) -> None:
    w = world(cast)
    first = signed(w)
    second = notes.add_addendum(note=first, by=w.chen, text="Added.")
    ChainLink.objects.filter(kind="note", object_id=first.pk).delete()
    found = chain.verify_chain()
    assert [(p.object_id, p.reason) for p in found.tampered] == [(second.pk, chain.CHAIN_BROKEN)]
    assert found.unlinked == [("note", first.pk)]


def test_a_note_erased_when_retention_ended_is_reported_apart_from_tampering(cast) -> None:
    w = world(cast)
    erased = signed(w)
    notes.add_addendum(note=erased, by=w.chen, text="Added.")
    kept = notes.sign_note(
        note=notes.start_note(author=w.chen, member=w.jordan, format="dap", sections=DAP),
        by=w.chen,
    )
    SessionNote.objects.filter(pk=erased.pk).delete()
    found = chain.verify_chain()
    assert found.is_intact and found.tampered == []
    assert [(p.kind, p.object_id) for p in found.erased] == [
        ("note", erased.pk),
        ("addendum", found.erased[1].object_id),
    ]
    out, _err, code = verify_command()
    assert code == 0 and "2 link(s) of records erased after their retention period" in out
    assert SessionNote.objects.get().pk == kept.pk


def test_verifying_reads_the_chain_in_batches_and_checks_across_their_edges(cast) -> None:
    w = world(cast)
    made = []
    for n in range(7):
        note = notes.start_note(
            author=w.chen, member=w.jordan, format="dap", sections={"data": f"Session {n}"}
        )
        made.append(notes.sign_note(note=note, by=w.chen))
    assert chain.verify_chain(batch_size=3).is_intact
    unlocked(
        "UPDATE counseling_sessionnote SET group_part = %s WHERE id = %s",
        [crypto.encrypt("Added later"), made[4].pk],
    )
    found = chain.verify_chain(batch_size=3)
    assert found.links == 7 and [p.object_id for p in found.tampered] == [made[4].pk]


def test_two_signatures_racing_for_the_same_place_make_the_second_try_again(
    cast, monkeypatch
) -> None:
    w = world(cast)
    first = signed(w)
    racing = notes.start_note(author=w.chen, member=w.jordan, format="dap", sections=DAP)
    # Another transaction read the same last link and committed its own first.
    other = ChainLink.objects.create(
        kind="note", object_id=first.pk + 1000, previous=chain.last_digest(), digest="f" * 64
    )
    reads = []
    real = chain.last_digest

    def stale_then_fresh() -> str:
        reads.append(1)
        return other.previous if len(reads) == 1 else real()

    monkeypatch.setattr(chain, "last_digest", stale_then_fresh)
    notes.sign_note(note=racing, by=w.chen)
    link = ChainLink.objects.get(kind="note", object_id=racing.pk)
    assert len(reads) == 2 and link.previous == other.digest  # after the winner: no fork

"""Locked means locked: once signed, a note refuses every write path — the page and the API
(test_notes.py), the model and its queryset, a queryset that skips them, a script run by an
operator, and raw SQL, which the database's own trigger refuses on SQLite and on PostgreSQL.
Addenda and the hash chain's links are never changed at all. Deleting stays possible, as
erasure at the end of the retention period needs."""

from __future__ import annotations

import importlib

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from alongside.counseling.models import (
    Addendum,
    Appointment,
    ChainLink,
    LockedNoteError,
    Reencryption,
    SessionNote,
)
from alongside.counseling.services import chain, notes
from alongside.counseling.tests.notes_world import DAP, draft, signed, world
from alongside.lib import crypto

pytestmark = pytest.mark.django_db

LOCK = importlib.import_module(
    "alongside.counseling.migrations.0003_signed_notes_locked_in_the_database"
)
TRIGGERS = {
    "counseling_signed_note_locked",
    "counseling_addendum_append_only",
    "counseling_chain_append_only",
}


def raw(sql: str, params: list) -> None:
    """One statement past the ORM, in a savepoint of its own (a refused statement would leave a
    PostgreSQL transaction unusable)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def stored(note: SessionNote) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sections, group_part, signed_at, appointment_id FROM counseling_sessionnote "
            "WHERE id = %s",
            [note.pk],
        )
        return cursor.fetchone()


# ---------------------------------------------------------------- the ORM


def test_the_model_refuses_to_save_a_signed_note(cast) -> None:
    note = signed(world(cast))
    before = stored(note)
    note.sections = {"data": "Rewritten"}
    with pytest.raises(LockedNoteError):
        note.save()
    with pytest.raises(LockedNoteError):
        note.save(update_fields=["sections"])
    assert stored(note) == before


def test_the_queryset_refuses_to_update_a_signed_note_alone_or_in_bulk(cast) -> None:
    w = world(cast)
    note = signed(w)
    other = notes.start_note(author=w.chen, member=w.jordan, format="dap", sections=DAP)
    before = stored(note)
    with pytest.raises(LockedNoteError):
        SessionNote.objects.filter(pk=note.pk).update(group_part="Rewritten")
    with pytest.raises(LockedNoteError):
        SessionNote.objects.all().update(signed_at=None)
    note.group_part = "Rewritten"
    with pytest.raises(LockedNoteError), transaction.atomic():
        SessionNote.objects.bulk_update([note, other], ["group_part"])
    assert stored(note) == before


def test_the_database_refuses_what_the_orm_lets_through(cast) -> None:
    note = signed(world(cast))
    before = stored(note)
    # The base manager is not the model's queryset: only the trigger stands in its way.
    with pytest.raises(DatabaseError), transaction.atomic():
        SessionNote._base_manager.filter(pk=note.pk).update(group_part="Rewritten")
    assert stored(note) == before


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("sections", "gAAAAA-forged"),
        ("group_part", ""),
        ("signed_at", None),
        ("format", "soap"),
        ("author_id", None),
        ("updated_at", "2020-01-01 00:00:00"),
    ],
)
def test_raw_sql_cannot_change_a_signed_note(cast, column, value) -> None:
    w = world(cast)
    note = signed(w)
    if column == "author_id":
        value = w.casey.pk
    before = stored(note)
    with pytest.raises(DatabaseError, match="locked"):
        raw(f"UPDATE counseling_sessionnote SET {column} = %s WHERE id = %s", [value, note.pk])  # noqa: S608
    assert stored(note) == before


def test_raw_sql_still_changes_a_draft_which_is_not_locked(cast) -> None:
    note = draft(world(cast))
    raw("UPDATE counseling_sessionnote SET group_part = %s WHERE id = %s", ["", note.pk])
    raw(
        "UPDATE counseling_sessionnote SET sections = %s WHERE id = %s",
        [crypto.encrypt('{"data": "Changed"}'), note.pk],
    )
    note.refresh_from_db()
    assert note.sections == {"data": "Changed"}


def test_raw_sql_cannot_change_an_addendum_or_a_link_of_the_chain(cast) -> None:
    w = world(cast)
    note = signed(w)
    addendum = notes.add_addendum(note=note, by=w.chen, text="Added.")
    with pytest.raises(DatabaseError, match="cannot be changed"):
        raw("UPDATE counseling_addendum SET text = %s WHERE id = %s", ["", addendum.pk])
    with pytest.raises(DatabaseError, match="cannot be changed"):
        raw("UPDATE counseling_addendum SET created_at = created_at WHERE id = %s", [addendum.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE counseling_chainlink SET digest = %s", ["0" * 64])
    with pytest.raises(LockedNoteError):
        Addendum.objects.get().save()
    addendum.refresh_from_db()
    assert addendum.text == "Added."


def test_an_operators_script_cannot_change_a_signed_note(cast) -> None:
    note = signed(world(cast))
    script = (
        "from alongside.counseling.models import SessionNote\n"
        f"note = SessionNote.objects.get(pk={note.pk})\n"
        "note.sections = {'data': 'Fixed by a script'}\n"
        "note.save()\n"
    )
    with pytest.raises(LockedNoteError):
        call_command("shell", command=script)
    note.refresh_from_db()
    assert note.sections == DAP


def test_no_django_admin_offers_a_way_around_the_lock() -> None:
    # docs/decisions/0002-no-django-admin.md: the admin is not installed at all.
    assert "django.contrib.admin" not in settings.INSTALLED_APPS


# ---------------------------------------------------------------- what stays possible


def test_a_signed_note_and_its_addenda_are_deleted_when_retention_ends(cast) -> None:
    w = world(cast)
    note = signed(w)
    notes.add_addendum(note=note, by=w.chen, text="Added.")
    kept = signed_for_jordan(w)
    raw("DELETE FROM counseling_addendum WHERE note_id = %s", [note.pk])
    SessionNote.objects.filter(pk=note.pk).delete()
    SessionNote.objects.filter(pk=kept.pk).delete()
    assert not SessionNote.objects.exists() and not Addendum.objects.exists()
    assert ChainLink.objects.count() == 3  # the links stay: verifying reports them as erased


def signed_for_jordan(w) -> SessionNote:
    note = notes.start_note(author=w.chen, member=w.jordan, format="dap", sections=DAP)
    return notes.sign_note(note=note, by=w.chen)


def test_deleting_the_appointment_of_a_signed_note_keeps_the_note_as_signed(cast) -> None:
    w = world(cast)
    note = signed(w)
    Appointment.objects.filter(pk=w.session.pk).delete()
    note.refresh_from_db()
    assert note.appointment_id is None and note.sections == DAP and note.is_locked
    assert chain.verify_chain().is_intact


def test_a_key_rotation_reencrypts_signed_notes_and_addenda_and_the_chain_still_verifies(
    cast, settings
) -> None:
    w = world(cast)
    note = signed(w)
    note.refresh_from_db()
    notes.add_addendum(note=note, by=w.chen, text="Added.")
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    # The command itself re-encrypts locked rows inside `reencrypting()` (counseling's apps.py).
    call_command("rotate_field_keys", verbosity=0)
    assert not Reencryption.objects.exists()
    settings.FIELD_ENCRYPTION_KEYS = [new]
    Fernet(new.encode()).decrypt(stored(note)[0].encode())
    note.refresh_from_db()
    assert note.sections == DAP and Addendum.objects.get().text == "Added."
    assert chain.verify_chain().is_intact
    # Even then, only the ciphertext may change.
    with notes.reencrypting(), pytest.raises(DatabaseError, match="locked"):
        raw("UPDATE counseling_sessionnote SET signed_at = NULL WHERE id = %s", [note.pk])


# ---------------------------------------------------------------- the triggers themselves


def test_the_database_has_the_lock_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    # A migration that rebuilds one of these tables on SQLite drops its trigger: it must
    # install it again (migration 0003's `install`).
    assert TRIGGERS <= names


def test_the_sqlite_trigger_names_every_column_of_a_note() -> None:
    columns = {f.column for f in SessionNote._meta.concrete_fields}
    # A new column must be added to NOTE_COLUMNS (and the trigger installed again), or a
    # signed note's value in it could change on SQLite.
    assert columns == set(LOCK.NOTE_COLUMNS) | {"appointment_id", "sections", "group_part"}

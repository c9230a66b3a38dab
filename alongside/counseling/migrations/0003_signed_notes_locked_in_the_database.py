"""The database itself refuses to change a signed session note, an addendum or a link of the
hash chain, whatever path the change takes (the ORM, a queryset that skips the model's checks,
raw SQL, a script): SQLite and PostgreSQL triggers on UPDATE. DELETE stays possible, because
counseling records are erased when their retention period ends (`purge_retained`); the hash
chain then reports their links as erased, not tampered with.

A signed note may still lose the link to its appointment (the appointment's row deleted: Django
sets the foreign key to NULL), and, inside a key rotation (`Reencryption`, services.notes.
reencrypting), its ciphertext may change to the same words under the newest key. Nothing else.

SQLite drops a table's triggers when a migration rebuilds the table: a later migration that
alters one of these tables installs its trigger again (tests/test_notes_lock.py fails until it
does). SQLite has no whole-row comparison, so its trigger names every column (`NOTE_COLUMNS`,
checked against the model by the same tests); PostgreSQL compares the whole row.

The triggers also refuse a test or a person who changes a note with raw SQL: to show that the
hash chain catches such a change, a test drops the trigger inside its own transaction first.
"""

from django.conf import settings
from django.db import migrations, models
import django.utils.timezone

# Columns of counseling_sessionnote that never change once the note is signed (SQLite names
# them; PostgreSQL compares the whole row). `appointment_id`, `sections` and `group_part` have
# the two exceptions above.
NOTE_COLUMNS = [
    "id",
    "member_id",
    "author_id",
    "organization_id",
    "format",
    "created_at",
    "updated_at",
    "signed_at",
]
NOTE_MESSAGE = "A signed session note is locked: add an addendum instead"
ADDENDUM_MESSAGE = "An addendum cannot be changed: add another"
CHAIN_MESSAGE = "The hash chain is append-only"

REENCRYPTING = "EXISTS (SELECT 1 FROM counseling_reencryption)"
_same = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in NOTE_COLUMNS)

SQLITE_NOTE = f"""
CREATE TRIGGER IF NOT EXISTS counseling_signed_note_locked
BEFORE UPDATE ON counseling_sessionnote
FOR EACH ROW WHEN OLD.signed_at IS NOT NULL AND NOT (
  {_same}
  AND (
    (OLD.appointment_id IS NOT NULL AND NEW.appointment_id IS NULL
     AND NEW.sections IS OLD.sections AND NEW.group_part IS OLD.group_part)
    OR (NEW.appointment_id IS OLD.appointment_id AND {REENCRYPTING})
  )
)
BEGIN SELECT RAISE(ABORT, '{NOTE_MESSAGE}'); END;
"""
SQLITE_ADDENDUM = f"""
CREATE TRIGGER IF NOT EXISTS counseling_addendum_append_only
BEFORE UPDATE ON counseling_addendum
FOR EACH ROW WHEN NOT (
  NEW.id IS OLD.id AND NEW.note_id IS OLD.note_id AND NEW.author_id IS OLD.author_id
  AND NEW.created_at IS OLD.created_at AND {REENCRYPTING}
)
BEGIN SELECT RAISE(ABORT, '{ADDENDUM_MESSAGE}'); END;
"""
SQLITE_CHAIN = f"""
CREATE TRIGGER IF NOT EXISTS counseling_chain_append_only
BEFORE UPDATE ON counseling_chainlink
BEGIN SELECT RAISE(ABORT, '{CHAIN_MESSAGE}'); END;
"""
SQLITE_UP = [SQLITE_NOTE, SQLITE_ADDENDUM, SQLITE_CHAIN]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS counseling_signed_note_locked;",
    "DROP TRIGGER IF EXISTS counseling_addendum_append_only;",
    "DROP TRIGGER IF EXISTS counseling_chain_append_only;",
]

PG_NOTE = f"""
CREATE OR REPLACE FUNCTION counseling_signed_note_locked() RETURNS trigger AS $$
DECLARE
  probe counseling_sessionnote;
BEGIN
  IF OLD.signed_at IS NULL THEN
    RETURN NEW;
  END IF;
  probe := NEW;
  IF OLD.appointment_id IS NOT NULL AND NEW.appointment_id IS NULL
     AND NEW.sections IS NOT DISTINCT FROM OLD.sections
     AND NEW.group_part IS NOT DISTINCT FROM OLD.group_part THEN
    probe.appointment_id := OLD.appointment_id;
  ELSIF {REENCRYPTING} THEN
    probe.sections := OLD.sections;
    probe.group_part := OLD.group_part;
  ELSE
    RAISE EXCEPTION '{NOTE_MESSAGE}';
  END IF;
  IF probe IS DISTINCT FROM OLD THEN
    RAISE EXCEPTION '{NOTE_MESSAGE}';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER counseling_signed_note_locked BEFORE UPDATE ON counseling_sessionnote
  FOR EACH ROW EXECUTE FUNCTION counseling_signed_note_locked();

CREATE OR REPLACE FUNCTION counseling_addendum_append_only() RETURNS trigger AS $$
DECLARE
  probe counseling_addendum;
BEGIN
  IF NOT {REENCRYPTING} THEN
    RAISE EXCEPTION '{ADDENDUM_MESSAGE}';
  END IF;
  probe := NEW;
  probe.text := OLD.text;
  IF probe IS DISTINCT FROM OLD THEN
    RAISE EXCEPTION '{ADDENDUM_MESSAGE}';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER counseling_addendum_append_only BEFORE UPDATE ON counseling_addendum
  FOR EACH ROW EXECUTE FUNCTION counseling_addendum_append_only();

CREATE OR REPLACE FUNCTION counseling_chain_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '{CHAIN_MESSAGE}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER counseling_chain_append_only BEFORE UPDATE ON counseling_chainlink
  FOR EACH ROW EXECUTE FUNCTION counseling_chain_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS counseling_signed_note_locked ON counseling_sessionnote;
DROP FUNCTION IF EXISTS counseling_signed_note_locked();
DROP TRIGGER IF EXISTS counseling_addendum_append_only ON counseling_addendum;
DROP FUNCTION IF EXISTS counseling_addendum_append_only();
DROP TRIGGER IF EXISTS counseling_chain_append_only ON counseling_chainlink;
DROP FUNCTION IF EXISTS counseling_chain_append_only();
"""


def install(schema_editor) -> None:
    """Install the triggers (also for a later migration that rebuilt one of the tables)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_NOTE)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    install(schema_editor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_user_in_recovery_opt_in'),
        ('counseling', '0002_plan_version_signed_by'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Reencryption',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.AddIndex(
            model_name='sessionnote',
            index=models.Index(condition=models.Q(('signed_at__isnull', True)), fields=['author', 'created_at'], name='session_note_drafts'),
        ),
        migrations.RunPython(forwards, backwards),
    ]

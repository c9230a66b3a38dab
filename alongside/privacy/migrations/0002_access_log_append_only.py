"""The database itself refuses to change the access log (PostgreSQL: updates and deletes;
SQLite: updates — its test flush deletes rows, so deletes are refused by the ORM there)."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION privacy_access_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The access log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_access_log_no_update BEFORE UPDATE OR DELETE ON privacy_accesslogentry
  FOR EACH ROW EXECUTE FUNCTION privacy_access_log_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS privacy_access_log_no_update ON privacy_accesslogentry;
DROP FUNCTION IF EXISTS privacy_access_log_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER privacy_access_log_no_update BEFORE UPDATE ON privacy_accesslogentry
BEGIN SELECT RAISE(ABORT, 'The access log is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS privacy_access_log_no_update;"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_consent_access_log_exports")]
    operations = [migrations.RunPython(forwards, backwards)]

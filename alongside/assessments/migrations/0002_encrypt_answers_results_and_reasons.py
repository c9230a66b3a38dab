"""Assessment answers, results and correction reasons are encrypted at rest, existing rows too.

The plain copies of the total, band and flags go: they are read from the encrypted result.
"""

from django.db import migrations, models

import alongside.privacy.fields
from alongside.lib.versions import HOME, Install, Tracked
from alongside.privacy.field_migrations import BATCH, encrypt_columns

# The table this migration rebuilds on SQLite, whose trigger it must put back.
REBUILT = (Tracked("assessments_administration", HOME),)


def restore_score_columns(apps, schema_editor) -> None:
    """Undoing: fill the plain total, band and flags again from each result."""
    Administration = apps.get_model("assessments", "Administration")
    manager = Administration._base_manager.using(schema_editor.connection.alias)
    batch = []
    for row in manager.order_by("pk").iterator(chunk_size=BATCH):
        row.total = row.result.get("total")
        row.band = (row.result.get("band") or {}).get("key", "")
        row.flags = [flag["key"] for flag in row.result.get("flags", [])]
        batch.append(row)
        if len(batch) == BATCH:
            manager.bulk_update(batch, ["total", "band", "flags"])
            batch = []
    if batch:
        manager.bulk_update(batch, ["total", "band", "flags"])


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0001_administrations_schedules_alerts_wording"),
        ("journey", "0003_member_data_version_triggers"),
    ]

    operations = [
        # SQLite rebuilds tables on column changes, dropping their data-version triggers: put
        # them back after the change, and after undoing it.
        migrations.RunPython(migrations.RunPython.noop, Install(REBUILT)),
        *encrypt_columns("assessments", "administration", {
            "answers": alongside.privacy.fields.EncryptedJSONField(default=dict),
            "result": alongside.privacy.fields.EncryptedJSONField(default=dict),
            "correction_reason": alongside.privacy.fields.EncryptedTextField(
                blank=True, max_length=300, verbose_name="why it is corrected",
            ),
        }),
        migrations.RunPython(migrations.RunPython.noop, restore_score_columns),
        migrations.RemoveField("administration", "total"),
        migrations.RemoveField("administration", "band"),
        migrations.RemoveField("administration", "flags"),
        migrations.RunPython(Install(REBUILT), migrations.RunPython.noop),
    ]

"""Track names and units and supporters' congratulation messages are encrypted at rest, existing
rows too."""

from django.db import migrations

import alongside.privacy.fields
from alongside.lib.versions import HOME, SETUP, Install, Tracked
from alongside.privacy.field_migrations import encrypt_columns

# The tables this migration rebuilds on SQLite, whose triggers it must put back.
REBUILT = (
    Tracked("journey_track", HOME + SETUP),
    Tracked("journey_congratulation", HOME, "celebration_id", via="journey_celebration"),
)


class Migration(migrations.Migration):

    dependencies = [
        ("journey", "0003_member_data_version_triggers"),
    ]

    operations = [
        # SQLite rebuilds tables on column changes, dropping their data-version triggers: put
        # them back after the change, and after undoing it.
        migrations.RunPython(migrations.RunPython.noop, Install(REBUILT)),
        *encrypt_columns("journey", "track", {
            "name": alongside.privacy.fields.EncryptedTextField(
                blank=True, max_length=60, verbose_name="name",
                help_text="For example alcohol, opioids, gambling. Leave empty for all substances.",
            ),
            "unit": alongside.privacy.fields.EncryptedTextField(
                blank=True, default="drinks", max_length=30, verbose_name="counted in",
            ),
        }),
        *encrypt_columns("journey", "congratulation", {
            "message": alongside.privacy.fields.EncryptedTextField(
                blank=True, max_length=280, verbose_name="a few words (optional)",
            ),
        }),
        migrations.RunPython(Install(REBUILT), migrations.RunPython.noop),
    ]

"""The place in a member's meeting preferences with its coordinates, and the accessibility needs
and "people like me" groups, are encrypted at rest, existing rows too."""

from django.db import migrations

import alongside.privacy.fields
from alongside.privacy.field_migrations import encrypt_columns


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0006_search_indexes_cover_filters"),
    ]

    operations = encrypt_columns("meetings", "meetingpreference", {
        "near": alongside.privacy.fields.EncryptedTextField(
            blank=True, max_length=100, verbose_name="near (ZIP code or town)",
        ),
        "latitude": alongside.privacy.fields.EncryptedJSONField(blank=True, null=True),
        "longitude": alongside.privacy.fields.EncryptedJSONField(blank=True, null=True),
        "needs": alongside.privacy.fields.EncryptedJSONField(
            blank=True, default=list, verbose_name="accessibility needs",
        ),
        "demographics": alongside.privacy.fields.EncryptedJSONField(
            blank=True, default=list, verbose_name="groups for people like me",
        ),
    })

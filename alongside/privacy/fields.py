"""A text field encrypted at rest with the rotatable field keys (settings.FIELD_ENCRYPTION_KEYS).

The database holds only Fernet tokens; the ORM hands Python code plain text. Encrypted
columns cannot be searched or ordered by content, which is the point.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from alongside.lib import crypto


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest (Fernet)"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_lookup(self, lookup_name: str):  # type: ignore[override]
        # Comparing ciphertexts is meaningless (each encryption differs); only emptiness checks work.
        if lookup_name not in {"isnull", "exact"}:
            return None
        return super().get_lookup(lookup_name)


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every (model, field) pair in the project that stores encrypted text."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]

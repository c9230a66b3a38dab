"""Fields encrypted at rest with the rotatable field keys (settings.FIELD_ENCRYPTION_KEYS).

The database holds only Fernet tokens; the ORM hands Python code plain values. Encrypted
columns cannot be searched or ordered by content, which is the point: anything a query must
filter or order on stays a plain column, and docs/privacy.md says why for each.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django import forms
from django.core.exceptions import FieldError
from django.db import models
from django.db.models import lookups

from alongside.lib import crypto


class EmptinessExact(lookups.Exact):
    """`field=""` finds empty values. Any other value could never match (each encryption of it
    differs), so asking for one is a mistake said out loud rather than an empty result."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.model.__name__}.{self.lhs.target.name} is encrypted: "
                "only emptiness can be looked up; compare values in Python."
            )
        return super().get_prep_lookup()


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

    def get_lookup(self, lookup_name: str):
        # Comparing ciphertexts is meaningless (each encryption differs); only emptiness checks work.
        if lookup_name == "exact":
            return EmptinessExact
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)

    def formfield(self, **kwargs: Any) -> forms.Field | None:
        # Short text (a name, a place, a reason) keeps the one-line input a CharField would have;
        # only unbounded text gets a text area.
        if self.max_length is not None:
            return super(models.TextField, self).formfield(
                **{"max_length": self.max_length, **kwargs}
            )
        return super().formfield(**kwargs)


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (an object, a list or a number) encrypted at rest as one Fernet token.

    A subclass of EncryptedTextField, so `encrypted_fields()` (and with it key rotation) finds it.
    None is stored as NULL, so `isnull` is the only lookup that means anything.
    """

    description = "JSON encrypted at rest (Fernet)"
    # What the model attribute holds, for the type checker (django-stubs reads these).
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return crypto.encrypt(json.dumps(value, ensure_ascii=False))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return json.loads(crypto.decrypt(value))

    def to_python(self, value: Any) -> Any:
        # The Python value is already the decoded JSON (TextField would turn it into a string).
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)

    def get_lookup(self, lookup_name: str):
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def formfield(self, **kwargs: Any) -> forms.Field | None:
        return super(models.TextField, self).formfield(**{"form_class": forms.JSONField, **kwargs})


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every (model, field) pair in the project that stores encrypted values (text or JSON)."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


# Apps whose rows a database trigger locks (signed session notes) give here the block inside
# which a key rotation may write a new ciphertext of the same words (`rotate_field_keys`).
REENCRYPTION_GUARDS: dict[type[models.Model], Callable[[], AbstractContextManager[None]]] = {}


def allow_reencryption(
    model: type[models.Model], guard: Callable[[], AbstractContextManager[None]]
) -> None:
    """Say that re-encrypting `model`'s rows must happen inside `guard()` (one call in the
    app's AppConfig.ready())."""
    REENCRYPTION_GUARDS[model] = guard

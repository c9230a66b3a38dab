"""Putting a service's errors onto the form a person is filling in."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def errors_to(
    form: BaseForm, error: ValidationError, *, rename: Mapping[str, str] | None = None
) -> None:
    """Each message of a service's ValidationError beside the field it names (renamed first
    when the form calls the field something else), or above the form when the field is not on
    it or the error names none."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        field = (rename or {}).get(field, field)
        form.add_error(field if field in form.fields else None, messages)

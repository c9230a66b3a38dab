from __future__ import annotations

from django import forms

from alongside.journey.services import JourneyError


def field_error(form: forms.BaseForm, error: JourneyError) -> None:
    """Put a service's error beside its field (or above the form when the field is not shown)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)

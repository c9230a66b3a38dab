from __future__ import annotations

from alongside.lib.errors import FieldError


class JourneyError(FieldError):
    """A change that cannot be made, with the field it concerns and a sentence saying why."""


class CheckInError(JourneyError):
    """A check-in that cannot be recorded."""

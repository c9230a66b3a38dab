from __future__ import annotations


class JourneyError(ValueError):
    """A change that cannot be made, with the field it concerns and a sentence saying why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = str(message)


class CheckInError(JourneyError):
    """A check-in that cannot be recorded."""

"""What every part of the journey API shares: the interface it logs reads under, and a
service's refusal turned into the API's 422."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import Status
from ninja.errors import ValidationError

from alongside.journey import services
from alongside.privacy.models import Interface

API = Interface.API


def invalid(error: services.JourneyError) -> ValidationError:
    """A service's refusal as the API's 422, naming the field."""
    if isinstance(error, services.WorksheetInvalid):
        return ValidationError(
            [
                {"loc": ("body", "payload", "answers", name), "msg": message}
                for name, messages in error.errors.items()
                for message in messages
            ]
        )
    return ValidationError([{"loc": ("body", "payload", error.field), "msg": error.message}])


def create(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Status[Any]:
    """Call a service that creates something: a 201 with what it made, or the 422 it refused."""
    try:
        return Status(201, call(*args, **kwargs))
    except services.JourneyError as error:
        raise invalid(error) from error

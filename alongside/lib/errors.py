"""Errors that services raise for input a person can correct."""

from __future__ import annotations


class FieldError(ValueError):
    """Bad input, with the field it concerns and a sentence saying how to fix it.

    Pages put the message beside the field; the API answers 422 naming the field.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

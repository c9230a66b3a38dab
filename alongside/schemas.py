"""The API's shared request types: one strict base schema, bounded ids and numbers, clean text,
and the one error shape every operation documents.

Every request body inherits `RequestSchema`, so the rules below hold for each field of every
operation without a route repeating them:
- unknown fields are refused (422 naming them), so a misspelt field is never silently dropped;
- `null` is accepted only where the field says it is nullable; a field that may be left out
  but not emptied (`first_name` in a PATCH) is declared with `Omittable`, never `str | None`;
- text never holds a NUL character (PostgreSQL cannot store one, and no person types one).
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, field_validator

# The largest primary key any supported database hands out (a signed 64-bit integer): an id
# beyond it names nothing, so it is a 422 before any query is made.
MAX_ID = 2**63 - 1
# PositiveSmallIntegerField's range on every database Django supports.
SMALL_MAX = 32767

NUL_MESSAGE = "Text may not contain NUL characters (\\u0000)."


def refuse_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(NUL_MESSAGE)
    return value


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(_holds_nul(v) for v in value)
    return False


# For path and query parameters, which no base schema reaches.
Text = Annotated[str, AfterValidator(refuse_nul)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
SmallCount = Annotated[int, Field(ge=0, le=SMALL_MAX)]


def _omittable_schema(schema: dict[str, Any]) -> None:
    # The default (None) only stands for "not sent"; publishing it would say null is allowed.
    schema.pop("default", None)


def Omittable(**constraints: Any) -> Any:  # noqa: N802 - reads as a type in a field declaration
    """A field that may be left out of a PATCH (nothing changes) but, when sent, must be a real
    value: declared `name: str = Omittable(max_length=60)`, `null` fails the type (a 422), so
    it is never stored as "None" or as an empty value."""
    return Field(None, json_schema_extra=_omittable_schema, **constraints)


class RequestSchema(Schema):
    """The base of every request body (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _holds_nul(value):
            raise ValueError(NUL_MESSAGE)
        return value


class QuerySchema(Schema):
    """The base of a group of query parameters: unknown parameters are ignored (as caches and
    link trackers add them), NUL characters refused like in bodies."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _holds_nul(value):
            raise ValueError(NUL_MESSAGE)
        return value


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorBodyOut(Schema):
    status: int
    code: str
    message: str
    fields: list[FieldErrorOut]


class ErrorOut(Schema):
    """Every error the API answers: `{"error": {"status", "code", "message", "fields"}}`."""

    error: ErrorBodyOut

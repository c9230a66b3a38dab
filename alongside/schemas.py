"""The API's shared request types: one strict base schema, bounded ids and numbers, clean text,
and the one error shape every operation documents.

Every request body inherits `RequestSchema`, so the rules below hold for each field of every
operation without a route repeating them:
- unknown fields are refused (422 naming them), so a misspelt field is never silently dropped;
- `null` is accepted only where the field says it is nullable; a field that may be left out
  but not emptied (`first_name` in a PATCH) is declared with `Omittable`, never `str | None`;
- text never holds a NUL character or a lone surrogate (no database stores them, and no
  person types them).
"""

from __future__ import annotations

import datetime
import decimal
from typing import TYPE_CHECKING, Annotated, Any, get_args

from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

if TYPE_CHECKING:
    from alongside.accounts.models import User

# The largest primary key any supported database hands out (a signed 64-bit integer): an id
# beyond it names nothing, so it is a 422 before any query is made.
MAX_ID = 2**63 - 1
# PositiveSmallIntegerField's range on every database Django supports.
SMALL_MAX = 32767

NUL_MESSAGE = "Text may not contain NUL characters (\\u0000)."
SURROGATE_MESSAGE = "Text must be valid Unicode: it holds a lone surrogate (\\ud800–\\udfff)."


def unstorable(text: str) -> str | None:
    """Why no database could store this text, or None: a NUL character (PostgreSQL refuses
    it), or a lone surrogate, which JSON's \\u escapes allow and UTF-8 cannot encode."""
    if "\x00" in text:
        return NUL_MESSAGE
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE_MESSAGE
    return None


def refuse_unstorable(value: str) -> str:
    if problem := unstorable(value):
        raise ValueError(problem)
    return value


def _first_unstorable(value: Any) -> str | None:
    # A loop, not recursion: a body may nest lists as deep as the JSON parser allowed.
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if problem := unstorable(item):
                return problem
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return None


# For path and query parameters, which no base schema reaches.
Text = Annotated[str, AfterValidator(refuse_unstorable)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
SmallCount = Annotated[int, Field(ge=0, le=SMALL_MAX)]


def iso_day(value: Any) -> Any:
    """Path and query dates as the schema publishes them, YYYY-MM-DD. Pydantic would also read
    a number ("1.5e9") as seconds since 1970, a date nobody meant."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError("Give the date as YYYY-MM-DD, like 2025-01-31.") from None
    return value


# A date in a path or query string (bodies are checked by RequestSchema).
Day = Annotated[datetime.date, BeforeValidator(iso_day)]


def refuse_zone(value: datetime.time) -> datetime.time:
    if value.tzinfo is not None:
        raise ValueError(
            "Give the time without a zone or offset, like 08:30: it is read in your own time zone."
        )
    return value


# A wall-clock time read in the person's own time zone ("08:30"); an offset would contradict it.
LocalTime = Annotated[
    datetime.time,
    AfterValidator(refuse_zone),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "description": "A local time, HH:MM or HH:MM:SS, without a zone",
            "examples": ["08:30"],
        }
    ),
]


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
    def _storable_text(cls, value: Any) -> Any:
        if problem := _first_unstorable(value):
            raise ValueError(problem)
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _dates_are_text(cls, value: Any, info: ValidationInfo) -> Any:
        # Pydantic would read a number as seconds since 1970; the schema says a date is text.
        if isinstance(value, int | float) and not isinstance(value, bool):
            annotation = cls.model_fields[info.field_name].annotation  # type: ignore[index]  # a field validator always has its field's name
            if _is_temporal(annotation):
                raise ValueError("Give dates and times as text, like 2025-01-31 or 08:30.")
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _numbers_are_not_true_or_false(cls, value: Any, info: ValidationInfo) -> Any:
        # Pydantic would read true as 1 and false as 0; the schema says a number.
        if isinstance(value, bool):
            annotation = cls.model_fields[info.field_name].annotation  # type: ignore[index]  # a field validator always has its field's name
            if _is_number(annotation):
                raise ValueError("Give a number, not true or false.")
        return value


def _is_number(annotation: Any) -> bool:
    """A number type that takes no true or false (pydantic would read true as 1)."""
    found = _types_in(annotation)
    return bool(found & {int, float, decimal.Decimal}) and bool not in found


def _types_in(annotation: Any) -> set[Any]:
    arguments = get_args(annotation)
    if not arguments:
        return {annotation}
    return {t for argument in arguments for t in _types_in(argument)}


def _is_temporal(annotation: Any) -> bool:
    if annotation in (datetime.date, datetime.datetime, datetime.time):
        return True
    return any(_is_temporal(argument) for argument in get_args(annotation))


class QuerySchema(Schema):
    """The base of a group of query parameters: unknown parameters are ignored (as caches and
    link trackers add them); text is checked like in bodies."""

    @field_validator("*", mode="before")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        if problem := _first_unstorable(value):
            raise ValueError(problem)
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


def person_out(user: User | None) -> dict[str, Any] | None:
    """Someone as the API shows another person: id and display name only (never a last name
    or an e-mail), or None."""
    return None if user is None else {"id": user.pk, "display_name": str(user.display_name)}

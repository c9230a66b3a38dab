"""The register of personal data: for every model that points at a person, how it is exported
and what erasure does to it. A test fails when a model points at a user and is not here."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import models

from alongside.accounts.models import User


class Erase(StrEnum):
    DELETE = "delete"  # the rows go
    ANONYMIZE = "anonymize"  # the rows stay, with nothing that identifies the person
    RETAIN = "retain"  # kept under a documented retention rule, hidden from all but the keeper
    KEEP = "keep"  # kept as they are: they hold nothing personal once the account is anonymized


@dataclass
class Handler:
    model: type[models.Model]
    owner: str  # the foreign key that points at the person
    section: str  # name of the section in the export archive
    label: str  # plain words for the erasure page ("daily check-ins")
    erase: Erase
    explain: str  # what erasure does, in plain words
    export: bool = True
    exclude: tuple[str, ...] = ()  # fields never exported (secrets, hashes)
    serialize: Callable[[models.Model], dict[str, Any]] | None = None
    anonymize: Callable[[models.QuerySet], None] | None = None
    queryset: Callable[[User], models.QuerySet] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.model._meta.label_lower}.{self.owner}"

    def rows(self, member: User) -> models.QuerySet:
        if self.queryset is not None:
            return self.queryset(member)
        return self.model._default_manager.filter(**{self.owner: member})

    def to_dict(self, row: models.Model) -> dict[str, Any]:
        if self.serialize is not None:
            return self.serialize(row)
        return serialize_fields(row, exclude=self.exclude)


REGISTRY: dict[str, Handler] = {}


def register(model: type[models.Model], owner: str, **kwargs: Any) -> Handler:
    handler = Handler(model=model, owner=owner, **kwargs)
    REGISTRY[handler.key] = handler
    return handler


# Export sections built from several models at once, in a shape a standard defines (the
# counseling records as FHIR resources): the member's rows again, in another form. Export only:
# erasure follows each row's own handler above.
SECTIONS: dict[str, Callable[[User], list[dict[str, Any]]]] = {}


def register_section(section: str, build: Callable[[User], list[dict[str, Any]]]) -> None:
    """Add `section` to every export, its rows built by `build(member)` (none: left out)."""
    SECTIONS[section] = build


def clear_field(field: str) -> Callable[[models.QuerySet], None]:
    """An ``anonymize`` that empties one foreign key to the person (``by``, ``created_by``):
    the row stays, no longer saying who."""

    def anonymize(rows: models.QuerySet) -> None:
        rows.update(**{field: None})

    return anonymize


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def serialize_fields(row: models.Model, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """Concrete fields of a row; a foreign key to a person becomes their display name."""
    data: dict[str, Any] = {}
    for f in row._meta.concrete_fields:
        if f.name in exclude:
            continue
        if isinstance(f, models.ForeignKey):
            related = getattr(row, f.name)
            if isinstance(related, User):
                data[f.name] = related.display_name
            else:
                data[f.name] = str(related) if related is not None else None
            continue
        data[f.name] = jsonable(getattr(row, f.attname))
    return data


def user_foreign_keys() -> list[str]:
    """Every `<model>.<field>` in the project that points at the user model."""
    from django.apps import apps

    found = []
    for model in apps.get_models(include_auto_created=True):
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is User:
                found.append(f"{model._meta.label_lower}.{f.name}")
    return sorted(found)

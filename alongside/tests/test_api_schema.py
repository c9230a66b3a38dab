"""The published OpenAPI document describes the operations as they really are."""

from __future__ import annotations

import enum
import typing
from collections import defaultdict
from collections.abc import Iterator

from pydantic import BaseModel

from alongside.api import api


def _components_in(annotation: object) -> Iterator[type]:
    """Every pydantic model and enum an annotation reaches: each becomes a named component."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        yield annotation
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        # Ninja wraps parameters and responses in models of its own, inlined, never named.
        if not annotation.__module__.startswith("ninja."):
            yield annotation
        for field in annotation.model_fields.values():
            yield from _components_in(field.annotation)
    for argument in typing.get_args(annotation):
        yield from _components_in(argument)


def _every_component_class() -> dict[str, set[str]]:
    classes: dict[str, set[str]] = defaultdict(set)
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                models = list(operation.models) + list(operation.response_models.values())
                for model in models:
                    for found in _components_in(model):
                        classes[found.__name__].add(f"{found.__module__}.{found.__qualname__}")
    return classes


def test_every_openapi_component_name_belongs_to_one_class() -> None:
    # Ninja files components by class name and silently keeps the last of two same-named
    # classes, so an operation would be documented with another operation's schema.
    duplicates = {name: sorted(c) for name, c in _every_component_class().items() if len(c) > 1}
    assert duplicates == {}


def test_the_check_in_operation_documents_the_check_in_body() -> None:
    document = api.get_openapi_schema()
    body = document["paths"]["/api/v1/check-ins"]["post"]["requestBody"]
    name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"mood", "craving"} <= set(document["components"]["schemas"][name]["properties"])


def test_every_reference_in_the_document_resolves() -> None:
    document = api.get_openapi_schema()
    names = set(document["components"]["schemas"])

    def refs(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    missing = {r for r in refs(document) if r.rsplit("/", 1)[-1] not in names}
    assert missing == set()

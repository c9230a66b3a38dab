"""The API fuzz (alongside.testing.apifuzz) of the life of a house, as Rosa, who runs Lakeview
House, and as Maya, who lives there: generated input, valid and invalid, for every curfew,
chore, drug-test, house meeting, incident, fee and report operation, against a house with a
resident, so the routes reach their services and not only their 404s."""

from __future__ import annotations

import copy
import re

import pytest

from alongside.api import api
from alongside.housing.tests.lakeview import lakeview, move_in
from alongside.testing.apifuzz import fuzz_every_operation, signed_in_headers

pytestmark = pytest.mark.django_db(transaction=True)

HOUSE_LIFE = re.compile(
    r"^/api/v1/housing/("
    r"houses/\{house_id\}/(curfew|chores|rota|drug-tests|drug-test-draws|meetings|incidents|"
    r"ledger|report)"
    r"|my-stay/(life|sign-out|sign-in|chores)"
    r"|chore-assignments)"
)


def house_life_document(pinned: dict[str, int]) -> dict:
    """The house-life part of the API document, with the path ids in `pinned` held to the
    fixture's own (in valid input), so generated bodies reach the services."""
    document = copy.deepcopy(api.get_openapi_schema())
    paths = {path: ops for path, ops in document["paths"].items() if HOUSE_LIFE.match(path)}
    assert len(paths) >= 15
    for operations in paths.values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in pinned:
                    parameter["schema"] = {"type": "integer", "enum": [pinned[parameter["name"]]]}
    return {**document, "paths": paths}


@pytest.mark.parametrize("persona", ["house_manager", "member"])
def test_every_house_life_operation_survives_generated_input(live_server, cast, persona) -> None:
    house = lakeview(cast, beds=("A", "B"))
    move_in(cast, house, cast["member"].user, "A", days_ago=20)
    base_url = f"http://127.0.0.1:{live_server.thread.port}"
    headers = signed_in_headers(base_url, cast[persona].user)
    document = house_life_document({"house_id": house.pk})
    failures = fuzz_every_operation(document, base_url, headers)
    assert not failures, "\n\n".join(failures)
    if persona == "house_manager":  # valid bodies reached the services
        assert house.chores.exists() and house.incidents.exists()

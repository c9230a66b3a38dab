"""The API fuzz (alongside.testing.apifuzz) on the rooms routes, as a facilitator with a room
open: generated meeting ids and starts, valid and not, answer as documented."""

from __future__ import annotations

import pytest

from alongside.api import api
from alongside.rooms.tests.world import meeting_starting
from alongside.testing.apifuzz import fuzz_every_operation, signed_in_headers

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_rooms_api_survives_generated_input_from_a_facilitator(live_server, cast) -> None:
    meeting_starting(cast)
    base_url = f"http://127.0.0.1:{live_server.thread.port}"
    headers = signed_in_headers(base_url, cast["facilitator"].user)
    document = api.get_openapi_schema()
    document["paths"] = {p: v for p, v in document["paths"].items() if "/rooms/" in p}
    assert len(document["paths"]) == 2
    failures = fuzz_every_operation(document, base_url, headers)
    assert not failures, "\n\n".join(failures)

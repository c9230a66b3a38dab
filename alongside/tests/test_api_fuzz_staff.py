"""The API fuzz (alongside.testing.apifuzz) as a counselor: staff with MFA, who holds members'
consents. Its own file, so that pytest-xdist runs it beside the member's."""

from __future__ import annotations

import pytest

from alongside.api import api
from alongside.testing.apifuzz import fuzz_every_operation, signed_in_headers

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_api_operation_survives_generated_input_from_staff_with_mfa(
    live_server, cast
) -> None:
    # The live server listens on IPv4 loopback; "localhost" may try IPv6 first.
    base_url = f"http://127.0.0.1:{live_server.thread.port}"
    headers = signed_in_headers(base_url, cast["counselor"].user)
    failures = fuzz_every_operation(api.get_openapi_schema(), base_url, headers)
    assert not failures, "\n\n".join(failures)

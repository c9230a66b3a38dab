"""A property-based fuzz of every API operation against a live server, signed in as a persona.

Schemathesis reads the published OpenAPI document and sends each operation generated requests,
valid and invalid. Any 5xx fails, and so does any answer that breaks the operation's documented
schema: an undocumented status, the wrong content type, a body that does not match, or invalid
input that was accepted. The number of examples per operation is fixed and Hypothesis is
derandomized, so the stage is bounded in time and a failure comes back on the next run.
"""

from __future__ import annotations

import os

import requests
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from alongside.accounts.models import User

# Examples per operation and mode: about half a minute of CPU a persona. Raise it for a longer run
# by hand (ALONGSIDE_FUZZ_EXAMPLES=100).
EXAMPLES = int(os.environ.get("ALONGSIDE_FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


def signed_in_headers(base_url: str, user: User) -> dict[str, str]:
    """The headers of a browser signed in as `user`: its session cookie and CSRF token."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies["sessionid"].value
    with requests.Session() as browser:
        browser.get(f"{base_url}/accounts/login/", timeout=10)
        csrf = browser.cookies["csrftoken"]
    return {
        "Cookie": f"sessionid={session}; csrftoken={csrf}",
        "X-CSRFToken": csrf,  # type: ignore[dict-item]  # the login page always sets it
        "Referer": base_url + "/",
    }


def fuzz_every_operation(document: dict, base_url: str, headers: dict[str, str]) -> list[str]:
    """Fuzz each operation in both modes; return every failure found, one text per operation."""
    config = schemathesis.Config.from_dict(
        {
            "base-url": base_url,
            "generation": {"with-security-parameters": False},
        }
    )
    failures = []
    for result in schemathesis.openapi.from_dict(document, config=config).get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an operation our schema gets wrong fails here, loudly
        for mode in MODES:
            try:
                _fuzz(operation, headers, mode)
            except Unsatisfiable:
                continue  # no input breaks this schema (no parameters, or any text will do)
            except (
                Exception,
                BaseExceptionGroup,
            ) as failure:  # every operation's, reported together
                failures.append(
                    f"{operation.method.upper()} {operation.path} ({mode.value}): {failure}"
                )
    return failures


def _fuzz(
    operation: schemathesis.APIOperation, headers: dict[str, str], mode: schemathesis.GenerationMode
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        # No shared session: on one kept-alive connection the test server's answers are slow.
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()

"""Sign-in limits lock out the account being guessed at, and an address only when it tries very
many accounts, so people who share one address (a treatment centre, a shelter's Wi-Fi) never
lock each other out; the address is the connection's unless a proxy of ours is configured."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings

from alongside.accounts.cast import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed login attempts"
SHARED = "203.0.113.7"


def sign_in(client: Client, email: str, password: str = DEMO_PASSWORD):
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=SHARED
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_people_behind_one_address_still_sign_in_after_an_account_there_is_locked(cast) -> None:
    guesser = Client()
    for _attempt in range(75):  # far past the account's limit, and past the address's
        sign_in(guesser, "maya@example.org", "wrong-password")
    refused = sign_in(Client(), "maya@example.org")
    assert LOCKED in refused.content.decode()
    for email in ("jordan@example.org", "pat@example.org"):
        neighbour = Client()
        response = sign_in(neighbour, email)
        assert LOCKED not in response.content.decode()
        assert signed_in(neighbour), email
    # The account's lock is the account's, wherever she comes from, and it lifts on its own.
    elsewhere = Client()
    elsewhere.post(
        "/accounts/login/",
        {"login": "maya@example.org", "password": DEMO_PASSWORD},
        REMOTE_ADDR="198.51.100.20",
    )
    assert not signed_in(elsewhere)
    with time_machine.travel(datetime.datetime.now() + datetime.timedelta(minutes=6)):
        maya = Client()
        sign_in(maya, "maya@example.org")
        assert signed_in(maya)


def try_many_accounts(address: str, count: int, **extra: Any) -> None:
    client = Client()
    for n in range(count):
        client.post(
            "/accounts/login/",
            {"login": f"someone{n}@example.net", "password": "guess"},
            REMOTE_ADDR=address,
            **extra,
        )


def test_an_address_trying_many_accounts_is_stopped_and_others_are_not(cast) -> None:
    try_many_accounts("198.51.100.9", 60)
    stopped = Client()
    response = stopped.post(
        "/accounts/login/",
        {"login": "maya@example.org", "password": DEMO_PASSWORD},
        REMOTE_ADDR="198.51.100.9",
    )
    assert LOCKED in response.content.decode() and not signed_in(stopped)
    other = Client()
    other.post(
        "/accounts/login/",
        {"login": "maya@example.org", "password": DEMO_PASSWORD},
        REMOTE_ADDR="198.51.100.10",
    )
    assert signed_in(other)


def test_a_made_up_forwarded_for_header_does_not_escape_the_address_limit(cast) -> None:
    client = Client()
    for n in range(60):  # a new claimed address on every try
        client.post(
            "/accounts/login/",
            {"login": f"someone{n}@example.net", "password": "guess"},
            REMOTE_ADDR="198.51.100.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    fresh = Client()
    response = fresh.post(
        "/accounts/login/",
        {"login": "maya@example.org", "password": DEMO_PASSWORD},
        REMOTE_ADDR="198.51.100.9",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert LOCKED in response.content.decode() and not signed_in(fresh)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_configured_proxy_the_forwarded_address_is_the_one_counted(cast) -> None:
    # Every request arrives from the proxy's own address; X-Forwarded-For says whose it is.
    try_many_accounts("10.0.0.2", 60, HTTP_X_FORWARDED_FOR="192.0.2.1")
    stopped, neighbour = Client(), Client()
    for client, address in ((stopped, "192.0.2.1"), (neighbour, "192.0.2.2")):
        client.post(
            "/accounts/login/",
            {"login": "maya@example.org", "password": DEMO_PASSWORD},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=address,
        )
    assert not signed_in(stopped)
    assert signed_in(neighbour)


@override_settings(TRUSTED_PROXY_HEADER="X-Real-IP")
def test_a_configured_client_address_header_is_honoured_and_forwarded_for_is_not(cast) -> None:
    try_many_accounts("10.0.0.2", 60, HTTP_X_REAL_IP="192.0.2.1", HTTP_X_FORWARDED_FOR="192.0.2.9")
    stopped, neighbour = Client(), Client()
    for client, real in ((stopped, "192.0.2.1"), (neighbour, "192.0.2.9")):
        client.post(
            "/accounts/login/",
            {"login": "maya@example.org", "password": DEMO_PASSWORD},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_REAL_IP=real,
            HTTP_X_FORWARDED_FOR="192.0.2.1",
        )
    assert not signed_in(stopped)
    assert signed_in(neighbour)

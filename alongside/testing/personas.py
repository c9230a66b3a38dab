"""The fixed cast for tests: the same people the demo shows (alongside.accounts.cast).

Fixtures: `cast` (every Login by key), one fixture per persona returning its User, and
`client_as(persona)` returning a Django test client signed in as that person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.core.cache import cache, caches
from django.db import transaction
from django.test import Client

from alongside.accounts.cast import PEOPLE, Login, build_cast
from alongside.accounts.models import User

PERSONAS = [p.key for p in PEOPLE]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate limits and caches start empty for every test (keys are prefixed per process), and
    each test gets its own channel layer: tests run their sockets in event loops of their own
    (alongside.testing.asyncio), and the Redis layer keeps locks bound to the loop that first
    used them, so one left behind by an earlier test's loop would fail the next."""
    from channels.layers import channel_layers

    _clear_own_cache()
    channel_layers.backends.clear()
    yield
    _clear_own_cache()


def _clear_own_cache() -> None:
    from django.conf import settings

    # Member-data fragments are keyed by user id and data version, both of which a rolled-back
    # test database hands out again.
    caches["member"].clear()

    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()
        return
    client = cache._cache.get_client(None, write=True)  # type: ignore[attr-defined]  # Django's RedisCache internals
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    # The Redis database may hold many other keys (a developer's, a benchmark's): walk it in
    # large steps, not SCAN's default ten keys a call, and delete this process's keys together.
    keys = list(client.scan_iter(match=f"{prefix}:*", count=10_000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def cast(db) -> dict[str, Login]:
    return build_cast()


@pytest.fixture(scope="module")
def module_cast(django_db_setup, django_db_blocker) -> Iterator[dict[str, Login]]:
    """The cast built once for a module (see rows_for_the_module). A module of many tests over
    the same people opts in with `def cast(db, module_cast): return module_cast`."""
    with rows_for_the_module(django_db_blocker):
        yield build_cast()


@contextmanager
def rows_for_the_module(django_db_blocker) -> Iterator[None]:
    """Rows written inside this block last for a whole module, as Django's TestCase.setUpTestData
    keeps them for a class: one outer transaction, rolled back when the module ends, inside which
    every test still runs in (and rolls back) its own savepoint.

    For modules of many read-mostly tests over the same rows (the authorization matrix): tests
    must not rely on changes to the in-memory objects the block returns.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _persona_fixture(key: str):
    @pytest.fixture(name=key)
    def fixture(cast: dict[str, Login]) -> User:
        return cast[key].user

    return fixture


for _key in PERSONAS:
    globals()[f"persona_{_key}"] = _persona_fixture(_key)


def mark_reauthenticated(client: Client, user: User, *, totp: bool | None = None) -> None:
    """Record a fresh password confirmation in the session, as allauth's reauthenticate does,
    and a fresh TOTP confirmation as its MFA reauthenticate does (`totp=None`: when the person
    has an authenticator, as staff do; False: the password only)."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.mfa.models import Authenticator

    now = time.time()
    records: list[dict] = [
        {"method": "password", "at": now, "email": user.email, "reauthenticated": True}
    ]
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        totp = authenticator is not None
    if totp:
        records.append(
            {
                "method": "mfa",
                "at": now,
                "id": authenticator.pk if authenticator else 0,
                "type": Authenticator.Type.TOTP,
                "reauthenticated": True,
            }
        )
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()


@pytest.fixture
def client_as(cast: dict[str, Login]) -> Callable[..., Client]:
    """A client signed in as a persona (None: nobody signed in); `reauthenticated=True` also
    counts as having just confirmed the password (and, for staff, a TOTP code), which
    sensitive actions ask for."""

    def make(key: str | None, *, reauthenticated: bool = False) -> Client:
        client = Client()
        if key is not None:
            user = cast[key].user
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            if reauthenticated:
                mark_reauthenticated(client, user)
        return client

    return make

"""The authorization matrix's vocabulary, and the collection of every app's routes.

Each app lists its pages and API routes in `alongside/<app>/tests/authz.py`:

    ROUTES = [Route(key, path, expect, default=..., method=..., data=...), ...]
    SENSITIVE_READS = {route_key: (path template with {member}, scope, interface)}  # optional
    def subjects(cast) -> dict: ...  # optional: rows the paths point at

`key` is the URL name (`journey:check-in`) or, for the API, "METHOD /api/v1/path".
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

from alongside.testing.personas import PERSONAS

ANON = "anon"
EVERYONE = [ANON, *PERSONAS]
SIGNED_IN = PERSONAS
STAFF = ["peer_specialist", "counselor", "house_manager", "org_admin", "outsider"]
# The pending-role dimension: these personas are also walked through every route while a
# counselor role at Riverbend waits for their answer (alongside/tests/matrix/test_pending_roles.py), and must
# get exactly what they get without it.
PENDING_INVITEES = ["facilitator", "outsider"]

OK = 200
LOGIN = "login"  # redirected to the sign-in page
NOT_FOUND = 404
REDIRECT = 302  # sent somewhere else on purpose (e.g. signed-in people away from sign-up)
REAUTH = "reauth"  # asked to confirm their password or code again first
UNAUTHENTICATED = 401
NOT_ALLOWED = 405
# API only: a sensitive action (accounts/sensitive.py) by a session that has not confirmed the
# password recently answers 403 `reauthentication_required`; by a bearer token, 403
# `use_signed_in_app`; any write by a read-only token, 403 `read_only_token`.
CONFIRM = "confirm"
USE_APP = "use_signed_in_app"
READ_ONLY = "read_only_token"
TOKEN_SCOPES = ["read", "read_write"]

APPS = [
    "accounts",
    "privacy",
    "journey",
    "meetings",
    "assessments",
    "resources",
    "notifications",
    "messaging",
    "support",
    "peers",
    "caseload",
    "training",
    "outcomes",
    "matching",
    "counseling",
    "housing",
    "family",
    "rooms",
    "community",
]


@dataclass
class Route:
    """One URL pattern (by name) or API route (by "METHOD /path"), with who gets what."""

    key: str
    path: str | Callable[[dict], str]
    expect: dict[str, object]
    default: object = OK
    method: str = "get"
    data: dict | Callable[[dict], dict] = field(default_factory=dict)

    def outcome(self, persona: str) -> object:
        return self.expect.get(persona, self.default)

    def token_outcome(self, persona: str, scope: str, *, public: bool) -> object:
        """What the persona's API token of this scope gets here, instead of their session.

        Public routes ignore tokens. A read-only token may only read; a read-and-write token
        gets what the session gets, except that sensitive actions are never a token's to do.
        """
        if public:
            return self.outcome(ANON)
        if scope == "read" and self.method != "get":
            return READ_ONLY
        expected = self.outcome(persona)
        return USE_APP if expected == CONFIRM else expected

    def url(self, subjects: dict) -> str:
        return self.path(subjects) if callable(self.path) else self.path

    def payload(self, subjects: dict) -> dict:
        return self.data(subjects) if callable(self.data) else self.data


def everyone_but_anon(anon: object = LOGIN, **others: object) -> dict[str, object]:
    return {ANON: anon, **others}


def _app_modules() -> list[ModuleType]:
    modules = []
    for app in APPS:
        name = f"alongside.{app}.tests.authz"
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:  # the app, or its tests package, does not exist
            found = False
        if found:
            modules.append(importlib.import_module(name))
    return modules


def app_routes() -> list[Route]:
    return [route for module in _app_modules() for route in getattr(module, "ROUTES", [])]


def sensitive_reads() -> dict[str, tuple[str, str, str]]:
    found: dict[str, tuple[str, str, str]] = {}
    for module in _app_modules():
        found.update(getattr(module, "SENSITIVE_READS", {}))
    return found


def member_routes_that_read_nothing() -> dict[str, str]:
    """Routes that take a member's id but read none of their records, each with the reason
    (each app's tests/authz.py lists its own as MEMBER_ROUTES_THAT_READ_NOTHING)."""
    found: dict[str, str] = {}
    for module in _app_modules():
        found.update(getattr(module, "MEMBER_ROUTES_THAT_READ_NOTHING", {}))
    return found


def subjects_for(cast: dict) -> dict:
    subjects: dict = {}
    for module in _app_modules():
        maker = getattr(module, "subjects", None)
        if maker is None:
            continue
        for key, value in maker(cast).items():
            # Apps share one namespace of subjects; the same name must mean the same thing.
            if key in subjects and subjects[key] != value:
                raise AssertionError(f"{module.__name__} redefines subject {key!r}")
            subjects[key] = value
    return subjects

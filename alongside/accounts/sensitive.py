"""One guard for sensitive actions, called by the services that perform them.

Sharing data, revoking a share, requesting or downloading an export, minting an API token,
changing an organization role and erasing an account each need the person to have proved
who they are recently — their password, plus a TOTP code for staff, within
ACCOUNT_REAUTHENTICATION_TIMEOUT — and are rate-limited per person. The rule lives in the
service (`confirm_sensitive(credential, action)` is its first line), so a page and the API
cannot differ: both build a `Credential` from their request and the service decides.

A bearer token alone never performs these actions: a lost token must not be able to share,
export or erase a person's records, nor mint more tokens.

Recent authentication is read from allauth's own records of the session (the sign-in and
every reauthentication write one), and counted with allauth's rate limiter, so the pages'
prompts are allauth's reauthenticate and MFA-reauthenticate pages, which replay the
interrupted request once the person has confirmed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows import reauthentication
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import ratelimit
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied

from alongside.accounts.models import User
from alongside.accounts.roles import roles_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class SensitiveAction(models.TextChoices):
    GRANT = "grant", _("share your information")
    REVOKE = "revoke", _("stop sharing your information")
    EXPORT_REQUEST = "export_request", _("prepare an export of your data")
    EXPORT_DOWNLOAD = "export_download", _("download an export of your data")
    TOKEN_MINT = "token_mint", _("create an API token")
    ROLE_CHANGE = "role_change", _("change a role in an organization")
    ERASE = "erase", _("delete your account")

    @property
    def rate_limit_action(self) -> str:
        """The ACCOUNT_RATE_LIMITS key this action is counted under (pages and API alike)."""
        return RATE_LIMIT_ACTIONS[self]


# Grants and revocations share one budget, as they did on the pages; exports count requests
# whichever interface made them.
RATE_LIMIT_ACTIONS: dict[str, str] = {
    SensitiveAction.GRANT: "privacy_change",
    SensitiveAction.REVOKE: "privacy_change",
    SensitiveAction.EXPORT_REQUEST: "privacy_export",
    SensitiveAction.EXPORT_DOWNLOAD: "privacy_download",
    SensitiveAction.TOKEN_MINT: "token_mint",
    SensitiveAction.ROLE_CHANGE: "role_change",
    SensitiveAction.ERASE: "privacy_erase",
}

# allauth records each way a person proved who they are in the session: "password" at sign-in
# and on reauthentication, "mfa" (a TOTP or a recovery code, which stands in for a lost
# authenticator app) when the second factor was confirmed.
PASSWORD = "password"
MFA = "mfa"


@dataclass(frozen=True)
class Credential:
    """How the person behind an action proved who they are.

    `of(request)` for every page and API call. `for_setup(user)` is only for code that runs
    with no person present — demo data and test fixtures arranging the cast — and skips every
    check; a test keeps it out of views and API modules.
    """

    user: User
    request: HttpRequest | None
    by_token: bool
    is_setup: bool = False

    @classmethod
    def of(cls, request: HttpRequest) -> Credential:
        # The API's token authentication marks the request; pages never accept tokens.
        return cls(
            user=request.user,  # type: ignore[arg-type]
            request=request,
            by_token=getattr(request, "api_token", None) is not None,
        )

    @classmethod
    def for_setup(cls, user: User) -> Credential:
        """No person is present (demo data, fixtures): the action is not confirmed or counted."""
        return cls(user=user, request=None, by_token=False, is_setup=True)


class SensitiveActionRefused(Exception):
    """The action was not performed; `status`, `code` and `message` say why and what to do."""

    status = 403
    code = "refused"
    message: StrOrPromise = _("This needs you to confirm it is you first.")

    def __init__(self, action: SensitiveAction, message: str | None = None) -> None:
        self.action = action
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class UseSignedInApp(SensitiveActionRefused):
    code = "use_signed_in_app"
    message = _(
        "An API token cannot do this on its own. Sign in to Alongside in your browser and do it "
        "there, where you can confirm it is you."
    )


class ReauthenticationRequired(SensitiveActionRefused):
    """No recent password (or, for staff, no recent TOTP); `missing` names the first one."""

    code = "reauthentication_required"
    message = _(
        "Please confirm it is you: sign in again in the last five minutes (staff also enter a "
        "code from their authenticator app), then try again."
    )

    def __init__(self, action: SensitiveAction, *, missing: str) -> None:
        self.missing = missing
        super().__init__(action)


class MFASetupRequired(SensitiveActionRefused):
    code = "mfa_required"
    message = _("Your role needs two-step verification. Turn it on under Security, then try again.")


class RateLimited(SensitiveActionRefused):
    status = 429
    code = "rate_limited"
    message = _(
        "You have done this many times in a short while. Please wait a little and try again."
    )


def confirm_sensitive(credential: Credential, action: SensitiveAction) -> None:
    """Allow the action or raise a SensitiveActionRefused subclass.

    Refuses a bearer token alone (UseSignedInApp), staff without MFA (MFASetupRequired), no
    password within the reauthentication timeout or, for staff, no second factor within it
    (ReauthenticationRequired), and too many of the action for its rate limit (RateLimited).
    Only an allowed action consumes the rate limit.
    """
    if credential.is_setup:
        return
    if credential.by_token:
        raise UseSignedInApp(action)
    request = credential.request
    user = credential.user
    if request is None or not user.is_authenticated:
        raise ReauthenticationRequired(action, missing=PASSWORD)
    roles = roles_of(user)
    if roles.is_staff and not roles.has_mfa:
        raise MFASetupRequired(action)
    if not _recently(request, user, PASSWORD):
        raise ReauthenticationRequired(action, missing=PASSWORD)
    if roles.is_staff and not _recently(request, user, MFA):
        raise ReauthenticationRequired(action, missing=MFA)
    if not ratelimit.consume(request, action=action.rate_limit_action, user=user):
        raise RateLimited(action)


def _recently(request: HttpRequest, user: User, method: str) -> bool:
    """Whether allauth recorded this way of authenticating within the timeout, in this session."""
    if not hasattr(request, "session"):
        return False
    now = time.time()
    return any(
        record.get("method") == method
        and now - float(record.get("at", 0)) < account_settings.REAUTHENTICATION_TIMEOUT
        for record in get_authentication_records(request, user)
    )


def refusal_response(request: HttpRequest, error: SensitiveActionRefused) -> HttpResponse:
    """What a page answers for a refusal.

    Reauthentication goes to allauth's password page (or its MFA page when only the code is
    missing) with the interrupted request kept, as allauth's `reauthentication_required` does:
    once confirmed, a POST is replayed and reaches the service again.
    """
    if isinstance(error, ReauthenticationRequired):
        page = "mfa_reauthenticate" if error.missing == MFA else "account_reauthenticate"
        return reauthentication.suspend_request(request, reverse(page))
    if isinstance(error, MFASetupRequired):
        return redirect("accounts:mfa-required")
    if isinstance(error, RateLimited):
        return ratelimit.respond_429(request)
    return permission_denied(request, PermissionDenied(str(error.message)))


class SensitiveActionMiddleware:
    """Turns a refusal raised anywhere below a page view into `refusal_response`.

    The API answers refusals itself (an exception handler in alongside/api.py), so this only
    meets pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, SensitiveActionRefused):
            return refusal_response(request, exception)
        return None

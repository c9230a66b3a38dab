"""The only way from (user, id) to an accounts object. Missing and not-yours both raise Http404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from alongside.accounts.models import ApiToken, Organization, User
from alongside.accounts.roles import is_org_admin, roles_of


def member_data_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Views that show any member's data: signed in, and staff must have MFA turned on."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if roles_of(request.user).mfa_blocks_member_data:
            return redirect("accounts:mfa-required")
        return view(request, *args, **kwargs)

    return wrapped


def access_managed_organization(user: User, slug: str) -> Organization:
    """An organization the user administers. Raises Http404 otherwise, as for a missing one."""
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise Http404("No such organization.")
    # Only its admins manage an organization; other members learn nothing of it here.
    if not is_org_admin(user, organization):
        raise Http404("No such organization.")
    return organization


def access_api_token(user: User, token_id: int) -> ApiToken:
    """One of the user's own API tokens."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404("No such token.")
    return token

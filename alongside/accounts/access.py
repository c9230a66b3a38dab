"""The only way from (user, id) to an accounts object. Missing and not-yours both raise Http404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import (
    ApiToken,
    InvitationStatus,
    Membership,
    Organization,
    RoleInvitation,
    RoleInvitationQuerySet,
    User,
)
from alongside.accounts.roles import is_org_admin, roles_of


def member_data_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Views that show any member's data: signed in, and staff must have MFA turned on."""

    @login_required
    @wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, *args: object, **kwargs: object) -> HttpResponse:
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


def access_waiting_invitation(organization: Organization, email: str, role: str) -> RoleInvitation:
    """The invitation for this address and role that is waiting for an answer, in an
    organization the caller already administers (access_managed_organization)."""
    invitation = (
        RoleInvitation.objects.filter(
            organization=organization,
            email=email.strip().lower(),
            role=role,
            status=InvitationStatus.PENDING,
        )
        .select_related("organization")
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


def access_organization_membership(organization: Organization, membership_id: int) -> Membership:
    """A role held in an organization the caller already administers."""
    membership = (
        Membership.objects.filter(pk=membership_id, organization=organization)
        .select_related("organization", "user")
        .first()
    )
    if membership is None:
        raise Http404("No such role.")
    return membership


def invitations_for(user: User) -> RoleInvitationQuerySet:
    """Invitations addressed to this person: to their account, or to an address they have
    verified that had no account when it was sent."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values("email")
    return RoleInvitation.objects.filter(
        Q(invitee=user) | Q(invitee__isnull=True, email__in=verified)
    ).select_related("organization", "invited_by")


def access_own_invitation(user: User, invitation_id: int) -> RoleInvitation:
    """A pending invitation addressed to the user. Answered, withdrawn and other people's
    invitations are all 404."""
    invitation = (
        invitations_for(user).filter(pk=invitation_id, status=InvitationStatus.PENDING).first()
    )
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation

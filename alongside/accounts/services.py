"""State changes for accounts: each verb-first, atomic, with outside effects on commit."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.events import role_ended
from alongside.accounts.models import (
    TOKEN_DEFAULT_DAYS,
    TOKEN_MAX_DAYS,
    ApiToken,
    AuditAction,
    InvitationStatus,
    Membership,
    Organization,
    OrganizationAuditEntry,
    Role,
    RoleInvitation,
    TokenRevocation,
    TokenScope,
    User,
)
from alongside.accounts.roles import IN_ORGANIZATION_ONLY_ROLES, is_org_admin
from alongside.accounts.sensitive import Credential, SensitiveAction, confirm_sensitive
from alongside.accounts.tasks import (
    send_api_token_created_email,
    send_role_invitation_email,
    send_welcome_email,
)
from alongside.lib.errors import FieldError


def welcome_member(*, user: User) -> None:
    """Queue the welcome email once the transaction that confirmed the address commits."""
    transaction.on_commit(lambda: send_welcome_email.enqueue(user.pk))


@transaction.atomic
def update_profile(*, user: User, **fields: object) -> User:
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(fields))
    return user


@transaction.atomic
def create_api_token(
    *,
    user: User,
    name: str,
    credential: Credential,
    scope: str = TokenScope.READ,
    days: int = TOKEN_DEFAULT_DAYS,
) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is shown once and never stored.

    Needs recent authentication (SensitiveActionRefused otherwise); raises FieldError for a
    blank name, an unknown scope, or a lifetime outside 1 to TOKEN_MAX_DAYS days. The owner
    is told in the app and by email, so a token made by someone else does not go unnoticed.
    """
    if credential.user.pk != user.pk:
        raise PermissionError("The credential belongs to someone else.")
    confirm_sensitive(credential, SensitiveAction.TOKEN_MINT)
    if not name.strip():
        raise FieldError("name", _("Give the token a name, for example “my phone”."))
    if scope not in TokenScope.values:
        raise FieldError("scope", _("Choose read only, or read and write."))
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise FieldError(
            "days", _("A token can last from 1 to %(max)s days.") % {"max": TOKEN_MAX_DAYS}
        )
    key = ApiToken.new_key()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        key_hash=ApiToken.hash_key(key),
        scope=scope,
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    _tell_owner_of_new_token(token)
    return token, key


def _tell_owner_of_new_token(token: ApiToken) -> None:
    from alongside.notifications.services import notify

    notify(
        user=token.user,
        kind="api_token_created",
        url=reverse("accounts:tokens"),
        title=_("A new API token was created for your account. If it was not you, revoke it."),
        body=token.name,
    )
    transaction.on_commit(lambda: send_api_token_created_email.enqueue(token.pk))


@transaction.atomic
def revoke_api_token(*, token: ApiToken, because: str = TokenRevocation.BY_OWNER) -> bool:
    """Revoke a token; revoking one that is already revoked changes nothing and says so."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return False
    locked.revoked_at = timezone.now()
    locked.revoked_because = because
    locked.save(update_fields=["revoked_at", "revoked_because"])
    return True


def revoke_all_api_tokens(*, user: User, because: str) -> int:
    """Revoke every token of a person whose password or second factor changed: a token made
    by whoever knew the old ones must not outlive them. Returns how many were revoked."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_because=because
    )


# ---------------------------------------------------------------- organization roles


class RoleChangeError(FieldError):
    """A role change that cannot be made, with the field it concerns and what to do instead."""


def account_for_email(email: str) -> User | None:
    """The active account that signs in with, or has verified, this address (None if none)."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is not None:
        return user
    address = (
        EmailAddress.objects.filter(email__iexact=email, verified=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    return address.user if address is not None else None


def _in_organization(user: User | None, organization: Organization) -> bool:
    if user is None:
        return False
    return Membership.objects.active().filter(user=user, organization=organization).exists()


def _audit(
    *,
    organization: Organization,
    actor: User,
    action: AuditAction,
    role: str,
    subject: User | None = None,
    invitation: RoleInvitation | None = None,
) -> OrganizationAuditEntry:
    return OrganizationAuditEntry.objects.create(
        organization=organization,
        actor=actor,
        action=action,
        role=role,
        subject=subject,
        invitation=invitation,
    )


def _require_admin(user: User, organization: Organization) -> None:
    # Callers fetched the organization through access_managed_organization; this keeps a
    # service called from anywhere else from acting for an organization its caller does not run.
    if not is_org_admin(user, organization):
        raise PermissionDenied("Only the organization's admins change its roles.")


@transaction.atomic
def offer_role(
    *, credential: Credential, organization: Organization, email: str, role: str
) -> RoleInvitation:
    """Invite the person at `email` to hold `role` in the organization; they accept or decline.

    Needs recent authentication (raises SensitiveActionRefused first). Raises RoleChangeError
    when the admin names themselves, when a role other than member is offered to anyone not
    already in the organization, when the person holds the role already, or when an invitation
    for it is already waiting. The answer never depends on whether the address has an account:
    an unknown address gets the same invitation row, no account is created, and only an email
    goes out (an account holder also gets an in-app notice).
    """
    confirm_sensitive(credential, SensitiveAction.ROLE_CHANGE)
    admin = credential.user
    _require_admin(admin, organization)
    email = email.strip().lower()
    if role not in Role.values:
        raise RoleChangeError("role", _("Choose one of the roles in the list."))
    account = account_for_email(email)
    if account is not None and account.pk == admin.pk:
        raise RoleChangeError(
            "email",
            _("You cannot offer a role to yourself. Another admin of %(org)s can offer it to you.")
            % {"org": organization.name},
        )
    in_organization = _in_organization(account, organization)
    if role in IN_ORGANIZATION_ONLY_ROLES and not in_organization:
        # Same words whether or not the address has an account: the admin learns only that the
        # address is not one of the organization's people, which is theirs to know.
        raise RoleChangeError(
            "email",
            _(
                "This role can be offered only to someone already in %(org)s. Offer them the "
                "member role first; once they have accepted, you can offer this one."
            )
            % {"org": organization.name},
        )
    if (
        in_organization
        and Membership.objects.active()
        .filter(user=account, organization=organization, role=role)
        .exists()
    ):
        raise RoleChangeError(
            "role", _("They already hold this role at %(org)s.") % {"org": organization.name}
        )
    waiting = (
        RoleInvitation.objects.select_for_update()
        .filter(organization=organization, email=email, role=role, status=InvitationStatus.PENDING)
        .first()
    )
    if waiting is not None and waiting.is_open:
        raise RoleChangeError(
            "email",
            _("An invitation to this address for this role is already waiting for an answer."),
        )
    if waiting is not None:  # expired: close it so a new one can be sent
        waiting.status = InvitationStatus.EXPIRED
        waiting.save(update_fields=["status"])
    invitation = RoleInvitation.objects.create(
        organization=organization, email=email, role=role, invitee=account, invited_by=admin
    )
    _audit(
        organization=organization,
        actor=admin,
        action=AuditAction.INVITED,
        role=role,
        invitation=invitation,
    )
    if account is not None:
        from alongside.notifications.services import notify

        with translation.override(account.language):
            notify(
                user=account,
                kind="role_invitation",
                title=_("You have been offered a role"),
                url=reverse("accounts:invitations"),
                dedupe_key=f"role-invitation:{invitation.pk}",
                body=_(
                    "%(org)s offers you the role of %(role)s. Accept or decline it under Role invitations."
                )
                % {"org": organization.name, "role": invitation.get_role_display()},
            )
    transaction.on_commit(lambda: send_role_invitation_email.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def withdraw_role_invitation(*, credential: Credential, invitation: RoleInvitation) -> bool:
    """Withdraw an invitation still waiting for an answer; False if it was already answered."""
    confirm_sensitive(credential, SensitiveAction.ROLE_CHANGE)
    _require_admin(credential.user, invitation.organization)
    locked = RoleInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status != InvitationStatus.PENDING:
        return False
    locked.status = InvitationStatus.WITHDRAWN
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_at"])
    _audit(
        organization=locked.organization,
        actor=credential.user,
        action=AuditAction.WITHDRAWN,
        role=locked.role,
        invitation=locked,
    )
    return True


@transaction.atomic
def accept_role_invitation(*, credential: Credential, invitation: RoleInvitation) -> Membership:
    """The invitee takes the role: the Membership exists (or is active again) from now on.

    Needs recent authentication. Raises RoleChangeError when the invitation is no longer open,
    when the person offered it to themselves, or when a role other than member is accepted by
    someone who is no longer in the organization. Every member whose role grant now reaches the
    person is told (privacy.services.tell_members_of_new_reader).
    """
    confirm_sensitive(credential, SensitiveAction.ROLE_CHANGE)
    user = credential.user
    locked = (
        RoleInvitation.objects.select_for_update()
        .select_related("organization")
        .get(pk=invitation.pk)
    )
    organization = locked.organization
    if not locked.is_open:
        raise RoleChangeError(
            "invitation",
            _("This invitation is no longer open. Ask an admin of %(org)s to send a new one.")
            % {"org": organization.name},
        )
    # An admin may have invited an address of their own that is not their sign-in address.
    if locked.invited_by_id == user.pk:
        raise RoleChangeError("invitation", _("You cannot accept a role you offered yourself."))
    if locked.role in IN_ORGANIZATION_ONLY_ROLES and not _in_organization(user, organization):
        raise RoleChangeError(
            "invitation",
            _("This role is only for people in %(org)s, and you are no longer one of them.")
            % {"org": organization.name},
        )
    membership, _created = Membership.objects.update_or_create(
        user=user,
        organization=organization,
        role=locked.role,
        defaults={"is_active": True, "created_at": timezone.now()},
    )
    locked.status = InvitationStatus.ACCEPTED
    locked.invitee = user
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "invitee", "answered_at"])
    _audit(
        organization=organization,
        actor=user,
        action=AuditAction.ACCEPTED,
        role=locked.role,
        subject=user,
        invitation=locked,
    )
    from alongside.privacy.services import tell_members_of_new_reader

    tell_members_of_new_reader(membership=membership, occasion=f"invitation:{locked.pk}")
    return membership


@transaction.atomic
def decline_role_invitation(*, user: User, invitation: RoleInvitation) -> bool:
    """The invitee says no; False if it was already answered. Declining gives nobody access,
    so it needs no recent authentication."""
    locked = RoleInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status != InvitationStatus.PENDING:
        return False
    locked.status = InvitationStatus.DECLINED
    locked.invitee = user
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "invitee", "answered_at"])
    _audit(
        organization=locked.organization,
        actor=user,
        action=AuditAction.DECLINED,
        role=locked.role,
        subject=user,
        invitation=locked,
    )
    return True


@transaction.atomic
def end_role(*, credential: Credential, membership: Membership) -> bool:
    """End a role someone holds in the organization (they keep their account and other roles).

    Needs recent authentication. False if the role had already ended; RoleChangeError when it
    is the organization's last admin, which would leave nobody to manage it.
    """
    confirm_sensitive(credential, SensitiveAction.ROLE_CHANGE)
    _require_admin(credential.user, membership.organization)
    locked = (
        Membership.objects.select_for_update()
        .select_related("organization", "user")
        .get(pk=membership.pk)
    )
    if not locked.is_active:
        return False
    organization = locked.organization
    if locked.role == Role.ORG_ADMIN:
        # Locked rows, counted in Python: PostgreSQL refuses FOR UPDATE with an aggregate.
        admins = list(
            Membership.objects.select_for_update()
            .active()
            .filter(organization=organization, role=Role.ORG_ADMIN)
        )
        if len(admins) <= 1:
            raise RoleChangeError(
                "membership",
                _("%(org)s needs at least one admin. Offer the admin role to someone else first.")
                % {"org": organization.name},
            )
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    role_ended.send(sender=Membership, membership=locked)
    _audit(
        organization=organization,
        actor=credential.user,
        action=AuditAction.ENDED,
        role=locked.role,
        subject=locked.user,
    )
    from alongside.notifications.services import notify

    with translation.override(locked.user.language):
        notify(
            user=locked.user,
            kind="role_ended",
            title=_("One of your roles has ended"),
            url=reverse("accounts:organizations"),
            body=_("Your role of %(role)s at %(org)s has ended.")
            % {"role": locked.get_role_display(), "org": organization.name},
        )
    return True

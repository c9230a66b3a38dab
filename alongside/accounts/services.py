"""State changes for accounts: each verb-first, atomic, with outside effects on commit."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import (
    TOKEN_DEFAULT_DAYS,
    TOKEN_MAX_DAYS,
    ApiToken,
    Membership,
    Organization,
    Role,
    TokenRevocation,
    TokenScope,
    User,
)
from alongside.accounts.sensitive import Credential, SensitiveAction, confirm_sensitive
from alongside.accounts.tasks import send_api_token_created_email, send_welcome_email
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
        user=user, name=name.strip(), key_hash=ApiToken.hash_key(key), scope=scope,
        created_at=now, expires_at=now + datetime.timedelta(days=days),
    )
    _tell_owner_of_new_token(token)
    return token, key


def _tell_owner_of_new_token(token: ApiToken) -> None:
    from alongside.notifications.services import notify

    notify(
        user=token.user, kind="api_token_created", url=reverse("accounts:tokens"),
        title=_("A new API token was created for your account. If it was not you, revoke it."),
        body=token.name,
    )
    transaction.on_commit(lambda: send_api_token_created_email.enqueue(token.pk))


@transaction.atomic
def revoke_api_token(
    *, token: ApiToken, because: str = TokenRevocation.BY_OWNER
) -> bool:
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


@transaction.atomic
def set_membership_role(
    *, organization: Organization, user: User, role: Role, is_active: bool = True
) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        organization=organization, user=user, role=role, defaults={"is_active": is_active}
    )
    return membership

"""State changes for accounts: each verb-first, atomic, with outside effects on commit."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import ApiToken, Membership, Organization, Role, User
from alongside.accounts.tasks import send_welcome_email


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
def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is shown once and never stored."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(key))
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken) -> bool:
    """Revoke a token; revoking one that is already revoked changes nothing and says so."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return False
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    return True


@transaction.atomic
def set_membership_role(
    *, organization: Organization, user: User, role: Role, is_active: bool = True
) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        organization=organization, user=user, role=role, defaults={"is_active": is_active}
    )
    return membership

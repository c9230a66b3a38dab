"""Signal receivers only hand over to services; no rule lives here."""

from __future__ import annotations

from allauth.account.signals import email_confirmed, password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.dispatch import receiver

from alongside.accounts import services
from alongside.accounts.models import TokenRevocation


@receiver(email_confirmed)
def welcome_on_confirmation(request, email_address, **kwargs) -> None:
    services.welcome_member(user=email_address.user)


@receiver(password_changed)
@receiver(password_set)
@receiver(password_reset)
def revoke_tokens_on_new_password(request, user, **kwargs) -> None:
    services.revoke_all_api_tokens(user=user, because=TokenRevocation.PASSWORD_CHANGED)


@receiver(authenticator_added)
@receiver(authenticator_removed)
@receiver(authenticator_reset)
def revoke_tokens_on_mfa_change(request, user, **kwargs) -> None:
    services.revoke_all_api_tokens(user=user, because=TokenRevocation.MFA_CHANGED)

"""Signal receivers only hand over to services; no rule lives here."""

from __future__ import annotations

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from alongside.accounts import services


@receiver(email_confirmed)
def welcome_on_confirmation(request, email_address, **kwargs) -> None:  # type: ignore[no-untyped-def]
    services.welcome_member(user=email_address.user)

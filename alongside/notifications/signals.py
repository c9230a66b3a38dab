"""Signal receivers only hand over to services; no rule lives here."""

from __future__ import annotations

from allauth.account.signals import password_changed, password_reset
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from alongside.notifications import services


@receiver(user_logged_out)
def close_sockets_on_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        services.close_sockets(user_id=user.pk)


@receiver(password_changed)
@receiver(password_reset)
def close_sockets_on_new_password(sender, request, user, **kwargs) -> None:
    services.close_sockets(user_id=user.pk)

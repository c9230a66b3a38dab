from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from alongside.lib.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up copies the first name, time zone and pathways from the form; allauth does the rest."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.first_name = data.get("first_name", "").strip()
        user.time_zone = data.get("time_zone") or user.time_zone
        user.pathways = list(data.get("pathways") or [])
        if commit:
            user.save()
        return user

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address sign-in limits count per (alongside/lib/client_ip.py): the socket's peer,
        or what the configured trusted proxy says, never a header the client could make up."""
        return client_ip(
            request.META,
            header=settings.TRUSTED_PROXY_HEADER,
            proxy_count=settings.TRUSTED_PROXY_COUNT,
        )

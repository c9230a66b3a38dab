from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.notifications import access, push, services
from alongside.notifications.forms import NotificationSettingsForm
from alongside.notifications.models import InAppNotification


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications = list(InAppNotification.objects.for_user(request.user)[:100])
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": notifications,
            "has_unread": any(n.read_at is None for n in notifications),
        },
    )


@login_required
@require_POST
def notification_open(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    """Mark one notification read and go where it points (only within this site)."""
    notification = access.access_own_notification(request.user, notification_id)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.mark_read(user=request.user)
    return redirect("notifications:list")


@login_required
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Quiet hours, e-mail and its daily digest, the channels of each kind, and this device."""
    preference = services.preference_for(request.user)
    kinds = services.kind_preferences(request.user)
    initial = {
        "email_enabled": preference.email_enabled,
        "email_digest": preference.email_digest,
        "digest_hour": preference.digest_hour,
        "quiet_from": preference.quiet_from,
        "quiet_until": preference.quiet_until,
        **{f"email_{k.key}": p.email for k, p in kinds},
        **{f"push_{k.key}": p.push for k, p in kinds},
    }
    form = NotificationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.set_delivery_preferences(
                    user=request.user,
                    email_enabled=data["email_enabled"],
                    email_digest=data["email_digest"],
                    digest_hour=data["digest_hour"],
                    kinds=form.kinds(),
                )
                services.set_quiet_hours(
                    user=request.user,
                    quiet_from=data["quiet_from"],
                    quiet_until=data["quiet_until"],
                )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "devices": services.devices_of(request.user),
            "push_key": push.public_key() if push.is_configured() else "",
        },
    )


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the site root so its scope is the whole site."""
    path = finders.find("js/service-worker.js")
    response = HttpResponse(
        Path(str(path)).read_bytes(), content_type="text/javascript; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"  # browsers check for a new version on each visit
    return response

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.notifications import access, services
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

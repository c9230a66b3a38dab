"""Background work for accounts, run by `alongside worker`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from alongside.accounts.models import User


@task()
def send_welcome_email(user_id: int) -> bool:
    """Send the welcome note; a user erased before the worker runs gets nothing."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    with translation.override(user.language):
        body = render_to_string("accounts/email/welcome.txt", {"user": user})
        send_mail(
            subject=str(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX) + "Welcome to Alongside",
            message=body,
            from_email=None,
            recipient_list=[user.email],
        )
    return True

"""Background work for accounts, run by `alongside worker`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from alongside.accounts.models import ApiToken, User


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


@task()
def send_api_token_created_email(token_id: int) -> bool:
    """Tell the owner a token was created (what, when, which scope), so a stranger's is noticed."""
    token = (
        ApiToken.objects.filter(pk=token_id, user__is_active=True).select_related("user").first()
    )
    if token is None:
        return False
    user = token.user
    with translation.override(user.language):
        body = render_to_string(
            "accounts/email/api_token_created.txt", {"user": user, "token": token}
        )
        send_mail(
            subject=str(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX) + "A new API token for your account",
            message=body,
            from_email=None,
            recipient_list=[user.email],
        )
    return True


@task()
def send_role_invitation_email(invitation_id: int) -> bool:
    """Tell the invited address about the role. An address with no account is told how to
    sign up to accept; nothing about either case reaches the admin who sent it."""
    from alongside.accounts.models import RoleInvitation
    from alongside.accounts.services import account_for_email

    invitation = (
        RoleInvitation.objects.open()
        .filter(pk=invitation_id)
        .select_related("organization")
        .first()
    )
    if invitation is None:  # withdrawn or answered before the worker ran
        return False
    account = account_for_email(invitation.email)
    language = account.language if account is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(
            "accounts/email/role_invitation.txt",
            {"invitation": invitation, "account": account},
        )
        send_mail(
            subject=str(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
            + str(_("You are invited to a role")),
            message=body,
            from_email=None,
            recipient_list=[invitation.email],
        )
    return True

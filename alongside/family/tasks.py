"""Background work for family and allies, run by `alongside worker`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_ally_invitation_email(invitation_id: int) -> bool:
    """Tell the invited address who asks them, what they would see, and where to answer. The
    words are in the language of the account holding the address, or the site's; an invitation
    withdrawn or answered before the worker ran sends nothing."""
    from alongside.accounts.services import account_for_email
    from alongside.family.models import AllyInvitation
    from alongside.family.services import choices

    invitation = (
        AllyInvitation.objects.open()
        .filter(pk=invitation_id, member__is_active=True)
        .select_related("member")
        .first()
    )
    if invitation is None:
        return False
    account = account_for_email(invitation.email)
    language = account.language if account is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(
            "family/email/invitation.txt",
            {
                "invitation": invitation,
                "name": invitation.member.display_name,
                "account": account,
                "shares": choices(invitation.choice_keys()),
                "link": settings.SITE_URL + reverse("family:invitation", args=[invitation.pk]),
            },
        )
        send_mail(
            subject=str(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
            + _("%(name)s asks you to be their ally") % {"name": invitation.member.display_name},
            message=body,
            from_email=None,
            recipient_list=[invitation.email],
        )
    return True

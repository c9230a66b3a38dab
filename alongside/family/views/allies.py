"""The member's pages: their allies and what each sees, invitations, and an invitation's page
where the person invited accepts or declines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.sensitive import Credential
from alongside.family import access, services
from alongside.family.forms import InviteForm, SharingForm


@login_required
def allies(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's allies with what each sees, and their invitations not yet accepted."""
    return render(
        request,
        "family/allies.html",
        {
            "allies": services.allies_of(request.user),
            "invitations": services.invitations_sent(request.user),
        },
    )


@login_required
def invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Invite someone: their address, who they are, and what they will see. The service asks
    for recent confirmation; allauth's prompt replays this POST afterwards."""
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_ally(
                credential=Credential.of(request),
                email=form.cleaned_data["email"],
                relationship=form.cleaned_data["relationship"],
                **form.chosen(form.cleaned_data),
            )
        except services.FamilyError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _(
                    "We sent the invitation to %(email)s. Nothing is shared until they accept; "
                    "you can withdraw it until then."
                )
                % {"email": invitation.email},
            )
            return redirect("family:allies")
    return render(
        request,
        "family/invite.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def ally(request: AuthenticatedHttpRequest, ally_id: int) -> HttpResponse:
    """One ally: what they see now, and the choices to change it (from their next request)."""
    found = access.access_own_ally(request.user, ally_id)
    sharing = services.sharing_of(found)
    form = SharingForm(
        request.POST if request.method == "POST" else None,
        initial={key: True for key in sharing.keys},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_sharing(
                ally=found, credential=Credential.of(request), **form.chosen(form.cleaned_data)
            )
        except services.FamilyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Saved. %(name)s sees this from now on.") % {"name": found.person.display_name},
            )
            return redirect("family:ally", ally_id=found.pk)
    return render(
        request,
        "family/ally.html",
        {"ally": found, "sharing": sharing, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def ally_end(request: AuthenticatedHttpRequest, ally_id: int) -> HttpResponse:
    found = access.access_own_ally(request.user, ally_id)
    services.end_ally(ally=found, credential=Credential.of(request))
    messages.success(
        request,
        _("You no longer share anything with %(name)s.") % {"name": found.person.display_name},
    )
    return redirect("family:allies")


@login_required
def invitation(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    """An invitation: for the person invited, who asks and what they would see, to accept or
    decline; for the member who sent it, where it stands."""
    found = access.access_invitation(request.user, invitation_id)
    return render(
        request,
        "family/invitation.html",
        {
            "invitation": found,
            "is_sender": found.member_id == request.user.pk,
            "shares": services.choices(found.choice_keys()),
        },
    )


@login_required
@require_POST
def invitation_accept(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    found = access.access_invitation(request.user, invitation_id)
    try:
        accepted = services.accept_invitation(invitation=found, user=request.user)
    except services.InvitationClosed as error:
        messages.error(request, error.message)
        return redirect("family:invitation", invitation_id=found.pk)
    messages.success(
        request,
        _("You are now %(name)s's ally. What they share with you is below.")
        % {"name": accepted.member.display_name},
    )
    return redirect("family:home")


@login_required
@require_POST
def invitation_decline(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    found = access.access_invitation(request.user, invitation_id)
    try:
        services.decline_invitation(invitation=found, user=request.user)
    except services.InvitationClosed as error:
        messages.error(request, error.message)
        return redirect("family:invitation", invitation_id=found.pk)
    messages.success(request, _("You declined. Nothing is shared with you, and we let them know."))
    return redirect("family:home")


@login_required
@require_POST
def invitation_withdraw(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    found = access.access_sent_invitation(request.user, invitation_id)
    if services.withdraw_invitation(invitation=found):
        messages.success(
            request, _("The invitation to %(email)s is withdrawn.") % {"email": found.email}
        )
    else:
        messages.info(request, _("That invitation was already answered; nothing changed."))
    return redirect("family:allies")

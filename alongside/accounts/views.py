from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from alongside import shell
from alongside.accounts import access, services
from alongside.accounts.forms import (
    ApiTokenForm,
    InvitationForm,
    ProfileForm,
    RoleOfferForm,
    browser_time_zone,
)
from alongside.accounts.home import home_cards
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import (
    ApiToken,
    Language,
    Membership,
    OrganizationAuditEntry,
    Role,
    RoleInvitation,
)
from alongside.accounts.outbox import kept_messages
from alongside.accounts.roles import STAFF_ROLES, roles_of
from alongside.accounts.sensitive import Credential
from alongside.lib.errors import FieldError


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "accounts/landing.html")


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The cards each app registered for this person (alongside/shell.py), their own work first."""
    page = shell.Home(request=request, user=request.user)
    return render(request, "accounts/home.html", {"roles": page.roles, "cards": home_cards(page)})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(
        request.POST or None, instance=request.user, browser_zone=browser_time_zone(request)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def mfa_required(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/mfa_required.html")


@login_required
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Minting asks for recent authentication in the service; a refusal becomes allauth's
    # prompt, which replays this POST afterwards (accounts/sensitive.py).
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.create_api_token(
                user=request.user, credential=Credential.of(request), **form.cleaned_data
            )
        except FieldError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            form = ApiTokenForm()
    listing = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": listing, "new_key": new_key, "now": timezone.now()},
    )


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = access.access_api_token(request.user, token_id)
    if services.revoke_api_token(token=token):
        messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    else:
        messages.info(request, _("That token was already revoked."))
    return redirect("accounts:tokens")


@login_required
def organizations(request: AuthenticatedHttpRequest) -> HttpResponse:
    managed = roles_of(request.user).organizations_where(Role.ORG_ADMIN)
    return render(request, "accounts/organizations.html", {"managed": managed})


@access.member_data_view
def organization_people(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """People and roles, the invitations waiting for an answer, and a form to offer a role.

    Whatever address is typed, the answer is the same whether or not it has an account.
    """
    organization = access.access_managed_organization(request.user, slug)
    form = RoleOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.offer_role(
                credential=Credential.of(request), organization=organization, **form.cleaned_data
            )
        except services.RoleChangeError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _(
                    "The role of %(role)s is offered to %(email)s. If that address belongs to someone "
                    "in Alongside they will find the invitation under Role invitations; if not, they "
                    "can sign up with it to accept. It stays open for 14 days."
                )
                % {"role": invitation.get_role_display(), "email": invitation.email},
            )
            return redirect("accounts:organization-people", slug=organization.slug)
    people = (
        Membership.objects.active()
        .filter(organization=organization)
        .select_related("user")
        .order_by("user__first_name", "role")
    )
    waiting = (
        RoleInvitation.objects.open().filter(organization=organization).order_by("email", "role")
    )
    return render(
        request,
        "accounts/organization_people.html",
        {"organization": organization, "people": people, "waiting": waiting, "form": form},
    )


@access.member_data_view
@require_POST
def organization_invitation_withdraw(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organization = access.access_managed_organization(request.user, slug)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        raise Http404("No such invitation.")
    invitation = access.access_waiting_invitation(organization, **form.cleaned_data)
    if services.withdraw_role_invitation(credential=Credential.of(request), invitation=invitation):
        messages.success(
            request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
        )
    else:
        messages.info(request, _("That invitation was already answered; nothing changed."))
    return redirect("accounts:organization-people", slug=organization.slug)


@access.member_data_view
@require_POST
def organization_role_end(
    request: AuthenticatedHttpRequest, slug: str, membership_id: int
) -> HttpResponse:
    organization = access.access_managed_organization(request.user, slug)
    membership = access.access_organization_membership(organization, membership_id)
    try:
        ended = services.end_role(credential=Credential.of(request), membership=membership)
    except services.RoleChangeError as error:
        messages.error(request, error.message)
    else:
        if ended:
            messages.success(
                request,
                _("%(person)s no longer holds the role of %(role)s.")
                % {"person": membership.user.display_name, "role": membership.get_role_display()},
            )
        else:
            messages.info(request, _("That role had already ended; nothing changed."))
    return redirect("accounts:organization-people", slug=organization.slug)


@access.member_data_view
def organization_audit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Every role offered, withdrawn, accepted, declined or ended in the organization."""
    organization = access.access_managed_organization(request.user, slug)
    entries = OrganizationAuditEntry.objects.filter(organization=organization).select_related(
        "actor", "subject", "invitation"
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "accounts/organization_audit.html", {"organization": organization, "page": page}
    )


@login_required
def invitations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Roles offered to the signed-in person, to accept or decline."""
    waiting = access.invitations_for(request.user).open().order_by("created_at")
    return render(
        request, "accounts/invitations.html", {"invitations": waiting, "staff_roles": STAFF_ROLES}
    )


@login_required
@require_POST
def invitation_accept(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    invitation = access.access_own_invitation(request.user, invitation_id)
    try:
        membership = services.accept_role_invitation(
            credential=Credential.of(request), invitation=invitation
        )
    except services.RoleChangeError as error:
        messages.error(request, error.message)
        return redirect("accounts:invitations")
    messages.success(
        request,
        _("You now hold the role of %(role)s at %(org)s.")
        % {"role": membership.get_role_display(), "org": membership.organization.name},
    )
    return redirect("home")


@login_required
@require_POST
def invitation_decline(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    invitation = access.access_own_invitation(request.user, invitation_id)
    if services.decline_role_invitation(user=request.user, invitation=invitation):
        messages.success(
            request,
            _("Declined. Nothing has changed for you at %(org)s.")
            % {"org": invitation.organization.name},
        )
    else:
        messages.info(request, _("That invitation was already answered; nothing changed."))
    return redirect("accounts:invitations")


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """The footer's language switch. Signed in, the profile's language decides every page (the
    middleware activates it), so the switch changes the profile; for a visitor, Django's own
    view keeps the choice in a cookie. Either way the person returns to the page they were on."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in Language.values:
        services.update_profile(user=request.user, language=language)
    return set_language(request)


def dev_outbox(request: HttpRequest) -> HttpResponse:
    """E-mail the development server kept instead of sending (alongside/accounts/outbox.py), so a
    visitor to the demo can confirm their address. 404 unless settings.DEV_OUTBOX."""
    if not settings.DEV_OUTBOX:
        raise Http404("Not found.")
    return render(request, "accounts/dev_outbox.html", {"messages_kept": kept_messages()})

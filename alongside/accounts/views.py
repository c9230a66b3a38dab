from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts import access, services
from alongside.accounts.forms import ApiTokenForm, MembershipForm, ProfileForm
from alongside.accounts.home import own_cards
from alongside.accounts.models import ApiToken, Membership, Role
from alongside.accounts.roles import roles_of
from alongside.accounts.sensitive import Credential
from alongside.lib.errors import FieldError


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "accounts/landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from alongside.privacy.policy import members_sharing_with

    roles = roles_of(request.user)
    # People in recovery see their journey first: members, and anyone who named a pathway.
    in_recovery = roles.has(Role.MEMBER) or bool(request.user.pathways)
    shared = members_sharing_with(request.user) if roles.roles - {"member"} else []
    return render(request, "accounts/home.html", {
        "roles": roles, "primary": roles.primary_role, "shared": shared,
        "own": own_cards(request.user, in_recovery=in_recovery),
    })


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def mfa_required(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/mfa_required.html")


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
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
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = access.access_api_token(request.user, token_id)
    if services.revoke_api_token(token=token):
        messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    else:
        messages.info(request, _("That token was already revoked."))
    return redirect("accounts:tokens")


@login_required
def organizations(request: HttpRequest) -> HttpResponse:
    managed = roles_of(request.user).organizations_where("org_admin")
    return render(request, "accounts/organizations.html", {"managed": managed})


@access.member_data_view
def organization_people(request: HttpRequest, slug: str) -> HttpResponse:
    organization = access.access_managed_organization(request.user, slug)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_membership_role(
            organization=organization,
            user=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("Role added."))
        return redirect("accounts:organization-people", slug=organization.slug)
    people = (
        Membership.objects.active()
        .filter(organization=organization)
        .select_related("user")
        .order_by("user__first_name", "role")
    )
    return render(
        request,
        "accounts/organization_people.html",
        {"organization": organization, "people": people, "form": form},
    )

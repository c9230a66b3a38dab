from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.sensitive import Credential
from alongside.privacy import access, policy, services
from alongside.privacy.forms import AccessLogFilter, EraseForm, GrantForm, row_id
from alongside.privacy.models import AccessLogEntry, ConsentGrant, DataExport, Scope
from alongside.privacy.notices import PART2_REDISCLOSURE_NOTICE
from alongside.privacy.scopes import (
    DISCLOSURES,
    NEVER,
    grantee_page,
    log_words,
    will_not_see,
    will_see,
)


@login_required
def sharing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who can see my data: grants in force first, then the history of ended ones."""
    grants = ConsentGrant.objects.for_member(request.user).select_related(
        "grantee_user", "grantee_organization"
    )
    now = timezone.now()
    active = [g for g in grants if g.status(now) in {"active", "scheduled"}]
    ended = [g for g in grants if g.status(now) not in {"active", "scheduled"}]
    # A grant to a role reaches whoever holds it today; the member sees each of them by name.
    readers = policy.role_grant_readers(active)
    for grant in active:
        grant.readers = readers.get(grant.pk)
    return render(request, "privacy/sharing.html", {"active": active, "ended": ended})


@login_required
def grant_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    # The service asks for recent authentication; a refusal becomes allauth's prompt, which
    # replays this POST afterwards (accounts/sensitive.py).
    form = GrantForm(request.POST or None, member=request.user, initial=_asked_for(request))
    if request.method == "POST":
        if form.is_valid():
            try:
                grant = services.grant_access(
                    member=request.user, credential=Credential.of(request), **form.grant_kwargs()
                )
            except services.GrantError as error:
                field = {"expires_at": "expires_on"}.get(error.field, error.field)
                form.add_error(field if field in form.fields else None, error.message)
            else:
                messages.success(request, _("Shared. You can revoke this at any time."))
                return redirect("privacy:grant", grant_id=grant.pk)
    return render(
        request,
        "privacy/grant_new.html",
        {
            "form": form,
            "explanations": {scope.value: d.words() for scope, d in DISCLOSURES.items()},
            "never": NEVER,
            "notice": PART2_REDISCLOSURE_NOTICE,
        },
    )


def _asked_for(request: AuthenticatedHttpRequest) -> dict:
    """What a link to the form asks to share: `?scope=worksheets&worksheet=<id>` ticks that
    scope and that worksheet ("Share this worksheet"); `?person=<id>&scope=…&scope=…&purpose=…`
    proposes a new sponsor's or mentor's sharing (alongside/peers). Only ticks: the member still chooses
    whom, why and confirms; a worksheet that is not theirs is simply not offered."""
    scopes = [s for s in request.GET.getlist("scope") if s in Scope.values]
    initial: dict = {"scopes": scopes} if scopes else {}
    worksheet = row_id(request.GET.get("worksheet", ""))
    if Scope.WORKSHEETS in scopes and worksheet is not None:
        initial["worksheets"] = [worksheet]
    person = row_id(request.GET.get("person", ""))
    if person is not None:  # a new sponsor's "Choose what to share": offered only if sharable
        initial.update(grantee_kind="person", grantee_user=person)
    purpose = request.GET.get("purpose", "")[:200]
    if purpose:
        initial["purpose"] = purpose
    return initial


@login_required
def grant_detail(request: AuthenticatedHttpRequest, grant_id: int) -> HttpResponse:
    grant = access.access_own_grant(request.user, grant_id)
    worksheets = services.grant_worksheets(grant)
    return render(
        request,
        "privacy/grant_detail.html",
        {
            "grant": grant,
            "will_see": will_see(
                grant.scopes,
                track_labels=services.track_labels(grant),
                worksheet_labels=[label for _pk, label in worksheets]
                if Scope.WORKSHEETS in grant.scopes
                else None,
            ),
            "worksheets": worksheets,
            "will_not_see": will_not_see(grant.scopes),
            "looks": AccessLogEntry.objects.filter(member=request.user, grant=grant).count(),
        },
    )


@login_required
@require_POST
def grant_revoke(request: AuthenticatedHttpRequest, grant_id: int) -> HttpResponse:
    # Not-yours answers 404 before anything else, so the password prompt reveals nothing.
    grant = access.access_own_grant(request.user, grant_id)
    if services.revoke_grant(grant=grant, by=request.user, credential=Credential.of(request)):
        messages.success(
            request, _("Revoked. %(who)s can no longer see this.") % {"who": grant.grantee_label}
        )
    else:
        messages.info(request, _("This grant was already revoked; nothing changed."))
    return redirect("privacy:sharing")


@login_required
def who_looked(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's own access log: who looked at or changed what, when and how."""
    form = AccessLogFilter(request.GET or None)
    entries = AccessLogEntry.objects.filter(member=request.user).select_related("actor", "grant")
    if form.is_valid():
        data = form.cleaned_data
        for name in ("scope", "action", "interface"):
            if data.get(name):
                lookup = "scope__contains" if name == "scope" else name
                entries = entries.filter(**{lookup: data[name]})
        if data.get("since"):
            entries = entries.filter(at__date__gte=data["since"])
        if data.get("until"):
            entries = entries.filter(at__date__lte=data["until"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [(entry, *log_words(entry)) for entry in page.object_list]
    return render(request, "privacy/who_looked.html", {"form": form, "page": page, "rows": rows})


@member_data_view
def security_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """For organization admins: lookups refused to people in their organizations, newest first."""
    events = access.access_security_log(request.user)
    actor = request.GET.get("actor", "")
    if actor.isdigit():
        events = events.filter(actor_id=int(actor))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/security_log.html",
        {"page": page, "actor": actor if actor.isdigit() else ""},
    )


@login_required
def shared_with_me(request: AuthenticatedHttpRequest) -> HttpResponse:
    """People who share something with the signed-in supporter, and what they share."""
    labels = dict(Scope.choices)
    people = [
        (person, [(labels[scope], grantee_page(scope, person.pk)) for scope in scopes])
        for person, scopes in policy.members_sharing_with(request.user)
    ]
    return render(request, "privacy/shared_with_me.html", {"people": people})


@login_required
def exports(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        _export, created = services.request_export(
            member=request.user, credential=Credential.of(request)
        )
        if not created:
            messages.info(request, _("Your export is already being prepared."))
        else:
            messages.success(
                request, _("We are preparing your export. This page shows its progress.")
            )
        return redirect("privacy:exports")
    listing = DataExport.objects.filter(member=request.user).defer("archive_json", "summary_html")
    template = "privacy/exports.html#export-list" if request.htmx else "privacy/exports.html"
    return render(request, template, {"exports": listing})


@login_required
def export_download(request: AuthenticatedHttpRequest, export_id: int, fmt: str) -> HttpResponse:
    export = access.access_own_export(request.user, export_id)
    if export.is_expired:
        return render(request, "privacy/export_gone.html", {"export": export}, status=410)
    if export.status != "ready":
        return render(
            request, "privacy/export_gone.html", {"export": export, "not_ready": True}, status=409
        )
    archive = services.download_export(export=export, fmt=fmt, credential=Credential.of(request))
    response = HttpResponse(archive.body, content_type=archive.content_type)
    response["Content-Disposition"] = f'attachment; filename="{archive.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EraseForm(request.POST or None)
    pending = DataExport.objects.filter(
        member=request.user, status__in=["pending", "running"]
    ).exists()
    if request.method == "POST" and form.is_valid():
        # Erase first: the service confirms it is the member, which needs this session.
        services.erase_member(member=request.user, credential=Credential.of(request))
        logout(request)
        return redirect("privacy:erased")
    return render(
        request,
        "privacy/delete_account.html",
        {"form": form, "plan": services.erasure_plan(request.user), "pending_export": pending},
    )


def export_schema(request: HttpRequest) -> HttpResponse:
    """The JSON Schema of the export archive (public: it describes a format, holds no data)."""
    return HttpResponse(
        (Path(__file__).parent / "export_schema.json").read_bytes(),
        content_type="application/schema+json",
    )


def erased(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/erased.html")

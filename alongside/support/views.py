"""Support pages: the circle, SOS (the member's page and the page of someone alerted), having
a hard day, and the on-call rota. Parse, ask access, call a service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.lib.forms import errors_to
from alongside.privacy.scopes import support_circle_words
from alongside.resources.crisis_lines import lines_for
from alongside.support import access, services
from alongside.support.forms import (
    AcknowledgeForm,
    ChooseForm,
    EncouragementForm,
    HandoverForm,
    HardDayForm,
    SettingsForm,
    ShiftForm,
)
from alongside.support.models import CircleMember, HardDay, Response, SosAlert


@login_required
def circle(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's circle, who they may add, and their SOS settings (two forms, one page)."""
    member = request.user
    candidates = services.circle_candidates(member)
    organizations = services.on_call_organizations(member)
    prefs = services.settings_for(member)
    choose = ChooseForm(None, candidates=candidates)
    settings_form = SettingsForm(
        None,
        organizations=organizations,
        initial={
            "escalate_after_minutes": prefs.escalate_after_minutes,
            "on_call_organization": prefs.on_call_organization_id,
        },
    )
    if request.method == "POST" and request.POST.get("form") == "settings":
        settings_form = SettingsForm(request.POST, organizations=organizations)
        if settings_form.is_valid():
            try:
                services.save_settings(member=member, **settings_form.cleaned_data)
            except ValidationError as error:
                errors_to(settings_form, error)
            else:
                messages.success(request, _("Your SOS settings are saved."))
                return redirect("support:circle")
    elif request.method == "POST":
        choose = ChooseForm(request.POST, candidates=candidates)
        if choose.is_valid():
            try:
                entry = services.choose_person(
                    member=member, person_id=choose.cleaned_data["person"]
                )
            except ValidationError as error:
                errors_to(choose, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is in your circle. We told them; they can decline.")
                    % {"name": entry.person.display_name},
                )
                return redirect("support:circle")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "support/circle.html",
        {
            "entries": services.circle_of(member),
            "candidates": candidates,
            "choose": choose,
            "settings_form": settings_form,
            "has_organizations": bool(organizations),
            "circle_words": support_circle_words(),
        },
        status=status,
    )


@login_required
@require_POST
def circle_entry(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    entry = access.access_own_circle_entry(request.user, entry_id)
    action = request.POST.get("action", "")
    if action == "remove":
        services.remove_from_circle(entry=entry)
        messages.success(
            request,
            _("%(name)s is no longer in your circle.") % {"name": entry.person.display_name},
        )
    elif action in ("up", "down"):
        services.update_circle_member(entry=entry, move=action)
    elif action == "save":
        services.update_circle_member(
            entry=entry,
            gets_sos="gets_sos" in request.POST,
            gets_hard_days="gets_hard_days" in request.POST,
        )
        messages.success(request, _("Saved."))
    return redirect("support:circle")


@login_required
def chosen(request: AuthenticatedHttpRequest) -> HttpResponse:
    """People who chose the user for their circle, with a way to agree or decline."""
    entries = CircleMember.objects.filter(
        person=request.user, member__is_active=True
    ).select_related("member")
    return render(request, "support/chosen.html", {"entries": list(entries)})


@login_required
@require_POST
def chosen_answer(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    entry = access.access_chosen_entry(request.user, entry_id)
    accept = request.POST.get("answer") == "accept"
    services.answer_circle(entry=entry, accept=accept)
    if accept:
        messages.success(request, _("Thank you. You will be alerted if they need you."))
    else:
        messages.success(request, _("You will not receive their alerts. We let them know."))
    return redirect("support:chosen")


@login_required
@require_POST
def sos_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One tap: no confirmation step. The SOS page then shows crisis lines and every step."""
    alert = services.start_sos(member=request.user)
    return redirect("support:sos", alert_id=alert.pk)


@login_required
def sos(request: AuthenticatedHttpRequest, alert_id: int) -> HttpResponse:
    alert = access.access_own_alert(request.user, alert_id)
    context = {
        "view": services.alert_view(alert),
        "lines": lines_for(request.user.country),
        "refresh_seconds": settings.SOS_PAGE_REFRESH_SECONDS,
    }
    if request.htmx:
        return render(request, "support/sos.html#status", context)
    return render(request, "support/sos.html", context)


@login_required
@require_POST
def sos_cancel(request: AuthenticatedHttpRequest, alert_id: int) -> HttpResponse:
    alert = access.access_own_alert(request.user, alert_id)
    services.cancel_sos(alert=alert)
    messages.success(request, _("We told everyone the SOS reached that you are OK now."))
    return redirect("support:sos", alert_id=alert.pk)


@login_required
def alert(request: AuthenticatedHttpRequest, alert_id: int) -> HttpResponse:
    """The page of someone an SOS reached: who, since when, and how to answer."""
    found = access.access_received_alert(request.user, alert_id)
    return render(request, "support/alert.html", _alert_context(found, request.user))


def _alert_context(found: SosAlert, user) -> dict:
    return {
        "alert": found,
        "events": list(found.events.filter(kind="acknowledged").select_related("person")),
        "responses": Response.choices,
        "answered_by_me": found.events.filter(kind="acknowledged", person=user).exists(),
    }


@login_required
@require_POST
def alert_acknowledge(request: AuthenticatedHttpRequest, alert_id: int) -> HttpResponse:
    found = access.access_received_alert(request.user, alert_id)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how you are answering."))
        return redirect("support:alert", alert_id=found.pk)
    try:
        services.acknowledge(
            alert=found, person=request.user, response=form.cleaned_data["response"]
        )
    except services.AlertClosed as closed:
        messages.info(request, str(closed))
    else:
        messages.success(
            request, _("%(name)s can see you are on it.") % {"name": found.member.display_name}
        )
    return redirect("support:alert", alert_id=found.pk)


@login_required
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    alerts = list(
        SosAlert.objects.filter(member=request.user)
        .prefetch_related("events__person")
        .select_related("acknowledged_by")[:50]
    )
    hard_days = list(
        HardDay.objects.filter(member=request.user).prefetch_related(
            "encouragements__author", "recipients"
        )[:50]
    )
    return render(request, "support/history.html", {"alerts": alerts, "hard_days": hard_days})


@login_required
def hard_day_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = HardDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hard_day = services.send_hard_day(member=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("We let the people you chose know."))
            return redirect("support:hard-day", hard_day_id=hard_day.pk)
    people = [
        e.person
        for e in CircleMember.objects.filter(member=request.user, gets_hard_days=True)
        .reachable()
        .select_related("person")
    ]
    return render(
        request,
        "support/hard_day_new.html",
        {"form": form, "people": people},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def hard_day(request: AuthenticatedHttpRequest, hard_day_id: int) -> HttpResponse:
    """The member sees every encouragement; someone it was sent to sees theirs and can add one."""
    found = access.access_hard_day(request.user, hard_day_id)
    is_member = found.member_id == request.user.pk
    form = EncouragementForm(request.POST or None) if not is_member else None
    status = 200
    if request.method == "POST":
        if is_member or form is None:
            return redirect("support:hard-day", hard_day_id=found.pk)
        if form.is_valid():
            try:
                services.encourage(
                    hard_day=found, author=request.user, message=form.cleaned_data["message"]
                )
            except ValidationError as error:
                errors_to(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s will see your message.") % {"name": found.member.display_name},
                )
                return redirect("support:hard-day", hard_day_id=found.pk)
        status = 422
    encouragements = found.encouragements.select_related("author")
    if not is_member:
        encouragements = encouragements.filter(author=request.user)
    return render(
        request,
        "support/hard_day.html",
        {
            "hard_day": found,
            "is_member": is_member,
            "form": form,
            "encouragements": list(encouragements),
        },
        status=status,
    )


@login_required
def on_call(request: AuthenticatedHttpRequest, organization_id: int) -> HttpResponse:
    """The rota: who is on call now, the hand-over they got, and the shifts; admins add shifts."""
    organization = access.access_rota(request.user, organization_id)
    people = services.peer_specialists(organization)
    form = ShiftForm(request.POST or None, people=people)
    status = 200
    if request.method == "POST":
        access.access_rota(request.user, organization_id, write=True)
        if form.is_valid():
            try:
                services.add_shift(
                    organization=organization,
                    by=request.user,
                    person_id=form.cleaned_data["person"],
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    handover_note=form.cleaned_data["handover_note"],
                )
            except ValidationError as error:
                errors_to(form, error)
            else:
                messages.success(request, _("The shift is on the rota."))
                return redirect("support:on-call", organization_id=organization.pk)
        status = 422
    return render(
        request,
        "support/on_call.html",
        {
            "rota": services.rota(organization),
            "form": form,
            "can_edit": access.can_edit_rota(request.user, organization),
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@require_POST
def shift(request: AuthenticatedHttpRequest, shift_id: int) -> HttpResponse:
    """Change a shift's hand-over note (its peer specialist or an admin), or remove it (admin)."""
    if request.POST.get("action") == "remove":
        found = access.access_shift(request.user, shift_id, write=True)
        services.remove_shift(shift=found)
        messages.success(request, _("The shift is off the rota."))
        return redirect("support:on-call", organization_id=found.organization_id)
    found = access.access_shift(request.user, shift_id, write="note")
    form = HandoverForm(request.POST)
    if form.is_valid():
        services.set_handover_note(shift=found, note=form.cleaned_data["handover_note"])
        messages.success(request, _("The hand-over note is saved."))
    else:
        messages.error(request, _("The hand-over note is too long; nothing was changed."))
    return redirect("support:on-call", organization_id=found.organization_id)

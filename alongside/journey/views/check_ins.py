"""The daily check-in, what to do right after a hard one, and trends."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access, services, shared
from alongside.journey.forms import CheckInForm, SymptomChoiceForm
from alongside.journey.models import CheckIn
from alongside.journey.services.skills import skills_by_rating
from alongside.journey.trends import PERIODS, check_in_trend
from alongside.journey.views.common import field_error
from alongside.notifications import services as notifications
from alongside.privacy.models import Scope
from alongside.resources.crisis_lines import lines_for


@login_required
def check_in(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Today's check-in (create or edit) and the member's recent ones; for dual recovery, the
    day's symptom log in a second section of the same form."""
    today = request.user.local_today()
    setup = services.check_in_setup(request.user)
    symptoms = services.symptom_setup(request.user)
    # A posted check-in brings every value, so today's rows are only read to show the page.
    todays = (
        None
        if request.method == "POST"
        else CheckIn.objects.for_member(request.user).filter(on=today).first()
    )
    todays_log = (
        services.symptom_logs(request.user, [today]).get(today)
        if symptoms.is_offered and request.method == "GET"
        else None
    )
    form = CheckInForm(
        request.POST or None,
        instance=todays,
        member=request.user,
        setup=setup,
        on=today,
        symptoms=symptoms,
        symptom_log=todays_log,
    )
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        try:
            created = services.record_day(
                member=request.user,
                on=today,
                check_in=values,
                symptoms=form.symptom_values(),
                tracks=setup.tracks,
            )
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(
                request,
                _("Checked in. Thank you for showing up for yourself today.")
                if created
                else _("Today's check-in is updated."),
            )
            todays_log = services.symptom_logs(request.user, [today]).get(today)
            if (
                form.instance.is_high_craving
                or values.get("triggers")
                or services.needs_crisis_lines(todays_log)
            ):  # the plan, and for thoughts of self-harm the crisis lines, at once
                return redirect("journey:check-in-support")
            return redirect("journey:check-in")
    if request.method == "GET":
        notifications.mark_read(user=request.user, url=request.path)  # today's reminder led here
    editing = (
        todays is not None or CheckIn.objects.for_member(request.user).filter(on=today).exists()
    )
    recent = list(CheckIn.objects.for_member(request.user)[:14])
    if symptoms.is_offered:
        recent = services.with_symptom_logs(request.user, recent)
    crisis = services.needs_crisis_lines(todays_log)
    return render(
        request,
        "journey/check_in.html",
        {
            "form": form,
            "recent": recent,
            "today": today,
            "editing": editing,
            "dual_recovery": symptoms.is_offered,
            "lines": lines_for(request.user.country) if crisis else [],
        },
    )


@login_required
def check_in_support(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Right after a check-in with a strong craving or a trigger from the plan: the strategies
    linked to it, the people to call or text, one tap each, and the skills for hard moments,
    those that helped the member most first; after strong thoughts of self-harm, the crisis
    lines and the safety plan first (for the member alone)."""
    today = request.user.local_today()
    todays = CheckIn.objects.for_member(request.user).filter(on=today).first()
    support = services.support_for(todays) if todays else services.Support()
    crisis = services.needs_crisis_lines(services.symptom_logs(request.user, [today]).get(today))
    return render(
        request,
        "journey/check_in_support.html",
        {
            "check_in": todays,
            "support": support,
            "lines": lines_for(request.user.country) if crisis else [],
            "skills": skills_by_rating(request.user),
        },
    )


@login_required
def symptoms(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Dual recovery: turn the symptom log on, and choose the symptoms to log each day."""
    form = SymptomChoiceForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.choose_symptoms(
                member=request.user,
                is_enabled=data["is_enabled"],
                kinds=data["kinds"],
                keep_own=[s.pk for s in data.get("keep_own") or []],
                new_own=data["new_own"],
            )
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(request, _("Your symptoms are saved."))
            return redirect("journey:check-in")
    return render(
        request,
        "journey/symptoms.html",
        {"form": form, "is_offered": services.is_dual_recovery(request.user)},
    )


@login_required
def trends(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Check-in trends over 7, 30 or 90 days: SVG charts with the numbers as text."""
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    trend = check_in_trend(request.user, days if days in PERIODS else 30)
    return render(request, "journey/trends.html", {"trend": trend, "periods": PERIODS})


@member_data_view
def member_check_ins(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """A member's check-ins (and symptom logs, for dual recovery), for someone the member shared
    them with: the fields the consent screen names, never the note, the gratitude line or the
    medication answers."""
    member, check_ins = access.access_member_check_ins(request.user, member_id)
    tables = shared.check_in_tables(shared.check_ins(check_ins))
    # Dual recovery's symptom logs sit beside the check-ins, under the same consent.
    tables += shared.symptom_log_tables(shared.symptom_logs_of(member))
    return render(
        request,
        "journey/member_shared.html",
        {"member": member, "scope": Scope.CHECK_INS, "tables": tables},
    )


@member_data_view
def member_medication(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """Whether a member took their medication as planned, day by day, for a "medication" grantee."""
    member, check_ins = access.access_member_medication(request.user, member_id)
    tables = shared.medication_tables(shared.medication(check_ins))
    return render(
        request,
        "journey/member_shared.html",
        {"member": member, "scope": Scope.MEDICATION, "tables": tables},
    )

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.access import access_managed_organization, member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.accounts.roles import roles_of
from alongside.assessments import access, services, shared
from alongside.assessments.forms import (
    AnswerForm,
    CorrectionForm,
    ScheduleForm,
    WordingForm,
    item_text,
)
from alongside.assessments.models import Administration, AssessmentSchedule
from alongside.assessments.trends import trend_for
from alongside.lib.instruments import INSTRUMENTS, Instrument, get
from alongside.privacy.models import Action


def _instrument(key: str) -> Instrument:
    if key not in INSTRUMENTS:
        raise Http404("No such instrument.")
    return get(key)


def _wording(member: User, instrument: Instrument, staff: User | None = None) -> dict[str, str]:
    if instrument.licence.wording_free:
        return {}
    organization = (
        services.staff_organization(staff)
        if staff
        else services.wording_organization(member, instrument.key)
    )
    return services.wording_for(organization, instrument.key)


def _can_act(user: User, member: User) -> bool:
    """Whether to offer completing or correcting: the member, or staff (consent is checked when
    they do it); supporters who are not staff only read."""
    return user.pk == member.pk or roles_of(user).is_staff


def _latest_by_instrument(member: User) -> dict[str, Administration]:
    latest: dict[str, Administration] = {}
    for administration in Administration.objects.for_member(member).current().order_by("-taken_at"):
        latest.setdefault(administration.instrument, administration)
    return latest


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's assessments: what is due, every instrument with its latest result."""
    member = request.user
    latest = _latest_by_instrument(member)
    instruments = [(i, latest.get(k)) for k, i in INSTRUMENTS.items()]
    return render(
        request,
        "assessments/index.html",
        {"due": services.due_for(member), "instruments": instruments, "member": member},
    )


def _take(
    request: HttpRequest, member: User, instrument: Instrument, *, staff: User | None, decision=None
) -> HttpResponse:
    form = AnswerForm(
        request.POST or None, instrument=instrument, wording=_wording(member, instrument, staff)
    )
    if request.method == "POST" and form.is_valid():
        administration = services.submit_administration(
            member=member,
            instrument=instrument.key,
            answers=form.answers(),
            administered_by=staff,
            grant=decision.grant if decision else None,
        )
        return redirect("assessments:result", administration_id=administration.pk)
    return render(
        request,
        "assessments/take.html",
        {"form": form, "instrument": instrument, "member": member, "staff": staff},
        status=422 if form.errors else 200,
    )


@login_required
def take(request: AuthenticatedHttpRequest, instrument: str) -> HttpResponse:
    """The member completes an instrument on their own."""
    return _take(request, request.user, _instrument(instrument), staff=None)


@member_data_view
def member_administer(
    request: AuthenticatedHttpRequest, member_id: int, instrument: str
) -> HttpResponse:
    """Staff complete an instrument with the member (recorded as such); needs the member's
    "assessments" consent and MFA. The member reaching this page simply completes it."""
    definition = _instrument(instrument)
    action = Action.WRITE if request.method == "POST" else Action.READ
    member, decision = access.access_member_to_administer(request.user, member_id, action=action)
    staff = None if member.pk == request.user.pk else request.user
    return _take(request, member, definition, staff=staff, decision=decision)


@member_data_view
def result(request: AuthenticatedHttpRequest, administration_id: int) -> HttpResponse:
    """One result: scores, bands, flags, answers; safety resources first when item 9 flagged."""
    administration = access.access_administration(request.user, administration_id)
    return _result_page(request, administration)


def _result_page(
    request: AuthenticatedHttpRequest,
    administration: Administration,
    *,
    note: str = "",
    note_error: str = "",
) -> HttpResponse:
    member = administration.member
    instrument = administration.definition
    safety = services.safety_resources(administration, request.user)
    is_self = member.pk == request.user.pk
    return render(
        request,
        "assessments/result.html",
        {
            "administration": administration,
            "instrument": instrument,
            "member": member,
            "is_self": is_self,
            "can_act": _can_act(request.user, member),
            # Staff may follow the alert up; the member and their supporters only read.
            "can_acknowledge": not is_self and roles_of(request.user).is_staff,
            "note": note,
            "note_error": note_error,
            "answers": _answer_rows(administration, instrument),
            "safety": safety,
            "corrected_by": administration.corrections.order_by("-submitted_at").first(),
        },
        status=422 if note_error else 200,
    )


@member_data_view
@require_POST
def acknowledge_alert(request: AuthenticatedHttpRequest, administration_id: int) -> HttpResponse:
    """A care-team member follows up a PHQ-9 item 9 alert, with a note of what they did."""
    alert = access.access_safety_alert_to_acknowledge(request.user, administration_id)
    note = request.POST.get("note", "")
    try:
        services.acknowledge_safety_alert(alert=alert, staff=request.user, note=note)
    except services.AssessmentError as error:
        alert.refresh_from_db(fields=["acknowledged_at"])
        if alert.acknowledged_at is not None:  # someone was first: their note stands
            messages.info(request, error.message)
            return redirect("assessments:result", administration_id=administration_id)
        administration = access.access_administration(request.user, administration_id)
        return _result_page(request, administration, note=note, note_error=error.message)
    messages.success(request, _("Thank you. Your follow-up is noted with the alert."))
    return redirect("assessments:result", administration_id=administration_id)


def _answer_rows(administration: Administration, instrument: Instrument) -> list[dict]:
    rows = []
    scores = administration.result.get("item_scores", {})
    skipped = set(administration.result.get("skipped", []))
    for item in instrument.items:
        value = administration.answers.get(item.key)
        option = item.option_for(value) if value is not None and item.options else None
        if item.key in skipped:
            shown = _("Skipped")
        elif value is None:
            shown = "—"
        elif option is not None:
            shown = _(option.label)
        else:
            shown = _("%(n)s days") % {"n": value}
        rows.append(
            {
                "key": item.label,
                "text": item_text(item, administration.wording),
                "answer": shown,
                "score": scores.get(item.key),
            }
        )
    return rows


@member_data_view
def correct(request: AuthenticatedHttpRequest, administration_id: int) -> HttpResponse:
    """A correction: the same instrument again, starting from the earlier answers, with why."""
    action = Action.WRITE if request.method == "POST" else Action.READ
    original, decision = access.access_administration_to_correct(
        request.user, administration_id, action=action
    )
    member = original.member
    staff = None if member.pk == request.user.pk else request.user
    instrument = original.definition
    wording = original.wording or _wording(member, instrument, staff)
    initial = AnswerForm.initial_from(original.answers)
    form = AnswerForm(request.POST or None, instrument=instrument, wording=wording, initial=initial)
    reason = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason.is_valid():
        try:
            administration = services.submit_administration(
                member=member,
                instrument=instrument.key,
                answers=form.answers(),
                administered_by=staff,
                corrects=original,
                correction_reason=reason.cleaned_data["correction_reason"],
                grant=decision.grant,
            )
        except services.AssessmentError as error:
            reason.add_error(None, error.message)
        else:
            messages.success(
                request, _("Corrected. The earlier result is kept, marked as corrected.")
            )
            return redirect("assessments:result", administration_id=administration.pk)
    return render(
        request,
        "assessments/take.html",
        {
            "form": form,
            "reason_form": reason,
            "instrument": instrument,
            "member": member,
            "staff": staff,
            "original": original,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def trend(request: AuthenticatedHttpRequest, instrument: str) -> HttpResponse:
    definition = _instrument(instrument)
    member = request.user
    return render(
        request,
        "assessments/trend.html",
        {"trend": trend_for(member, definition), "member": member, "is_self": True},
    )


@member_data_view
def member_overview(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """A member's results for someone they share assessments with (one access-log row)."""
    member = access.access_member_assessments(request.user, member_id)
    latest = _latest_by_instrument(member)
    history = Administration.objects.for_member(member).select_related("administered_by")[:100]
    return render(
        request,
        "assessments/member.html",
        {
            "member": member,
            "instruments": [(i, latest.get(k)) for k, i in INSTRUMENTS.items()],
            "history": history,
            # Someone the member shares with reads the results as the consent screen names them.
            "tables": None
            if member.pk == request.user.pk
            else shared.result_tables(shared.results(history)),
            "is_self": member.pk == request.user.pk,
            "can_act": _can_act(request.user, member),
        },
    )


@member_data_view
def member_trend(
    request: AuthenticatedHttpRequest, member_id: int, instrument: str
) -> HttpResponse:
    definition = _instrument(instrument)
    member = access.access_member_assessments(request.user, member_id)
    return render(
        request,
        "assessments/trend.html",
        {
            "trend": trend_for(member, definition),
            "member": member,
            "is_self": member.pk == request.user.pk,
        },
    )


@member_data_view
def member_schedules(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """A member's schedules: the member's own, or set by staff with consent for their org."""
    action = Action.WRITE if request.method == "POST" else Action.READ
    member, decision = access.access_member_schedules(request.user, member_id, action=action)
    form = ScheduleForm(request.POST or None, today=member.local_today())
    if request.method == "POST" and form.is_valid():
        try:
            schedule = services.set_schedule(
                member=member, set_by=request.user, grant=decision.grant, **form.cleaned_data
            )
        except services.AssessmentError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Scheduled: %(name)s, %(how)s.")
                % {
                    "name": _(schedule.definition.name),
                    "how": schedule.get_frequency_display().lower(),
                },
            )
            return redirect("assessments:member-schedules", member_id=member.pk)
    schedules = AssessmentSchedule.objects.for_member(member).select_related(
        "set_by", "organization", "ended_by"
    )
    return render(
        request,
        "assessments/schedules.html",
        {
            "member": member,
            "form": form,
            "is_self": member.pk == request.user.pk,
            "due": services.due_for(member),
            "schedules": schedules,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def schedule_end(request: AuthenticatedHttpRequest, schedule_id: int) -> HttpResponse:
    schedule, decision = access.access_schedule(request.user, schedule_id)
    if services.end_schedule(schedule=schedule, by=request.user, grant=decision.grant):
        messages.success(request, _("The schedule has ended. Earlier results are kept."))
    else:
        messages.info(request, _("That schedule had already ended."))
    return redirect("assessments:member-schedules", member_id=schedule.member_id)


@login_required
def instrument_detail(request: HttpRequest, instrument: str) -> HttpResponse:
    """What an instrument asks, how it is scored, its source and licence, what is unverified."""
    return render(request, "assessments/instrument.html", {"instrument": _instrument(instrument)})


@member_data_view
def wording(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organization = access_managed_organization(request.user, slug)
    restricted = [i for i in INSTRUMENTS.values() if not i.licence.wording_free]
    counts = {i.key: len(services.wording_for(organization, i.key)) for i in restricted}
    return render(
        request,
        "assessments/wording.html",
        {"organization": organization, "instruments": [(i, counts[i.key]) for i in restricted]},
    )


@member_data_view
def wording_edit(request: AuthenticatedHttpRequest, slug: str, instrument: str) -> HttpResponse:
    """An organization admin enters the licensed wording for a paraphrased instrument."""
    organization = access_managed_organization(request.user, slug)
    definition = _instrument(instrument)
    if definition.licence.wording_free:
        raise Http404("Nothing to set.")
    form = WordingForm(
        request.POST or None,
        instrument=definition,
        current=services.wording_for(organization, instrument),
    )
    if request.method == "POST" and form.is_valid():
        services.set_wording(
            organization=organization, instrument=instrument, texts=form.texts(), by=request.user
        )
        messages.success(
            request,
            _("Saved. Your members now see this wording for the %(name)s.")
            % {"name": _(definition.name)},
        )
        return redirect("assessments:wording", slug=organization.slug)
    return render(
        request,
        "assessments/wording_edit.html",
        {"organization": organization, "instrument": definition, "form": form},
    )

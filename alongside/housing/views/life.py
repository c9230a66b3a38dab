"""The life of a house, for its managers: curfew, chores, drug tests, house meetings, incidents,
fees and the weekly report. Each page fetches the house (and anything in it) through
alongside/housing/access.py and names only residents who share "housing" with the viewer."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.housing import access
from alongside.housing.forms.life import (
    ChoreEditForm,
    ChoreForm,
    CloseIncidentForm,
    DrawForm,
    DrugTestForm,
    HouseMeetingForm,
    IncidentForm,
    LedgerForm,
    RotaForm,
    WeekForm,
)
from alongside.housing.models import House, Stay
from alongside.housing.services import (
    chores,
    curfew,
    drug_tests,
    incidents,
    ledger,
    meetings,
    reports,
)
from alongside.housing.services.stays import current_stays, house_today
from alongside.lib.forms import errors_to


def _sharing(request: AuthenticatedHttpRequest, house: House) -> list[Stay]:
    """The people living in the house now who share "housing" with the viewer (each logged):
    the only ones a form offers."""
    stays = current_stays(house)
    named = access.residents_named(request.user, stays)
    return [s for s in stays if s.resident_id in named]


def _status(request: AuthenticatedHttpRequest) -> int:
    return 422 if request.method == "POST" else 200


# ---------------------------------------------------------------- curfew


@member_data_view
def house_curfew(request: AuthenticatedHttpRequest, house_id: int) -> HttpResponse:
    """Who is out now, late returns and the latest sign-outs and sign-ins."""
    house = access.access_house(request.user, house_id)
    board = curfew.curfew_board(viewer=request.user, house=house)
    return render(request, "housing/house_curfew.html", {"house": house, "board": board})


# ---------------------------------------------------------------- chores


def _chores_post(request: AuthenticatedHttpRequest, house: House, forms: dict) -> bool:
    chosen = request.POST.get("form")
    try:
        if chosen == "add":
            forms["chore_form"] = chore_form = ChoreForm(request.POST, prefix="chore")
            if not chore_form.is_valid():
                return False
            chores.add_chore(house=house, by=request.user, **chore_form.cleaned_data)
            messages.success(request, _("The chore is on the list."))
        elif chosen == "rota":
            forms["rota_form"] = rota_form = RotaForm(request.POST, prefix="rota")
            if not rota_form.is_valid():
                return False
            chores.make_rota(
                house=house, by=request.user, week_of=rota_form.cleaned_data["week_of"]
            )
            messages.success(request, _("The rota is made. Each resident sees their chore."))
        elif chosen == "check":
            sent = request.POST.get("assignment", "")
            assignment = access.access_managed_chore_assignment(
                request.user, int(sent) if sent.isdigit() and len(sent) < 19 else 0
            )
            if assignment.chore.house_id != house.pk:
                raise ValidationError(_("That chore is not on this house's rota."))
            chores.check_chore(assignment=assignment, by=request.user)
            messages.success(request, _("Checked: the chore is done."))
        else:
            return False
    except ValidationError as error:
        form = forms.get("rota_form" if chosen == "rota" else "chore_form")
        if chosen in ("add", "rota") and form is not None:
            errors_to(form, error)
            return False
        messages.error(request, " ".join(error.messages))
    return True


@member_data_view
def house_chores(request: AuthenticatedHttpRequest, house_id: int) -> HttpResponse:
    """The chore list, this week's rota (made, and checked, here). A POST names its form:
    "add", "rota" or "check"."""
    house = access.access_house(request.user, house_id)
    forms: dict = {"chore_form": ChoreForm(prefix="chore"), "rota_form": RotaForm(prefix="rota")}
    if request.method == "POST" and _chores_post(request, house, forms):
        return redirect("housing:house-chores", house_id=house.pk)
    week = chores.this_week(house)
    rota = chores.week_rota(house, week)
    named = access.residents_named(request.user, [a.stay for a in rota])
    return render(
        request,
        "housing/house_chores.html",
        {
            **forms,
            "house": house,
            "chores": house.chores.all(),
            "week": week,
            "rota": rota,
            "named": named,
        },
        status=_status(request),
    )


@member_data_view
def house_chore(request: AuthenticatedHttpRequest, house_id: int, chore_id: int) -> HttpResponse:
    """Rename a chore, change its effort, or take it off the list."""
    chore = access.access_chore(request.user, house_id, chore_id)
    form = ChoreEditForm(
        request.POST or None,
        initial={"name": chore.name, "difficulty": chore.difficulty, "is_active": chore.is_active},
    )
    if request.method == "POST" and form.is_valid():
        try:
            chores.update_chore(chore=chore, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("The chore is saved."))
            return redirect("housing:house-chores", house_id=chore.house_id)
    return render(
        request,
        "housing/house_chore.html",
        {"house": chore.house, "chore": chore, "form": form},
        status=_status(request),
    )


# ---------------------------------------------------------------- drug tests


@member_data_view
def house_drug_tests(request: AuthenticatedHttpRequest, house_id: int) -> HttpResponse:
    """Record a result, draw residents at random, and read the results of residents who share
    "housing" with the viewer. A POST names its form: "test" or "draw"."""
    house = access.access_house(request.user, house_id)
    stays = _sharing(request, house)
    test_form = DrugTestForm(prefix="test", stays=stays, initial={"taken_on": house_today(house)})
    draw_form = DrawForm(prefix="draw", initial={"count": 1})
    chosen = request.POST.get("form")
    if request.method == "POST" and chosen == "test":
        test_form = DrugTestForm(request.POST, prefix="test", stays=stays)
        if test_form.is_valid():
            try:
                drug_tests.record_drug_test(house=house, by=request.user, **test_form.cleaned_data)
            except ValidationError as error:
                errors_to(test_form, error)
            else:
                messages.success(request, _("The result is recorded."))
                return redirect("housing:house-drug-tests", house_id=house.pk)
    if request.method == "POST" and chosen == "draw":
        draw_form = DrawForm(request.POST, prefix="draw")
        if draw_form.is_valid():
            try:
                drug_tests.draw_for_tests(house=house, by=request.user, **draw_form.cleaned_data)
            except ValidationError as error:
                errors_to(draw_form, error)
            else:
                messages.success(request, _("The draw is made and kept with its seed."))
                return redirect("housing:house-drug-tests", house_id=house.pk)
    by_stay = {s.pk: s for s in stays}
    draws = [
        (draw, [by_stay.get(stay_id) for stay_id in draw.chosen])
        for draw in drug_tests.recent_draws(house)
    ]
    return render(
        request,
        "housing/house_drug_tests.html",
        {
            "house": house,
            "test_form": test_form,
            "draw_form": draw_form,
            "tests": drug_tests.house_tests(viewer=request.user, house=house),
            "draws": draws,
        },
        status=_status(request),
    )


# ---------------------------------------------------------------- house meetings


@member_data_view
def house_meetings(request: AuthenticatedHttpRequest, house_id: int) -> HttpResponse:
    """The house meetings held, and a new one with each resident's mark."""
    house = access.access_house(request.user, house_id)
    stays = _sharing(request, house)
    form = HouseMeetingForm(request.POST or None, stays=stays)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.record_house_meeting(
                house=house,
                by=request.user,
                held_at=form.cleaned_data["held_at"],
                minutes=form.cleaned_data["minutes"],
                marks=form.marks(),
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("The house meeting is recorded."))
            return redirect("housing:house-meeting", house_id=house.pk, meeting_id=meeting.pk)
    return render(
        request,
        "housing/house_meetings.html",
        {"house": house, "form": form, "meetings": meetings.house_meetings(house)},
        status=_status(request),
    )


@member_data_view
def house_meeting(
    request: AuthenticatedHttpRequest, house_id: int, meeting_id: int
) -> HttpResponse:
    meeting = access.access_house_meeting(request.user, house_id, meeting_id)
    marks, unnamed = meetings.meeting_marks(viewer=request.user, meeting=meeting)
    return render(
        request,
        "housing/house_meeting.html",
        {"house": meeting.house, "meeting": meeting, "marks": marks, "unnamed": unnamed},
    )


# ---------------------------------------------------------------- incidents


@member_data_view
def house_incidents(request: AuthenticatedHttpRequest, house_id: int) -> HttpResponse:
    """The house's incidents, overdue follow-ups first, and a new one."""
    house = access.access_house(request.user, house_id)
    stays = _sharing(request, house)
    form = IncidentForm(request.POST or None, stays=stays)
    if request.method == "POST" and form.is_valid():
        try:
            opened = incidents.open_incident(house=house, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("The incident is recorded."))
            return redirect("housing:house-incident", house_id=house.pk, incident_id=opened.pk)
    found, named = incidents.house_incidents(viewer=request.user, house=house)
    today = house_today(house)
    return render(
        request,
        "housing/house_incidents.html",
        {
            "house": house,
            "form": form,
            "incidents": found,
            "overdue": incidents.overdue(found, today),
            "named": named,
            "today": today,
        },
        status=_status(request),
    )


@member_data_view
def house_incident(
    request: AuthenticatedHttpRequest, house_id: int, incident_id: int
) -> HttpResponse:
    """An incident, and closing it with its follow-up."""
    found = access.access_incident(request.user, house_id, incident_id)
    form = CloseIncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incidents.close_incident(incident=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("The incident is closed."))
            return redirect("housing:house-incident", house_id=house_id, incident_id=found.pk)
    named = access.residents_named(request.user, [found.stay] if found.stay else [])
    return render(
        request,
        "housing/house_incident.html",
        {
            "house": found.house,
            "incident": found,
            "form": form,
            "named": named,
            "overdue": incidents.is_overdue(found, house_today(found.house)),
        },
        status=_status(request),
    )


# ---------------------------------------------------------------- fees


@member_data_view
def house_ledger(request: AuthenticatedHttpRequest, house_id: int) -> HttpResponse:
    """Each resident's balance and the latest entries; a new charge, payment or credit."""
    house = access.access_house(request.user, house_id)
    stays = _sharing(request, house)
    form = LedgerForm(request.POST or None, stays=stays, initial={"on": house_today(house)})
    if request.method == "POST" and form.is_valid():
        try:
            ledger.record_entry(house=house, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("The entry is recorded."))
            return redirect("housing:house-ledger", house_id=house.pk)
    balances, entries = ledger.house_ledger(viewer=request.user, house=house)
    return render(
        request,
        "housing/house_ledger.html",
        {"house": house, "form": form, "balances": balances, "entries": entries},
        status=_status(request),
    )


# ---------------------------------------------------------------- the weekly report


def _report(request: AuthenticatedHttpRequest, house_id: int):
    house = access.access_house(request.user, house_id)
    form = WeekForm(request.GET or None)
    day = house_today(house)
    if form.is_valid() and form.cleaned_data["week"]:
        day = form.cleaned_data["week"]
    return house, form, reports.weekly_report(viewer=request.user, house=house, day=day)


@member_data_view
def house_report(request: AuthenticatedHttpRequest, house_id: int) -> HttpResponse:
    """The weekly compliance report (Monday to Sunday in the house's zone)."""
    house, form, report = _report(request, house_id)
    return render(
        request,
        "housing/house_report.html",
        {
            "house": house,
            "form": form,
            "report": report,
            "previous": report.monday - datetime.timedelta(days=7),
            "next": report.monday + datetime.timedelta(days=7),
        },
        status=200 if form.is_bound is False or form.is_valid() else 422,
    )


@member_data_view
def house_report_csv(request: AuthenticatedHttpRequest, house_id: int) -> HttpResponse:
    house, _form, report = _report(request, house_id)
    response = HttpResponse(reports.report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{house.slug}-week-{report.monday.isoformat()}.csv"'
    )
    return response

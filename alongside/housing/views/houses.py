"""A manager's houses: the list, a new house, its page (beds and who is in each, offers, residents'
tenure), its details, its rules and its beds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.housing import access
from alongside.housing.forms.houses import BedEditForm, BedForm, HouseForm, RulesForm
from alongside.housing.models import BedStatus
from alongside.housing.services import houses as services
from alongside.housing.services.stays import house_board
from alongside.lib.forms import errors_to


@login_required
def houses(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The houses the person runs (none for most people: the page says so)."""
    operators = access.managed_organizations(request.user)
    found = access.managed_houses(request.user).select_related("organization")
    return render(
        request, "housing/house_list.html", {"houses": found, "runs_houses": bool(operators)}
    )


@login_required
def house_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    operators = access.managed_organizations(request.user)
    if not operators:
        raise Http404("Only house managers and admins add houses.")
    form = HouseForm(request.POST or None, operators=operators)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("organization", None) or operators[0].pk
        operator = next((o for o in operators if o.pk == chosen), operators[0])
        try:
            house = services.create_house(organization=operator, by=request.user, **data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("The house is added. Now add its beds."))
            return redirect("housing:house", house_id=house.pk)
    return render(
        request,
        "housing/house_form.html",
        {"form": form, "house": None},
        status=422 if request.method == "POST" else 200,
    )


@member_data_view
def house(request: AuthenticatedHttpRequest, house_id: int) -> HttpResponse:
    """The house as its managers run it; a POST adds a bed."""
    found = access.access_house(request.user, house_id)
    bed_form = BedForm(request.POST or None, prefix="bed")
    if request.method == "POST" and bed_form.is_valid():
        try:
            bed = services.add_bed(house=found, by=request.user, **bed_form.cleaned_data)
        except ValidationError as error:
            errors_to(bed_form, error)
        else:
            messages.success(request, _("Bed %(bed)s is added.") % {"bed": bed.label})
            return redirect("housing:house", house_id=found.pk)
    return render(
        request,
        "housing/house_detail.html",
        {
            "house": found,
            "board": house_board(viewer=request.user, house=found),
            "bed_form": bed_form,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def house_edit(request: AuthenticatedHttpRequest, house_id: int) -> HttpResponse:
    found = access.access_house(request.user, house_id)
    form = HouseForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_house(house=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("housing:house", house_id=found.pk)
    return render(
        request,
        "housing/house_form.html",
        {"form": form, "house": found},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def house_rules(request: AuthenticatedHttpRequest, house_id: int) -> HttpResponse:
    """The house rules as a list, one per line; a change is a new version residents sign."""
    found = access.access_house(request.user, house_id)
    rules = services.current_rules(found)
    form = RulesForm(request.POST or None, initial={"rules": "\n".join(r.text for r in rules)})
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.save_rules(house=found, by=request.user, texts=form.lines())
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(
                request,
                _("Saved as a new version. Everyone living here is asked to sign it.")
                if changed
                else _("The rules are the same as before: nothing changed."),
            )
            return redirect("housing:house", house_id=found.pk)
    return render(
        request,
        "housing/house_rules.html",
        {"house": found, "form": form, "rules": rules},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def bed(request: AuthenticatedHttpRequest, house_id: int, bed_id: int) -> HttpResponse:
    """Rename a bed, or take it out of service (or back in)."""
    found = access.access_bed(request.user, house_id, bed_id)
    form = BedEditForm(
        request.POST or None,
        initial={
            "label": found.label,
            "room": found.room,
            "in_service": found.status == BedStatus.AVAILABLE,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_bed(bed=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("housing:house", house_id=house_id)
    return render(
        request,
        "housing/house_bed.html",
        {"house": found.house, "bed": found, "form": form},
        status=422 if request.method == "POST" else 200,
    )

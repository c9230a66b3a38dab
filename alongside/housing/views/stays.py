"""Stays: a manager offers a free bed and works a stay (phase, move-out, withdrawing an offer);
the person answers an offer and reads their own stay; a manager reads a resident's stays, as the
resident shares them."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.sensitive import Credential
from alongside.housing import access, shared
from alongside.housing.forms.houses import (
    AcceptForm,
    MoveOutForm,
    OfferForm,
    PhaseForm,
    SignRulesForm,
)
from alongside.housing.forms.life import SignOutForm
from alongside.housing.models import SignDirection, Stay, StayStatus
from alongside.housing.services import chores, curfew, ledger
from alongside.housing.services import stays as services
from alongside.housing.services.houses import current_rules
from alongside.housing.services.stays import BedState
from alongside.lib.forms import errors_to
from alongside.privacy.models import Action, Scope
from alongside.privacy.scopes import DISCLOSURES


@member_data_view
def offer_new(request: AuthenticatedHttpRequest, house_id: int) -> HttpResponse:
    """Offer a free bed to someone by the email of their account."""
    house = access.access_house(request.user, house_id)
    # Every bed is offered as a choice, the free ones first: one taken since the page was
    # loaded then gets the service's words ("Bed B is taken"), not a bare "invalid choice".
    rows = sorted(services.bed_states(house), key=lambda row: row[1] != BedState.VACANT)
    free = [bed for bed, state in rows if state == BedState.VACANT]
    form = OfferForm(
        request.POST or None,
        beds=rows,
        initial={"bed": request.GET.get("bed") or (free[0].pk if free else None)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        bed = next(bed for bed, _state in rows if bed.pk == data["bed"])
        try:
            services.offer_bed(
                house=house,
                by=request.user,
                bed=bed,
                email=data["email"],
                move_in_on=data["move_in_on"],
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(
                request, _("The offer is sent. They are told, and the bed is held for them.")
            )
            return redirect("housing:house", house_id=house.pk)
    return render(
        request,
        "housing/house_offer.html",
        {"house": house, "form": form, "free": free},
        status=422 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- a manager's stay page


def _set_phase(request: AuthenticatedHttpRequest, stay: Stay, forms: dict) -> bool:
    forms["phase_form"] = form = PhaseForm(request.POST, prefix="phase")
    if not form.is_valid():
        return False
    try:
        services.set_phase(stay=stay, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        errors_to(form, error)
        return False
    messages.success(request, _("The phase is set."))
    return True


def _move_out(request: AuthenticatedHttpRequest, stay: Stay, forms: dict) -> bool:
    forms["move_out_form"] = form = MoveOutForm(request.POST, prefix="out")
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.move_out(
            stay=stay,
            by=request.user,
            on=data["move_out_on"],
            reason=data["move_out_reason"],
            note=data["move_out_note"],
        )
    except ValidationError as error:
        errors_to(form, error)
        return False
    messages.success(
        request, _("The move-out is recorded. Bed %(bed)s is free.") % {"bed": stay.bed.label}
    )
    return True


def _withdraw(request: AuthenticatedHttpRequest, stay: Stay, forms: dict) -> bool:
    try:
        services.withdraw_offer(stay=stay, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The offer is withdrawn. Bed %(bed)s is free.") % {"bed": stay.bed.label}
        )
    return True


SAVES: dict[str, Callable[[AuthenticatedHttpRequest, Stay, dict], bool]] = {
    "phase": _set_phase,
    "move_out": _move_out,
    "withdraw": _withdraw,
}


@member_data_view
def stay(request: AuthenticatedHttpRequest, stay_id: int) -> HttpResponse:
    """A stay as the house's managers work it: its phase and the move-out, or an offer to
    withdraw. A POST names its form: "phase", "move_out" or "withdraw"."""
    action = Action.WRITE if request.method == "POST" else Action.READ
    found = access.access_managed_stay(request.user, stay_id, action=action)
    today = services.house_today(found.house)
    forms: dict = {
        "phase_form": PhaseForm(prefix="phase"),
        "move_out_form": MoveOutForm(prefix="out", initial={"move_out_on": today}),
    }
    if request.method == "POST":
        save = SAVES.get(request.POST.get("form", ""))
        if save is not None and save(request, found, forms):
            return redirect("housing:stay", stay_id=found.pk)
    return render(
        request,
        "housing/stay_detail.html",
        {
            **forms,
            "stay": found,
            "house": found.house,
            "today": today,
            "tenure": services.tenure(found, today),
            "phase": services.current_phase(found, today),
            "phases": found.phases.all(),
            "needs_signature": services.needs_signature(found),
        },
        status=422 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- the person offered a bed


def _offer_context(found: Stay, form: AcceptForm) -> dict:
    return {
        "stay": found,
        "house": found.house,
        "form": form,
        "rules": current_rules(found.house),
        "housing_words": DISCLOSURES[Scope.HOUSING].words(),
        "is_open": found.status == StayStatus.OFFERED,
    }


@login_required
def offer(request: AuthenticatedHttpRequest, stay_id: int) -> HttpResponse:
    """An offer of a bed, for the person offered it: the house, its rules and what sharing
    "housing" shows; they accept (sharing, signing) or decline."""
    found = access.access_own_stay(request.user, stay_id)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_offer(
                credential=Credential.of(request), stay=found, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("Welcome to %(house)s.") % {"house": found.house.name})
            return redirect("housing:my-stay")
    return render(
        request,
        "housing/stay_offer.html",
        _offer_context(found, form),
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def decline(request: AuthenticatedHttpRequest, stay_id: int) -> HttpResponse:
    found = access.access_own_stay(request.user, stay_id)
    try:
        services.decline_offer(stay=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("housing:offer", stay_id=found.pk)
    messages.success(request, _("You declined the offer. The house is told."))
    return redirect("housing:my-stay")


def _my_house_life(stay: Stay) -> dict:
    """A resident's own house life: this week's chores, the curfew log, drug tests, balance."""
    log = list(stay.sign_log.order_by("-at", "-id")[:20])
    return {
        "week": chores.this_week(stay.house),
        "my_chores": chores.own_chores(stay, chores.this_week(stay.house)),
        "sign_log": log,
        "is_out": bool(log) and log[0].direction == SignDirection.OUT,
        "drug_tests": list(stay.drug_tests.all()[:20]),
        "balance": ledger.balance(stay),
        "ledger": list(stay.ledger.order_by("-on", "-id")[:20]),
    }


@login_required
def my_stay(
    request: AuthenticatedHttpRequest, sign_out_form: SignOutForm | None = None
) -> HttpResponse:
    """The person's own house, bed, rules (to sign a new version), phase and tenure, this
    week's chore, the curfew log (to sign out and in), their drug tests and fees, and any
    offers waiting for their answer."""
    current = access.own_current_stay(request.user)
    signing = request.method == "POST" and sign_out_form is None
    form = SignRulesForm(request.POST if signing else None)
    if signing and current is not None and form.is_valid():
        try:
            services.sign_rules(stay=current, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("Thank you: you signed the house rules."))
            return redirect("housing:my-stay")
    context: dict = {
        "stay": current,
        "form": form,
        "offers": access.own_open_offers(request.user),
    }
    if current is not None:
        today = services.house_today(current.house)
        context.update(
            house=current.house,
            rules=current_rules(current.house),
            needs_signature=services.needs_signature(current),
            tenure=services.tenure(current, today),
            phase=services.current_phase(current, today),
            **_my_house_life(current),
            sign_out_form=sign_out_form or SignOutForm(prefix="out"),
        )
    return render(
        request,
        "housing/stay_mine.html",
        context,
        status=422 if request.method == "POST" else 200,
    )


def _own_current(request: AuthenticatedHttpRequest) -> Stay:
    current = access.own_current_stay(request.user)
    if current is None:
        raise Http404("No current stay.")
    return current


@login_required
@require_POST
def my_sign_out(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The resident signs out: where to and when back (both optional)."""
    current = _own_current(request)
    form = SignOutForm(request.POST, prefix="out")
    if form.is_valid():
        try:
            curfew.sign_out(stay=current, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("You are signed out. Sign in when you are back."))
            return redirect("housing:my-stay")
    return my_stay(request, sign_out_form=form)


@login_required
@require_POST
def my_sign_in(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = _own_current(request)
    try:
        entry = curfew.sign_in(stay=current, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if entry.after_curfew:
            messages.success(request, _("Welcome back. You are signed in, after curfew."))
        else:
            messages.success(request, _("Welcome back. You are signed in."))
    return redirect("housing:my-stay")


@login_required
@require_POST
def my_chore_done(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.access_own_chore_assignment(request.user, assignment_id)
    try:
        chores.mark_chore_done(assignment=assignment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: your chore is marked done."))
    return redirect("housing:my-stay")


# ---------------------------------------------------------------- a grantee's page


@member_data_view
def resident(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """A resident's stays in the person's houses, as the resident shares them ("housing")."""
    member, stays = access.access_resident(request.user, member_id)
    records = shared.records(shared.Resident(member, stays))
    return render(
        request,
        "housing/resident_detail.html",
        {
            "member": member,
            "tables": shared.tables(
                records, url=lambda row: reverse("housing:stay", args=[row["id"]])
            ),
        },
    )

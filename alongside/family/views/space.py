"""An ally's own space: the home of it, the CRAFT programme and its worksheets, their
well-being check-in, and a member's check-in summary for whoever it is shared with."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.family import access, services, shared
from alongside.family.craft import GOALS, STEPS, Step, get_step
from alongside.family.forms import DayForm, WellbeingForm
from alongside.family.models import CraftWorksheet
from alongside.journey.forms import worksheet_form
from alongside.journey.services.writing import WorksheetInvalid
from alongside.privacy.models import Scope

# The directory's own search (meetings:directory's parameters), one link per family programme.
FAMILY_PROGRAMS = (
    ("alanon", "Al-Anon"),
    ("naranon", "Nar-Anon"),
    ("smart-family", "SMART Recovery Family & Friends"),
)


def family_meetings() -> list[tuple[str, str]]:
    """(name, directory search) for each family programme, then all of them together."""
    directory = reverse("meetings:directory")
    links = [
        (name, f"{directory}?{urlencode({'program': slug})}") for slug, name in FAMILY_PROGRAMS
    ]
    every = urlencode([("program", slug) for slug, _name in FAMILY_PROGRAMS])
    return [*links, (_("All family meetings"), f"{directory}?{every}")]


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Invitations waiting for the person, the people they support with what they share and
    the signals they sent, and the person's own space: CRAFT, meetings, their well-being."""
    person = request.user
    return render(
        request,
        "family/home.html",
        {
            "received": services.invitations_received(person),
            "supporting": services.supporting(person),
            "ideas": services.HARD_DAY_IDEAS,
            "progress": services.progress(person),
            "meetings": family_meetings(),
            "today": services.wellbeing_today(person),
        },
    )


# ---------------------------------------------------------------- CRAFT


@login_required
def craft(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "family/craft.html",
        {"goals": GOALS, "progress": services.progress(request.user)},
    )


def _field_error(form: BaseForm, error: services.FamilyError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _save(
    request: AuthenticatedHttpRequest, step: Step, sheet: CraftWorksheet | None
) -> tuple[BaseForm, DayForm, CraftWorksheet | None]:
    """The step's form and the day, bound to the POST, and the worksheet once saved. The
    service checks the answers with the same form, so a refusal shows beside each field."""
    form = worksheet_form(step.tool, request.user, data=request.POST)
    day = DayForm(request.POST)
    if not day.is_valid():
        return form, day, None
    try:
        saved = services.save_craft_worksheet(
            person=request.user,
            tool=step.key,
            answers=request.POST.dict(),
            on=day.cleaned_data["on"],
            worksheet=sheet,
        )
    except WorksheetInvalid:
        return form, day, None  # the bound form finds the same errors when it is drawn
    except services.FamilyError as error:
        _field_error(day, error)
        return form, day, None
    return form, day, saved


def _step_page(
    request: AuthenticatedHttpRequest, key: str, sheet: CraftWorksheet | None
) -> HttpResponse:
    step = get_step(key)
    if step is None:
        raise Http404("No such step.")
    if request.method == "POST":
        form, day, saved = _save(request, step, sheet)
        if saved is not None:
            messages.success(request, _("Saved. Only you can see it."))
            return redirect("family:craft-worksheet", worksheet_id=saved.pk)
    else:
        form = worksheet_form(step.tool, request.user, initial=sheet.values if sheet else None)
        day = DayForm(initial={"on": sheet.on if sheet else request.user.local_today()})
    history = services.craft_worksheets(request.user, key)
    return render(
        request,
        "family/craft_step.html",
        {
            "step": step,
            "form": form,
            "day_form": day,
            "sheet": sheet,
            "history": [(w, services.summarize(w)) for w in history],
            "total": len(STEPS),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def craft_step(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """A step: why it matters, a few points, and a new worksheet of it with the ones before."""
    return _step_page(request, key, None)


@login_required
def craft_worksheet(request: AuthenticatedHttpRequest, worksheet_id: int) -> HttpResponse:
    """A saved worksheet, to read and change."""
    sheet = access.access_craft_worksheet(request.user, worksheet_id)
    return _step_page(request, sheet.tool, sheet)


@login_required
@require_POST
def craft_worksheet_delete(request: AuthenticatedHttpRequest, worksheet_id: int) -> HttpResponse:
    sheet = access.access_craft_worksheet(request.user, worksheet_id)
    services.delete_craft_worksheet(worksheet=sheet)
    messages.success(request, _("The worksheet is deleted."))
    return redirect("family:craft-step", key=sheet.tool)


# ---------------------------------------------------------------- well-being


@login_required
def wellbeing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Today's check-in on yourself (a second one today replaces the first), and the last two
    weeks."""
    today = services.wellbeing_today(request.user)
    initial = (
        {
            "stress": today.stress,
            "sleep_hours": today.sleep_hours,
            "took_time_for_self": today.took_time_for_self,
            "note": today.note,
        }
        if today
        else {}
    )
    form = WellbeingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_wellbeing(person=request.user, **form.cleaned_data)
        except services.FamilyError as error:
            _field_error(form, error)
        else:
            messages.success(request, _("Saved. Thank you for looking after yourself too."))
            return redirect("family:wellbeing")
    return render(
        request,
        "family/wellbeing.html",
        {
            "form": form,
            "history": services.recent_wellbeing(request.user),
            "today": today,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def wellbeing_delete(request: AuthenticatedHttpRequest, check_in_id: int) -> HttpResponse:
    found = access.access_wellbeing(request.user, check_in_id)
    services.delete_wellbeing(check_in=found)
    messages.success(request, _("The check-in is deleted."))
    return redirect("family:wellbeing")


# ---------------------------------------------------------------- a member's check-in summary


@member_data_view
def member_check_ins(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """A member's check-ins as a "check-in summary" grantee reads them: the day and the mood."""
    member, rows = access.access_member_check_in_summary(request.user, member_id)
    return render(
        request,
        "family/member_check_ins.html",
        {
            "member": member,
            "scope": Scope.CHECK_IN_SUMMARY,
            "tables": shared.check_in_summary_tables(shared.check_in_summary(rows)),
        },
    )

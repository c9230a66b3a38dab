"""A counselor's clients: the list with each one's adherence in a line, one member's page (their
care team's view: adherence month by month, safety alerts, counseling records), and the
safety-alert worklist. Alerts are acknowledged and closed from the worklist or the page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.assessments import services as assessments
from alongside.counseling import access
from alongside.counseling.forms.clients import ACKNOWLEDGE, AlertActionForm
from alongside.counseling.services import adherence, alerts, clients
from alongside.privacy.notices import PART2_REDISCLOSURE_NOTICE

AlertForms = dict[tuple[int, str], AlertActionForm]


@member_data_view
def client_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everyone who shares counseling with the counselor, each with their adherence in a line."""
    people = clients.clients_of(request.user)
    summaries = adherence.summary(request.user, people)
    return render(
        request,
        "counseling/client_list.html",
        {
            "rows": [(p, summaries[p.pk]) for p in people if p.pk in summaries],
            "is_counselor": access.is_counselor(request.user),
            "days": adherence.SUMMARY_DAYS,
        },
    )


@member_data_view
def client(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """One member as their care team sees them: adherence with its charts, their safety alerts
    (for a counselor who works them; a POST acknowledges or closes one), and their counseling
    records with the §2.32 notice. The member sees their own page too."""
    member = access.access_client_record(request.user, member_id)
    bound: AlertForms = {}
    if request.method == "POST":
        done, bound = _work_alert(request, member=member)
        if done is not None:
            return done
    shares = access.access_client_shares(request.user, member)
    found = adherence.adherence_of(
        member, medication=shares.medication, assessments=shares.assessments
    )
    records = clients.counseling_records(member, request.user)
    return render(
        request,
        "counseling/client_detail.html",
        {
            "member": member,
            "is_self": member.pk == request.user.pk,
            "shares": shares,
            "adherence": found,
            "measures": found.measures(),
            "alerts": (
                _with_forms(alerts.alerts_of(member), bound) if shares.works_alerts else None
            ),
            "tables": clients.record_tables(records),
            "notice": PART2_REDISCLOSURE_NOTICE,
        },
    )


@member_data_view
def alert_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open safety alerts of the members who share their assessments with the counselor, the
    longest waiting first, and those closed in the last week; a POST works one."""
    bound: AlertForms = {}
    if request.method == "POST":
        done, bound = _work_alert(request)
        if done is not None:
            return done
    return render(
        request,
        "counseling/client_alerts.html",
        {
            "alerts": _with_forms(alerts.worklist(request.user), bound),
            "is_counselor": access.is_counselor(request.user),
            "escalate_minutes": alerts.escalate_after_minutes(),
        },
    )


def _with_forms(found: alerts.Worklist, bound: AlertForms) -> dict[str, list]:
    """Each open alert with the form of its next step (acknowledge, then close), the one just
    refused with what was typed and why."""

    def form(row: alerts.AlertRow) -> AlertActionForm:
        action = "close" if row.alert.acknowledged_at else ACKNOWLEDGE
        return bound.get((row.alert.pk, action)) or AlertActionForm.for_alert(row.alert.pk, action)

    return {
        "open": [(row, form(row)) for row in found.open],
        "closed": [(row, None) for row in found.closed],
    }


def _work_alert(
    request: AuthenticatedHttpRequest, *, member: User | None = None
) -> tuple[HttpResponse | None, AlertForms]:
    """Acknowledge or close the alert the form names (on a member's page: one of theirs).
    Returns the redirect once done, or the form with the reason it was refused."""
    form = AlertActionForm(request.POST)
    form.is_valid()
    alert_id, action = form.cleaned_data.get("alert"), form.cleaned_data.get("action")
    if alert_id is None or action is None:
        raise Http404("No such alert.")
    alert = access.access_alert(request.user, alert_id)
    if member is not None and alert.member_id != member.pk:
        raise Http404("No such alert.")
    form = AlertActionForm.for_alert(alert.pk, action, request.POST)
    if form.is_valid():
        step = (
            assessments.acknowledge_safety_alert
            if action == ACKNOWLEDGE
            else assessments.close_safety_alert
        )
        try:
            step(alert=alert, staff=request.user, note=form.cleaned_data["note"])
        except assessments.AssessmentError as error:
            form.add_error("note", error.message)
        else:
            messages.success(
                request,
                _("Acknowledged: the care team sees that you are on it.")
                if action == ACKNOWLEDGE
                else _("Closed. Thank you for following it up."),
            )
            return redirect(f"{request.path}#alert-{alert.pk}"), {}
    return None, {(alert.pk, action): form}

"""The private journal, pathway tools and reminders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.assessments.trends import trend_for
from alongside.journey import access, services
from alongside.journey.forms import (
    JournalForm,
    ReminderForm,
    WorksheetCommentForm,
    WorksheetDayForm,
    worksheet_form,
)
from alongside.journey.models import JournalEntry, Track, Worksheet
from alongside.journey.tools import TOOLS_BY_KEY, Tool, get_tool, tools_for
from alongside.journey.views.common import field_error
from alongside.lib import instruments
from alongside.notifications import services as notifications
from alongside.privacy.policy import grants_sharing_worksheet


@login_required
def journal(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's private journal (nobody else can ever open it)."""
    entries = JournalEntry.objects.filter(member=request.user)[:100]
    return render(request, "journey/journal.html", {"entries": entries})


@login_required
def journal_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = JournalForm(request.POST or None, initial={"written_on": request.user.local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.write_journal_entry(member=request.user, **form.cleaned_data)
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(request, _("Saved to your journal. Only you can read it."))
            return redirect("journey:journal-entry", entry_id=entry.pk)
    return render(request, "journey/journal_form.html", {"form": form, "entry": None})


@login_required
def journal_entry(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    entry = access.access_journal_entry(request.user, entry_id)
    initial = {"written_on": entry.written_on, "title": entry.title, "body": entry.body}
    form = JournalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_journal_entry(entry=entry, **form.cleaned_data)
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("journey:journal-entry", entry_id=entry.pk)
    return render(request, "journey/journal_form.html", {"form": form, "entry": entry})


@login_required
@require_POST
def journal_delete(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    entry = access.access_journal_entry(request.user, entry_id)
    services.delete_journal_entry(entry=entry)
    messages.success(request, _("The entry is deleted."))
    return redirect("journey:journal")


@login_required
def tools(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Pathway tools: those for the member's pathways first, every other one after."""
    offered, others = tools_for(request.user.pathways)
    recent = [
        (w, TOOLS_BY_KEY[w.tool].label, TOOLS_BY_KEY[w.tool].summarize(w.values))
        for w in Worksheet.objects.filter(member=request.user)[:10]
        if w.tool in TOOLS_BY_KEY
    ]
    return render(
        request, "journey/tools.html", {"offered": offered, "others": others, "recent": recent}
    )


def _tool_or_404(key: str) -> Tool:
    tool = get_tool(key)
    if tool is None:
        raise Http404("Not found.")
    return tool


@login_required
def tool(request: AuthenticatedHttpRequest, tool_key: str) -> HttpResponse:
    """A new worksheet for one tool, and the member's history with it."""
    found = _tool_or_404(tool_key)
    today = request.user.local_today()
    form = worksheet_form(found, request.user, data=request.POST or None)
    day_form = WorksheetDayForm(request.POST or None, initial={"on": today}, prefix="ws")
    if request.method == "POST" and form.is_valid() and day_form.is_valid():
        try:
            sheet = services.save_worksheet(
                member=request.user,
                tool_key=found.key,
                answers=form.answers(),
                on=day_form.cleaned_data["on"],
            )
        except services.JourneyError as error:
            field_error(day_form if error.field == "on" else form, error)
        else:
            messages.success(request, _("Saved to your history."))
            return redirect("journey:worksheet", worksheet_id=sheet.pk)
    history = _history(found, Worksheet.objects.filter(member=request.user, tool=found.key)[:50])
    return render(
        request, "journey/tool.html", _tool_context(request, found, form, day_form, history, None)
    )


def _history(found: Tool, sheets) -> list[tuple[Worksheet, str, str]]:
    """(worksheet, its summary, who it was filled in with) for the history list; one query
    names everyone the worksheets were filled in with."""
    sheets = list(sheets)
    together = (
        {w.pk: w.values.get(found.person_field) for w in sheets} if found.person_field else {}
    )
    people = User.objects.filter(pk__in={pk for pk in together.values() if pk is not None})
    names = {u.pk: u.display_name for u in people} if together else {}
    return [(w, found.summarize(w.values), names.get(together.get(w.pk), "")) for w in sheets]


def _tool_context(
    request: AuthenticatedHttpRequest, found, form, day_form, history, sheet, comment_form=None
) -> dict:
    moderation = None
    if found.needs_moderation_track:
        tracks = Track.objects.for_member(request.user).active().filter(goal="moderation")
        today = request.user.local_today()
        moderation = [(t, services.moderation_status(t, today)) for t in tracks]
    return {
        "tool": found,
        "form": form,
        "day_form": day_form,
        "history": history,
        "sheet": sheet,
        "moderation": moderation,
        # Who can read this worksheet now, each grant linking to its page (where it is revoked).
        "shared_with": grants_sharing_worksheet(request.user, sheet.pk) if sheet else [],
        "comments": services.worksheet_comments(sheet) if sheet else [],
        "comment_form": comment_form or WorksheetCommentForm(),
        # The instrument's scores over time, drawn as on the assessments trend page.
        "trend": trend_for(request.user, instruments.get(found.trend_instrument))
        if found.trend_instrument
        else None,
    }


@login_required
def worksheet(request: AuthenticatedHttpRequest, worksheet_id: int) -> HttpResponse:
    """A saved worksheet, reloaded for reading or changing."""
    sheet = access.access_worksheet(request.user, worksheet_id)
    found = _tool_or_404(sheet.tool)
    form = worksheet_form(found, request.user, data=request.POST or None, initial=sheet.values)
    day_form = WorksheetDayForm(request.POST or None, initial={"on": sheet.on}, prefix="ws")
    if request.method == "POST" and form.is_valid() and day_form.is_valid():
        try:
            services.save_worksheet(
                member=request.user,
                tool_key=found.key,
                answers=form.answers(),
                on=day_form.cleaned_data["on"],
                worksheet=sheet,
            )
        except services.JourneyError as error:
            field_error(day_form if error.field == "on" else form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("journey:worksheet", worksheet_id=sheet.pk)
    return render(
        request, "journey/tool.html", _tool_context(request, found, form, day_form, [], sheet)
    )


@login_required
@require_POST
def worksheet_comment(request: AuthenticatedHttpRequest, worksheet_id: int) -> HttpResponse:
    """The member answers comments on their own worksheet."""
    sheet = access.access_worksheet(request.user, worksheet_id)
    comment_form = WorksheetCommentForm(request.POST)
    if comment_form.is_valid():
        try:
            services.comment_on_worksheet(
                author=request.user, worksheet=sheet, body=comment_form.cleaned_data["body"]
            )
        except services.JourneyError as error:
            field_error(comment_form, error)
        else:
            messages.success(request, _("Your comment is added."))
            return redirect("journey:worksheet", worksheet_id=sheet.pk)
    found = _tool_or_404(sheet.tool)
    form = worksheet_form(found, request.user, initial=sheet.values)
    day_form = WorksheetDayForm(initial={"on": sheet.on}, prefix="ws")
    context = _tool_context(request, found, form, day_form, [], sheet, comment_form)
    return render(request, "journey/tool.html", context, status=422)


@login_required
@require_POST
def worksheet_delete(request: AuthenticatedHttpRequest, worksheet_id: int) -> HttpResponse:
    sheet = access.access_worksheet(request.user, worksheet_id)
    services.delete_worksheet(worksheet=sheet)
    messages.success(request, _("The worksheet is deleted."))
    return redirect("journey:tool", tool_key=sheet.tool)


@login_required
def reminders(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The daily check-in reminder and quiet hours."""
    reminder = services.reminder_for(request.user)
    preference = notifications.preference_for(request.user)
    initial = {
        "is_enabled": reminder.is_enabled,
        "at": reminder.at,
        "by_email": reminder.by_email,
        "quiet_from": preference.quiet_from,
        "quiet_until": preference.quiet_until,
    }
    form = ReminderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_check_in_reminder(
                member=request.user,
                is_enabled=data["is_enabled"],
                at=data["at"],
                by_email=data["by_email"],
            )
            notifications.set_quiet_hours(
                user=request.user, quiet_from=data["quiet_from"], quiet_until=data["quiet_until"]
            )
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("journey:reminders")
    return render(request, "journey/reminders.html", {"form": form})

"""Tracks, lapses, moderation use, celebrations and the journey overview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access, keytags, services
from alongside.journey.forms import (
    CongratulationForm,
    RelapseForm,
    TrackEditForm,
    TrackForm,
    UseForm,
)
from alongside.journey.models import Celebration, DateMeaning
from alongside.journey.summary import journey_summary, track_card, week_use_prefetch
from alongside.journey.views.common import field_error
from alongside.notifications import services as notifications
from alongside.privacy.models import Action


@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My recovery: every track with its count, milestones or limits, and the tools around them."""
    return render(request, "journey/overview.html", {"journey": journey_summary(request.user)})


@login_required
def track_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None, initial={"date_meaning": DateMeaning.LAST_USE})
    if request.method == "POST" and form.is_valid():
        try:
            track = services.start_track(member=request.user, **form.cleaned_data)
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(
                request, _("Your track “%(name)s” is started.") % {"name": track.label}
            )
            return redirect("journey:track", track_id=track.pk)
    return render(request, "journey/track_form.html", {"form": form, "track": None})


@login_required
def track_detail(request: AuthenticatedHttpRequest, track_id: int) -> HttpResponse:
    track = access.access_track(request.user, track_id)
    today = request.user.local_today()
    prefetch_related_objects([track], "attempts", week_use_prefetch(today))
    card = track_card(track, today, keytags.style_for(request.user.pathways or []))
    context = {
        "card": card,
        "track": track,
        "attempts": [(a, a.days(today)) for a in reversed(track.attempts.all())],
        "celebrations": track.celebrations.standing()[:20],
        "use_days": track.use_days.all()[:30] if track.is_moderation else [],
        "upcoming": _upcoming(card),
    }
    return render(request, "journey/track_detail.html", context)


def _upcoming(card) -> list:
    from alongside.lib import milestones

    if card.progress is None:
        return []
    found = []
    for milestone in milestones.iter_milestones(card.progress.sobriety_date):
        if milestone.on > card.progress.today:
            found.append(milestone)
        if len(found) == 3:
            break
    return found


@login_required
def track_edit(request: AuthenticatedHttpRequest, track_id: int) -> HttpResponse:
    track = access.access_track(request.user, track_id)
    initial = {name: getattr(track, name) for name in services.tracks.TRACK_EDITABLE}
    form = TrackEditForm(request.POST or None, track=track, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_track(track=track, **form.cleaned_data)
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("journey:track", track_id=track.pk)
    return render(request, "journey/track_form.html", {"form": form, "track": track})


@login_required
@require_POST
def track_archive(request: AuthenticatedHttpRequest, track_id: int) -> HttpResponse:
    track = access.access_track(request.user, track_id)
    services.archive_track(track=track)
    messages.success(
        request, _("“%(name)s” is put away. Its history is kept.") % {"name": track.label}
    )
    return redirect("journey:overview")


@login_required
def track_relapse(request: AuthenticatedHttpRequest, track_id: int) -> HttpResponse:
    """Record a lapse or relapse: the count starts again and the history stays."""
    track = access.access_track(request.user, track_id)
    today = request.user.local_today()
    form = RelapseForm(request.POST or None, initial={"used_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_relapse(track=track, **form.cleaned_data)
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you for being honest with yourself. Your history is kept, and today counts."
                ),
            )
            return redirect("journey:track", track_id=track.pk)
    stats = services.track_stats(track, today)
    return render(
        request, "journey/track_relapse.html", {"form": form, "track": track, "stats": stats}
    )


@login_required
def track_use(request: AuthenticatedHttpRequest, track_id: int) -> HttpResponse:
    """Set a day's total on a moderation track and see it against the limits."""
    track = access.access_track(request.user, track_id)
    form = UseForm(request.POST or None, initial={"on": request.user.local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_use(
                track=track, on=form.cleaned_data["on"], amount=form.cleaned_data["amount"]
            )
        except services.JourneyError as error:
            field_error(form, error)
        else:
            status = services.moderation_status(track, request.user.local_today())
            if status and not status.within_limits:
                messages.warning(
                    request,
                    _(
                        "Saved. You are over a limit you set; that is worth noticing, not a reason to give up."
                    ),
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("journey:track", track_id=track.pk)
    return render(request, "journey/track_use.html", {"form": form, "track": track})


@member_data_view
def celebration(request: AuthenticatedHttpRequest, celebration_id: int) -> HttpResponse:
    """A reached milestone: the member sees it; people they share milestones with see it and
    can congratulate; everyone else gets 404."""
    action = Action.WRITE if request.method == "POST" else Action.READ
    found: Celebration = access.access_celebration(request.user, celebration_id, action=action)
    is_member = found.member_id == request.user.pk
    form = CongratulationForm(request.POST or None)
    if request.method == "POST" and not is_member and form.is_valid():
        try:
            services.congratulate(
                celebration=found, author=request.user, message=form.cleaned_data["message"]
            )
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(request, _("Your congratulations are on their way."))
            return redirect("journey:celebration", celebration_id=found.pk)
    notifications.mark_read(user=request.user, url=request.path)  # the notice led here
    congratulations = found.congratulations.select_related("author")
    mine = next((c for c in congratulations if c.author_id == request.user.pk), None)
    return render(
        request,
        "journey/celebration.html",
        {
            "celebration": found,
            "is_member": is_member,
            "form": form,
            "congratulations": congratulations,
            "mine": mine,
            "tag": keytags.tag_for(
                found.milestone_key,
                keytags.style_for(found.member.pathways or []),
                reached_on=found.reached_on,
            ),
        },
    )

"""Peer-support pages: finding and asking a sponsor or mentor, answering requests, the
supporter profile, and each relationship. Parse, ask access, call a service, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.lib.forms import errors_to
from alongside.messaging import access as messaging_access
from alongside.peers import access, partners, services
from alongside.peers.forms import AskForm, LookingForm, ProfileForm, RhythmForm
from alongside.peers.models import RelationshipStatus, RequestStatus, SupportKind
from alongside.privacy.models import Scope
from alongside.privacy.scopes import DISCLOSURES


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    relationships = services.relationships_of(user)
    return render(
        request,
        "peers/home.html",
        {
            "supported_by": [r for r in relationships if r.member_id == user.pk],
            "supporting": [r for r in relationships if r.supporter_id == user.pk],
            "sent": [r for r in services.requests_sent(user) if r.status == RequestStatus.PENDING],
            "waiting_for_me": sum(
                1 for r in services.requests_received(user) if r.status == RequestStatus.PENDING
            ),
            "profile": services.profile_of(user),
        },
    )


@login_required
def find(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The shortlist: people who offer what the member looks for, best first, with reasons."""
    defaults = services.default_looking(request.user)
    form = LookingForm(
        request.GET or None,
        initial={"kind": defaults.kind, "pathway": defaults.pathway, "language": defaults.language},
    )
    looking = defaults
    if form.is_bound and form.is_valid():
        looking = services.Looking(**form.cleaned_data)
    searched = not form.is_bound or form.is_valid()
    suggestions = services.shortlist(request.user, looking) if searched else []
    return render(
        request,
        "peers/find.html",
        {
            "form": form,
            "suggestions": suggestions,
            "searched": searched and bool(looking.pathway or looking.kind != SupportKind.SPONSOR),
            "ask_query": urlencode({"kind": looking.kind, "gender": looking.gender}),
        },
        status=200 if searched else 422,
    )


@login_required
def ask(request: AuthenticatedHttpRequest, supporter_id: int) -> HttpResponse:
    profile = access.access_listed_supporter(request.user, supporter_id)
    initial = {"kind": request.GET.get("kind", ""), "gender": request.GET.get("gender", "")}
    form = AskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask(member=request.user, supporter=profile.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(
                request,
                _("We asked %(name)s. They have 72 hours to answer; we will tell you.")
                % {"name": profile.user.display_name},
            )
            return redirect("peers:home")
    return render(
        request,
        "peers/ask.html",
        {
            "profile": profile,
            "years": profile.years_in_recovery(),
            "form": form,
            "places": services.places_left(profile),
        },
        status=422 if form.errors else 200,
    )


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = services.profile_of(request.user)
    form = ProfileForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.save_profile(user=request.user, **values)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("Your supporter profile is saved."))
            return redirect("peers:home")
    return render(request, "peers/profile.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    received = services.requests_received(request.user)
    return render(
        request,
        "peers/requests.html",
        {
            "waiting": [r for r in received if r.status == RequestStatus.PENDING],
            "answered": [r for r in received if r.status != RequestStatus.PENDING],
        },
    )


@login_required
@require_POST
def request_answer(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    found = access.access_received_request(request.user, request_id)
    accept = request.POST.get("answer") == "accept"
    try:
        services.answer(request=found, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("peers:requests")
    if accept:
        messages.success(
            request,
            _("You are now %(name)s's %(kind)s for a first 90 days.")
            % {"name": found.member.display_name, "kind": found.get_kind_display().lower()},
        )
        return redirect("peers:relationship", relationship_id=found.relationship.pk)
    messages.success(request, _("Declined. We told them kindly, with other people to ask."))
    return redirect("peers:requests")


@login_required
@require_POST
def request_withdraw(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    found = access.access_sent_request(request.user, request_id)
    try:
        services.withdraw(request=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("peers:home")


@login_required
def relationship(request: AuthenticatedHttpRequest, relationship_id: int) -> HttpResponse:
    found = access.access_relationship(request.user, relationship_id)
    is_member = found.member_id == request.user.pk
    scopes = services.proposed_scopes(found)
    share_query = urlencode(
        {
            "person": found.supporter_id,
            "scope": scopes,
            "purpose": _("My %(kind)s, %(name)s")
            % {
                "kind": services.kind_word(found.kind),
                "name": found.supporter.display_name,
            },
        },
        doseq=True,
    )
    return render(
        request,
        "peers/relationship.html",
        {
            "relationship": found,
            "other": found.other(request.user),
            "is_member": is_member,
            "is_active": found.status != RelationshipStatus.ENDED,
            "review_due": found.review_due(),
            "proposed": [(scope, DISCLOSURES[Scope(scope)].words()) for scope in scopes],
            "share_url": f"{reverse('privacy:grant-new')}?{share_query}",
        },
    )


@login_required
def relationship_end(request: AuthenticatedHttpRequest, relationship_id: int) -> HttpResponse:
    """The second of two clicks: a page that asks "End it?" with one button, and no reason."""
    found = access.access_relationship(request.user, relationship_id)
    if request.method == "POST":
        try:
            services.end_relationship(relationship=found, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("It has ended. Thank you for the time you gave it."))
            if found.member_id == request.user.pk:
                return redirect("peers:find")
        return redirect("peers:home")
    return render(
        request,
        "peers/relationship_end.html",
        {"relationship": found, "other": found.other(request.user)},
    )


@login_required
@require_POST
def relationship_keep(request: AuthenticatedHttpRequest, relationship_id: int) -> HttpResponse:
    found = access.access_relationship(request.user, relationship_id)
    try:
        services.keep_relationship(relationship=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Reviewed: your relationship goes on."))
    return redirect("peers:relationship", relationship_id=found.pk)


# ---------------------------------------------------------------- accountability partners


@login_required
def partner(request: AuthenticatedHttpRequest, partnership_id: int) -> HttpResponse:
    """The rhythm two partners agreed, this week's check-ins, and a way to mark one done; the
    form proposes a rhythm (or a change)."""
    found = messaging_access.access_partnership(request.user, partnership_id)
    rhythm = partners.rhythm_of(found)
    initial = (
        {
            "frequency": rhythm.frequency,
            "weekday": rhythm.weekday,
            "window_start": rhythm.window_start,
            "window_end": rhythm.window_end,
        }
        if rhythm
        else {"frequency": "weekly", "window_start": "19:00", "window_end": "20:00"}
    )
    form = RhythmForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            partners.propose_rhythm(partnership=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("Proposed. Your partner is asked to agree."))
            return redirect("peers:partner", partnership_id=found.pk)
    other = found.partner if found.asked_by_id == request.user.pk else found.asked_by
    return render(
        request,
        "peers/partner.html",
        {
            "partnership": found,
            "other": other,
            "rhythm": rhythm,
            "described": partners.describe(rhythm) if rhythm else "",
            "days": partners.recent_days(rhythm) if rhythm else [],
            "next_window": partners.next_window(rhythm) if rhythm and rhythm.agreed_at else None,
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def partner_action(request: AuthenticatedHttpRequest, partnership_id: int) -> HttpResponse:
    """Agree to the proposed rhythm, mark today's check-in done, pause or resume."""
    found = messaging_access.access_partnership(request.user, partnership_id)
    rhythm = partners.rhythm_of(found)
    action = request.POST.get("action", "")
    if rhythm is None:
        messages.error(request, _("Propose a rhythm first."))
        return redirect("peers:partner", partnership_id=found.pk)
    try:
        if action == "agree":
            partners.agree_rhythm(rhythm=rhythm, by=request.user)
            messages.success(
                request, _("Agreed. You will both be prompted at the start of each window.")
            )
        elif action == "done":
            partners.mark_done(rhythm=rhythm, by=request.user)
            messages.success(request, _("Marked done. Well done, both of you."))
        elif action in ("pause", "resume"):
            partners.set_paused(rhythm=rhythm, by=request.user, paused=action == "pause")
            messages.success(request, _("Paused.") if action == "pause" else _("Started again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("peers:partner", partnership_id=found.pk)

"""Skills for hard moments (usable offline: static/js/skills.js and the service worker), the
member's coping cards and history of uses, and tools a supporter suggests."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access
from alongside.journey.forms import CopingCardForm, SkillUseForm, ToolSuggestionForm
from alongside.journey.models import CopingCard, Skill, SkillUse
from alongside.journey.services import JourneyError
from alongside.journey.services import skills as services
from alongside.journey.skills import HALT_ACTIONS, HELPED, SKILLS, SKILLS_BY_KEY, suggestible
from alongside.journey.views.common import field_error


def _skills_page(
    request: AuthenticatedHttpRequest,
    form: CopingCardForm,
    status: int = 200,
    *,
    finished: SkillUseForm | None = None,
) -> HttpResponse:
    """The page, with the coping-card form given and a finish form under each skill: fresh
    ones, except `finished`, a finish form sent back with its errors."""
    finish_forms = {
        skill.key: SkillUseForm(prefix=skill.key, initial={"client_id": uuid.uuid4()})
        for skill in SKILLS
    }
    if finished is not None and finished.prefix:
        finish_forms[finished.prefix] = finished
    cards = CopingCard.objects.filter(member=request.user)
    context = {
        "skills": SKILLS,
        "halt": HALT_ACTIONS,
        "ratings": HELPED,
        "finish_forms": finish_forms,
        "cards": cards,
        "card_form": form,
    }
    return render(request, "journey/skills.html", context, status=status)


@login_required
def skills(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The five skills and the member's coping cards. Kept by the service worker for offline
    use: the only page it keeps that holds the member's own words (their cards)."""
    return _skills_page(request, CopingCardForm())


@login_required
@require_POST
def skill_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A finished skill, from its form on the skills page when JavaScript is off: kept in the
    member's history if they ticked the box, through the same service as the API."""
    skill = request.POST.get("skill", "")
    if skill not in SKILLS_BY_KEY:
        raise BadRequest("Unknown skill.")  # only a hand-made request: the page sends its own
    form = SkillUseForm(request.POST, prefix=skill)
    if form.is_valid():
        if not form.cleaned_data["keep"]:
            messages.info(request, _("Done. Nothing was added to your history."))
            return redirect(reverse("journey:skills") + f"#{skill}")
        try:
            services.record_skill_use(
                member=request.user,
                skill=skill,
                client_id=form.cleaned_data["client_id"],
                helped=form.cleaned_data["helped"],
            )
        except JourneyError as error:
            field_error(form, error)
        else:
            messages.success(request, _("Added to your history."))
            return redirect(reverse("journey:skills") + f"#{skill}")
    return _skills_page(request, CopingCardForm(), status=422, finished=form)


@login_required
@require_POST
def coping_card_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CopingCardForm(request.POST)
    if form.is_valid():
        try:
            services.add_coping_card(member=request.user, **form.cleaned_data)
        except JourneyError as error:
            field_error(form, error)
        else:
            messages.success(request, _("Card saved. It is here whenever you need it."))
            return redirect(reverse("journey:skills") + "#coping_cards")
    return _skills_page(request, form, status=422)


@login_required
@require_POST
def coping_card_delete(request: AuthenticatedHttpRequest, card_id: int) -> HttpResponse:
    services.delete_coping_card(card=access.access_coping_card(request.user, card_id))
    messages.success(request, _("Card deleted."))
    return redirect(reverse("journey:skills") + "#coping_cards")


@login_required
def skill_history(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The skill uses the member chose to keep, newest first."""
    labels = dict(Skill.choices)
    uses = [
        (use, labels.get(use.skill, use.skill))
        for use in SkillUse.objects.for_member(request.user)[:100]
    ]
    return render(request, "journey/skill_history.html", {"uses": uses})


@member_data_view
def suggest_tool(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """For a counselor, peer specialist or mentor the member shares with: suggest a skill or
    tool, which shows on the member's home with the suggester's name."""
    member = access.access_member_to_suggest(request.user, member_id)
    form = ToolSuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.suggest_tool(
                suggester=request.user, member=member, **form.cleaned_data
            )
        except JourneyError as error:
            field_error(form, error)
        else:
            target = suggestible(suggestion.tool)
            messages.success(
                request,
                _("You suggested %(tool)s to %(name)s. They will see it on their home page.")
                % {
                    "tool": target.label if target else suggestion.tool,
                    "name": member.display_name,
                },
            )
            return redirect("journey:suggest", member_id=member.pk)
    return render(request, "journey/suggest.html", {"member": member, "form": form})


@login_required
def suggestion_dismiss(request: AuthenticatedHttpRequest, suggestion_id: int) -> HttpResponse:
    """Asks first (the home card, kept in the member cache, holds no form), then dismisses."""
    suggestion = access.access_own_suggestion(request.user, suggestion_id)
    if request.method == "POST":
        services.dismiss_suggestion(suggestion=suggestion)
        messages.success(request, _("Suggestion dismissed."))
        return redirect("home")
    target = suggestible(suggestion.tool)
    return render(
        request,
        "journey/suggestion_dismiss.html",
        {"suggestion": suggestion, "label": target.label if target else suggestion.tool},
    )

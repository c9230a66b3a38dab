"""Direct messages: the inbox, one conversation, block and report, partners and group opt-ins.

Every page works without JavaScript (a form posts, the page redirects, the list is read on
load); static/js/messages.js adds live delivery over the conversation's WebSocket."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.messaging import access, services
from alongside.messaging.forms import MessageForm, PartnerForm, ReportForm
from alongside.messaging.models import MAX_MESSAGE_LENGTH


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    conversations = [
        (c.other(request.user), unread)
        for c, unread in services.unread_by_conversation(request.user)
    ]
    return render(
        request,
        "messaging/inbox.html",
        {
            "conversations": conversations,
            "people": services.people_to_message(request.user),
            "is_moderator": services.is_moderator(request.user),
        },
    )


@login_required
def conversation(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    relation = access.access_person(request.user, user_id, reading=True)
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.send_message(
                sender=request.user, recipient=relation.other, body=form.cleaned_data["body"]
            )
        except services.NoRelationship:
            raise Http404("Not found.") from None
        except services.RateLimited as error:
            form.add_error("body", error.message)
            status = 429
        except services.MessageError as error:
            form.add_error("body", error.message)
            status = 422
        else:
            if sent.needs_crisis_support:  # type: ignore[attr-defined]
                flash.warning(
                    request,
                    _(
                        "What you wrote sounds like a lot to carry. If you are in danger, crisis "
                        "lines answer at any hour: see Crisis lines in the menu, or press SOS to "
                        "reach your support circle. Only you see this note."
                    ),
                )
            return redirect("messaging:conversation", user_id=relation.other.pk)
    found = services.conversation_between(request.user, relation.other)
    history = services.recent_messages(found) if found is not None else []
    if found is not None:
        services.mark_read(reader=request.user, conversation=found)
    response = render(
        request,
        "messaging/conversation.html",
        {
            "relation": relation,
            "other": relation.other,
            "history": history,
            "form": form,
            "max_length": MAX_MESSAGE_LENGTH,
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = "60"
    return response


@login_required
@require_POST
def block(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    relation = access.access_person(request.user, user_id)
    services.block(blocker=request.user, blocked=relation.other)
    flash.success(
        request,
        _("You blocked %(name)s. They can no longer message you.")
        % {"name": relation.other.display_name},
    )
    return redirect("messaging:conversation", user_id=relation.other.pk)


@login_required
@require_POST
def unblock(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    relation = access.access_person(request.user, user_id)
    services.unblock(blocker=request.user, blocked=relation.other)
    flash.success(request, _("You unblocked %(name)s.") % {"name": relation.other.display_name})
    return redirect("messaging:conversation", user_id=relation.other.pk)


@login_required
def report(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    relation = access.access_person(request.user, user_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(reporter=request.user, reported=relation.other, **form.cleaned_data)
        except services.MessageError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            flash.success(
                request,
                _(
                    "Thank you. Your report went to your organization's moderators. You can also "
                    "block %(name)s."
                )
                % {"name": relation.other.display_name},
            )
            return redirect("messaging:conversation", user_id=relation.other.pk)
    return render(request, "messaging/report.html", {"other": relation.other, "form": form})


@login_required
def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Reports for an organization's moderators (its admins); nobody else learns it exists."""
    if not services.is_moderator(request.user):
        raise Http404("Not found.")
    return render(
        request, "messaging/reports.html", {"reports": services.reports_for(request.user)}
    )


@login_required
def partners(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.ask_partner(member=request.user, email=form.cleaned_data["email"])
        flash.success(
            request,
            _("If that address belongs to someone here, they now see your request."),
        )
        return redirect("messaging:partners")
    return render(
        request,
        "messaging/partners.html",
        {"form": form, "partnerships": services.partnerships_of(request.user)},
    )


@login_required
@require_POST
def partner_confirm(request: AuthenticatedHttpRequest, partnership_id: int) -> HttpResponse:
    partnership = access.access_partnership(request.user, partnership_id)
    try:
        services.confirm_partner(member=request.user, partnership=partnership)
    except services.NoRelationship:
        raise Http404("Not found.") from None
    return redirect("messaging:partners")


@login_required
@require_POST
def partner_end(request: AuthenticatedHttpRequest, partnership_id: int) -> HttpResponse:
    partnership = access.access_partnership(request.user, partnership_id)
    services.end_partnership(member=request.user, partnership=partnership)
    return redirect("messaging:partners")


@login_required
def groups(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "messaging/groups.html", {"groups": services.groups_to_opt_into(request.user)}
    )


@login_required
@require_POST
def group_opt_in(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    group = access.access_group_to_opt_into(request.user, group_id)
    services.set_group_opt_in(
        member=request.user, group=group, opted_in=request.POST.get("opted_in") == "yes"
    )
    return redirect("messaging:groups")

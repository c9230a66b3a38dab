"""The forums' pages: spaces, threads, posting, encouragement, flags, celebrations, and the
moderators' review queue and watched words. Every page works without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import Role, User
from alongside.accounts.roles import roles_of
from alongside.community import access, services
from alongside.community.forms import (
    CongratulateForm,
    FlagForm,
    ModerateForm,
    ModeratorForm,
    ReplyForm,
    SearchForm,
    ShareForm,
    ThreadForm,
    WatchedWordForm,
)
from alongside.community.models import Post, Space, Thread
from alongside.resources.crisis_lines import lines_for


def administered_organizations(person) -> list:
    return roles_of(person).organizations_where(Role.ORG_ADMIN)


def _refused(form: BaseForm, error: services.CommunityError) -> int:
    """Put a service's refusal beside its field; the status the page answers with."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
    return 429 if isinstance(error, services.RateLimited) else 422


def _post_url(viewer: User, post: Post) -> str:
    """The post where the viewer finds it: its thread's page, at the post."""
    page = services.page_of(viewer, post)
    return reverse("community:thread", args=[post.thread_id]) + f"?page={page}#post-{post.pk}"


def _after_posting(request: AuthenticatedHttpRequest, posted: services.Posted) -> HttpResponse:
    """The author's next page: crisis support (theirs alone) when their words call for it, else
    the thread, saying when the post waits for review."""
    post = posted.post
    if posted.crisis:
        return render(
            request,
            "community/crisis_support.html",
            {
                "post": post,
                "lines": lines_for(request.user.country),
                "thread_url": reverse("community:thread", args=[post.thread_id]),
            },
        )
    if posted.is_waiting:
        messages.info(
            request,
            _(
                "Thank you. Your post waits for a moderator: new members' first posts are read "
                "before others see them. Only you see it until then."
            ),
        )
    return redirect(_post_url(request.user, post))


@login_required
def spaces(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    return render(
        request,
        "community/spaces.html",
        {
            "spaces": services.visible_spaces(person).order_by("kind", "name"),
            "unread": services.unread_replies(person),
            "moderates": services.moderated_spaces(person).exists(),
            "can_celebrate": services.shareable_celebrations(person).exists(),
        },
    )


@login_required
def space(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A space's threads, newest activity first, and search within it."""
    found = access.access_space(request.user, slug)
    search = SearchForm(request.GET or None)
    results = None
    if search.is_valid() and search.cleaned_data["q"]:
        results = services.search(request.user, found, search.cleaned_data["q"])
    return render(
        request,
        "community/space.html",
        {
            "space": found,
            "threads": services.threads_in(request.user, found)[:100],
            "search": search,
            "results": results,
            "moderates": services.moderates(request.user, found),
        },
    )


@login_required
def new_thread(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    found = access.access_space(request.user, slug)
    needs = not services.has_read_guidelines(request.user, found)
    form = ThreadForm(request.POST or None, needs_guidelines=needs)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                posted = services.start_thread(
                    author=request.user,
                    space=found,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    accepts_guidelines=form.cleaned_data.get("accepts_guidelines", False),
                )
            except services.CommunityError as error:
                status = _refused(form, error)
            else:
                return _after_posting(request, posted)
    return render(
        request,
        "community/new_thread.html",
        {"space": found, "form": form, "needs_guidelines": needs},
        status=status,
    )


def _thread_page(
    request: AuthenticatedHttpRequest, thread: Thread, form: ReplyForm, status: int = 200
) -> HttpResponse:
    page = services.thread_page(request.user, thread, request.GET.get("page"))
    posts = list(page.object_list)
    reactions = services.reactions_for(posts, request.user)
    for post in posts:
        post.encouragements = reactions[post.pk]
    services.mark_read(person=request.user, thread=thread)
    return render(
        request,
        "community/thread.html",
        {
            "thread": thread,
            "space": thread.space,
            "posts": posts,
            "page": page,
            "form": form,
            "needs_guidelines": "accepts_guidelines" in form.fields,
            "moderates": services.moderates(request.user, thread.space),
            "congratulate": CongratulateForm() if thread.celebration_id else None,
            "suspension": services.suspension_of(request.user, thread.space),
        },
        status=status,
    )


@login_required
def thread(request: AuthenticatedHttpRequest, thread_id: int) -> HttpResponse:
    """A thread and its replies (marks it read), and the reply form."""
    found = access.access_thread(request.user, thread_id)
    needs = not services.has_read_guidelines(request.user, found.space)
    form = ReplyForm(request.POST or None, needs_guidelines=needs)
    if request.method != "POST":
        return _thread_page(request, found, form)
    status = 422
    if form.is_valid():
        try:
            posted = services.reply(
                author=request.user,
                thread=found,
                body=form.cleaned_data["body"],
                accepts_guidelines=form.cleaned_data.get("accepts_guidelines", False),
            )
        except services.CommunityError as error:
            status = _refused(form, error)
        else:
            return _after_posting(request, posted)
    return _thread_page(request, found, form, status)


@login_required
@require_POST
def react(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    post = access.access_post(request.user, post_id)
    try:
        services.react(person=request.user, post=post, kind=request.POST.get("kind", ""))
    except services.CommunityError as error:
        messages.error(request, error.message)
    return redirect(_post_url(request.user, post))


@login_required
def flag(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    post = access.access_post(request.user, post_id)
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.flag(flagger=request.user, post=post, **form.cleaned_data)
            except services.CommunityError as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("Thank you. The moderators will look at it."))
                return redirect(_post_url(request.user, post))
    return render(request, "community/flag.html", {"post": post, "form": form}, status=status)


@login_required
@require_POST
def congratulate(request: AuthenticatedHttpRequest, thread_id: int) -> HttpResponse:
    found = access.access_thread(request.user, thread_id)
    form = CongratulateForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.congratulate(person=request.user, thread=found, message=message)
    except services.CommunityError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your congratulations are on their way."))
    return redirect("community:thread", thread_id=found.pk)


@login_required
def share(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Share one of your milestones in one of your groups' spaces, by your own choice."""
    person = request.user
    celebrations = list(services.shareable_celebrations(person))
    spaces_ = list(services.celebration_spaces(person))
    form = ShareForm(request.POST or None, celebrations=celebrations, spaces=spaces_)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                posted = services.share_milestone(
                    member=person,
                    celebration=access.access_own_celebration(
                        person, form.cleaned_data["celebration"]
                    ),
                    space=access.access_space(person, form.cleaned_data["space"]),
                    note=form.cleaned_data["note"],
                    accepts_guidelines=form.cleaned_data["accepts_guidelines"],
                )
            except services.CommunityError as error:
                status = _refused(form, error)
            else:
                return _after_posting(request, posted)
    return render(
        request,
        "community/share.html",
        {"form": form, "celebrations": celebrations, "spaces": spaces_},
        status=status,
    )


# ---------------------------------------------------------------- moderation


@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Posts waiting for review or flagged in the spaces the person moderates, oldest first."""
    return render(
        request,
        "community/queue.html",
        {
            "items": services.queue(request.user),
            "spaces": services.moderated_spaces(request.user).order_by("name"),
            "duty": list(request.user.moderating.select_related("organization")),
            "administers": administered_organizations(request.user),
        },
    )


@login_required
def moderate(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    post: Post = access.access_moderated_post(request.user, post_id)
    form = ModerateForm(request.POST or None, initial={"body": post.body})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.moderate(moderator=request.user, post=post, **form.cleaned_data)
            except services.CommunityError as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("Done. The author is told why."))
                return redirect("community:queue")
    return render(
        request,
        "community/moderate.html",
        {"post": post, "form": form, "flags": post.flags.filter(resolved_at__isnull=True)},
        status=status,
    )


@login_required
def watched_words(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    found: Space = access.access_moderated_space(request.user, slug)
    form = WatchedWordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.add_watched_word(space=found, **form.cleaned_data)
            except services.CommunityError as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("community:watched-words", slug=found.slug)
    return render(
        request,
        "community/watched_words.html",
        {"space": found, "form": form, "words": found.watched_words.order_by("phrase")},
        status=status,
    )


@login_required
@require_POST
def watched_word_delete(request: AuthenticatedHttpRequest, word_id: int) -> HttpResponse:
    word = access.access_watched_word(request.user, word_id)
    slug = word.space.slug
    services.remove_watched_word(word=word)
    messages.success(request, _("Removed."))
    return redirect("community:watched-words", slug=slug)


# ---------------------------------------------------------------- moderators and duty


@login_required
def moderators(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """An organization's forum moderators, for its admins: add and remove."""
    organization = access.access_administered_organization(request.user, slug)
    form = ModeratorForm(
        request.POST or None, candidates=services.moderator_candidates(organization)
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.add_moderator(
                    organization=organization, person=form.cleaned_data["user_id"]
                )
            except services.CommunityError as error:
                status = _refused(form, error)
            else:
                messages.success(request, _("Added. They are told."))
                return redirect("community:moderators", slug=organization.slug)
    return render(
        request,
        "community/moderators.html",
        {
            "organization": organization,
            "moderators": services.moderators_in(organization),
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def moderator_remove(request: AuthenticatedHttpRequest, moderator_id: int) -> HttpResponse:
    found = access.access_moderator_row(request.user, moderator_id)
    services.remove_moderator(moderator=found)
    messages.success(request, _("Removed."))
    return redirect("community:moderators", slug=found.organization.slug)


@login_required
@require_POST
def duty(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A moderator goes on or off duty (crisis alerts go to those on duty)."""
    on = request.POST.get("on_duty") == "1"
    for row in request.user.moderating.all():
        services.set_on_duty(moderator=row, on_duty=on)
    messages.success(request, _("You are on duty.") if on else _("You are off duty."))
    return redirect("community:queue")

"""Finding, asking and keeping a sponsor or mentor.

The shortlist follows how fellowships describe it (AA's P-15: "the new person simply
approaches a more experienced member … and asks"): Alongside ranks the people who offer, with
its reasons, and the member asks; the supporter accepts or declines within 72 hours; an accepted
relationship is temporary for 90 days and then reviewed; either side ends it in two clicks with
no reason asked. Sharing is never implied: starting a relationship proposes scopes that the
member then confirms one by one on the ordinary sharing form.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import Pathway, User
from alongside.notifications.services import notify
from alongside.peers.models import (
    ANSWER_WITHIN,
    TEMPORARY_DAYS,
    RelationshipStatus,
    RequestStatus,
    SupporterProfile,
    SupportKind,
    SupportLanguage,
    SupportRelationship,
    SupportRequest,
)
from alongside.privacy.models import Scope

SHORTLIST_LENGTH = 10
# Points for each reason a supporter fits (the list shows the reasons, not the points).
POINTS = {"pathway": 40, "language": 20, "experience": 20, "time_zone": 10, "places": 5}
# What a new relationship proposes to share, by kind; the member confirms each on the sharing
# form. Never the journal (not a scope), never counseling records or medication. Step work is
# shared one worksheet at a time, from the worksheet's own page.
PROPOSED_SCOPES = {
    SupportKind.SPONSOR: [Scope.MILESTONES, Scope.CHECK_INS],
    SupportKind.MENTOR: [Scope.MILESTONES],
}


# ---------------------------------------------------------------- profiles


def profile_of(user: User) -> SupporterProfile | None:
    return SupporterProfile.objects.filter(user=user).first()


@transaction.atomic
def save_profile(*, user: User, **values: object) -> SupporterProfile:
    """Create or change the person's supporter profile. Raises ValidationError naming the field
    for an unknown pathway or language, no language, or offering neither sponsorship nor
    mentoring while listed."""
    profile = profile_of(user) or SupporterProfile(user=user)
    for name, value in values.items():
        setattr(profile, name, value)
    errors: dict[str, str] = {}
    if any(p not in Pathway.values for p in profile.pathways):
        errors["pathways"] = _("Choose pathways from the list.")
    if not profile.languages:
        errors["languages"] = _("Choose at least one language you can support people in.")
    elif any(code not in SupportLanguage.values for code in profile.languages):
        errors["languages"] = _("Choose languages from the list.")
    if profile.is_listed and not profile.kinds():
        errors["offers_sponsorship"] = _(
            "Say whether you sponsor, mentor or both, or choose not to be shown to others."
        )
    if profile.recovery_since and profile.recovery_since > timezone.now().date():
        errors["recovery_since"] = _("The date you give cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    profile.full_clean(exclude=["user"])
    profile.save()
    return profile


def places_left(profile: SupporterProfile) -> int:
    taken = SupportRelationship.objects.active().filter(supporter_id=profile.user_id).count()
    return max(profile.capacity - taken, 0)


# ---------------------------------------------------------------- the shortlist


@dataclass(frozen=True)
class Looking:
    """What a member looks for. `gender` is used only for sponsors who support their own gender
    only, and when the member asks for someone of their own gender; it is not stored."""

    kind: str = SupportKind.SPONSOR
    pathway: str = ""
    language: str = "en"
    gender: str = ""
    same_gender: bool = False


@dataclass
class Suggestion:
    profile: SupporterProfile
    places: int
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def person(self) -> User:
        return self.profile.user


def default_looking(member: User) -> Looking:
    return Looking(
        pathway=next(iter(member.pathways), ""),
        language=member.language if member.language in SupportLanguage.values else "en",
    )


def _hours_apart(one: str, other: str) -> int:
    now = timezone.now()
    offset = now.astimezone(zoneinfo.ZoneInfo(one)).utcoffset() or datetime.timedelta()
    theirs = now.astimezone(zoneinfo.ZoneInfo(other)).utcoffset() or datetime.timedelta()
    return round(abs((offset - theirs).total_seconds()) / 3600)


def _fits(profile: SupporterProfile, looking: Looking) -> bool:
    """The hard rules: the kind offered, a shared language, the same pathway for a sponsor
    (step work is the fellowship's own), and the gender norm of either side."""
    if looking.kind not in profile.kinds() or looking.language not in profile.languages:
        return False
    if looking.kind == SupportKind.SPONSOR and looking.pathway not in profile.pathways:
        return False
    if profile.same_gender_only and (not looking.gender or looking.gender != profile.gender):
        return False
    return not looking.same_gender or (bool(looking.gender) and looking.gender == profile.gender)


def _score(suggestion: Suggestion, member: User, looking: Looking) -> Suggestion:
    profile, reasons = suggestion.profile, suggestion.reasons
    labels = dict(Pathway.choices)
    if looking.pathway in profile.pathways:
        suggestion.score += POINTS["pathway"]
        reasons.append(
            _("Knows %(pathway)s from the inside") % {"pathway": labels[looking.pathway]}
        )
    else:
        theirs = ", ".join(str(labels[p]) for p in profile.pathways if p in labels)
        reasons.append(_("Another pathway: %(theirs)s") % {"theirs": theirs or _("not said")})
    suggestion.score += POINTS["language"]
    reasons.append(_("Speaks %(language)s") % {"language": SupportLanguage(looking.language).label})
    years = profile.years_in_recovery()
    if years is None:
        reasons.append(_("Time in recovery not given"))
    elif years < 1:
        reasons.append(_("Less than a year in recovery (self-stated)"))
    else:
        suggestion.score += min(years, 10) * POINTS["experience"] // 10
        reasons.append(
            ngettext(
                "%(years)s year in recovery (self-stated)",
                "%(years)s years in recovery (self-stated)",
                years,
            )
            % {"years": years}
        )
    apart = _hours_apart(member.time_zone, profile.user.time_zone)
    if apart == 0:
        suggestion.score += POINTS["time_zone"]
        reasons.append(_("Same time zone"))
    else:
        suggestion.score += max(POINTS["time_zone"] - 3 * apart, 0)
        reasons.append(
            ngettext("%(hours)s hour apart", "%(hours)s hours apart", apart) % {"hours": apart}
        )
    if profile.availability:
        reasons.append(_("Usually free: %(when)s") % {"when": profile.availability})
    suggestion.score += POINTS["places"] * min(suggestion.places, 3) // 3
    reasons.append(
        ngettext("%(n)s place open", "%(n)s places open", suggestion.places)
        % {"n": suggestion.places}
    )
    if profile.same_gender_only:
        reasons.append(_("Supports people of their own gender only; you match"))
    elif looking.same_gender:
        reasons.append(_("Same gender, as you asked"))
    return suggestion


def shortlist(member: User, looking: Looking) -> list[Suggestion]:
    """Up to ten people who offer what the member looks for and have a place open, best first,
    each with the reasons it fits. Leaves out the member, people who already support them, and
    people they are waiting to hear from."""
    busy = set(
        SupportRelationship.objects.active()
        .filter(member=member)
        .values_list("supporter_id", flat=True)
    ) | set(
        SupportRequest.objects.filter(
            member=member, status=RequestStatus.PENDING, answer_by__gt=timezone.now()
        ).values_list("supporter_id", flat=True)
    )
    profiles = (
        SupporterProfile.objects.filter(is_listed=True, user__is_active=True)
        .exclude(user=member)
        .exclude(user_id__in=busy)
        .select_related("user")
        .annotate(
            taken=Count(
                "user__supporting", filter=~Q(user__supporting__status=RelationshipStatus.ENDED)
            )
        )
    )
    found = []
    for profile in profiles:
        places = max(profile.capacity - profile.taken, 0)
        if places and _fits(profile, looking):
            found.append(_score(Suggestion(profile, places), member, looking))
    found.sort(key=lambda s: (-s.score, str(s.person.display_name), s.person.pk))
    return found[:SHORTLIST_LENGTH]


# ---------------------------------------------------------------- requests


def _notify_request(request: SupportRequest) -> None:
    notify(
        user=request.supporter,
        kind="peer_request",
        title=_("Someone asked you to support them"),
        body=_("%(name)s asked you to be their %(kind)s.")
        % {"name": request.member.display_name, "kind": kind_word(request.kind)},
        url=reverse("peers:requests"),
        dedupe_key=f"peer-request-{request.pk}",
    )


def kind_word(kind: str) -> str:
    """The kind as a word in a sentence ("your sponsor"), translated on its own."""
    return _("sponsor") if kind == SupportKind.SPONSOR else _("mentor")


def ask(
    *, member: User, supporter: User, kind: str, message: str = "", gender: str = ""
) -> SupportRequest:
    """Ask someone who offers it to sponsor or mentor the member; they are told, and have 72
    hours to answer (then the request lapses and the member is told).

    Raises ValidationError ("supporter") when they do not offer this, have no place open, keep
    a gender norm the member does not match, already support the member, or were already asked
    and have not answered yet."""
    profile = profile_of(supporter)
    name = supporter.display_name
    if supporter.pk == member.pk:
        raise ValidationError({"supporter": _("You cannot ask yourself.")})
    if profile is None or not profile.is_listed or kind not in profile.kinds():
        raise ValidationError(
            {
                "supporter": _("%(name)s is not taking requests to be a %(kind)s.")
                % {"name": name, "kind": kind_word(kind)}
            }
        )
    if SupportRelationship.objects.active().filter(member=member, supporter=supporter).exists():
        raise ValidationError({"supporter": _("%(name)s already supports you.") % {"name": name}})
    if profile.same_gender_only and (not gender or gender != profile.gender):
        raise ValidationError(
            {"supporter": _("%(name)s supports people of their own gender only.") % {"name": name}}
        )
    _lapse_overdue(member=member, supporter=supporter)
    waiting = SupportRequest.objects.filter(
        member=member, supporter=supporter, status=RequestStatus.PENDING
    ).first()
    if waiting is not None:
        raise ValidationError(
            {
                "supporter": _("You already asked %(name)s. They have until %(when)s to answer.")
                % {"name": name, "when": _local(waiting.answer_by, member)}
            }
        )
    if places_left(profile) == 0:
        raise ValidationError(
            {
                "supporter": _(
                    "%(name)s has no place open just now. Ask someone else on your list."
                )
                % {"name": name}
            }
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            request = SupportRequest.objects.create(
                member=member,
                supporter=supporter,
                kind=kind,
                message=message.strip(),
                created_at=now,
                answer_by=now + ANSWER_WITHIN,
            )
            _notify_request(request)
            _schedule_lapse(request)
    except IntegrityError:  # the same request, sent twice at once: the first one stands
        raise ValidationError(
            {"supporter": _("You already asked %(name)s.") % {"name": name}}
        ) from None
    return request


def _local(moment: datetime.datetime, viewer: User) -> str:
    local = moment.astimezone(viewer.zone)
    return f"{date_format(local, 'l j F, H:i')} {local.tzname()}"


def _schedule_lapse(request: SupportRequest) -> None:
    from alongside.peers.tasks import lapse_request

    request_id, due = request.pk, request.answer_by
    transaction.on_commit(
        lambda: lapse_request.using(run_after=due.astimezone(datetime.UTC)).enqueue(
            request_id=request_id
        )
    )


def _lapse_overdue(**filters: object) -> None:
    for request in SupportRequest.objects.filter(
        status=RequestStatus.PENDING, answer_by__lte=timezone.now(), **filters
    ):
        lapse(request=request)


@transaction.atomic
def lapse(*, request: SupportRequest) -> bool:
    """Mark a request nobody answered in time as lapsed and tell the member, with a way to a
    new shortlist. Returns False when it was answered or is still inside its window."""
    locked = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RequestStatus.PENDING or timezone.now() < locked.answer_by:
        return False
    locked.status = RequestStatus.EXPIRED
    locked.save(update_fields=["status"])
    notify(
        user=locked.member,
        kind="peer_request_lapsed",
        title=_("A request of yours had no answer"),
        body=_("%(name)s did not answer in time. Your shortlist has other people to ask.")
        % {"name": locked.supporter.display_name},
        url=reverse("peers:find"),
        dedupe_key=f"peer-request-lapsed-{locked.pk}",
    )
    request.status = locked.status
    return True


@transaction.atomic
def withdraw(*, request: SupportRequest) -> SupportRequest:
    """The member takes back a request still waiting. Raises ValidationError when it was
    already answered or lapsed."""
    locked = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RequestStatus.PENDING:
        raise ValidationError({"request": _("This request was already answered or has lapsed.")})
    locked.status = RequestStatus.WITHDRAWN
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_at"])
    return locked


def answer(*, request: SupportRequest, accept: bool) -> SupportRequest:
    """The supporter accepts or declines. Accepting starts a temporary relationship, reviewed
    after 90 days, and the member is told (with the sharing the relationship proposes, which
    they confirm themselves). Raises ValidationError ("request") when it was already answered,
    withdrawn or lapsed (a request past its 72 hours is marked lapsed then), and when accepting
    with no place open."""
    if lapse(request=request):  # nobody answered in its 72 hours: it lapses now, and stays so
        raise ValidationError(
            {
                "request": _(
                    "This request has lapsed: it waited more than 72 hours. %(name)s can ask again."
                )
                % {"name": request.member.display_name}
            }
        )
    with transaction.atomic():
        return _answer(request, accept=accept)


def _answer(request: SupportRequest, *, accept: bool) -> SupportRequest:
    locked = (
        SupportRequest.objects.select_for_update()
        .select_related("member", "supporter")
        .get(pk=request.pk)
    )
    now = timezone.now()
    if locked.status != RequestStatus.PENDING:
        raise ValidationError(
            {
                "request": _("This request is no longer waiting: %(status)s.")
                % {"status": locked.get_status_display().lower()}
            }
        )
    if accept:
        profile = profile_of(locked.supporter)
        if profile is None or places_left(profile) == 0:
            raise ValidationError(
                {
                    "request": _(
                        "You have no place open. End a relationship, or raise how many "
                        "people you can support, first."
                    )
                }
            )
    locked.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    locked.answered_at = now
    locked.save(update_fields=["status", "answered_at"])
    if accept:
        relationship = start_relationship(
            member=locked.member,
            supporter=locked.supporter,
            kind=locked.kind,
            request=locked,
            started_at=now,
        )
        notify(
            user=locked.member,
            kind="peer_accepted",
            title=_("Your request was accepted"),
            body=_(
                "%(name)s agreed to be your %(kind)s for a first 90 days. Choose what to "
                "share with them."
            )
            % {"name": locked.supporter.display_name, "kind": kind_word(locked.kind)},
            url=reverse("peers:relationship", args=[relationship.pk]),
            dedupe_key=f"peer-accepted-{locked.pk}",
        )
    else:
        notify(
            user=locked.member,
            kind="peer_declined",
            title=_("An answer to your request"),
            body=_("%(name)s cannot take this on just now. Your shortlist has other people to ask.")
            % {"name": locked.supporter.display_name},
            url=reverse("peers:find"),
            dedupe_key=f"peer-declined-{locked.pk}",
        )
    request.status, request.answered_at = locked.status, locked.answered_at
    return locked


def start_relationship(
    *,
    member: User,
    supporter: User,
    kind: str,
    request: SupportRequest | None = None,
    started_at: datetime.datetime | None = None,
) -> SupportRelationship:
    """A new relationship, temporary for its first 90 days (reviewed on the member's day 90):
    what an accepted request starts, and what an organization's approved mentoring match
    starts. Tells nobody (the caller does, in its own words) and proposes no sharing beyond
    `proposed_scopes`. The caller has checked places and that the two have no active
    relationship already (the database refuses a second one)."""
    return SupportRelationship.objects.create(
        member=member,
        supporter=supporter,
        kind=kind,
        request=request,
        started_at=started_at or timezone.now(),
        review_on=member.local_today() + datetime.timedelta(days=TEMPORARY_DAYS),
    )


def requests_received(supporter: User) -> list[SupportRequest]:
    _lapse_overdue(supporter=supporter)
    return list(
        SupportRequest.objects.filter(supporter=supporter, member__is_active=True)
        .select_related("member")
        .order_by("status", "-created_at")[:100]
    )


def requests_sent(member: User) -> list[SupportRequest]:
    _lapse_overdue(member=member)
    return list(SupportRequest.objects.filter(member=member).select_related("supporter")[:50])


# ---------------------------------------------------------------- relationships


def relationships_of(user: User) -> list[SupportRelationship]:
    """Everyone the person supports or is supported by, current first, then ended ones."""
    return sorted(
        SupportRelationship.objects.involving(user).select_related("member", "supporter"),
        key=lambda r: (r.status == RelationshipStatus.ENDED, -r.started_at.timestamp()),
    )


def supports_each_other(one: User, other: User) -> bool:
    """One sponsors or mentors the other now (either way round)."""
    return (
        SupportRelationship.objects.active()
        .filter(Q(member=one, supporter=other) | Q(member=other, supporter=one))
        .exists()
    )


def proposed_scopes(relationship: SupportRelationship) -> list[str]:
    return [s.value for s in PROPOSED_SCOPES[SupportKind(relationship.kind)]]


@transaction.atomic
def end_relationship(*, relationship: SupportRelationship, by: User) -> SupportRelationship:
    """Either person ends it, no reason asked; the other is told kindly, and the member is
    pointed to a new shortlist. History is kept. Grants the member made are theirs to revoke
    and are left as they are (the relationship page links to them). Raises ValidationError
    ("relationship") when it has already ended."""
    locked = SupportRelationship.objects.select_for_update().get(pk=relationship.pk)
    if locked.status == RelationshipStatus.ENDED:
        raise ValidationError({"relationship": _("This relationship has already ended.")})
    locked.status = RelationshipStatus.ENDED
    locked.ended_at = timezone.now()
    locked.ended_by = by
    locked.save(update_fields=["status", "ended_at", "ended_by"])
    other = locked.other(by)
    is_member = other.pk == locked.member_id
    notify(
        user=other,
        kind="peer_ended",
        title=_("A support relationship has ended"),
        body=(
            _(
                "%(name)s has ended your %(kind)s relationship. That is allowed, and it says "
                "nothing about you. Here is a new shortlist when you are ready."
            )
            if is_member
            else _("%(name)s has ended your %(kind)s relationship. Thank you for your support.")
        )
        % {"name": by.display_name, "kind": kind_word(locked.kind)},
        url=reverse("peers:find") if is_member else reverse("peers:home"),
        dedupe_key=f"peer-ended-{locked.pk}",
    )
    relationship.status, relationship.ended_at = locked.status, locked.ended_at
    return locked


@transaction.atomic
def keep_relationship(*, relationship: SupportRelationship, by: User) -> SupportRelationship:
    """After the temporary 90 days, either person confirms it goes on. Raises ValidationError
    ("relationship") when it is not temporary any more, or its review is not due yet."""
    locked = SupportRelationship.objects.select_for_update().get(pk=relationship.pk)
    if locked.status != RelationshipStatus.TEMPORARY:
        raise ValidationError({"relationship": _("Only a temporary relationship is reviewed.")})
    if not locked.review_due():
        raise ValidationError(
            {
                "relationship": _("The review comes after the first 90 days, on %(day)s.")
                % {"day": date_format(locked.review_on, "j F Y")}
            }
        )
    locked.status = RelationshipStatus.ONGOING
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["status", "reviewed_at"])
    notify(
        user=locked.other(by),
        kind="peer_kept",
        title=_("Your support relationship goes on"),
        body=_("%(name)s reviewed your first 90 days and would like to go on.")
        % {"name": by.display_name},
        url=reverse("peers:relationship", args=[locked.pk]),
        dedupe_key=f"peer-kept-{locked.pk}",
    )
    return locked

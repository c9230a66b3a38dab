"""Treatment plans: a counselor starts one with a member who shares counseling with them, writes
it as versions (every change a new PlanVersion; a written version never changes), signs a
version, and the member co-signs it; the first version both have signed puts the plan in effect.
A plan in effect is reviewed every `review_every_days`; it can be closed.

Callers have checked access (alongside/counseling/access.py: access_client, access_plan,
access_plan_to_change, access_plan_to_cosign), which also logs the look or the change.

Errors: ValidationError naming the field (for content, the path of the bad value, e.g.
"problems[0].goals[1].objectives[0].target_on"); PlanConflict, a ValidationError too, when the
plan's state refuses the change (closed, already signed, a newer version saved meanwhile), which
the API answers with 409.

For other parts (adherence): `objective_progress(plan)` and `objectives(plan)` read a plan's
objectives without side effects.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.models import Organization, User
from alongside.counseling.access import counselor_organizations
from alongside.counseling.models import (
    AsamEdition,
    PlanReview,
    PlanStatus,
    PlanVersion,
    TreatmentPlan,
)
from alongside.counseling.services import plan_content
from alongside.counseling.services.plan_content import Content, ObjectiveRow
from alongside.notifications.services import notify

DEFAULT_REVIEW_EVERY = 90
MIN_REVIEW_EVERY = 7
MAX_REVIEW_EVERY = 365
# The counselor's "reviews due" list looks this far ahead.
REVIEW_SOON_DAYS = 14
MAX_SUMMARY = 4000
# The notice a member gets when a version waits for their signature (notifications/kinds.py).
TO_SIGN = "counseling_plan_to_sign"


class PlanConflict(ValidationError):
    """The plan's state refuses the change: closed, signed already, or a newer version saved
    since the person read the one they meant (nothing was changed)."""


# ---------------------------------------------------------------- reading


def versions_of(plan: TreatmentPlan) -> list[PlanVersion]:
    """Every version, newest first."""
    return list(plan.versions.select_related("written_by", "counselor_signed_by"))


def latest_version(plan: TreatmentPlan) -> PlanVersion:
    """The newest version: what the plan says now (every plan has its first from the start)."""
    found = plan.versions.select_related("written_by", "counselor_signed_by").first()
    assert found is not None, "a plan is started with its first version"  # noqa: S101
    return found


def is_fully_signed(version: PlanVersion) -> bool:
    return version.counselor_signed_at is not None and version.member_signed_at is not None


def in_effect(versions: list[PlanVersion]) -> PlanVersion | None:
    """The newest version both have signed (of `versions`, newest first), or None."""
    return next((v for v in versions if is_fully_signed(v)), None)


def activated_on(plan: TreatmentPlan) -> datetime.date | None:
    """The day the plan came into effect: the member's first co-signature, in their zone."""
    first = (
        plan.versions.filter(member_signed_at__isnull=False, counselor_signed_at__isnull=False)
        .order_by("member_signed_at")
        .values_list("member_signed_at", flat=True)
        .first()
    )
    return first.astimezone(plan.member.zone).date() if first else None


def member_plans(member: User) -> list[TreatmentPlan]:
    """The member's own plans, newest first."""
    return list(TreatmentPlan.objects.filter(member=member).select_related("counselor"))


def plans_of_client(member: User) -> list[TreatmentPlan]:
    """A client's plans for a counselor who may read them (access.access_member_plans)."""
    return member_plans(member)


def version_before(version: PlanVersion) -> PlanVersion | None:
    """The version this one follows (None for the first)."""
    return PlanVersion.objects.filter(plan_id=version.plan_id, number=version.number - 1).first()


def is_newest(version: PlanVersion) -> bool:
    return not PlanVersion.objects.filter(
        plan_id=version.plan_id, number__gt=version.number
    ).exists()


def review_horizon(today: datetime.date) -> datetime.date:
    """The last day the "reviews due" list looks ahead to."""
    return today + datetime.timedelta(days=REVIEW_SOON_DAYS)


def reviews_due(plans: list[TreatmentPlan], *, today: datetime.date) -> list[TreatmentPlan]:
    """The plans in effect whose review is due within REVIEW_SOON_DAYS of `today`, or overdue,
    soonest first."""
    horizon = review_horizon(today)
    due = [
        p
        for p in plans
        if p.status == PlanStatus.ACTIVE and p.next_review_on and p.next_review_on <= horizon
    ]
    return sorted(due, key=lambda p: (p.next_review_on, p.pk))


def objectives(plan: TreatmentPlan) -> list[ObjectiveRow]:
    """Every objective of the plan as its newest version has it (problem, goal, text, how it
    is measured, target date, status), in plan order. The newest version is the current record
    of progress, whether or not it is signed yet. No side effects; the caller checked access."""
    return plan_content.objective_rows(latest_version(plan).content)


def objective_progress(plan: TreatmentPlan) -> tuple[int, int]:
    """(objectives met, objectives in all) of the plan's newest version: (0, 0) for a plan
    without objectives. No side effects; the caller checked access (adherence calls this for
    each plan of a member who shares counseling)."""
    return plan_content.progress(latest_version(plan).content)


# ---------------------------------------------------------------- starting and writing


def _review_every(days: int) -> int:
    if not MIN_REVIEW_EVERY <= days <= MAX_REVIEW_EVERY:
        raise ValidationError(
            {
                "review_every_days": _("Review every %(low)d to %(high)d days.")
                % {"low": MIN_REVIEW_EVERY, "high": MAX_REVIEW_EVERY}
            }
        )
    return days


def _organization_for(counselor: User) -> Organization:
    organizations = counselor_organizations(counselor)
    if not organizations:
        raise ValidationError({"member": _("Only a counselor starts a treatment plan.")})
    return organizations[0]


@transaction.atomic
def start_plan(
    *,
    member: User,
    counselor: User,
    edition: str = AsamEdition.FOURTH,
    review_every_days: int = DEFAULT_REVIEW_EVERY,
) -> TreatmentPlan:
    """A new plan in draft, with its first version: the six ASAM dimensions of the edition,
    none rated, no problems yet. The caller checked that the member shares counseling with the
    counselor (access.access_client).

    Raises ValidationError naming the field: an unknown edition, a review interval outside 7
    to 365 days, or ("member") a plan of theirs at this organization still open."""
    if edition not in AsamEdition.values:
        raise ValidationError({"edition": _("Choose the 3rd or the 4th edition.")})
    review_every_days = _review_every(review_every_days)
    organization = _organization_for(counselor)
    open_plan = (
        TreatmentPlan.objects.filter(member=member, organization=organization)
        .exclude(status=PlanStatus.CLOSED)
        .exists()
    )
    if open_plan:
        raise ValidationError(
            {
                "member": _(
                    "%(name)s already has an open treatment plan here: change that one, or "
                    "close it first."
                )
                % {"name": member.display_name}
            }
        )
    plan = TreatmentPlan.objects.create(
        member=member,
        counselor=counselor,
        organization=organization,
        edition=edition,
        review_every_days=review_every_days,
    )
    PlanVersion.objects.create(
        plan=plan, number=1, content=plan_content.empty_content(), written_by=counselor
    )
    return plan


def _lock(plan: TreatmentPlan) -> TreatmentPlan:
    """The plan's row, locked for this transaction: version numbers and status changes are
    decided one at a time. The caller's instance is brought up to date."""
    locked = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    for field in ("status", "next_review_on", "review_every_days"):
        setattr(plan, field, getattr(locked, field))
    return plan


def _refuse_if_closed(plan: TreatmentPlan) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise PlanConflict({"plan": _("This plan is closed: it can be read, not changed.")})


@transaction.atomic
def save_version(*, plan: TreatmentPlan, by: User, content: object) -> tuple[PlanVersion, bool]:
    """Save the content as the plan's next version, unsigned; the versions before it are kept
    as they are. Returns (version, created): content the same as the newest version's saves
    nothing and returns that version.

    Raises ValidationError naming each bad value's path (plan_content.clean_content), and
    PlanConflict when the plan is closed. Nothing is saved then."""
    _lock(plan)
    _refuse_if_closed(plan)
    latest = latest_version(plan)
    cleaned = plan_content.clean_content(
        content, edition=plan.edition, previous=latest.content, today=by.local_today()
    )
    if cleaned == _normal(latest.content, plan.edition, by):
        return latest, False
    version = PlanVersion.objects.create(
        plan=plan, number=latest.number + 1, content=cleaned, written_by=by
    )
    return version, True


def _normal(content: Content, edition: str, by: User) -> Content | None:
    """A stored content in its cleaned form, to tell whether anything changed (None if it no
    longer reads as valid, which then always counts as a change)."""
    try:
        return plan_content.clean_content(
            content, edition=edition, previous=content, today=by.local_today()
        )
    except ValidationError:
        return None


# ---------------------------------------------------------------- signing


def _the_version(plan: TreatmentPlan, number: int) -> PlanVersion:
    latest = latest_version(plan)
    if number != latest.number:
        raise PlanConflict(
            {
                "version": _(
                    "Version %(new)d was saved after version %(old)d: read it, then sign that one."
                )
                % {"new": latest.number, "old": number}
            }
        )
    return latest


@transaction.atomic
def sign_version(*, plan: TreatmentPlan, by: User, number: int) -> PlanVersion:
    """The counselor signs version `number`, which must be the newest; the member is then told
    it waits for their co-signature. Signatures belong to a version: one saved later needs
    signing again.

    Raises ValidationError ("problems", "asam") for a plan with no problems or an ASAM
    dimension not rated; PlanConflict when the plan is closed, the version is not the newest,
    or it is signed already."""
    _lock(plan)
    _refuse_if_closed(plan)
    version = _the_version(plan, number)
    if version.counselor_signed_at is not None:
        raise PlanConflict({"version": _("This version is signed already.")})
    reasons = plan_content.reasons_not_to_sign(version.content)
    if reasons:
        raise ValidationError(reasons)
    version.counselor_signed_at = timezone.now()
    version.counselor_signed_by = by
    version.save(update_fields=["counselor_signed_at", "counselor_signed_by"])
    member = plan.member
    with translation.override(member.language):
        # The title reaches a lock screen: no health detail. The body is shown in the app only.
        notify(
            user=member,
            kind=TO_SIGN,
            title=_("A plan is waiting for your signature"),
            body=_(
                "%(name)s signed version %(number)d of your treatment plan. Read it, and "
                "co-sign it when it says what you agreed together."
            )
            % {"name": by.display_name, "number": version.number},
            url=reverse("counseling:plan", args=[plan.pk]),
            dedupe_key=f"counseling-plan-to-sign:{version.pk}",
            about=member,
        )
    return version


@transaction.atomic
def cosign_version(*, plan: TreatmentPlan, member: User, number: int) -> PlanVersion:
    """The member co-signs version `number` (the newest, signed by a counselor). The first
    version both have signed puts the plan in effect; its first review falls
    `review_every_days` after that day. The caller checked that the plan is the member's.

    Raises PlanConflict when the plan is closed, the version is not the newest, the counselor
    has not signed it yet, or the member has already."""
    _lock(plan)
    _refuse_if_closed(plan)
    version = _the_version(plan, number)
    if version.counselor_signed_at is None:
        raise PlanConflict(
            {"version": _("Your counselor signs this version first; then you can co-sign it.")}
        )
    if version.member_signed_at is not None:
        raise PlanConflict({"version": _("You have co-signed this version already.")})
    version.member_signed_at = timezone.now()
    version.save(update_fields=["member_signed_at"])
    if plan.status == PlanStatus.DRAFT:
        plan.status = PlanStatus.ACTIVE
        plan.next_review_on = member.local_today() + datetime.timedelta(days=plan.review_every_days)
        plan.save(update_fields=["status", "next_review_on"])
    return version


# ---------------------------------------------------------------- reviews and closing


@transaction.atomic
def record_review(
    *, plan: TreatmentPlan, by: User, summary: str, content: object | None = None
) -> PlanReview:
    """The counselor reviews a plan in effect: what they concluded, and optionally the plan's
    next version (`content`, saved as `save_version` does). The next review falls
    `review_every_days` after today.

    Raises ValidationError ("summary", or a content path under "content.") and PlanConflict for a plan not in
    effect (a draft, or closed). Nothing is saved then."""
    _lock(plan)
    _refuse_if_closed(plan)
    if plan.status != PlanStatus.ACTIVE:
        raise PlanConflict(
            {"plan": _("A plan is reviewed once it is in effect: both of you sign it first.")}
        )
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Say in a few words what the review found.")})
    if len(summary) > MAX_SUMMARY:
        raise ValidationError({"summary": _("Keep this to %(n)d characters.") % {"n": MAX_SUMMARY}})
    version = latest_version(plan)
    if content is not None:
        try:
            version = save_version(plan=plan, by=by, content=content)[0]
        except ValidationError as error:
            # In a review the plan's content is one field of several: its paths say so.
            raise ValidationError(
                {f"content.{path}": messages for path, messages in error.message_dict.items()}
            ) from None
    today = by.local_today()
    review = PlanReview.objects.create(
        plan=plan, reviewed_on=today, by=by, summary=summary, version=version
    )
    plan.next_review_on = today + datetime.timedelta(days=plan.review_every_days)
    plan.save(update_fields=["next_review_on"])
    return review


@transaction.atomic
def set_review_every(*, plan: TreatmentPlan, days: int) -> TreatmentPlan:
    """How often the plan is reviewed. For a plan in effect the next review moves to `days`
    after the last review (or after the day it came into effect).

    Raises ValidationError ("review_every_days") outside 7 to 365 days; PlanConflict for a
    closed plan."""
    _lock(plan)
    _refuse_if_closed(plan)
    plan.review_every_days = _review_every(days)
    fields = ["review_every_days"]
    if plan.status == PlanStatus.ACTIVE:
        last = plan.reviews.values_list("reviewed_on", flat=True).first()
        since = last or activated_on(plan)
        if since is not None:
            plan.next_review_on = since + datetime.timedelta(days=plan.review_every_days)
            fields.append("next_review_on")
    plan.save(update_fields=fields)
    return plan


@transaction.atomic
def close_plan(*, plan: TreatmentPlan) -> TreatmentPlan:
    """Close the plan: kept and readable, no longer changed, signed or reviewed.

    Raises PlanConflict when it is closed already."""
    _lock(plan)
    _refuse_if_closed(plan)
    plan.status = PlanStatus.CLOSED
    plan.next_review_on = None
    plan.save(update_fields=["status", "next_review_on"])
    return plan

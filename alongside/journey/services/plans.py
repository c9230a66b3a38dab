"""Relapse-prevention plan, safety plan and recovery goals: the member's own words, encrypted."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.journey.models import (
    CopingStrategy,
    Domain,
    GoalChange,
    GoalChangeKind,
    GoalStatus,
    GoalStep,
    IfThenPlan,
    RecoveryGoal,
    SafetyPlan,
    SupportContact,
    Trigger,
    TriggerKind,
    WarningCondition,
    WarningSign,
)
from alongside.journey.services.errors import JourneyError

MAX_TEXT = 2000


def _text(field: str, value: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise JourneyError(field, _("Write a few words here."))
    if len(value) > limit:
        raise JourneyError(field, _("Keep this to %(n)d characters.") % {"n": limit})
    return value


# ----------------------------------------------------------------------------------------------
# Relapse-prevention plan


@transaction.atomic
def add_trigger(*, member: User, kind: str, name: str) -> Trigger:
    if kind not in TriggerKind.values:
        raise JourneyError("kind", _("Choose people, places, things or feelings."))
    return Trigger.objects.create(member=member, kind=kind, name=_text("name", name, limit=200))


@transaction.atomic
def remove_trigger(*, trigger: Trigger) -> None:
    """Take a trigger off the list. Past check-ins that named it keep it."""
    Trigger.objects.filter(pk=trigger.pk).update(archived_at=timezone.now())


def _own_triggers(member: User, trigger_ids: Iterable[int]) -> list[Trigger]:
    wanted = {int(i) for i in trigger_ids}
    found = list(Trigger.objects.for_member(member).live().filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise JourneyError(
            "triggers",
            _("A trigger you chose is no longer on your list. Choose again from your list."),
        )
    return found


@transaction.atomic
def add_coping_strategy(
    *, member: User, text: str, trigger_ids: Iterable[int] = ()
) -> CopingStrategy:
    """A coping strategy, linked to the triggers it helps with."""
    triggers = _own_triggers(member, trigger_ids)
    strategy = CopingStrategy.objects.create(member=member, text=_text("text", text, limit=500))
    strategy.triggers.set(triggers)
    return strategy


@transaction.atomic
def link_coping_strategy(*, strategy: CopingStrategy, trigger_ids: Iterable[int]) -> CopingStrategy:
    strategy.triggers.set(_own_triggers(strategy.member, trigger_ids))
    return strategy


@transaction.atomic
def remove_coping_strategy(*, strategy: CopingStrategy) -> None:
    CopingStrategy.objects.filter(pk=strategy.pk).update(archived_at=timezone.now())


@transaction.atomic
def add_warning_sign(
    *, member: User, text: str, condition: str = WarningCondition.SUBSTANCE_USE
) -> WarningSign:
    """An early warning sign; for dual recovery, of the substance use or of the mental-health
    condition (`condition`, a WarningCondition)."""
    if condition not in WarningCondition.values:
        raise JourneyError("condition", _("Choose substance use or mental health."))
    return WarningSign.objects.create(
        member=member, text=_text("text", text, limit=500), condition=condition
    )


@transaction.atomic
def add_support_contact(
    *, member: User, name: str, phone: str, relationship: str = ""
) -> SupportContact:
    """Someone to call or text; the number needs at least three digits to dial."""
    phone = _text("phone", phone, limit=40)
    if sum(ch.isdigit() for ch in phone) < 3 or any(ch not in "0123456789+-(). " for ch in phone):
        raise JourneyError(
            "phone", _("Enter a phone number with digits, for example 555-0142 or +1 312 555 0142.")
        )
    return SupportContact.objects.create(
        member=member,
        name=_text("name", name, limit=100),
        phone=phone,
        relationship=_text("relationship", relationship, required=False, limit=100),
    )


@transaction.atomic
def add_if_then_plan(*, member: User, if_text: str, then_text: str) -> IfThenPlan:
    return IfThenPlan.objects.create(
        member=member,
        if_text=_text("if_text", if_text, limit=500),
        then_text=_text("then_text", then_text, limit=500),
    )


@transaction.atomic
def remove_plan_item(*, item: WarningSign | SupportContact | IfThenPlan) -> None:
    """Delete a warning sign, contact or if-then plan (nothing else points at them)."""
    type(item).objects.filter(pk=item.pk).delete()


# ----------------------------------------------------------------------------------------------
# Safety plan


SAFETY_FIELDS = tuple(name for name, _h, _p in SafetyPlan.SECTIONS)


@transaction.atomic
def save_safety_plan(*, member: User, **sections: str) -> SafetyPlan:
    """Save the sections given (others keep their words). Every section may stay empty."""
    unknown = set(sections) - set(SAFETY_FIELDS)
    if unknown:
        raise JourneyError(sorted(unknown)[0], _("The safety plan has no such section."))
    plan, _created = SafetyPlan.objects.select_for_update().get_or_create(member=member)
    for name, value in sections.items():
        setattr(plan, name, _text(name, value, required=False, limit=4000))
    plan.updated_at = timezone.now()
    plan.save()
    return plan


def safety_plan_for(member: User) -> SafetyPlan:
    """The member's plan, or an empty unsaved one."""
    return SafetyPlan.objects.filter(member=member).first() or SafetyPlan(member=member)


# ----------------------------------------------------------------------------------------------
# Recovery goals


def _check_goal(domain: str, status: str, target_on: datetime.date | None, member: User) -> None:
    if domain not in Domain.values:
        raise JourneyError("domain", _("Choose an area of life."))
    if status not in GoalStatus.values:
        raise JourneyError("status", _("Choose how far along it is."))
    if target_on is not None and target_on.year > member.local_today().year + 20:
        raise JourneyError("target_on", _("Choose a target date within the next twenty years."))


def _note_change(
    goal: RecoveryGoal,
    by: User | None,
    kind: str,
    *,
    step: GoalStep | None = None,
    fields: Iterable[str] = (),
) -> GoalChange | None:
    """When someone other than the member changed their goal (a peer specialist they share
    their plans with), keep who changed what for the goal's page and tell the member. The
    caller checked that person's consent."""
    if by is None or by.pk == goal.member_id:
        return None
    change = GoalChange.objects.create(
        goal=goal, step=step, member=goal.member, by=by, kind=kind, fields=sorted(fields)
    )
    from alongside.notifications.services import notify

    member = goal.member
    with translation.override(member.language):
        words = {
            GoalChangeKind.ADDED_GOAL: _("%(name)s added a goal to your plan: “%(goal)s”."),
            GoalChangeKind.CHANGED_GOAL: _("%(name)s changed your goal “%(goal)s”."),
            GoalChangeKind.ADDED_STEP: _("%(name)s added a step to “%(goal)s”: %(step)s."),
            GoalChangeKind.STEP_DONE: _("%(name)s marked a step of “%(goal)s” done: %(step)s."),
            GoalChangeKind.STEP_NOT_DONE: _(
                "%(name)s marked a step of “%(goal)s” not done: %(step)s."
            ),
        }
        notify(
            user=member,
            kind="goal_change",
            # The title reaches lock screens and e-mail: it names no one and no goal.
            title=_("A change to one of your recovery goals"),
            body=words[GoalChangeKind(kind)]
            % {
                "name": by.display_name,
                "goal": goal.title,
                "step": step.text if step is not None else "",
            },
            url=reverse("journey:goal", args=[goal.pk]),
            dedupe_key=f"goal-change-{change.pk}",
        )
    return change


@transaction.atomic
def add_goal(
    *,
    member: User,
    domain: str,
    title: str,
    why: str = "",
    target_on: datetime.date | None = None,
    status: str = GoalStatus.NOT_STARTED,
    by: User | None = None,
) -> RecoveryGoal:
    """Add a goal to the member's plan. `by`: who added it when not the member (recorded, and
    the member told)."""
    _check_goal(domain, status, target_on, member)
    goal = RecoveryGoal.objects.create(
        member=member,
        domain=domain,
        title=_text("title", title, limit=300),
        why=_text("why", why, required=False),
        target_on=target_on,
        status=status,
    )
    _note_change(goal, by, GoalChangeKind.ADDED_GOAL)
    return goal


GOAL_EDITABLE = {"domain", "title", "why", "target_on", "status"}


@transaction.atomic
def update_goal(*, goal: RecoveryGoal, by: User | None = None, **changes: object) -> RecoveryGoal:
    """Change a goal's words, area, target date or progress (the member marks progress).
    `by`: who changed it when not the member (recorded with the fields that changed, and the
    member told)."""
    unknown = set(changes) - GOAL_EDITABLE
    if unknown:
        raise JourneyError(sorted(unknown)[0], _("This cannot be changed."))
    values = {name: getattr(goal, name) for name in GOAL_EDITABLE} | changes
    _check_goal(values["domain"], values["status"], values["target_on"], goal.member)
    if "title" in changes:
        changes["title"] = _text("title", str(changes["title"]), limit=300)
    if "why" in changes:
        changes["why"] = _text("why", str(changes["why"] or ""), required=False)
    changed = [name for name, value in changes.items() if getattr(goal, name) != value]
    for name, value in changes.items():
        setattr(goal, name, value)
    goal.updated_at = timezone.now()
    goal.save(update_fields=[*changes, "updated_at"])
    if changed:
        _note_change(goal, by, GoalChangeKind.CHANGED_GOAL, fields=changed)
    return goal


@transaction.atomic
def delete_goal(*, goal: RecoveryGoal) -> None:
    goal.delete()


@transaction.atomic
def add_step(
    *,
    goal: RecoveryGoal,
    text: str,
    target_on: datetime.date | None = None,
    by: User | None = None,
) -> GoalStep:
    """`by`: who added the step when not the member (recorded, and the member told)."""
    step = GoalStep.objects.create(
        goal=goal, member=goal.member, text=_text("text", text, limit=300), target_on=target_on
    )
    _note_change(goal, by, GoalChangeKind.ADDED_STEP, step=step)
    return step


@transaction.atomic
def mark_step(*, step: GoalStep, done: bool, by: User | None = None) -> GoalStep:
    """Mark a step done today (member's local date) or not done. A goal whose steps are all done
    is not closed for the member: they say when a goal is reached. `by`: who marked it when
    not the member (recorded, and the member told)."""
    step.done_on = step.member.local_today() if done else None
    step.save(update_fields=["done_on"])
    goal = step.goal
    if done and goal.status == GoalStatus.NOT_STARTED:
        goal.status = GoalStatus.IN_PROGRESS
        goal.updated_at = timezone.now()
        goal.save(update_fields=["status", "updated_at"])
    kind = GoalChangeKind.STEP_DONE if done else GoalChangeKind.STEP_NOT_DONE
    _note_change(goal, by, kind, step=step)
    return step


def goal_changes(goal: RecoveryGoal) -> list[GoalChange]:
    """Who else changed the goal, newest first (for the member's goal page)."""
    return list(goal.changes.select_related("by", "step"))


@transaction.atomic
def delete_step(*, step: GoalStep) -> None:
    step.delete()

"""Assessment state changes: submitting and correcting administrations, safety routing,
schedules and their reminders, organizations' item wording."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.models import Membership, Organization, User
from alongside.accounts.roles import STAFF_ROLES, roles_of
from alongside.assessments.models import (
    Administration,
    AssessmentSchedule,
    Frequency,
    ItemWording,
    Mode,
    SafetyAlert,
)
from alongside.lib.errors import FieldError
from alongside.lib.instruments import INSTRUMENTS, Instrument, get, score
from alongside.lib.instruments.due import DueState, due_state
from alongside.lib.instruments.due import Frequency as FrequencyValue
from alongside.notifications.services import notify
from alongside.privacy import policy
from alongside.privacy.models import Action, ConsentGrant, Interface, Scope
from alongside.resources.crisis_lines import lines_for
from alongside.support.services import on_call_now, on_call_organizations


class AssessmentError(FieldError):
    """Assessment input that cannot be used (an unknown instrument, a correction without a
    reason, a schedule that starts too far away)."""


class AlertAlreadyWorked(AssessmentError):
    """A safety alert is not in the state the step needs: already acknowledged or closed, or
    not acknowledged yet (the API answers 409: the input was fine, the alert moved on)."""


def instrument_or_error(key: str) -> Instrument:
    try:
        return get(key)
    except KeyError:
        raise AssessmentError(
            "instrument", _("There is no instrument called “%(key)s”.") % {"key": key}
        ) from None


# ------------------------------------------------------------------ wording


def wording_organization(member: User, instrument: str) -> Organization | None:
    """Whose licensed wording the member sees: the organization that scheduled the instrument
    for them, else the first organization they belong to."""
    schedule = (
        AssessmentSchedule.objects.active()
        .for_member(member)
        .filter(instrument=instrument, organization__isnull=False)
        .select_related("organization")
        .first()
    )
    if schedule is not None:
        return schedule.organization
    membership = (
        Membership.objects.active().filter(user=member).select_related("organization").first()
    )
    return membership.organization if membership else None


def wording_for(organization: Organization | None, instrument: str) -> dict[str, str]:
    """Item key → the organization's own wording, for the items it has set."""
    if organization is None:
        return {}
    return dict(
        ItemWording.objects.filter(organization=organization, instrument=instrument).values_list(
            "item", "text"
        )
    )


@transaction.atomic
def set_wording(
    *, organization: Organization, instrument: str, texts: Mapping[str, str], by: User
) -> int:
    """Set (or, with blank text, remove) the organization's wording for items of an instrument
    whose default wording is a paraphrase. Returns how many items now have the organization's
    own wording. Raises AssessmentError for an instrument whose wording is free."""
    definition = instrument_or_error(instrument)
    if definition.licence.wording_free:
        raise AssessmentError(
            "instrument",
            _("The %(name)s's usual wording is already shown; there is nothing to set.")
            % {"name": definition.name},
        )
    for item in definition.questions:
        text = (texts.get(item.key) or "").strip()
        if text:
            ItemWording.objects.update_or_create(
                organization=organization,
                instrument=instrument,
                item=item.key,
                defaults={"text": text, "updated_by": by, "updated_at": timezone.now()},
            )
        else:
            ItemWording.objects.filter(
                organization=organization, instrument=instrument, item=item.key
            ).delete()
    return ItemWording.objects.filter(organization=organization, instrument=instrument).count()


# ------------------------------------------------------------------ administrations


def staff_organization(staff: User) -> Organization | None:
    """The organization a staff member acts for (their first staff role's)."""
    return next(
        (m.organization for m in roles_of(staff).memberships if m.role in STAFF_ROLES), None
    )


@transaction.atomic
def submit_administration(
    *,
    member: User,
    instrument: str,
    answers: Mapping[str, object],
    administered_by: User | None = None,
    corrects: Administration | None = None,
    correction_reason: str = "",
    taken_at: datetime.datetime | None = None,
    grant: ConsentGrant | None = None,
    interface: str = Interface.PAGE,
) -> Administration:
    """Score and store one completed instrument; raise the safety alert when a flag needs it.

    `administered_by` is the staff member who completed it with the member (None: the member
    alone); the caller has checked they may (access.access_member_to_administer) and passes the
    grant that allowed it, and the write is logged here with the new record. A correction
    names the administration it replaces and why; that one must be the member's latest version.
    Raises AnswersInvalid (from the scoring) or AssessmentError; stores nothing then.
    """
    definition = instrument_or_error(instrument)
    result = score(definition, answers)  # raises AnswersInvalid naming the items at fault
    staff = (
        administered_by if administered_by is not None and administered_by.pk != member.pk else None
    )
    if corrects is not None:
        corrects = _correctable(
            corrects, member=member, instrument=instrument, reason=correction_reason
        )
    organization = staff_organization(staff) if staff else wording_organization(member, instrument)
    schedule = (
        AssessmentSchedule.objects.active().for_member(member).filter(instrument=instrument).first()
    )
    administration = Administration(
        member=member,
        instrument=instrument,
        instrument_version=definition.version,
        mode=Mode.WITH_STAFF if staff else Mode.SELF,
        administered_by=staff,
        organization=organization,
        schedule=schedule,
        answers=result.answers,
        result=result.to_dict(),
        wording=wording_for(organization, instrument)
        if not definition.licence.wording_free
        else {},
        corrects=corrects,
        correction_reason=correction_reason.strip() if corrects else "",
        taken_at=corrects.taken_at if corrects else (taken_at or timezone.now()),
    )
    administration.save()
    if staff is not None:
        policy.log_access(
            actor=staff,
            member=member,
            scope=Scope.ASSESSMENTS,
            interface=interface,
            action=Action.WRITE,
            grant=grant,
            record=administration,
        )
    if result.needs_safety_follow_up:
        raise_safety_alert(
            administration=administration, raised_by=staff or member, interface=interface
        )
    return administration


def _correctable(
    original: Administration, *, member: User, instrument: str, reason: str
) -> Administration:
    locked = Administration.objects.select_for_update().get(pk=original.pk)
    if locked.member_id != member.pk or locked.instrument != instrument:
        raise AssessmentError(
            "corrects", _("A correction must be of the same member's same instrument.")
        )
    if locked.corrections.exists():
        raise AssessmentError(
            "corrects", _("This result was already corrected; correct the newest version instead.")
        )
    if not reason.strip():
        raise AssessmentError("correction_reason", _("Say in a few words what is being corrected."))
    return locked


# ------------------------------------------------------------------ safety routing


def care_team_for(member: User) -> list[tuple[User, policy.Decision]]:
    """Staff who may see the member's assessments now: named in, or holding the role of, an
    active grant of "assessments", with MFA on (the policy decides each one)."""
    candidates: dict[int, User] = {}
    for grant in ConsentGrant.objects.active().filter(member=member).select_related("grantee_user"):
        if Scope.ASSESSMENTS not in grant.scopes:
            continue
        if grant.grantee_user_id:
            candidates[grant.grantee_user_id] = grant.grantee_user
            continue
        for membership in (
            Membership.objects.active()
            .filter(
                organization_id=grant.grantee_organization_id,
                role=grant.grantee_role,
                user__is_active=True,
            )
            .select_related("user")
        ):
            candidates[membership.user_id] = membership.user
    team = []
    for user in candidates.values():
        if user.pk == member.pk or not roles_of(user).is_staff:
            continue
        decision = policy.decide(user, member, Scope.ASSESSMENTS)
        if decision:
            team.append((user, decision))
    return sorted(team, key=lambda pair: pair[0].pk)


def optional_url(name: str, *args: object, anchor: str = "") -> str:
    """A URL that another app may not provide yet (the journey's safety plan), or ""."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}#{anchor}" if anchor else url


def safety_resources(administration: Administration, viewer: User | None = None) -> dict | None:
    """What anyone looking at a flagged result sees first: crisis lines for the member's
    country, the help page, a safety plan, who was told and whether someone followed it up.

    The member gets their own safety plan; anyone else (`viewer`) gets the member's, and only
    while the member shares their plans with them.
    """
    if not administration.has_safety_flag:
        return None
    member = administration.member
    alert = (
        SafetyAlert.objects.filter(administration=administration)
        .select_related("acknowledged_by")
        .first()
    )
    if viewer is None or viewer.pk == member.pk:
        plan_url = optional_url("journey:safety-plan")
    elif policy.decide(viewer, member, Scope.PLANS):
        plan_url = optional_url("journey:member-plans", member.pk, anchor="h-safety_plan")
    else:
        plan_url = ""
    return {
        "lines": lines_for(member.country),
        "help_url": reverse("resources:help"),
        "safety_plan_url": plan_url,
        "notified": list(alert.notified.all()) if alert else [],
        "alert": alert,
    }


def raise_safety_alert(
    *, administration: Administration, raised_by: User, interface: str = Interface.PAGE
) -> SafetyAlert:
    """PHQ-9 item 9 above "not at all": tell the care team at once and log it.

    Every staff member holding the member's "assessments" consent gets an urgent in-app
    notification (pushed to open tabs after commit); staff without consent get nothing. The
    member's access log records the alert and each person it was disclosed to.
    """
    member = administration.member
    alert = SafetyAlert.objects.create(administration=administration, member=member)
    policy.log_access(
        actor=raised_by,
        member=member,
        scope=Scope.ASSESSMENTS,
        interface=interface,
        action=Action.WRITE,
        record=alert,
    )
    url = reverse("assessments:result", args=[administration.pk])
    for user, decision in care_team_for(member):
        with translation.override(user.language):
            _notify_care_team_member(user, member, url, alert)
        alert.notified.add(user)
        policy.log_access(
            actor=user,
            member=member,
            scope=Scope.ASSESSMENTS,
            interface=Interface.TASK,
            action=Action.READ,
            grant=decision.grant,
            record=alert,
        )
    _schedule_escalation(alert)
    if raised_by.pk != member.pk:
        with translation.override(member.language):
            notify(
                user=member,
                kind="assessment_safety_member",
                dedupe_key=f"assessment-safety-member:{alert.pk}",
                title=_("Support is here whenever you need it"),
                body=_("Crisis lines for your country are on the Need help now page, any time."),
                url=reverse("resources:help"),
                urgent=True,
            )
    return alert


@transaction.atomic
def acknowledge_safety_alert(
    *, alert: SafetyAlert, staff: User, note: str, interface: str = Interface.PAGE
) -> SafetyAlert:
    """A care-team member says they have followed the alert up, with a note of what they did.

    Precondition: `staff` came through access.access_safety_alert_to_acknowledge. The first
    acknowledgement stands (a second answers AssessmentError, so nobody's note is overwritten);
    the member's access log records it. Raises AssessmentError for an empty or long note.
    """
    note = note.strip()
    if not note:
        raise AssessmentError("note", _("Say briefly how you followed it up."))
    if len(note) > 1000:
        raise AssessmentError("note", _("Keep the note under 1000 characters."))
    alert = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.acknowledged_at is not None:
        raise AlertAlreadyWorked(
            "note", _("Someone on the care team has already followed this up.")
        )
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = staff
    alert.acknowledgement_note = note
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note"])
    policy.log_access(
        actor=staff,
        member=alert.member,
        scope=Scope.ASSESSMENTS,
        interface=interface,
        action=Action.WRITE,
        record=alert,
    )
    return alert


@transaction.atomic
def close_safety_alert(
    *, alert: SafetyAlert, staff: User, note: str, interface: str = Interface.PAGE
) -> SafetyAlert:
    """Close an acknowledged alert with a note of how it ended (the member is safe, a plan was
    made, they were referred on).

    Precondition: `staff` may act on the alert (they hold the member's "assessments" consent
    with MFA; the caller's access function checked). Raises AssessmentError for an empty or
    long note, AlertAlreadyWorked for an alert not acknowledged yet or already closed (nothing
    changes then); the member's access log records the closing."""
    note = note.strip()
    if not note:
        raise AssessmentError("note", _("Say briefly how the alert was followed up and closed."))
    if len(note) > 1000:
        raise AssessmentError("note", _("Keep the note under 1000 characters."))
    alert = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.closed_at is not None:
        raise AlertAlreadyWorked("note", _("This alert is already closed."))
    if alert.acknowledged_at is None:
        raise AlertAlreadyWorked(
            "note", _("Acknowledge the alert first, saying how you are following it up.")
        )
    alert.closed_at = timezone.now()
    alert.closed_by = staff
    alert.closing_note = note
    alert.save(update_fields=["closed_at", "closed_by", "closing_note"])
    policy.log_access(
        actor=staff,
        member=alert.member,
        scope=Scope.ASSESSMENTS,
        interface=interface,
        action=Action.WRITE,
        record=alert,
    )
    return alert


# ------------------------------------------------------------------ escalation


def escalation_due_at(alert: SafetyAlert) -> datetime.datetime:
    """When an alert nobody acknowledged goes to the on-call people."""
    return alert.raised_at + datetime.timedelta(minutes=settings.ALERT_ESCALATE_MINUTES)


def _schedule_escalation(alert: SafetyAlert) -> None:
    """Queue the alert's escalation for the moment it falls due (after the commit). The
    worker's run finds nothing to do if someone acknowledged it by then; the
    `escalate_safety_alerts` command catches any alert whose queued run was lost."""
    from alongside.assessments.tasks import escalate_safety_alert as task

    due = escalation_due_at(alert).astimezone(datetime.UTC)
    transaction.on_commit(lambda: task.using(run_after=due).enqueue(alert_id=alert.pk))


def alert_organizations(alert: SafetyAlert) -> list[Organization]:
    """Whose on-call rota an escalation goes to: the organization the result was taken with,
    then every organization the member belongs to as a member."""
    found: dict[int, Organization] = {}
    if alert.administration.organization is not None:
        found[alert.administration.organization.pk] = alert.administration.organization
    for organization in on_call_organizations(alert.member):
        found.setdefault(organization.pk, organization)
    return list(found.values())


@transaction.atomic
def escalate_safety_alert(*, alert_id: int, now: datetime.datetime | None = None) -> str:
    """Escalate one alert nobody acknowledged in time, once: whoever is on call now at each of
    `alert_organizations` gets an urgent notice, and the care team it was raised to hears that
    it was escalated (or that nobody is on call). Returns what happened: "escalated",
    "acknowledged" (someone is on it, or it is closed), "already" (escalated before: a task run
    twice does nothing twice), "not_yet" (its time has not come) or "gone".

    The on-call person is named the member only when the member shares their assessments with
    them (and that disclosure is logged); anyone else hears that an alert at their organization
    waits, and which care-team members to reach."""
    now = now or timezone.now()
    alert = (
        SafetyAlert.objects.select_for_update(of=("self",))
        .filter(pk=alert_id)
        .select_related("member", "administration__organization")
        .first()
    )
    if alert is None or not alert.member.is_active:
        return "gone"
    if alert.acknowledged_at is not None or alert.closed_at is not None:
        return "acknowledged"
    if alert.escalated_at is not None:
        return "already"
    if now < escalation_due_at(alert):
        return "not_yet"
    alert.escalated_at = now
    alert.save(update_fields=["escalated_at"])
    # The people it was raised to, while they still hold the member's consent.
    team = [
        user
        for user in alert.notified.filter(is_active=True)
        if policy.decide(user, alert.member, Scope.ASSESSMENTS)
    ]
    on_call: dict[int, tuple[User, Organization]] = {}
    for organization in alert_organizations(alert):
        shift = on_call_now(organization, now)
        if shift is not None and shift.person_id != alert.member_id:
            on_call.setdefault(shift.person_id, (shift.person, organization))
    for person, organization in on_call.values():
        alert.escalated_to.add(person)
        with translation.override(person.language):
            _notify_on_call(person, organization, alert, team)
    for user in team:
        if user.pk in on_call:
            continue  # told already, as the person on call
        with translation.override(user.language):
            _notify_team_of_escalation(user, alert, [p for p, _org in on_call.values()])
    return "escalated"


def escalate_overdue_safety_alerts(*, now: datetime.datetime | None = None) -> int:
    """Escalate every alert that waited past its time with nobody acknowledging it (the
    command's sweep, for alerts whose queued escalation was lost). Returns how many."""
    now = now or timezone.now()
    waited_since = now - datetime.timedelta(minutes=settings.ALERT_ESCALATE_MINUTES)
    overdue = list(
        SafetyAlert.objects.open()
        .filter(
            acknowledged_at__isnull=True,
            escalated_at__isnull=True,
            raised_at__lte=waited_since,
        )
        .values_list("pk", flat=True)
    )
    return sum(escalate_safety_alert(alert_id=pk, now=now) == "escalated" for pk in overdue)


def _notify_on_call(
    person: User, organization: Organization, alert: SafetyAlert, team: list[User]
) -> None:
    member = alert.member
    decision = policy.decide(person, member, Scope.ASSESSMENTS)
    minutes = settings.ALERT_ESCALATE_MINUTES
    if decision:
        body = _(
            "%(name)s answered PHQ-9 item 9 (thoughts of being better off dead or of self-harm) "
            "above “not at all” %(minutes)d minutes ago, and nobody on their care team has "
            "acknowledged it. You are on call: follow your organization's protocol now."
        ) % {"name": member.display_name, "minutes": minutes}
        url = reverse("assessments:result", args=[alert.administration_id])
        policy.log_access(
            actor=person,
            member=member,
            scope=Scope.ASSESSMENTS,
            interface=Interface.TASK,
            action=Action.READ,
            grant=decision.grant,
            record=alert,
        )
    else:
        # They hold no consent to read it: they hear that it waits, and whom to reach.
        body = _(
            "A safety alert for someone at %(org)s has waited %(minutes)d minutes with nobody "
            "on their care team acknowledging it. You are on call: reach the care team now "
            "(%(team)s)."
        ) % {
            "org": organization.name,
            "minutes": minutes,
            "team": ", ".join(str(u.display_name) for u in team) or _("nobody was told"),
        }
        url = ""
    notify(
        user=person,
        kind="safety_alert_escalated",
        title=_("A safety alert is waiting for follow-up"),
        body=body,
        url=url,
        dedupe_key=f"safety-alert-escalated:{alert.pk}",
        urgent=True,
        about=member,
    )


def _notify_team_of_escalation(user: User, alert: SafetyAlert, on_call: list[User]) -> None:
    if on_call:
        body = _(
            "Nobody acknowledged %(name)s's PHQ-9 safety alert in %(minutes)d minutes; it went "
            "to %(people)s, on call. Acknowledge it as soon as you take it on."
        ) % {
            "name": alert.member.display_name,
            "minutes": settings.ALERT_ESCALATE_MINUTES,
            "people": ", ".join(str(p.display_name) for p in on_call),
        }
    else:
        body = _(
            "Nobody acknowledged %(name)s's PHQ-9 safety alert in %(minutes)d minutes, and "
            "nobody is on call to take it. Please follow it up now."
        ) % {"name": alert.member.display_name, "minutes": settings.ALERT_ESCALATE_MINUTES}
    notify(
        user=user,
        kind="safety_alert_escalated",
        title=_("A safety alert is still waiting for follow-up"),
        body=body,
        url=reverse("assessments:result", args=[alert.administration_id]),
        dedupe_key=f"safety-alert-escalated-team:{alert.pk}",
        urgent=True,
        about=alert.member,
    )


def _notify_care_team_member(user: User, member: User, url: str, alert: SafetyAlert) -> None:
    # The title is stored in plain text, so the member's name and the detail go in the
    # encrypted body.
    notify(
        user=user,
        kind="assessment_safety",
        title=_("A PHQ-9 safety answer needs follow-up today"),
        body=_(
            "%(name)s answered PHQ-9 item 9 (thoughts of being better off dead or of self-harm) "
            "above “not at all”. Follow your organization's protocol for a further suicide-risk "
            "assessment by a competent person."
        )
        % {"name": member.display_name},
        url=url,
        dedupe_key=f"assessment-safety:{alert.pk}",
        urgent=True,
        about=member,
    )


# ------------------------------------------------------------------ schedules


def schedule_organization(member: User, set_by: User) -> Organization | None:
    return None if set_by.pk == member.pk else staff_organization(set_by)


@transaction.atomic
def set_schedule(
    *,
    member: User,
    instrument: str,
    frequency: str,
    starts_on: datetime.date,
    set_by: User,
    grant: ConsentGrant | None = None,
    interface: str = Interface.PAGE,
) -> AssessmentSchedule:
    """Ask the member to complete an instrument from `starts_on` at a frequency. A schedule for
    the same instrument that is already running is ended and replaced. Staff who set one are
    logged (the caller checked their consent). Raises AssessmentError for bad input."""
    definition = instrument_or_error(instrument)
    if frequency not in Frequency.values:
        raise AssessmentError("frequency", _("Choose how often."))
    today = member.local_today()
    if starts_on < today - datetime.timedelta(days=366):
        raise AssessmentError("starts_on", _("The first date can be at most a year ago."))
    if starts_on > today + datetime.timedelta(days=366):
        raise AssessmentError("starts_on", _("The first date can be at most a year from now."))
    now = timezone.now()
    for running in (
        AssessmentSchedule.objects.select_for_update()
        .active()
        .for_member(member)
        .filter(instrument=instrument)
    ):
        running.ended_at, running.ended_by = now, set_by
        running.save(update_fields=["ended_at", "ended_by"])
    schedule = AssessmentSchedule.objects.create(
        member=member,
        instrument=definition.key,
        frequency=frequency,
        starts_on=starts_on,
        organization=schedule_organization(member, set_by),
        set_by=set_by,
    )
    if set_by.pk != member.pk:
        policy.log_access(
            actor=set_by,
            member=member,
            scope=Scope.ASSESSMENTS,
            interface=interface,
            action=Action.WRITE,
            grant=grant,
            record=schedule,
        )
    return schedule


@transaction.atomic
def end_schedule(
    *,
    schedule: AssessmentSchedule,
    by: User,
    grant: ConsentGrant | None = None,
    interface: str = Interface.PAGE,
) -> bool:
    """Stop a schedule (it stays in the history). False if it had already ended."""
    locked = AssessmentSchedule.objects.select_for_update().get(pk=schedule.pk)
    if locked.ended_at is not None:
        return False
    locked.ended_at, locked.ended_by = timezone.now(), by
    locked.save(update_fields=["ended_at", "ended_by"])
    if by.pk != locked.member_id:
        policy.log_access(
            actor=by,
            member=locked.member,
            scope=Scope.ASSESSMENTS,
            interface=interface,
            action=Action.WRITE,
            grant=grant,
            record=locked,
        )
    schedule.ended_at = locked.ended_at
    return True


@dataclass(frozen=True)
class DueAssessment:
    schedule: AssessmentSchedule
    instrument: Instrument
    state: DueState
    last_done_on: datetime.date | None

    @property
    def is_due(self) -> bool:
        return self.state.is_due


def last_done_dates(member: User) -> dict[str, datetime.date]:
    """Instrument → the member's local date of their latest administration of it."""
    latest = (
        Administration.objects.for_member(member)
        .values("instrument")
        .annotate(last=Max("taken_at"))
    )
    return {row["instrument"]: row["last"].astimezone(member.zone).date() for row in latest}


def due_for(member: User, today: datetime.date | None = None) -> list[DueAssessment]:
    """Every running schedule of the member with its state, the due ones first (two queries,
    one when there is no schedule)."""
    schedules = list(AssessmentSchedule.objects.active().for_member(member))
    if not schedules:  # most members: one query
        return []
    today = today or member.local_today()
    done = last_done_dates(member)
    found = []
    for schedule in schedules:
        if schedule.instrument not in INSTRUMENTS:
            continue
        state = due_state(
            schedule.starts_on,
            FrequencyValue(schedule.frequency),
            today,
            done.get(schedule.instrument),
        )
        found.append(
            DueAssessment(schedule, schedule.definition, state, done.get(schedule.instrument))
        )
    return sorted(
        found, key=lambda d: (not d.is_due, d.state.next_on or datetime.date.max, d.instrument.key)
    )


@transaction.atomic
def remind_if_due(*, schedule_id: int) -> bool:
    """Send the member one reminder per due occurrence of a schedule (never twice)."""
    schedule = (
        AssessmentSchedule.objects.select_for_update()
        .active()
        .filter(pk=schedule_id, member__is_active=True)
        .select_related("member")
        .first()
    )
    if schedule is None or schedule.instrument not in INSTRUMENTS:
        return False
    member = schedule.member
    done = last_done_dates(member).get(schedule.instrument)
    state = due_state(
        schedule.starts_on, FrequencyValue(schedule.frequency), member.local_today(), done
    )
    if not state.is_due or schedule.reminded_for_on == state.due_since:
        return False
    with translation.override(member.language):
        notify(
            user=member,
            kind="assessment_due",
            title=_("Your %(name)s is ready when you are") % {"name": _(schedule.definition.name)},
            body=_(
                "It takes a few minutes. Your answers help you, and anyone you choose to share them with, see how things are going."
            ),
            url=reverse("assessments:take", args=[schedule.instrument]),
            dedupe_key=f"assessment-due:{schedule.pk}:{state.due_since}",
        )
    schedule.reminded_for_on = state.due_since
    schedule.save(update_fields=["reminded_for_on"])
    return True

"""Rules for the support circle, SOS, "having a hard day" and on-call rotas.

Page views and the API both call these. Everything that leaves the process (a notice, a live
update, a queued escalation) waits for the transaction to commit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.notifications.services import notify, push_to_user
from alongside.privacy import policy
from alongside.support.models import (
    ENCOURAGEMENT_MAX,
    ESCALATION_MINUTE_CHOICES,
    HANDOVER_MAX,
    HARD_DAY_NOTE_MAX,
    AlertRecipient,
    AlertStatus,
    CircleAnswer,
    CircleMember,
    Encouragement,
    EventKind,
    HardDay,
    OnCallShift,
    Response,
    SosAlert,
    SosEvent,
    SupportSettings,
)


class AlertClosed(Exception):
    """The SOS was already ended by the member: nothing to answer."""


# ---------------------------------------------------------------- the circle


def circle_candidates(member: User) -> list[User]:
    """People the member may choose: those they already share something with (a consent grant
    naming them, or a role grant reaching them), not yet chosen. Nobody else can be chosen, so
    the circle only ever holds people the member already let into their recovery."""
    chosen = set(CircleMember.objects.filter(member=member).values_list("person_id", flat=True))
    return [p for p in policy.people_member_shares_with(member) if p.pk not in chosen]


def circle_of(member: User) -> list[CircleMember]:
    return list(CircleMember.objects.filter(member=member).select_related("person"))


@transaction.atomic
def choose_person(*, member: User, person_id: int) -> CircleMember:
    """Add someone to the end of the member's circle and tell them they were chosen.

    Raises ValidationError (field "person") when they are not someone the member shares with.
    """
    person = next((p for p in circle_candidates(member) if p.pk == person_id), None)
    if person is None:
        raise ValidationError(
            {"person": _("Choose someone you already share with (they are listed here).")}
        )
    last = CircleMember.objects.filter(member=member).aggregate(m=Max("position"))["m"] or 0
    entry = CircleMember.objects.create(member=member, person=person, position=last + 1)
    notify(
        user=person,
        kind="support_chosen",
        title=_("Someone chose you for their support circle"),
        body=_(
            "%(name)s chose you as someone to alert if they press SOS or have a hard day. "
            "You can decline."
        )
        % {"name": member.display_name},
        url=reverse("support:chosen"),
        dedupe_key=f"support-chosen-{entry.pk}",
        about=member,
    )
    return entry


@transaction.atomic
def add_agreed_person(
    *, member: User, person: User, gets_sos: bool, gets_hard_days: bool
) -> CircleMember:
    """Put in the member's circle someone who has already said yes: an ally who accepted the
    member's invitation, which named these signals (alongside/family). No "you were chosen"
    notice, since they chose it themselves. Someone already in the circle keeps their place and
    gets these signals; they can still decline at any time, like anyone chosen."""
    now = timezone.now()
    entry = CircleMember.objects.select_for_update().filter(member=member, person=person).first()
    if entry is None:
        last = CircleMember.objects.filter(member=member).aggregate(m=Max("position"))["m"] or 0
        return CircleMember.objects.create(
            member=member,
            person=person,
            position=last + 1,
            gets_sos=gets_sos,
            gets_hard_days=gets_hard_days,
            answer=CircleAnswer.ACCEPTED,
            answered_at=now,
        )
    entry.gets_sos, entry.gets_hard_days = gets_sos, gets_hard_days
    entry.answer, entry.answered_at = CircleAnswer.ACCEPTED, now
    entry.save(update_fields=["gets_sos", "gets_hard_days", "answer", "answered_at"])
    return entry


@transaction.atomic
def update_circle_member(
    *,
    entry: CircleMember,
    gets_sos: bool | None = None,
    gets_hard_days: bool | None = None,
    move: str = "",
) -> CircleMember:
    """Change what one chosen person receives, or move them up or down the order."""
    entry = CircleMember.objects.select_for_update().get(pk=entry.pk)
    fields = []
    if gets_sos is not None:
        entry.gets_sos = gets_sos
        fields.append("gets_sos")
    if gets_hard_days is not None:
        entry.gets_hard_days = gets_hard_days
        fields.append("gets_hard_days")
    if fields:
        entry.save(update_fields=fields)
    if move in ("up", "down"):
        order = list(CircleMember.objects.filter(member=entry.member_id).order_by("position", "id"))
        index = next(i for i, e in enumerate(order) if e.pk == entry.pk)
        other = index - 1 if move == "up" else index + 1
        if 0 <= other < len(order):
            order[index], order[other] = order[other], order[index]
        for position, row in enumerate(order, start=1):
            if row.position != position:
                row.position = position
                row.save(update_fields=["position"])
        entry.refresh_from_db()
    return entry


@transaction.atomic
def remove_from_circle(*, entry: CircleMember) -> None:
    entry.delete()


@transaction.atomic
def answer_circle(*, entry: CircleMember, accept: bool) -> CircleMember:
    """The chosen person agrees or declines. A decline stops every alert to them at once."""
    entry.answer = CircleAnswer.ACCEPTED if accept else CircleAnswer.DECLINED
    entry.answered_at = timezone.now()
    entry.save(update_fields=["answer", "answered_at"])
    if not accept:
        notify(
            user=entry.member,
            kind="support_declined",
            title=_("Someone you chose for your circle declined"),
            body=_(
                "%(name)s will not receive your SOS or hard-day alerts. You can choose someone else."
            )
            % {"name": entry.person.display_name},
            url=reverse("support:circle"),
            dedupe_key=f"support-declined-{entry.pk}-{int(entry.answered_at.timestamp())}",
        )
    return entry


def settings_for(member: User) -> SupportSettings:
    return SupportSettings.objects.filter(member=member).first() or SupportSettings(member=member)


def on_call_organizations(member: User) -> list[Organization]:
    """Organizations where the person is a member: the ones whose on-call they may opt into."""
    return [
        m.organization
        for m in Membership.objects.active()
        .filter(user=member, role=Role.MEMBER)
        .select_related("organization")
    ]


@transaction.atomic
def save_settings(
    *, member: User, escalate_after_minutes: int, on_call_organization_id: int | None
) -> SupportSettings:
    """Raises ValidationError naming the field for a wait not offered or an organization the
    member does not belong to."""
    errors = {}
    if escalate_after_minutes not in ESCALATION_MINUTE_CHOICES:
        errors["escalate_after_minutes"] = _("Choose one of: %(choices)s minutes.") % {
            "choices": ", ".join(str(c) for c in ESCALATION_MINUTE_CHOICES)
        }
    organization = None
    if on_call_organization_id is not None:
        organization = next(
            (o for o in on_call_organizations(member) if o.pk == on_call_organization_id), None
        )
        if organization is None:
            errors["on_call_organization"] = _("Choose an organization you are a member of.")
    if errors:
        raise ValidationError(errors)
    found, _created = SupportSettings.objects.update_or_create(
        member=member,
        defaults={
            "escalate_after_minutes": escalate_after_minutes,
            "on_call_organization": organization,
        },
    )
    return found


# ---------------------------------------------------------------- SOS


def _log(alert: SosAlert, kind: str, person: User | None = None, response: str = "") -> None:
    SosEvent.objects.create(alert=alert, kind=kind, person=person, response=response)


def _update_member_page(alert: SosAlert) -> None:
    """Tell the member's open SOS page that something changed (it also checks on its own)."""
    push_to_user(
        user_id=alert.member_id, payload={"kind": "sos_update", "alert": alert.pk, "title": ""}
    )


def _schedule_escalation(alert: SosAlert) -> None:
    from alongside.support.tasks import escalate_sos

    due = alert.next_escalation_at
    if due is None:
        return
    step = alert.step
    transaction.on_commit(
        lambda: escalate_sos.using(run_after=due.astimezone(datetime.UTC)).enqueue(
            alert_id=alert.pk, step=step
        )
    )


def open_alert(member: User) -> SosAlert | None:
    return SosAlert.objects.filter(member=member, status=AlertStatus.OPEN).first()


@transaction.atomic
def start_sos(*, member: User) -> SosAlert:
    """One press of SOS: alert the first person of the circle now and queue the next step.

    Pressing again while an SOS is open returns that one (nobody is alerted twice). With nobody
    chosen the SOS still starts (the member's page shows crisis lines and asks them to choose
    people), and goes straight to the on-call peer specialist if the member opted in.
    """
    # Lock the member's row so two quick presses make one SOS.
    User.objects.select_for_update().filter(pk=member.pk).first()
    existing = open_alert(member)
    if existing is not None:
        return existing
    prefs = settings_for(member)
    alert = SosAlert.objects.create(
        member=member,
        escalate_after_minutes=prefs.escalate_after_minutes,
        on_call_organization=prefs.on_call_organization,
    )
    _log(alert, EventKind.STARTED)
    if not CircleMember.objects.filter(member=member, gets_sos=True).reachable().exists():
        _log(alert, EventKind.NO_CIRCLE)
    _advance(alert)
    _schedule_escalation(alert)
    return alert


def _alert_person(alert: SosAlert, person: User, *, on_call: bool) -> None:
    AlertRecipient.objects.get_or_create(
        alert=alert, person=person, defaults={"is_on_call": on_call}
    )
    notify(
        user=person,
        kind="sos",
        title=_("SOS: someone you support needs help now"),
        body=(
            _("%(name)s pressed SOS. The peer specialist on call is being asked to answer.")
            if on_call
            else _("%(name)s pressed SOS and chose you to be told. Please answer now.")
        )
        % {"name": alert.member.display_name},
        url=reverse("support:alert", args=[alert.pk]),
        dedupe_key=f"sos-{alert.pk}",
        urgent=True,
        about=alert.member,
    )


def _advance(alert: SosAlert) -> None:
    """Alert the next person: the next of the circle in order, then (when the member opted in)
    whoever is on call now; when nobody is left, say so. Caller holds the alert's row."""
    reached = set(alert.recipients.values_list("person_id", flat=True))
    following = (
        CircleMember.objects.filter(member=alert.member, gets_sos=True)
        .reachable()
        .exclude(person_id__in=reached)
        .select_related("person")
        .first()
    )
    if following is not None:
        _alert_person(alert, following.person, on_call=False)
        _log(alert, EventKind.ESCALATED if reached else EventKind.ALERTED, following.person)
        alert.step += 1
    elif (
        alert.on_call_organization_id is not None
        and not alert.recipients.filter(is_on_call=True).exists()
    ):
        shift = on_call_now(alert.on_call_organization, timezone.now())  # type: ignore[arg-type]  # checked above
        if shift is not None and shift.person_id not in reached:
            _alert_person(alert, shift.person, on_call=True)
            _log(alert, EventKind.ON_CALL, shift.person)
        elif shift is None:
            _log(alert, EventKind.NOBODY_ON_CALL)
            notify(
                user=alert.member,
                kind="sos_nobody_on_call",
                title=_("Nobody is on call right now"),
                body=_("Please use a crisis line on your SOS page: they answer at any hour."),
                url=reverse("support:sos", args=[alert.pk]),
                dedupe_key=f"sos-{alert.pk}-nobody-on-call",
                urgent=True,
            )
        alert.step += 1
        alert.is_exhausted = True
    else:
        if reached:
            _log(alert, EventKind.EXHAUSTED)
        alert.is_exhausted = True
    alert.save(update_fields=["step", "is_exhausted"])
    _update_member_page(alert)


@transaction.atomic
def escalate_sos(*, alert_id: int, step: int) -> str:
    """Run by the worker when the wait after `step` people is over. Returns what happened:
    "escalated", "answered" (someone acknowledged or the member cancelled), "already" (this
    step ran before: a task run twice does nothing twice) or "gone"."""
    alert = SosAlert.objects.select_for_update().filter(pk=alert_id).first()
    if alert is None or not alert.member.is_active:
        return "gone"
    if not alert.is_open:
        return "answered"
    if alert.step != step or alert.is_exhausted:
        return "already"
    _advance(alert)
    _schedule_escalation(alert)
    return "escalated"


@transaction.atomic
def acknowledge(*, alert: SosAlert, person: User, response: str) -> SosAlert:
    """Someone alerted answers. The first answer is what the member's page leads with; a
    later one is logged and shown too. Raises AlertClosed when the member said they are OK,
    ValidationError (field "response") for an answer not offered."""
    if response not in Response.values:
        raise ValidationError({"response": _("Choose how you are answering.")})
    alert = SosAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == AlertStatus.CANCELLED:
        raise AlertClosed(_("%(name)s said they are OK now.") % {"name": alert.member.display_name})
    now = timezone.now()
    if alert.acknowledged_by_id is None:
        alert.status = AlertStatus.ACKNOWLEDGED
        alert.acknowledged_by = person
        alert.response = response
        alert.acknowledged_at = now
        alert.save(update_fields=["status", "acknowledged_by", "response", "acknowledged_at"])
    _log(alert, EventKind.ACKNOWLEDGED, person, response)
    words = {"name": person.display_name, "how": Response(response).label}
    notify(
        user=alert.member,
        kind="sos_acknowledged",
        title=_("Someone is answering your SOS"),
        body=_("%(name)s is on it — %(how)s.") % words,
        url=reverse("support:sos", args=[alert.pk]),
        dedupe_key=f"sos-{alert.pk}-ack-{person.pk}",
        urgent=True,
    )
    for other in alert.recipients.exclude(person=person).select_related("person"):
        notify(
            user=other.person,
            kind="sos_answered",
            title=_("Someone answered the SOS"),
            body=_("%(name)s is on it — %(how)s.") % words,
            url=reverse("support:alert", args=[alert.pk]),
            dedupe_key=f"sos-{alert.pk}-answered-{person.pk}",
            about=alert.member,
        )
    _update_member_page(alert)
    return alert


@transaction.atomic
def cancel_sos(*, alert: SosAlert) -> SosAlert:
    """The member is OK now: end the SOS and tell everyone it reached. Ending twice is a no-op."""
    alert = SosAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == AlertStatus.CANCELLED:
        return alert
    alert.status = AlertStatus.CANCELLED
    alert.ended_at = timezone.now()
    alert.save(update_fields=["status", "ended_at"])
    _log(alert, EventKind.CANCELLED)
    for recipient in alert.recipients.select_related("person"):
        notify(
            user=recipient.person,
            kind="sos_cancelled",
            title=_("The SOS is over: they are OK now"),
            body=_("%(name)s said they are OK now. Thank you for being there.")
            % {"name": alert.member.display_name},
            url=reverse("support:alert", args=[alert.pk]),
            dedupe_key=f"sos-{alert.pk}-ok",
            # They were woken for this SOS; the all-clear should reach them as fast.
            urgent=True,
            about=alert.member,
        )
    _update_member_page(alert)
    return alert


@dataclass(frozen=True)
class AlertView:
    """What the member's SOS page says."""

    alert: SosAlert
    events: list[SosEvent]
    recipients: list[AlertRecipient]
    has_circle: bool


def alert_view(alert: SosAlert) -> AlertView:
    return AlertView(
        alert=alert,
        events=list(alert.events.select_related("person")),
        recipients=list(alert.recipients.select_related("person")),
        has_circle=CircleMember.objects.filter(member=alert.member_id, gets_sos=True)
        .reachable()
        .exists(),
    )


# ---------------------------------------------------------------- having a hard day


@transaction.atomic
def send_hard_day(*, member: User, note: str = "") -> HardDay:
    """Tell the chosen people, quietly (never urgent). Raises ValidationError for a note that is
    too long, or when nobody is chosen to receive it."""
    note = note.strip()
    if len(note) > HARD_DAY_NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep the note to %(n)s characters or fewer.") % {"n": HARD_DAY_NOTE_MAX}}
        )
    people = [
        e.person
        for e in CircleMember.objects.filter(member=member, gets_hard_days=True)
        .reachable()
        .select_related("person")
    ]
    if not people:
        raise ValidationError(
            {
                "note": _(
                    "Nobody is chosen to hear about hard days yet. Choose people in your support circle first."
                )
            }
        )
    hard_day = HardDay.objects.create(member=member, note=note)
    hard_day.recipients.set(people)
    body = _("%(name)s is having a hard day.") % {"name": member.display_name}
    if note:
        body += " " + _("They wrote: “%(note)s”") % {"note": note}
    for person in people:
        notify(
            user=person,
            kind="hard_day",
            title=_("Someone you support is having a hard day"),
            body=body,
            url=reverse("support:hard-day", args=[hard_day.pk]),
            dedupe_key=f"hard-day-{hard_day.pk}",
            about=member,
        )
    return hard_day


@transaction.atomic
def encourage(*, hard_day: HardDay, author: User, message: str) -> Encouragement:
    """A few words back to the member. Raises ValidationError (field "message") when empty or
    too long; nothing is saved then."""
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Write a few words of encouragement first.")})
    if len(message) > ENCOURAGEMENT_MAX:
        raise ValidationError(
            {
                "message": _("Keep it to %(n)s characters or fewer (this is %(len)s).")
                % {"n": ENCOURAGEMENT_MAX, "len": len(message)}
            }
        )
    found = Encouragement.objects.create(hard_day=hard_day, author=author, message=message)
    notify(
        user=hard_day.member,
        kind="encouragement",
        title=_("Someone sent you encouragement"),
        body=_("%(name)s: %(message)s") % {"name": author.display_name, "message": message},
        url=reverse("support:hard-day", args=[hard_day.pk]),
        dedupe_key=f"encouragement-{found.pk}",
    )
    return found


# ---------------------------------------------------------------- on-call rota


def on_call_now(organization: Organization, at: datetime.datetime) -> OnCallShift | None:
    """The shift covering `at` (the one that started last, when shifts overlap) held by someone
    who is still an active peer specialist there."""
    return (
        OnCallShift.objects.at(at)
        .filter(
            organization=organization,
            person__is_active=True,
            person__memberships__organization=organization,
            person__memberships__role=Role.PEER_SPECIALIST,
            person__memberships__is_active=True,
        )
        .select_related("person")
        .order_by("-starts_at", "-id")
        .first()
    )


def peer_specialists(organization: Organization) -> list[User]:
    return [
        m.user
        for m in Membership.objects.active()
        .filter(organization=organization, role=Role.PEER_SPECIALIST, user__is_active=True)
        .select_related("user")
    ]


@dataclass(frozen=True)
class Rota:
    organization: Organization
    now: OnCallShift | None
    handover: OnCallShift | None  # the shift before the current one, whose note is for now
    shifts: list[OnCallShift]  # current and coming shifts, and those of the last day


def rota(organization: Organization, at: datetime.datetime | None = None) -> Rota:
    at = at or timezone.now()
    current = on_call_now(organization, at)
    handover = None
    if current is not None:
        handover = (
            OnCallShift.objects.filter(organization=organization, starts_at__lt=current.starts_at)
            .select_related("person")
            .order_by("-starts_at", "-id")
            .first()
        )
    shifts = list(
        OnCallShift.objects.filter(
            organization=organization, ends_at__gt=at - datetime.timedelta(days=1)
        ).select_related("person")[:200]
    )
    return Rota(organization, current, handover, shifts)


@transaction.atomic
def add_shift(
    *,
    organization: Organization,
    by: User,
    person_id: int,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    handover_note: str = "",
) -> OnCallShift:
    """Raises ValidationError naming each field that is wrong."""
    errors = {}
    person = next((p for p in peer_specialists(organization) if p.pk == person_id), None)
    if person is None:
        errors["person"] = _("Choose a peer specialist of this organization.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The shift must end after it starts.")
    elif ends_at - starts_at > datetime.timedelta(days=7):
        errors["ends_at"] = _("A shift can last a week at most.")
    if len(handover_note) > HANDOVER_MAX:
        errors["handover_note"] = _("Keep the note to %(n)s characters or fewer.") % {
            "n": HANDOVER_MAX
        }
    if errors or person is None:
        raise ValidationError(errors)
    return OnCallShift.objects.create(
        organization=organization,
        person=person,
        starts_at=starts_at,
        ends_at=ends_at,
        handover_note=handover_note.strip(),
        created_by=by,
    )


@transaction.atomic
def set_handover_note(*, shift: OnCallShift, note: str) -> OnCallShift:
    if len(note) > HANDOVER_MAX:
        raise ValidationError(
            {
                "handover_note": _("Keep the note to %(n)s characters or fewer.")
                % {"n": HANDOVER_MAX}
            }
        )
    shift.handover_note = note.strip()
    shift.save(update_fields=["handover_note"])
    return shift


@transaction.atomic
def remove_shift(*, shift: OnCallShift) -> None:
    shift.delete()

"""Accountability partners' rhythm: two members who chose each other agree how often and when
they check in with each other, are prompted at the start of each window, and mark it done.

Telephone recovery support keeps a fixed cadence and a preferred window, and "keeps calling"
after a miss; so here a missed check-in is shown to both, gently, and the next prompt simply
comes. Either partner can pause the rhythm, or end the partnership (on the partners page).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.messaging.models import Partnership
from alongside.notifications.services import notify
from alongside.peers.models import Frequency, PartnerCheckIn, PartnerRhythm

HISTORY_DAYS = 7  # due days shown (and looked back over for misses)


def _other(partnership: Partnership, user: User) -> User:
    return partnership.partner if partnership.asked_by_id == user.pk else partnership.asked_by


def rhythm_of(partnership: Partnership) -> PartnerRhythm | None:
    return PartnerRhythm.objects.filter(partnership=partnership).first()


@transaction.atomic
def propose_rhythm(
    *,
    partnership: Partnership,
    by: User,
    frequency: str,
    window_start: datetime.time,
    window_end: datetime.time,
    weekday: int | None = None,
) -> PartnerRhythm:
    """Propose (or change) the rhythm; the other partner is asked to agree, and nothing is
    prompted until they do. Raises ValidationError naming the field for a partnership not yet
    confirmed, a window that ends before it starts, or a weekly rhythm with no day."""
    errors: dict[str, str] = {}
    if partnership.confirmed_at is None:
        errors["frequency"] = _("You can agree a rhythm once you are both partners.")
    if frequency not in Frequency.values:
        errors["frequency"] = _("Choose every day or once a week.")
    if frequency == Frequency.WEEKLY and weekday is None:
        errors["weekday"] = _("Choose the day of the week you will check in.")
    if window_end <= window_start:
        errors["window_end"] = _("The window ends after it starts, on the same day.")
    if errors:
        raise ValidationError(errors)
    rhythm, _created = PartnerRhythm.objects.update_or_create(
        partnership=partnership,
        defaults={
            "frequency": frequency,
            "weekday": weekday if frequency == Frequency.WEEKLY else None,
            "window_start": window_start,
            "window_end": window_end,
            "time_zone": by.time_zone,
            "proposed_by": by,
            "proposed_at": timezone.now(),
            "agreed_at": None,
            "paused_at": None,
        },
    )
    other = _other(partnership, by)
    notify(
        user=other,
        kind="partner_rhythm",
        title=_("Your accountability partner proposed a rhythm"),
        body=_("%(name)s proposed: %(rhythm)s. Agree to it, or propose another.")
        % {"name": by.display_name, "rhythm": describe(rhythm)},
        url=reverse("peers:partner", args=[partnership.pk]),
        dedupe_key=f"partner-rhythm-{rhythm.pk}-{int(rhythm.proposed_at.timestamp())}",
    )
    return rhythm


@transaction.atomic
def agree_rhythm(*, rhythm: PartnerRhythm, by: User) -> PartnerRhythm:
    """The other partner agrees; the first prompt is scheduled. Raises ValidationError when
    the person proposing tries to agree to their own proposal, or it is agreed already."""
    if rhythm.agreed_at is not None:
        raise ValidationError({"rhythm": _("You have both agreed this rhythm already.")})
    if rhythm.proposed_by_id == by.pk:
        raise ValidationError({"rhythm": _("Your partner agrees to what you proposed, not you.")})
    rhythm.agreed_at = timezone.now()
    rhythm.save(update_fields=["agreed_at"])
    _schedule_prompt(rhythm)
    return rhythm


@transaction.atomic
def set_paused(*, rhythm: PartnerRhythm, by: User, paused: bool) -> PartnerRhythm:
    """Either partner pauses prompts (a holiday, a hard week) or starts them again."""
    rhythm.paused_at = timezone.now() if paused else None
    rhythm.save(update_fields=["paused_at"])
    if not paused:
        _schedule_prompt(rhythm)
    return rhythm


def current_due_day(rhythm: PartnerRhythm, at: datetime.datetime | None = None) -> datetime.date:
    """The due day a check-in now counts for: today if it is a due day, else the last one."""
    day = (at or timezone.now()).astimezone(rhythm.zone).date()
    while not rhythm.is_due_on(day):
        day -= datetime.timedelta(days=1)
    return day


def mark_done(*, rhythm: PartnerRhythm, by: User) -> PartnerCheckIn:
    """Either partner marks that they checked in with each other, for the current due day.
    Raises ValidationError when the rhythm is not agreed yet, or this day is marked already."""
    if rhythm.agreed_at is None:
        raise ValidationError({"rhythm": _("Agree a rhythm together first.")})
    due_on = current_due_day(rhythm)
    try:
        with transaction.atomic():
            return PartnerCheckIn.objects.create(rhythm=rhythm, due_on=due_on, done_by=by)
    except IntegrityError:  # one of them marked it a moment ago
        done = PartnerCheckIn.objects.select_related("done_by").get(rhythm=rhythm, due_on=due_on)
        raise ValidationError(
            {
                "rhythm": _("%(name)s already marked this check-in done.")
                % {"name": done.done_by.display_name}
            }
        ) from None


@dataclass(frozen=True)
class Day:
    on: datetime.date
    state: str  # done, missed, open (its window has not ended), upcoming
    done_by: str = ""


def recent_days(rhythm: PartnerRhythm, at: datetime.datetime | None = None) -> list[Day]:
    """The due days of the last week, newest first, each done, missed or still open."""
    if rhythm.agreed_at is None:
        return []
    now = at or timezone.now()
    today = now.astimezone(rhythm.zone).date()
    start = rhythm.agreed_at.astimezone(rhythm.zone).date()
    done = {
        c.due_on: c
        for c in rhythm.check_ins.filter(
            due_on__gte=today - datetime.timedelta(days=HISTORY_DAYS * 7)
        ).select_related("done_by")
    }
    days: list[Day] = []
    day = today
    while day >= start and len(days) < HISTORY_DAYS and day > today - datetime.timedelta(days=70):
        if rhythm.is_due_on(day):
            if day in done:
                days.append(Day(day, "done", str(done[day].done_by.display_name)))
            elif now < rhythm.window(day)[1]:
                days.append(Day(day, "open"))
            else:
                days.append(Day(day, "missed"))
        day -= datetime.timedelta(days=1)
    return days


def next_window(rhythm: PartnerRhythm, at: datetime.datetime | None = None) -> datetime.datetime:
    """When the next check-in window opens (from `at`)."""
    now = at or timezone.now()
    day = now.astimezone(rhythm.zone).date()
    while True:
        if rhythm.is_due_on(day) and rhythm.window(day)[0] > now:
            return rhythm.window(day)[0]
        day += datetime.timedelta(days=1)


def describe(rhythm: PartnerRhythm) -> str:
    times = f"{rhythm.window_start:%H:%M}–{rhythm.window_end:%H:%M} ({rhythm.time_zone})"
    if rhythm.frequency == Frequency.DAILY:
        return _("every day, %(times)s") % {"times": times}
    return _("every %(day)s, %(times)s") % {
        "day": rhythm.get_weekday_display(),
        "times": times,
    }


def _schedule_prompt(rhythm: PartnerRhythm, after: datetime.datetime | None = None) -> None:
    from alongside.peers.tasks import prompt_partners

    rhythm_id, due = rhythm.pk, next_window(rhythm, at=after)
    transaction.on_commit(
        lambda: prompt_partners.using(run_after=due.astimezone(datetime.UTC)).enqueue(
            rhythm_id=rhythm_id, opens_at=due.isoformat()
        )
    )


@transaction.atomic
def prompt(*, rhythm_id: int, opens_at: str) -> str:
    """At a window's start: prompt both partners (once per window, whatever the retries), with
    a gentle word if the last due day was missed, then schedule the next prompt. Nothing when
    the rhythm is gone, paused, changed since (a new window) or not agreed."""
    rhythm = (
        PartnerRhythm.objects.select_related("partnership__asked_by", "partnership__partner")
        .filter(pk=rhythm_id)
        .first()
    )
    if rhythm is None or rhythm.agreed_at is None or rhythm.paused_at is not None:
        return "stopped"
    opens = datetime.datetime.fromisoformat(opens_at)
    day = opens.astimezone(rhythm.zone).date()
    if not rhythm.is_due_on(day) or rhythm.window(day)[0] != opens:
        return "changed"  # the rhythm changed: its own prompt was scheduled then
    earlier = [d for d in recent_days(rhythm, at=opens) if d.on < day]
    missed = bool(earlier) and earlier[0].state == "missed"
    partnership = rhythm.partnership
    for person in (partnership.asked_by, partnership.partner):
        other = _other(partnership, person)
        body = _("Time to check in with %(name)s.") % {"name": other.display_name}
        if missed:
            body += " " + _("The last one did not happen. That is all right: today is a new one.")
        notify(
            user=person,
            kind="partner_check_in",
            title=_("Time to check in with your partner"),
            body=body,
            url=reverse("peers:partner", args=[partnership.pk]),
            dedupe_key=f"partner-check-in-{rhythm.pk}-{day.isoformat()}",
        )
    _schedule_prompt(rhythm, after=opens)
    return "prompted"

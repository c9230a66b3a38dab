"""A peer specialist's caseload: who is on it (by the members' own consent), their records,
engagements and follow-ups, who has gone quiet, and reassignment when a specialist leaves."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.caseload.models import CaseRecord, Engagement, FollowUp
from alongside.journey.models import CheckIn
from alongside.privacy import policy
from alongside.privacy.models import Scope

QUIET_AFTER_DAYS = 14
MAX_NOTE = 4000


def organizations_of(staff: User) -> list[Organization]:
    """Organizations where the person is an active peer specialist."""
    return [
        m.organization
        for m in Membership.objects.active()
        .filter(user=staff, role=Role.PEER_SPECIALIST)
        .select_related("organization")
    ]


def record_for(*, staff: User, member: User) -> CaseRecord:
    """The member's record in the staff member's organization, opened (and assigned to them)
    the first time. The caller has checked consent (access.access_member_record)."""
    organization = organizations_of(staff)[0]
    record, _created = CaseRecord.objects.get_or_create(
        member=member, organization=organization, defaults={"peer_specialist": staff}
    )
    return record


@dataclass
class Row:
    member: User
    record: CaseRecord | None
    shares: list[str]
    last_engagement: datetime.date | None
    last_check_in: datetime.date | None
    next_follow_up: datetime.date | None

    @property
    def last_contact(self) -> datetime.date | None:
        days = [d for d in (self.last_engagement, self.last_check_in) if d is not None]
        return max(days) if days else None

    def quiet_days(self, today: datetime.date) -> int | None:
        last = self.last_contact
        return None if last is None else (today - last).days

    def is_quiet(self, today: datetime.date, after: int = QUIET_AFTER_DAYS) -> bool:
        days = self.quiet_days(today)
        return days is None or days >= after


SORTS = {
    "name": lambda r: str(r.member.display_name).lower(),
    "last_contact": lambda r: r.last_contact or datetime.date.min,
    "follow_up": lambda r: r.next_follow_up or datetime.date.max,
}


def caseload(staff: User) -> list[Row]:
    """Everyone who shares with the peer specialist now, with their record (if one is open) and
    the dates the table sorts and filters by. A fixed number of queries however long the list:
    check-in dates are read only for members who share check-ins."""
    sharing = policy.members_sharing_with(staff)
    members = {m.pk: (m, scopes) for m, scopes in sharing}
    records = {
        r.member_id: r
        for r in CaseRecord.objects.filter(member_id__in=members).annotate(
            last_engagement=Max("engagements__on"),
            next_follow_up=Min("follow_ups__due_on", filter=Q(follow_ups__done_at__isnull=True)),
        )
    }
    with_check_ins = [pk for pk, (_m, scopes) in members.items() if Scope.CHECK_INS in scopes]
    check_ins = dict(
        CheckIn.objects.filter(member_id__in=with_check_ins)
        .values("member_id")
        .annotate(last=Max("on"))
        .values_list("member_id", "last")
    )
    rows = []
    for pk, (member, scopes) in members.items():
        record = records.get(pk)
        rows.append(
            Row(
                member=member,
                record=record,
                shares=scopes,
                last_engagement=getattr(record, "last_engagement", None),
                last_check_in=check_ins.get(pk),
                next_follow_up=getattr(record, "next_follow_up", None),
            )
        )
    return rows


def sorted_rows(rows: list[Row], sort: str) -> list[Row]:
    key = SORTS.get(sort.lstrip("-"), SORTS["name"])
    return sorted(rows, key=key, reverse=sort.startswith("-"))


@transaction.atomic
def update_record(*, record: CaseRecord, pathway: str, ok_to_text: bool, ok_to_call: bool) -> None:
    record.pathway = pathway
    record.ok_to_text = ok_to_text
    record.ok_to_call = ok_to_call
    record.save(update_fields=["pathway", "ok_to_text", "ok_to_call"])


@transaction.atomic
def record_engagement(
    *, record: CaseRecord, by: User, kind: str, on: datetime.date, minutes: int, note: str = ""
) -> Engagement:
    """Raises ValidationError naming the field for a day in the future, an unknown kind,
    minutes out of range or a note too long."""
    errors: dict[str, str] = {}
    if on > by.local_today():
        errors["on"] = _("That day has not come yet.")
    if not 1 <= minutes <= 480:
        errors["minutes"] = _("Give the minutes spent, from 1 to 480.")
    if len(note) > MAX_NOTE:
        errors["note"] = _("A note holds up to %(n)s characters.") % {"n": MAX_NOTE}
    if errors:
        raise ValidationError(errors)
    return Engagement.objects.create(
        record=record, kind=kind, on=on, minutes=minutes, note=note.strip(), by=by
    )


@transaction.atomic
def add_follow_up(
    *,
    record: CaseRecord,
    by: User,
    due_on: datetime.date,
    about: str,
    engagement: Engagement | None = None,
) -> FollowUp:
    """Raises ValidationError ("due_on") for a follow-up dated before the engagement it follows,
    or ("about") when it says nothing."""
    if engagement is not None and due_on < engagement.on:
        raise ValidationError(
            {
                "due_on": _("A follow-up comes after the engagement it follows (%(day)s).")
                % {"day": date_format(engagement.on, "j F Y")}
            }
        )
    if not about.strip():
        raise ValidationError({"about": _("Say in a few words what the follow-up is for.")})
    return FollowUp.objects.create(
        record=record, engagement=engagement, due_on=due_on, about=about.strip(), by=by
    )


@transaction.atomic
def complete_follow_up(*, follow_up: FollowUp) -> FollowUp:
    if follow_up.done_at is not None:
        raise ValidationError({"follow_up": _("This follow-up is already done.")})
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["done_at"])
    return follow_up


def flag_for_reassignment(*, staff: User, organization: Organization) -> int:
    """A peer specialist's role ended: their people in that organization need someone new.
    Returns how many were flagged (none is left without a person named to them unflagged)."""
    return CaseRecord.objects.filter(peer_specialist=staff, organization=organization).update(
        peer_specialist=None, needs_reassignment=True
    )


@transaction.atomic
def reassign(*, record: CaseRecord, to: User) -> CaseRecord:
    """Raises ValidationError ("to") when the person is not an active peer specialist of the
    record's organization."""
    if (
        not Membership.objects.active()
        .filter(user=to, organization=record.organization, role=Role.PEER_SPECIALIST)
        .exists()
    ):
        raise ValidationError({"to": _("Choose a peer specialist of this organization.")})
    record.peer_specialist = to
    record.needs_reassignment = False
    record.save(update_fields=["peer_specialist", "needs_reassignment"])
    return record

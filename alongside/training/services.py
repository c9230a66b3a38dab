"""Supervision, the hours ledger, progress toward a credential, and reminders before one
expires.

Progress follows the requirement set's rows: training hours by domain (only those inside a
row's recency window, when it has one, and with a face-to-face share where the board asks for
one); practice and supervision hours only once the person's current supervisor attested them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.notifications.services import notify
from alongside.training.models import (
    ALL_DOMAINS,
    GENERAL_DOMAIN,
    MAX_TRAINING_HOURS,
    Credential,
    PracticeEntry,
    PracticeKind,
    Requirement,
    RequirementKind,
    RequirementSet,
    SetKind,
    Supervision,
    TrainingEntry,
)

# Who an admin may name as supervised, and as supervisor (issue: peer supervision).
SUPERVISED_ROLES = frozenset({Role.PEER_SPECIALIST, Role.MENTOR, Role.COUNSELOR})
SUPERVISOR_ROLES = frozenset({Role.PEER_SPECIALIST, Role.COUNSELOR, Role.ORG_ADMIN})
REMINDER_DAYS = (90, 60, 30)
ZERO = Decimal(0)


# ---------------------------------------------------------------- supervision


def supervisors_of(user: User) -> list[User]:
    """The person's current supervisors (one per organization at most)."""
    return [
        s.supervisor
        for s in Supervision.objects.active()
        .filter(supervisee=user, supervisor__is_active=True)
        .select_related("supervisor")
    ]


def team_of(supervisor: User) -> list[User]:
    """The people the supervisor supervises now, by name."""
    found = {
        s.supervisee_id: s.supervisee
        for s in Supervision.objects.active()
        .filter(supervisor=supervisor, supervisee__is_active=True)
        .select_related("supervisee")
    }
    return sorted(found.values(), key=lambda u: (str(u.display_name), u.pk))


def supervises(supervisor: User, person: User) -> bool:
    return Supervision.objects.active().filter(supervisor=supervisor, supervisee=person).exists()


def supervisions_at(organization: Organization) -> list[Supervision]:
    return list(
        Supervision.objects.active()
        .filter(organization=organization)
        .select_related("supervisor", "supervisee")
        .order_by("supervisee__first_name", "pk")
    )


def _holders(organization: Organization, roles: frozenset[Role]) -> QuerySet[User]:
    held = Membership.objects.active().filter(organization=organization, role__in=roles)
    return User.objects.filter(is_active=True, pk__in=held.values("user_id")).order_by(
        "first_name", "pk"
    )


def supervisable(organization: Organization) -> list[User]:
    return list(_holders(organization, SUPERVISED_ROLES))


def possible_supervisors(organization: Organization) -> list[User]:
    return list(_holders(organization, SUPERVISOR_ROLES))


def set_supervisor(
    *, organization: Organization, supervisee_id: int, supervisor_id: int
) -> Supervision:
    """Name who supervises a staff member or mentor of the organization; a supervision they had
    there ends. The caller checked that the acting person is the organization's admin.

    Raises ValidationError naming the field when the supervisee holds no supervised role there,
    the supervisor holds no supervising role there, or both are the same person."""
    supervisee = _holders(organization, SUPERVISED_ROLES).filter(pk=supervisee_id).first()
    supervisor = _holders(organization, SUPERVISOR_ROLES).filter(pk=supervisor_id).first()
    if supervisee is None:
        raise ValidationError(
            {
                "supervisee": _("Choose a peer specialist, mentor or counselor of %(org)s.")
                % {"org": organization.name}
            }
        )
    if supervisor is None:
        raise ValidationError(
            {
                "supervisor": _("Choose a peer specialist, counselor or admin of %(org)s.")
                % {"org": organization.name}
            }
        )
    if supervisor.pk == supervisee.pk:
        raise ValidationError({"supervisor": _("Nobody supervises themself.")})
    now = timezone.now()
    try:
        with transaction.atomic():
            Supervision.objects.active().select_for_update().filter(
                organization=organization, supervisee=supervisee
            ).update(ended_at=now)
            return Supervision.objects.create(
                organization=organization,
                supervisor=supervisor,
                supervisee=supervisee,
                started_at=now,
            )
    except IntegrityError:  # another admin named one in the same instant: theirs stands
        raise ValidationError(
            {"supervisee": _("Someone else just named a supervisor. Look again.")}
        ) from None


@transaction.atomic
def end_supervision(*, supervision: Supervision) -> Supervision:
    """End a supervision (kept as history). Raises ValidationError if it has already ended."""
    locked = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if locked.ended_at is not None:
        raise ValidationError({"supervision": _("This supervision has already ended.")})
    locked.ended_at = timezone.now()
    locked.save(update_fields=["ended_at"])
    return locked


# ---------------------------------------------------------------- requirement sets


def requirement_sets_for(user: User) -> list[RequirementSet]:
    """The boards' sets, and the sets of the organizations the person holds a role in."""
    orgs = Membership.objects.active().filter(user=user).values("organization_id")
    return list(
        RequirementSet.objects.filter(Q(organization__isnull=True) | Q(organization_id__in=orgs))
        .prefetch_related("requirements")
        .order_by("organization_id", "issuer", "name")
    )


def domains() -> list[tuple[str, str]]:
    """Every training domain some set names, then "other" training."""
    found: dict[str, str] = {}
    for domain, label in (
        Requirement.objects.filter(kind=RequirementKind.TRAINING)
        .exclude(domain=ALL_DOMAINS)
        .order_by("requirement_set__organization_id", "order", "pk")
        .values_list("domain", "label")
    ):
        found.setdefault(domain, label)
    found.setdefault(GENERAL_DOMAIN[0], str(GENERAL_DOMAIN[1]))
    return list(found.items())


@dataclass(frozen=True)
class RequirementItem:
    label: str
    hours: Decimal
    kind: str = RequirementKind.TRAINING
    within_years: int | None = None
    face_to_face_share: Decimal | None = None


def _slug(text: str, taken: set[str]) -> str:
    from django.utils.text import slugify

    base = slugify(text)[:36] or "domain"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


@transaction.atomic
def add_requirement_set(
    *,
    organization: Organization,
    name: str,
    issuer: str,
    kind: str = SetKind.INITIAL,
    period_months: int | None = None,
    items: list[RequirementItem],
) -> RequirementSet:
    """Add an organization's own requirement set (a state board's), shown to its people.
    A training item whose label matches an existing domain counts the hours logged in it.

    Raises ValidationError for no items, a renewal without its period, or hours not above 0."""
    if not items:
        raise ValidationError({"items": _("List at least one requirement.")})
    if kind == SetKind.RENEWAL and not period_months:
        raise ValidationError({"period_months": _("Say how often the credential is renewed.")})
    if any(item.hours <= 0 for item in items):
        raise ValidationError({"items": _("Each requirement needs more than 0 hours.")})
    known = {str(label).casefold(): code for code, label in domains()}
    codes = set(RequirementSet.objects.values_list("code", flat=True))
    taken: set[str] = set()
    requirement_set = RequirementSet.objects.create(
        code=_slug(f"{organization.slug}-{name}", codes),
        name=name,
        issuer=issuer,
        kind=kind,
        period_months=period_months if kind == SetKind.RENEWAL else None,
        organization=organization,
    )
    for order, item in enumerate(items):
        domain = item.kind
        if item.kind == RequirementKind.TRAINING:
            domain = known.get(item.label.strip().casefold()) or _slug(item.label, taken)
        requirement = Requirement(
            requirement_set=requirement_set,
            domain=domain,
            label=item.label.strip(),
            hours=item.hours,
            kind=item.kind,
            within_years=item.within_years,
            face_to_face_share=item.face_to_face_share,
            order=order,
        )
        requirement.full_clean(exclude=["requirement_set"])
        requirement.save()
    return requirement_set


# ---------------------------------------------------------------- the ledger


def _not_future(day: datetime.date, person: User, field: str) -> None:
    if day > person.local_today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def log_training(
    *,
    person: User,
    domain: str,
    title: str,
    hours: Decimal,
    completed_on: datetime.date,
    provider: str = "",
    face_to_face: bool = True,
) -> TrainingEntry:
    """Log a course the person took. Raises ValidationError naming the field for an unknown
    domain, hours not above 0 or above 40, or a date in the future; nothing is saved then."""
    if domain not in dict(domains()):
        raise ValidationError({"domain": _("Choose a domain from the list.")})
    if not ZERO < hours <= MAX_TRAINING_HOURS:
        raise ValidationError(
            {
                "hours": _("Hours must be more than 0 and at most %(max)s for one course.")
                % {"max": MAX_TRAINING_HOURS}
            }
        )
    _not_future(completed_on, person, "completed_on")
    if not title.strip():
        raise ValidationError({"title": _("Give the course a title.")})
    return TrainingEntry.objects.create(
        person=person,
        domain=domain,
        title=title.strip(),
        provider=provider.strip(),
        hours=hours,
        completed_on=completed_on,
        face_to_face=face_to_face,
    )


def log_practice(
    *,
    person: User,
    kind: str,
    hours: Decimal,
    from_on: datetime.date,
    to_on: datetime.date,
    note: str = "",
) -> PracticeEntry:
    """Log practice or supervision hours over a span of days, for the supervisor to attest.
    Their supervisors are told. Raises ValidationError naming the field for an unknown kind,
    hours not above 0 or above 24 a day of the span, a span ending before it starts, or one
    ending in the future; nothing is saved then."""
    if kind not in PracticeKind.values:
        raise ValidationError({"kind": _("Choose practice or supervision.")})
    if to_on < from_on:
        raise ValidationError({"to_on": _("The span ends before it starts.")})
    _not_future(to_on, person, "to_on")
    most = Decimal(24 * ((to_on - from_on).days + 1))
    if not ZERO < hours <= most:
        raise ValidationError(
            {
                "hours": _("Hours must be more than 0 and at most %(max)s for these days.")
                % {"max": most}
            }
        )
    with transaction.atomic():
        entry = PracticeEntry.objects.create(
            person=person, kind=kind, hours=hours, from_on=from_on, to_on=to_on, note=note.strip()
        )
        for supervisor in supervisors_of(person):
            notify(
                user=supervisor,
                kind="training_attest",
                title=_("Hours wait for your attestation"),
                body=_("%(name)s logged %(hours)s hours of %(kind)s.")
                % {
                    "name": person.display_name,
                    "hours": f"{hours.normalize():f}",
                    "kind": entry.get_kind_display().lower(),
                },
                url=reverse("training:attest-queue"),
                dedupe_key=f"training-attest-{entry.pk}",
            )
    return entry


def attest(*, entry: PracticeEntry, by: User) -> PracticeEntry:
    """The person's current supervisor attests practice or supervision hours: from then on they
    count. Raises PermissionDenied when `by` is not their current supervisor (the person
    themself included), ValidationError ("entry") when it was attested already."""
    if not supervises(by, entry.person):
        raise PermissionDenied(
            _("Only %(name)s's current supervisor can attest these hours.")
            % {"name": entry.person.display_name}
        )
    with transaction.atomic():
        locked = PracticeEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.attested_at is not None:
            raise ValidationError({"entry": _("These hours were attested already.")})
        locked.attested_by = by
        locked.attested_at = timezone.now()
        locked.save(update_fields=["attested_by", "attested_at"])
    entry.attested_by, entry.attested_at = locked.attested_by, locked.attested_at
    return locked


def waiting_for(supervisor: User) -> list[PracticeEntry]:
    """Practice entries of the supervisor's team that wait for attestation, oldest first."""
    team = Supervision.objects.active().filter(supervisor=supervisor).values("supervisee_id")
    return list(
        PracticeEntry.objects.filter(
            person_id__in=team, attested_at__isnull=True, person__is_active=True
        )
        .select_related("person")
        .order_by("to_on", "pk")
    )


def add_credential(
    *,
    person: User,
    requirement_set: RequirementSet,
    issued_on: datetime.date,
    expires_on: datetime.date,
    number: str = "",
) -> Credential:
    """Record a credential the person holds. Raises ValidationError when it was issued in the
    future or expires before it was issued."""
    _not_future(issued_on, person, "issued_on")
    if expires_on <= issued_on:
        raise ValidationError({"expires_on": _("It must expire after the day it was issued.")})
    from alongside.training.tasks import schedule_daily_run

    # The first credential starts the daily reminder runs (and restarts them, were they lost).
    transaction.on_commit(schedule_daily_run)
    return Credential.objects.create(
        person=person,
        requirement_set=requirement_set,
        number=number.strip(),
        issued_on=issued_on,
        expires_on=expires_on,
    )


def credentials_of(person: User) -> list[Credential]:
    return list(Credential.objects.filter(person=person).select_related("requirement_set"))


# ---------------------------------------------------------------- progress


@dataclass(frozen=True)
class RequirementProgress:
    requirement: Requirement
    counted: Decimal
    face_to_face: Decimal

    @property
    def needed(self) -> Decimal:
        return max(self.requirement.hours - self.counted, ZERO)

    @property
    def face_to_face_share(self) -> Decimal | None:
        """The share of counted hours taken face to face (training only)."""
        if self.requirement.kind != RequirementKind.TRAINING or not self.counted:
            return None
        return (self.face_to_face / self.counted).quantize(Decimal("0.01"))

    @property
    def met(self) -> bool:
        wanted = self.requirement.face_to_face_share
        share = self.face_to_face_share or ZERO
        return self.counted >= self.requirement.hours and (wanted is None or share >= wanted)

    @property
    def percent(self) -> int:
        if not self.requirement.hours:
            return 100
        return min(int(self.counted * 100 / self.requirement.hours), 100)


@dataclass(frozen=True)
class SetProgress:
    requirement_set: RequirementSet
    rows: list[RequirementProgress]

    @property
    def met(self) -> bool:
        return all(row.met for row in self.rows)


def _since(requirement: Requirement, today: datetime.date) -> datetime.date | None:
    if requirement.within_years is None:
        return None
    return today - relativedelta(years=requirement.within_years)


def _row(
    requirement: Requirement,
    training: list[TrainingEntry],
    practice: list[PracticeEntry],
    today: datetime.date,
) -> RequirementProgress:
    since = _since(requirement, today)
    counted = face = ZERO
    if requirement.kind == RequirementKind.TRAINING:
        for t in training:
            if requirement.domain not in (ALL_DOMAINS, t.domain):
                continue
            if since is not None and t.completed_on < since:
                continue
            counted += t.hours
            face += t.hours if t.face_to_face else ZERO
    else:
        for p in practice:
            if p.kind != requirement.kind or p.attested_at is None:
                continue
            if since is not None and p.to_on < since:
                continue
            counted += p.hours
    return RequirementProgress(requirement, counted, face)


def progress(
    person: User, sets: list[RequirementSet], *, today: datetime.date | None = None
) -> list[SetProgress]:
    """The person's hours against each set, row by row, in two queries."""
    today = today or person.local_today()
    training = list(TrainingEntry.objects.filter(person=person, completed_on__lte=today))
    practice = list(PracticeEntry.objects.filter(person=person, attested_at__isnull=False))
    return [
        SetProgress(s, [_row(r, training, practice, today) for r in s.requirements.all()])
        for s in sets
    ]


# ---------------------------------------------------------------- reminders


def _threshold(days_left: int) -> int | None:
    """The smallest reminder threshold the days left have reached (90, 60 or 30)."""
    reached = [d for d in REMINDER_DAYS if days_left <= d]
    return min(reached) if reached else None


def send_credential_reminders(*, today: datetime.date | None = None) -> int:
    """Tell each person whose credential expires within 90, 60 or 30 days, once per credential
    and threshold (a run repeated, or a day missed, sends nothing twice: the notice key is
    per credential and threshold, and only the nearest threshold reached is sent). Returns how
    many notices were stored."""
    today = today or timezone.now().date()
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    sent = 0
    for credential in Credential.objects.filter(
        expires_on__gte=today, expires_on__lte=horizon, person__is_active=True
    ).select_related("person", "requirement_set"):
        days = credential.days_left(credential.person.local_today())
        threshold = _threshold(days)
        if threshold is None or days < 0:
            continue
        notice = notify(
            user=credential.person,
            kind="reminder_credential",
            title=_("A credential of yours expires soon"),
            body=_("Your %(name)s expires on %(day)s, in %(days)s days.")
            % {
                "name": credential.requirement_set.name,
                "day": date_format(credential.expires_on, "j F Y"),
                "days": days,
            },
            url=reverse("training:home"),
            dedupe_key=f"credential-{credential.pk}-{threshold}",
        )
        sent += notice is not None
    return sent

"""Chores: the house's list (each with an effort of 1 to 5), the weekly rota that shares them
among the people living there (alongside/lib/rota.py: effort within one unit of each other when
the chores allow, turning week by week), a resident marking theirs done and a manager checking
it. Weeks run Monday to Sunday in the house's own time zone.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.housing.access import require_runs
from alongside.housing.models import Chore, ChoreAssignment, House, Stay, StayStatus
from alongside.housing.services.houses import Conflict
from alongside.housing.services.stays import current_stays, house_today
from alongside.lib import rota

MAX_CHORE = 100
MAX_CHORES = 60


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def this_week(house: House) -> datetime.date:
    """The Monday of this week where the house is."""
    return monday_of(house_today(house))


def _clean(name: str, difficulty: int) -> tuple[str, int]:
    name = " ".join(name.split())
    errors = {}
    if not name or len(name) > MAX_CHORE:
        errors["name"] = _("Name the chore in up to %(n)s characters.") % {"n": MAX_CHORE}
    if not 1 <= difficulty <= 5:
        errors["difficulty"] = _("Choose an effort from 1 (light) to 5 (heavy).")
    if errors:
        raise ValidationError(errors)
    return name, difficulty


@transaction.atomic
def add_chore(*, house: House, by: User, name: str, difficulty: int = 1) -> Chore:
    """A new chore on the house's list. Raises ValidationError for an empty or long name, an
    effort outside 1–5, or a list already of 60 chores."""
    require_runs(by, house.organization_id)
    name, difficulty = _clean(name, difficulty)
    if house.chores.filter(is_active=True).count() >= MAX_CHORES:
        raise ValidationError({"name": _("A house keeps up to %(n)s chores.") % {"n": MAX_CHORES}})
    return Chore.objects.create(house=house, name=name, difficulty=difficulty)


@transaction.atomic
def update_chore(
    *, chore: Chore, by: User, name: str, difficulty: int, is_active: bool = True
) -> Chore:
    """Rename a chore, change its effort, or take it off the list (its past weeks stay)."""
    require_runs(by, chore.house.organization_id)
    chore.name, chore.difficulty = _clean(name, difficulty)
    chore.is_active = is_active
    chore.save(update_fields=["name", "difficulty", "is_active"])
    return chore


def week_rota(house: House, week_of: datetime.date) -> list[ChoreAssignment]:
    return list(
        ChoreAssignment.objects.filter(chore__house=house, week_of=week_of)
        .select_related("chore", "stay__resident", "stay__bed")
        .order_by("-chore__difficulty", "chore__name", "pk")
    )


@transaction.atomic
def make_rota(
    *, house: House, by: User, week_of: datetime.date | None = None
) -> list[ChoreAssignment]:
    """Share the active chores among the people living in the house for the week that holds
    `week_of` (this week): every resident counts, shared with the viewer or not, so the work is
    fair. Raises Conflict ("week_of") when the week has a rota already; ValidationError
    ("week_of") without chores or residents, or for a week already past."""
    require_runs(by, house.organization_id)
    House.objects.select_for_update().filter(pk=house.pk).first()  # one rota at a time
    monday = monday_of(week_of or house_today(house))
    if monday < this_week(house):
        raise ValidationError({"week_of": _("Choose this week or a later one.")})
    if ChoreAssignment.objects.filter(chore__house=house, week_of=monday).exists():
        raise Conflict({"week_of": _("That week's rota is made already.")})
    chores = list(house.chores.filter(is_active=True).order_by("pk"))
    stays = current_stays(house)
    if not chores:
        raise ValidationError({"week_of": _("Add the house's chores first.")})
    if not stays:
        raise ValidationError({"week_of": _("Nobody lives in the house to share the chores.")})
    made = rota.assign(
        [(c.pk, c.difficulty) for c in chores],
        [s.pk for s in sorted(stays, key=lambda s: s.pk)],
        turn=monday.toordinal() // 7,
    )
    try:
        with transaction.atomic():
            ChoreAssignment.objects.bulk_create(
                ChoreAssignment(chore_id=chore_id, stay_id=stay_id, week_of=monday)
                for chore_id, stay_id in made.assignments.items()
            )
    except IntegrityError:
        raise Conflict({"week_of": _("That week's rota is made already.")}) from None
    return week_rota(house, monday)


@transaction.atomic
def mark_chore_done(*, assignment: ChoreAssignment, by: User) -> ChoreAssignment:
    """The resident says their chore is done. Raises PermissionDenied for anyone else;
    Conflict ("done") when it is marked already or they no longer live there."""
    locked = (
        ChoreAssignment.objects.select_for_update(of=("self",))
        .select_related("stay", "chore")
        .get(pk=assignment.pk)
    )
    if locked.stay.resident_id != by.pk:
        raise PermissionDenied(_("Only the resident it is given to marks a chore done."))
    if locked.stay.status != StayStatus.CURRENT:
        raise Conflict({"done": _("You no longer live in this house.")})
    if locked.done_at is not None:
        raise Conflict({"done": _("You marked this chore done already.")})
    locked.done_at = timezone.now()
    locked.save(update_fields=["done_at"])
    return locked


@transaction.atomic
def check_chore(*, assignment: ChoreAssignment, by: User) -> ChoreAssignment:
    """A manager checks a chore is done (marking it done if the resident has not). Raises
    Conflict ("checked") when it is checked already."""
    require_runs(by, assignment.chore.house.organization_id)
    locked = ChoreAssignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk)
    if locked.checked_at is not None:
        raise Conflict({"checked": _("This chore is checked already.")})
    now = timezone.now()
    locked.done_at = locked.done_at or now
    locked.checked_at, locked.checked_by = now, by
    locked.save(update_fields=["done_at", "checked_at", "checked_by"])
    return locked


def own_chores(stay: Stay, week_of: datetime.date) -> list[ChoreAssignment]:
    """The resident's chores for a week."""
    return list(stay.chores.filter(week_of=week_of).select_related("chore"))

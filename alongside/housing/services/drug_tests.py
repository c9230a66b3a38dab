"""Drug tests: a house manager records a result for someone living in the house who shares
"housing" with them (encrypted at rest; each record written to the resident's access log), and
draws residents at random for a test with a stored seed, so the draw can be checked: the same
seed over the same pool draws the same people.

A result is information for the resident's care. Nothing here scores, ranks or flags a person
for a positive result, and the words for results are plain (models.TestResult).
"""

from __future__ import annotations

import datetime
import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.housing.access import (
    require_housing,
    require_runs,
    residents_named,
    shares_housing,
)
from alongside.housing.models import (
    DrugTest,
    DrugTestDraw,
    House,
    Stay,
    StayStatus,
    TestReason,
    TestResult,
)
from alongside.housing.services.stays import current_stays, house_today, resident_of
from alongside.privacy.models import Action, Interface

MAX_SUBSTANCES = 500
MAX_NOTE = 1000
MAX_SEED = 64


@transaction.atomic
def record_drug_test(
    *,
    house: House,
    by: User,
    stay_id: int | None,
    taken_on: datetime.date,
    result: str,
    reason: str = TestReason.SCHEDULED,
    substances: str = "",
    note: str = "",
    draw: DrugTestDraw | None = None,
    interface: str = Interface.PAGE,
) -> DrugTest:
    """Record a result for a resident of the house. Raises ValidationError ("stay_id") for
    anyone who does not live there now or does not share "housing" with the manager (one set
    of words for all), ("result"/"reason") for a value not in the list, ("taken_on") for a day
    before their move-in or still to come."""
    require_runs(by, house.organization_id)
    stay = resident_of(house, by, stay_id, field="stay_id")
    errors = {}
    if result not in TestResult.values:
        errors["result"] = _("Choose one of the results in the list.")
    if reason not in TestReason.values:
        errors["reason"] = _("Choose one of the reasons in the list.")
    if taken_on > house_today(house):
        errors["taken_on"] = _("Choose today or an earlier day.")
    elif stay.move_in_on and taken_on < stay.move_in_on:
        errors["taken_on"] = _("Choose a day since they moved in.")
    if len(substances) > MAX_SUBSTANCES:
        errors["substances"] = _("Up to %(n)s characters.") % {"n": MAX_SUBSTANCES}
    if len(note) > MAX_NOTE:
        errors["note"] = _("Up to %(n)s characters.") % {"n": MAX_NOTE}
    if errors:
        raise ValidationError(errors)
    test = DrugTest.objects.create(
        stay=stay,
        taken_on=taken_on,
        reason=reason,
        result=result,
        substances=substances.strip(),
        note=note.strip(),
        recorded_by=by,
        selection={"draw": draw.pk, "seed": draw.seed} if draw is not None else {},
    )
    require_housing(by, stay.resident, interface=interface, record=test, action=Action.WRITE)
    return test


def drawable(house: House, by: User) -> list[Stay]:
    """Who a draw picks from: the people living in the house now who share "housing" with the
    manager (a draw names them), in stay order."""
    return sorted(
        (s for s in current_stays(house) if shares_housing(by, s.resident)), key=lambda s: s.pk
    )


def draw_from(pool: list[int], count: int, seed: str) -> list[int]:
    """The draw itself: `count` of `pool` (stay ids in order), from `seed`. Deterministic."""
    return random.Random(seed).sample(sorted(pool), count)


@transaction.atomic
def draw_for_tests(*, house: House, by: User, count: int, seed: str = "") -> DrugTestDraw:
    """Draw `count` residents at random (a fresh seed unless one is given, to re-run an audit).
    Raises ValidationError ("count") for fewer than one or more than can be drawn, ("seed")
    for a seed over 64 characters."""
    require_runs(by, house.organization_id)
    pool = [s.pk for s in drawable(house, by)]
    if not pool:
        raise ValidationError({"count": _("Nobody living here shares their stay with you.")})
    if not 1 <= count <= len(pool):
        raise ValidationError({"count": _("Choose from 1 to %(n)s residents.") % {"n": len(pool)}})
    seed = seed.strip() or secrets.token_hex(16)
    if len(seed) > MAX_SEED:
        raise ValidationError({"seed": _("Up to %(n)s characters.") % {"n": MAX_SEED}})
    return DrugTestDraw.objects.create(
        house=house,
        drawn_by=by,
        seed=seed,
        count=count,
        pool=pool,
        chosen=draw_from(pool, count, seed),
    )


def house_tests(*, viewer: User, house: House, interface: str = Interface.PAGE) -> list[DrugTest]:
    """The house's results the viewer may read: of residents (now or before) who share
    "housing" with them; each resident named is logged."""
    stays = list(
        Stay.objects.filter(
            house=house, status__in=(StayStatus.CURRENT, StayStatus.ENDED), drug_tests__isnull=False
        )
        .distinct()
        .select_related("resident", "bed")
    )
    named = residents_named(viewer, stays, interface=interface)
    by_stay = {s.pk: s for s in stays if s.resident_id in named}
    found = list(DrugTest.objects.filter(stay_id__in=by_stay).order_by("-taken_on", "-id")[:200])
    for test in found:
        test.stay = by_stay[test.stay_id]
    return found


def recent_draws(house: House) -> list[DrugTestDraw]:
    return list(house.drug_test_draws.select_related("drawn_by")[:10])

"""Fees and payments, per stay: charges, payments and credits as a manager records them (money
moves elsewhere: this is the house's book), and the balance — charges less payments and credits;
above zero, the resident owes that much."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.housing.access import require_housing, require_runs, residents_named
from alongside.housing.models import House, LedgerEntry, LedgerKind, Stay, StayStatus
from alongside.housing.services.stays import house_today, resident_of
from alongside.privacy.models import Action, Interface

MAX_AMOUNT = Decimal("999999.99")
AHEAD = datetime.timedelta(days=31)


@transaction.atomic
def record_entry(
    *,
    house: House,
    by: User,
    stay_id: int | None,
    kind: str,
    amount: Decimal,
    on: datetime.date,
    description: str = "",
    interface: str = Interface.PAGE,
) -> LedgerEntry:
    """A charge, payment or credit on a resident's stay. Raises ValidationError ("stay_id") for
    someone who does not live (or did not live) there or does not share "housing" with the
    manager, ("kind") not in the list, ("amount") not from 0.01 to 999,999.99 in cents, ("on")
    more than a month ahead, ("description") over 200 characters."""
    require_runs(by, house.organization_id)
    stay = resident_of(house, by, stay_id, field="stay_id", ended=True)
    errors = {}
    if kind not in LedgerKind.values:
        errors["kind"] = _("Choose a charge, a payment or a credit.")
    if not (Decimal("0.01") <= amount <= MAX_AMOUNT) or amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = _("Enter an amount from 0.01 to 999,999.99, in cents at most.")
    if on > house_today(house) + AHEAD:
        errors["on"] = _("Choose a day within the next month.")
    description = " ".join(description.split())
    if len(description) > 200:
        errors["description"] = _("Up to 200 characters.")
    if errors:
        raise ValidationError(errors)
    entry = LedgerEntry.objects.create(
        stay=stay, kind=kind, amount=amount, on=on, description=description, recorded_by=by
    )
    require_housing(by, stay.resident, interface=interface, record=entry, action=Action.WRITE)
    return entry


def balance(stay: Stay, *, until: datetime.date | None = None) -> Decimal:
    """Charges less payments and credits (up to and including `until`)."""
    entries = stay.ledger.all() if until is None else stay.ledger.filter(on__lte=until)
    sums = entries.aggregate(
        charged=Sum("amount", filter=Q(kind=LedgerKind.CHARGE)),
        paid=Sum("amount", filter=~Q(kind=LedgerKind.CHARGE)),
    )
    owed = (sums["charged"] or Decimal("0")) - (sums["paid"] or Decimal("0"))
    return owed.quantize(Decimal("0.01"))


def house_ledger(
    *, viewer: User, house: House, interface: str = Interface.PAGE
) -> tuple[list[tuple[Stay, Decimal]], list[LedgerEntry]]:
    """Each resident's balance (those living there now, and those who left owing or owed) and
    the latest entries, for the residents who share "housing" with the viewer (logged)."""
    stays = list(
        Stay.objects.filter(house=house, status__in=(StayStatus.CURRENT, StayStatus.ENDED))
        .filter(Q(status=StayStatus.CURRENT) | Q(ledger__isnull=False))
        .distinct()
        .select_related("resident", "bed")
        .order_by("status", "move_in_on", "pk")
    )
    named = residents_named(viewer, stays, interface=interface)
    shown = [s for s in stays if s.resident_id in named]
    by_stay = {s.pk: s for s in shown}
    entries = list(LedgerEntry.objects.filter(stay_id__in=by_stay).order_by("-on", "-id")[:100])
    for entry in entries:
        entry.stay = by_stay[entry.stay_id]
    return [(s, balance(s)) for s in shown], entries

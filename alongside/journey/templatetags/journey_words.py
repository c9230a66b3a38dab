"""Words for a moderation track's amounts: "1 drink", "3 drinks"."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.filter
def amount_of(amount: int | Decimal | float | None, unit: str) -> str:
    """An amount with its unit, in the singular for one. The default unit ("drinks", in the
    language the track was started in) has proper plural forms; a unit the member typed is
    shown as they typed it."""
    if amount is None:
        return "—"
    shown = f"{Decimal(str(amount)).normalize():f}"
    count = int(amount) if Decimal(str(amount)) == int(amount) else 2
    if unit in {"drinks", gettext("drinks")}:
        return ngettext("%(n)s drink", "%(n)s drinks", count) % {"n": shown}
    return f"{shown} {unit}".strip()

"""What a "housing" grantee — a house manager the resident shares it with — reads of a resident:
exactly the fields `privacy.scopes.DISCLOSURES` lists, record kind by record kind, handed both
to the grantee's page (/housing/residents/<id>/) and to the API (/api/v1/members/<id>/housing).
The caller has passed access.access_resident, which logged the look.

To show another record kind (a part of house life): list its fields in DISCLOSURES first, then
add a reader to RECORDS and, if a value needs words on the page, to WORDS; the page, the API
(schemas/houses.py MemberHousingOut) and privacy/tests/test_scope_disclosure.py follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alongside.accounts.models import User
from alongside.housing.models import Stay
from alongside.housing.services.stays import current_phase, house_today
from alongside.privacy.models import Scope
from alongside.privacy.scopes import Table, pick, table


@dataclass(frozen=True)
class Resident:
    """A resident as one grantee reads them: their stays in the houses the grantee runs."""

    member: User
    stays: list[Stay]


def _phase_name(stay: Stay) -> str | None:
    """The phase the stay is in today (or was in when it ended)."""
    phase = current_phase(stay, stay.move_out_on or house_today(stay.house))
    return phase.name if phase else None


def _stays(resident: Resident) -> list[dict[str, Any]]:
    phases = {stay.pk: _phase_name(stay) for stay in resident.stays}
    getters: dict[str, Callable[[Any], Any]] = {
        "house": lambda stay: stay.house.name,
        "bed": lambda stay: stay.bed.label,
        "phase": lambda stay: phases[stay.pk],
    }
    return [
        {"id": stay.pk, **pick(Scope.HOUSING, "stays", stay, getters)} for stay in resident.stays
    ]


# Each record kind the housing scope shows, in the order DISCLOSURES lists them.
RECORDS: dict[str, Callable[[Resident], list[dict[str, Any]]]] = {"stays": _stays}
WORDS: dict[str, dict[str, Callable[[Any], Any]]] = {}


def records(resident: Resident) -> dict[str, list[dict[str, Any]]]:
    """{record kind: its rows}, as the API returns them (with ids, which address a row)."""
    return {key: read(resident) for key, read in RECORDS.items()}


def tables(shared: dict[str, list[dict[str, Any]]], *, url: Callable | None = None) -> list[Table]:
    """The grantee page's tables, one per record kind, columns exactly as DISCLOSURES lists."""
    return [
        table(Scope.HOUSING, key, rows, words=WORDS.get(key), url=url if key == "stays" else None)
        for key, rows in shared.items()
    ]

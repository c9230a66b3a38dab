"""The support outcomes API under /api/v1/outcomes/support: the same access and services as
the pages."""

from __future__ import annotations

from typing import Any

from ninja import Router

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.outcomes import access, support
from alongside.outcomes.schemas import OutcomeProgramOut, OutcomeRowOut, SupportOutcomesOut
from alongside.schemas import Id

router = Router(tags=["outcomes"])


def _figure(figure: support.Figure) -> dict[str, Any]:
    return {
        "key": figure.key,
        "label": figure.label,
        "suppressed": figure.suppressed,
        "people": figure.people,
        "engaged": figure.engaged,
        "percent": figure.percent,
        "points": figure.points,
        "text": figure.text,
    }


def _row(row: support.Row) -> dict[str, Any]:
    person, organization = row.group.supporter, row.group.organization
    return {
        "supporter": {"id": person.pk, "display_name": str(person.display_name)}
        if person is not None
        else None,
        "organization": {"id": organization.pk, "name": organization.name}
        if organization is not None
        else None,
        "figures": [_figure(f) for f in row.figures],
    }


def _program(program: support.Program) -> dict[str, Any]:
    organization = program.organization
    return {
        "organization": {"id": organization.pk, "name": organization.name},
        "total": _row(program.total),
        "supporters": [_row(r) for r in program.supporters],
    }


@router.get(
    "/outcomes/support",
    response={200: SupportOutcomesOut, 404: dict},
    summary="Your figures, your team's and your organization's program (404: none to see)",
)
def get_support_outcomes(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    reach = access.access_support_outcomes(request.user)
    found = support.overview(own=reach.own, team=reach.team, organizations=reach.programs)
    return {
        "own": _row(found.own) if found.own is not None else None,
        "team": [_row(r) for r in found.team],
        "programs": [_program(p) for p in found.programs],
    }


@router.get(
    "/outcomes/support/supporters/{supporter_id}",
    response=list[OutcomeRowOut],
    summary="One supporter's figures: yours, or in each organization where you may see them",
)
def get_supporter_outcomes(
    request: AuthenticatedHttpRequest, supporter_id: Id
) -> list[dict[str, Any]]:
    groups = access.access_supporter(request.user, supporter_id)
    return [_row(r) for r in support.rows_for(groups)]


@router.get(
    "/outcomes/support/programs/{organization_id}",
    response=OutcomeProgramOut,
    summary="An organization's program, whole and per supporter (its admins)",
)
def get_program_outcomes(request: AuthenticatedHttpRequest, organization_id: Id) -> dict[str, Any]:
    organization = access.access_program(request.user, organization_id)
    return _program(support.program(organization))

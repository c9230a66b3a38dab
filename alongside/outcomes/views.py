"""Support outcome pages: my figures, my team's and my organization's program; one
supporter's; one program's. Ask access, call outcomes.support, render."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.outcomes import access, support


@member_data_view
def support_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    reach = access.access_support_outcomes(request.user)
    found = support.overview(own=reach.own, team=reach.team, organizations=reach.programs)
    own_rows = [found.own] if found.own is not None else []
    return render(
        request,
        "outcomes/support.html",
        {"overview": found, "own_rows": own_rows, **_words()},
    )


@member_data_view
def supporter(request: AuthenticatedHttpRequest, supporter_id: int) -> HttpResponse:
    groups = access.access_supporter(request.user, supporter_id)
    rows = support.rows_for(groups)
    return render(
        request,
        "outcomes/supporter.html",
        {"person": groups[0].supporter, "rows": rows, "is_own": supporter_id == request.user.pk}
        | _words(),
    )


@member_data_view
def program(request: AuthenticatedHttpRequest, organization_id: int) -> HttpResponse:
    organization = access.access_program(request.user, organization_id)
    return render(
        request, "outcomes/program.html", {"program": support.program(organization), **_words()}
    )


def _words() -> dict[str, object]:
    """What every page says about the figures: their labels and the suppression threshold."""
    return {
        "labels": [str(label) for label in support.FIGURES.values()],
        "min_people": support.MIN_PEOPLE,
    }

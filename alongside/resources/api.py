from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from alongside.accounts.models import Country
from alongside.resources.crisis_lines import lines_for
from alongside.resources.schemas import CrisisLineOut

router = Router(tags=["resources"])


@router.get(
    "/crisis-lines", response=list[CrisisLineOut], auth=None, summary="Crisis lines for a country"
)
def crisis_lines(request: HttpRequest, country: Country = Country.US) -> list[CrisisLineOut]:
    return [CrisisLineOut(**line.__dict__) for line in lines_for(country)]

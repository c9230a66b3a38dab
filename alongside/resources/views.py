from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alongside.accounts.models import Country
from alongside.resources.crisis_lines import lines_for


def help_now(request: HttpRequest) -> HttpResponse:
    """Crisis lines for the person's country; open to everyone, signed in or not."""
    default = request.user.country if request.user.is_authenticated else Country.US
    country = request.GET.get("country", default)
    if country not in Country.values:
        country = default
    return render(
        request,
        "resources/help.html",
        {"lines": lines_for(country), "country": country, "countries": Country.choices},
    )

"""The journey's part of the shell: check-in and the person's own recovery, for people in
recovery (alongside/shell.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from alongside import shell

shell.link("journey:check-in", _("Check in"), order=20, show_to={shell.IN_RECOVERY})
shell.link("journey:overview", _("My recovery"), order=22, show_to={shell.IN_RECOVERY})


def _journey(home: shell.Home) -> dict[str, Any]:
    from alongside.journey.summary import journey_summary

    return {"journey": journey_summary(home.user, home.user.local_today())}


# The person's own data only, so it is kept in the member cache (accounts/home.py).
shell.card(
    "journey/_home.html", order=100, show_to={shell.IN_RECOVERY}, context=_journey, cached=True
)


def _suggestions(home: shell.Home) -> dict[str, Any]:
    from alongside.journey.services.skills import open_suggestions

    return {"suggestions": open_suggestions(home.user)}


# Tools a counselor, peer specialist or mentor suggested, with their name. Cached: a database
# trigger changes the member's home_version with every suggestion made or dismissed
# (lib/versions.py), so it holds no form; "Dismiss" leads to a page that asks.
shell.card(
    "journey/_suggestions_home.html",
    order=95,
    show_to={shell.IN_RECOVERY},
    context=_suggestions,
    cached=True,
)

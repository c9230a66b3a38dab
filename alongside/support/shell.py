"""Support's part of the shell: the home card with the SOS button, an open SOS, and SOS alerts
waiting for this person's answer (alongside/shell.py). Read afresh for every page, never cached:
an alert must never be served stale.

The card has two places. While an SOS is open (the person's own, or one they were asked to
answer) it comes first on the page, above everyone's own work. Otherwise the SOS button and
"having a hard day" sit just below the person's own recovery, for people in recovery only."""

from __future__ import annotations

from typing import Any

from alongside import shell


def _found(home: shell.Home) -> dict[str, Any]:
    from django.template import Context

    from alongside.support.templatetags.support_tags import support_card

    if "support" not in home.cache:  # one read for both places
        found = support_card(Context(), home.user)  # the page's context supplies the CSRF token
        found.pop("csrf_token", None)
        found["is_member"] = home.in_recovery
        home.cache["support"] = found
    return dict(home.cache["support"])


def _urgent(home: shell.Home) -> dict[str, Any]:
    found = _found(home)
    return found if found.get("open_alert") or found.get("received") else {}


def _calm(home: shell.Home) -> dict[str, Any]:
    found = _found(home)
    return {} if found.get("open_alert") or found.get("received") else found


shell.card("support/_alerts_card.html", order=1, context=_urgent)
shell.card("support/_home_card.html", order=101, show_to={shell.IN_RECOVERY}, context=_calm)

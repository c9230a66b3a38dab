"""Support's part of the shell: the home card with the SOS button, an open SOS, and SOS alerts
waiting for this person's answer, first on the page (alongside/shell.py). Read afresh for every
page, never cached: an alert must never be served stale."""

from __future__ import annotations

from typing import Any

from alongside import shell


def _alerts(home: shell.Home) -> dict[str, Any]:
    from django.template import Context

    from alongside.support.templatetags.support_tags import support_card

    found = support_card(Context(), home.user)  # the page's own context supplies the CSRF token
    found.pop("csrf_token", None)
    return found


shell.card("support/_home_card.html", order=1, context=_alerts)

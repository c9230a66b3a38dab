"""Assessments' part of the shell: the person's own assessments (alongside/shell.py). Staff
reach a member's shared assessments from the people who share with them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from alongside import shell

shell.link("assessments:index", _("Assessments"), order=24, show_to={shell.IN_RECOVERY})


def _due(home: shell.Home) -> dict[str, Any]:
    from alongside.assessments.services import due_for

    due = due_for(home.user)
    return {"due": due, "due_now": [d for d in due if d.is_due]}


# Whoever has an assessment scheduled sees it (the card is empty otherwise); own data: cached.
shell.card("assessments/_due_card.html", order=110, context=_due, cached=True)

"""The home page's "Assessments" card: what is due for the signed-in member."""

from __future__ import annotations

from django import template

from alongside.accounts.models import User
from alongside.assessments.services import due_for

register = template.Library()


@register.inclusion_tag("assessments/_due_card.html")
def assessments_due_card(user: User) -> dict:
    due = due_for(user) if user.is_authenticated else []
    return {"due": due, "due_now": [d for d in due if d.is_due]}

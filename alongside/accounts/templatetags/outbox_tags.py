from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def dev_outbox_url() -> str:
    """The development outbox's address, or "" where there is none (production, tests)."""
    return reverse("dev-outbox") if settings.DEV_OUTBOX else ""

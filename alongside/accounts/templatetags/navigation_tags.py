"""The site navigation, rendered from the person's roles.

Every page renders it, so the links for a set of roles in a language are built once per process
(reversing each URL and translating each label) and only the current page's `aria-current` is
worked out per request.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, override

from alongside.accounts.roles import nav_items_for, roles_of

register = template.Library()


@lru_cache(maxsize=256)
def _links(
    held: frozenset[str], group: str, language: str | None, prefix: str
) -> tuple[tuple[str, str], ...]:
    """(url, escaped label) of each item of `group` that these roles can use."""
    with override(language):
        return tuple(
            (item.url, escape(item.label)) for item in nav_items_for(held) if item.group == group
        )


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context, group: str) -> SafeString:
    """`<li>` links of one navigation group ("main" or "account") for the signed-in person."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return mark_safe("")
    links = _links(frozenset(roles_of(user).roles), group, get_language(), get_script_prefix())
    here = request.path
    current = ' aria-current="page"'
    return mark_safe(  # noqa: S308 - urls from reverse(), labels escaped above
        "".join(
            f'\n        <li><a href="{escape(url)}"{current if url == here else ""}>{label}</a></li>'
            for url, label in links
        )
    )

"""The site navigation, rendered from the shell's registry (alongside/shell.py) for the person's
roles and whether they are in recovery themselves.

Every page renders it, so the links for an audience in a language are built once per process
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

from alongside import shell

register = template.Library()


@lru_cache(maxsize=256)
def _links(
    audience: shell.Audience, group: str, language: str | None, prefix: str, generation: int
) -> tuple[tuple[str, str], ...]:
    """(url, escaped label) of each link of `group` registered for this audience."""
    with override(language):
        return tuple((item.url, escape(item.label)) for item in shell.links_for(audience, group))


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context, group: str) -> SafeString:
    """`<li>` links of one navigation group ("main" or "account") for the signed-in person."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return mark_safe("")
    links = _links(
        shell.audience_of(user), group, get_language(), get_script_prefix(), shell.generation()
    )
    here = request.path
    current = ' aria-current="page"'
    return mark_safe(  # noqa: S308 - urls from reverse(), labels escaped above
        "".join(
            f'\n        <li><a href="{escape(url)}"{current if url == here else ""}>{label}</a></li>'
            for url, label in links
        )
    )

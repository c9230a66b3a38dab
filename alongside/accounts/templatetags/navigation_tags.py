"""The site navigation, rendered from the shell's registry (alongside/shell.py) for the person's
roles and whether they are in recovery themselves.

Every page renders it, so the links for an audience in a language are built once per process
(reversing each URL and translating each label) and only the current page's `aria-current` and
the links' badges (a cached count, such as unread messages) are worked out per request.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django import template
from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, override

from alongside import shell

register = template.Library()


@lru_cache(maxsize=256)
def _links(
    audience: shell.Audience, group: str, language: str | None, prefix: str, generation: int
) -> tuple[tuple[str, str, Callable[[HttpRequest], int] | None], ...]:
    """(url, escaped label, badge) of each link of `group` registered for this audience."""
    with override(language):
        return tuple(
            (item.url, escape(item.label), item.badge) for item in shell.links_for(audience, group)
        )


def _badge(request: HttpRequest, badge: Callable[[HttpRequest], int] | None) -> str:
    count = badge(request) if badge is not None else 0
    if not count:
        return ""
    words = escape(gettext("unread"))
    return f' <span class="badge">{count:d}<span class="visually-hidden"> {words}</span></span>'


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
            f'\n        <li><a href="{escape(url)}"{current if url == here else ""}>'
            f"{label}{_badge(request, badge)}</a></li>"
            for url, label, badge in links
        )
    )

"""The home page's cards, from the shell's registry (alongside/shell.py), and the cache that
keeps the person's own ones.

Cards registered with ``cached=True`` show only the person's own data (their journey,
assessments due). They are rendered once per version of that data (``User.home_version``, kept
by the database: alongside/lib/versions.py), local day, language and set of cards, and served
from this process's memory until one of those changes — a member opens this page many times a
day and it changes far less often. Those cards hold no CSRF token and nothing of anyone else's.

Other cards are rendered for each request: new notifications (an urgent notice carries a safety
flag's details, which are read from the database for each page and never kept in memory) and
what other people share with a supporter.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from alongside import shell
from alongside.lib.member_cache import cached


def own_cards(home: shell.Home, cards: list[shell.Card]) -> dict[str, SafeString]:
    """The cached cards' HTML by template name; `home.user` as loaded by this request (its
    home_version says whether the cached cards are still true)."""
    user = home.user
    today = user.local_today()
    names = tuple(c.template for c in cards)

    def build() -> dict[str, str]:
        return {c.template: str(render_to_string(c.template, home.context_for(c))) for c in cards}

    # The pathways choose keytags or chips (journey/keytags.py); they live on the user row, which
    # home_version does not count, so they are part of the key.
    pathways = ",".join(sorted(user.pathways or []))
    built = cached(user, "home_version", "home-cards", today, pathways, *names, build=build)
    return {name: mark_safe(html) for name, html in built.items()}  # noqa: S308 - our templates, autoescaped


def home_cards(home: shell.Home) -> list[SafeString]:
    """Every card this person's home shows, in the registry's order."""
    cards = home.cards()
    own = own_cards(home, [c for c in cards if c.cached]) if any(c.cached for c in cards) else {}
    return [own[c.template] if c.cached else home.render(c) for c in cards]

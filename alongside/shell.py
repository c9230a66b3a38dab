"""The shell's registry: the navigation links and home-page cards every app adds for its people.

An app adds its own in ``alongside/<app>/shell.py``, which is imported once at start-up
(accounts' AppConfig.ready). Nothing else changes: the base template and the home page show
whatever is registered, to whoever it is for (docs/shell.md)::

    from alongside import shell
    from alongside.accounts.models import Role

    shell.link("peers:mentees", _("My mentees"), order=40, show_to={Role.MENTOR})
    shell.card("peers/_mentees_card.html", order=40, show_to={Role.MENTOR}, context=mentees)

``show_to`` names who sees an entry: roles (``Role.COUNSELOR``) and ``IN_RECOVERY``, for
people whose own recovery is part of the app (members, and anyone who said so on their
profile). Leave it out for everyone signed in. Lower ``order`` comes first. A link's
``badge(request)`` returns a count shown beside its label (0: nothing). A card's
``context(home)`` gets the request's ``Home`` (the person, their roles, who shares with them)
and returns the template's context; its template renders nothing when it has nothing to say.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from alongside.accounts.models import User
    from alongside.accounts.roles import RoleSet

# Not a role: a person whose own recovery is part of the app (members, and anyone who opted in).
IN_RECOVERY = "in_recovery"
MAIN = "main"  # the top navigation
ACCOUNT = "account"  # the account menu inside it

Audience = frozenset[str]  # the person's roles, plus IN_RECOVERY when it applies


@dataclass(frozen=True)
class Link:
    url_name: str
    label: StrOrPromise
    order: int
    show_to: Audience | None  # None: everyone signed in
    group: str = MAIN
    # A count beside the label ("3 unread"), worked out for each request; 0 shows none. The
    # navigation is on every page: read something cached, not a query.
    badge: Callable[[HttpRequest], int] | None = None

    def shown_to(self, audience: Audience) -> bool:
        return self.show_to is None or bool(self.show_to & audience)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Card:
    template: str
    order: int
    show_to: Audience | None
    context: Callable[[Home], dict[str, Any]] | None = None
    # Built only from the person's own data (covered by User.home_version): rendered once per
    # version, day and language and kept in this process (accounts/home.py).
    cached: bool = False

    def shown_to(self, audience: Audience) -> bool:
        return self.show_to is None or bool(self.show_to & audience)


_links: list[Link] = []
_cards: list[Card] = []


def _audience(show_to: Iterable[str] | None) -> Audience | None:
    return None if show_to is None else frozenset(str(s) for s in show_to)


def link(
    url_name: str,
    label: StrOrPromise,
    *,
    order: int,
    show_to: Collection[str] | None = None,
    group: str = MAIN,
    badge: Callable[[HttpRequest], int] | None = None,
) -> Link:
    """Add a navigation link (a URL name without arguments) for the people in `show_to`, with
    `badge(request)`, if given, counting what is unread there."""
    if group not in {MAIN, ACCOUNT}:
        raise ValueError(f"unknown navigation group {group!r}")
    item = Link(url_name, label, order, _audience(show_to), group, badge)
    _replace(_links, item, lambda old: old.url_name == url_name and old.group == group)
    return item


def card(
    template: str,
    *,
    order: int,
    show_to: Collection[str] | None = None,
    context: Callable[[Home], dict[str, Any]] | None = None,
    cached: bool = False,
) -> Card:
    """Add a home-page card: `template` rendered with `context(home)` (and `home`, `user`)."""
    item = Card(template, order, _audience(show_to), context, cached)
    _replace(_cards, item, lambda old: old.template == template)
    return item


_generation = [0]


def generation() -> int:
    """Changes whenever an entry is added: what was built from the registry is stale."""
    return _generation[0]


def _replace(items: list, item: Any, same: Callable[[Any], bool]) -> None:
    # Registering again (a reload, a test) replaces the entry instead of doubling it.
    items[:] = [old for old in items if not same(old)]
    items.append(item)
    items.sort(key=lambda i: i.order)
    _generation[0] += 1


def links_for(audience: Audience, group: str = MAIN) -> list[Link]:
    return [item for item in _links if item.group == group and item.shown_to(audience)]


def cards_for(audience: Audience) -> list[Card]:
    return [item for item in _cards if item.shown_to(audience)]


def is_in_recovery(user: User, roles: RoleSet) -> bool:
    """Members are; so is anyone with no role at all (self-directed recovery), and anyone who
    said so on their profile. Staff, mentors and allies otherwise are not."""
    from alongside.accounts.models import Role

    return user.in_recovery or roles.has(Role.MEMBER) or not roles.roles


def audience_of(user: User) -> Audience:
    from alongside.accounts.roles import roles_of

    if not user.is_authenticated:
        return frozenset()
    roles = roles_of(user)
    extra = {IN_RECOVERY} if is_in_recovery(user, roles) else set()
    return frozenset(roles.roles | extra)


@dataclass
class Home:
    """One person's home page, as the cards' `context` functions see it."""

    request: HttpRequest
    user: User
    cache: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def roles(self) -> RoleSet:
        from alongside.accounts.roles import roles_of

        return roles_of(self.user)

    @cached_property
    def audience(self) -> Audience:
        return audience_of(self.user)

    @property
    def in_recovery(self) -> bool:
        return IN_RECOVERY in self.audience

    @cached_property
    def shared(self) -> list[tuple[User, list[str]]]:
        """Members sharing something with this person, with the scopes they share."""
        from alongside.privacy.policy import members_sharing_with

        return members_sharing_with(self.user)

    def cards(self) -> list[Card]:
        return cards_for(self.audience)

    def context_for(self, item: Card) -> dict[str, Any]:
        context: dict[str, Any] = {"home": self, "user": self.user}
        if item.context is not None:
            context.update(item.context(self))
        return context

    def render(self, item: Card) -> SafeString:
        """A card that is not cached, rendered for this request (it may hold a form)."""
        html = render_to_string(item.template, self.context_for(item), request=self.request)
        return mark_safe(html)  # noqa: S308 - our templates, autoescaped


def autodiscover() -> None:
    """Import every app's `shell` module, which registers its links and cards."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("shell")

"""The signed-in person's own cards on the home page: their journey and assessments due.

They are rendered once per version of the data they show (``User.home_version``, kept by the
database: alongside/lib/versions.py), local day and language, and served from this process's
memory until one of those changes — a member opens this page many times a day and it changes
far less often. The cards hold no CSRF token and nothing of anyone else's.

New notifications are not among them: an urgent notice carries a safety flag's details, which
are read from the database for each page and never kept in memory (the page's notifications
card, ``notifications_card``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from alongside.accounts.models import User
from alongside.lib.member_cache import cached


@dataclass(frozen=True)
class OwnCards:
    journey: SafeString  # empty for people who keep no journey
    cards: SafeString  # assessments due, when there are any


def own_cards(user: User, *, in_recovery: bool) -> OwnCards:
    """`user` as loaded by this request: its home_version says whether the cached cards are true."""
    today = user.local_today()

    def build() -> tuple[str, str]:
        from alongside.journey.summary import journey_summary

        journey = (
            render_to_string("journey/_home.html", {"journey": journey_summary(user, today)})
            if in_recovery
            else ""
        )
        return str(journey), str(render_to_string("accounts/_own_cards.html", {"user": user}))

    # The pathways choose keytags or chips (journey/keytags.py); they live on the user row, which
    # home_version does not count, so they are part of the key.
    pathways = ",".join(sorted(user.pathways or []))
    journey, cards = cached(
        user, "home_version", "home-cards", today, in_recovery, pathways, build=build
    )
    return OwnCards(mark_safe(journey), mark_safe(cards))  # noqa: S308 - our templates, autoescaped

"""A moderation track's amounts read as words: "1 drink", never "1 drinks"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from alongside.journey import services
from alongside.journey.templatetags.journey_words import amount_of
from alongside.testing.assertions import text_of


@pytest.mark.parametrize(
    ("amount", "unit", "words"),
    [
        (1, "drinks", "1 drink"),
        (0, "drinks", "0 drinks"),
        (3, "drinks", "3 drinks"),
        (Decimal("1.5"), "drinks", "1.5 drinks"),
        (Decimal("1.0"), "drinks", "1 drink"),
        (1, "standard drinks", "1 standard drinks"),  # the member's own words stay theirs
    ],
)
def test_amounts_take_the_singular_for_one(amount, unit, words) -> None:
    assert amount_of(amount, unit) == words


def test_in_spanish_one_drink_is_una_bebida() -> None:
    with translation.override("es"):
        assert amount_of(1, "bebidas") == "1 bebida"
        assert amount_of(2, "bebidas") == "2 bebidas"


@pytest.mark.django_db
def test_a_moderation_track_says_one_drink(client_as, member) -> None:
    track = services.start_track(
        member=member,
        kind="substance",
        goal="moderation",
        name="Alcohol",
        daily_limit=1,
        weekly_limit=5,
    )
    services.set_use(track=track, on=member.local_today(), amount=1)
    page = text_of(client_as("member").get(f"/journey/tracks/{track.pk}/").content.decode())
    assert "of 1 drink" in page and "1 drink within" in page
    assert "1 drinks" not in page
    use = text_of(client_as("member").get(f"/journey/tracks/{track.pk}/use/").content.decode())
    assert "Your limit: 1 drink a day" in use

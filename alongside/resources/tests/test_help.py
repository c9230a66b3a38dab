from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_help_page_lists_988_and_samhsa_for_the_us(client) -> None:
    page = client.get("/help/").content.decode()
    assert 'href="tel:988"' in page
    assert "1-800-662-4357" in page
    assert 'href="tel:911"' in page


@pytest.mark.parametrize(
    ("country", "number"),
    [("GB", "116 123"), ("CA", "988"), ("AU", "13 11 14"), ("IE", "116 123"), ("ZZ", "112")],
)
def test_help_page_follows_the_chosen_country(client, country: str, number: str) -> None:
    assert number in client.get(f"/help/?country={country}").content.decode()


def test_signed_in_members_see_their_own_countrys_lines(client_as, member) -> None:
    member.country = "AU"
    member.save(update_fields=["country"])
    page = client_as("member").get("/help/").content.decode()
    assert "Lifeline" in page and "1-800-662-4357" not in page


def test_every_page_links_to_help(client_as) -> None:
    for path in ["/", "/accounts/login/", "/help/"]:
        assert 'href="/help/"' in client_as(None).get(path).content.decode()
    assert 'href="/help/"' in client_as("member").get("/home/").content.decode()

"""The shell: each role's menu and home, built from what the apps register (alongside/shell.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from alongside import shell
from alongside.accounts.models import Role, User
from alongside.accounts.roles import navigation_for

pytestmark = pytest.mark.django_db

MEMBER_FURNITURE = [
    "Check in",
    "My recovery",
    "Tell us which pathways are part of your recovery",
    "Start a track to count your days",
]
STAFF_AND_ALLIES = ["peer_specialist", "counselor", "facilitator", "house_manager", "ally"]


def nav_labels(html: str) -> list[str]:
    nav = html[html.index('<nav aria-label="Main"') : html.index("</nav>")]
    return [re.sub(r"<[^>]+>", "", a).strip() for a in re.findall(r"<a [^>]*>(.*?)</a>", nav)]


def card_headings(html: str) -> list[str]:
    main = html[html.index('<div class="cards home-cards">') :]
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", main)]


@pytest.mark.parametrize("persona", [*STAFF_AND_ALLIES, "org_admin"])
def test_staff_and_allies_are_not_shown_member_furniture(client_as, persona: str) -> None:
    page = client_as(persona).get("/home/").content.decode()
    for words in MEMBER_FURNITURE:
        assert words not in page, f"{persona} sees {words!r}"
    assert "Check in" not in nav_labels(page)
    assert "In recovery yourself?" in page


def test_a_member_sees_their_own_recovery_first(client_as) -> None:
    page = client_as("member").get("/home/").content.decode()
    assert nav_labels(page)[:4] == ["Home", "Check in", "My recovery", "Assessments"]
    assert card_headings(page)[0] == "Your journey"
    assert "In recovery yourself?" not in page


@pytest.mark.parametrize(
    ("persona", "first_card", "first_links"),
    [
        ("counselor", "Your clients", ["Home", "Shared with me"]),
        ("peer_specialist", "Your caseload", ["Home", "Shared with me"]),
        ("house_manager", "Your houses", ["Home", "Shared with me"]),
        ("facilitator", "Your groups", ["Home", "Groups I lead", "Shared with me"]),
        ("ally", "People you support", ["Home", "Shared with me"]),
        ("org_admin", "Your organization", ["Home", "Groups I lead", "Organization"]),
        ("mentor", "People you mentor", ["Home", "Shared with me", "Check in"]),
    ],
)
def test_each_role_s_home_opens_on_its_own_work(
    client_as, persona: str, first_card: str, first_links: list[str]
) -> None:
    page = client_as(persona).get("/home/").content.decode()
    assert card_headings(page)[0] == first_card
    assert nav_labels(page)[: len(first_links)] == first_links


def test_a_mentor_in_recovery_sees_mentees_first_then_their_own_journey(client_as, cast) -> None:
    """Sam (the cast's mentor) is a sponsor in recovery himself: a mentor and a member both."""
    from alongside.accounts.sensitive import Credential
    from alongside.privacy.models import Scope
    from alongside.privacy.services import grant_access

    maya = cast["member"].user
    grant_access(
        member=maya,
        grantee_user=cast["mentor"].user,
        scopes=[Scope.MILESTONES],
        purpose="sponsor",
        credential=Credential.for_setup(maya),
    )
    page = client_as("mentor").get("/home/").content.decode()
    headings = card_headings(page)
    assert headings.index("People you mentor") < headings.index("Your journey")
    assert "Maya O." in page
    assert "Check in" in nav_labels(page)


def test_saying_you_are_in_recovery_on_the_profile_brings_your_own_journey_home(
    client_as, counselor: User
) -> None:
    client = client_as("counselor")
    form = client.get("/account/profile/").content.decode()
    assert "I am in recovery myself" in form
    response = client.post(
        "/account/profile/",
        {
            "first_name": "Grace",
            "last_name": "Chen",
            "time_zone": "America/New_York",
            "language": "en",
            "country": "US",
            "in_recovery": "on",
        },
    )
    assert response.status_code == 302
    counselor.refresh_from_db()
    assert counselor.in_recovery
    page = client.get("/home/").content.decode()
    assert "Check in" in nav_labels(page)
    headings = card_headings(page)
    assert headings.index("Your clients") < headings.index("Your journey")
    assert "In recovery yourself?" not in page


def test_members_are_not_asked_whether_they_are_in_recovery(client_as) -> None:
    assert (
        "I am in recovery myself"
        not in client_as("member").get("/account/profile/").content.decode()
    )


def test_the_api_says_who_is_in_recovery_and_takes_the_choice(client_as, ally: User) -> None:
    client = client_as("ally")
    assert client.get("/api/v1/me").json()["in_recovery"] is False
    response = client.patch("/api/v1/me", {"in_recovery": True}, content_type="application/json")
    assert response.json()["in_recovery"] is True
    ally.refresh_from_db()
    assert ally.in_recovery
    assert "journey:check-in" in [link.url_name for link in navigation_for(ally)]


def test_someone_with_no_role_is_in_recovery_on_their_own(db) -> None:
    person = User.objects.create_user(email="ari@example.org", first_name="Ari")
    assert shell.IN_RECOVERY in shell.audience_of(person)


@pytest.fixture
def a_new_apps_entries() -> Iterator[None]:
    """What a new app would put in its shell.py, removed again afterwards."""
    before = (list(shell._links), list(shell._cards))
    shell.link("privacy:who-looked", "Mentee log", order=11, show_to={Role.MENTOR})
    shell.card("components/_test_card.html", order=1, show_to={Role.MENTOR})
    yield
    shell._links[:], shell._cards[:] = before
    shell._generation[0] += 1


def test_a_new_app_adds_a_role_s_link_and_card_without_touching_the_shell(
    client_as, a_new_apps_entries, settings, tmp_path
) -> None:
    folder = tmp_path / "templates" / "components"
    folder.mkdir(parents=True)
    (folder / "_test_card.html").write_text(
        '<section class="card"><h2>Your mentees today</h2><p>{{ user.first_name }}</p></section>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    mentor = client_as("mentor").get("/home/").content.decode()
    assert card_headings(mentor)[0] == "Your mentees today"
    assert "Mentee log" in nav_labels(mentor)
    member = client_as("member").get("/home/").content.decode()
    assert "Your mentees today" not in member
    assert "Mentee log" not in nav_labels(member)


def test_a_facilitator_is_not_called_anyone_s_counselor(client_as) -> None:
    page = client_as("facilitator").get("/home/").content.decode()
    assert "Your clients" not in page
    assert "Your groups" in card_headings(page)

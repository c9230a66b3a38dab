"""Skills for hard moments: a use is kept once however often it is sent, coping cards are the
member's alone, the support page puts what helped most first, and a supporter may suggest a
tool only to a member who shares with them."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.utils import timezone

from alongside.accounts.sensitive import Credential
from alongside.journey.models import CopingCard, SkillUse, ToolSuggestion
from alongside.journey.services import JourneyError
from alongside.journey.services import skills as services
from alongside.privacy.models import AccessLogEntry
from alongside.privacy.services import grant_access, revoke_grant
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db

USE_ID = "0b1e6a52-3c1d-4c5e-8f2a-6d7e8f9a0b1c"


def share_with(member, person, scopes=("plans",)):
    return grant_access(
        member=member,
        grantee_user=person,
        scopes=list(scopes),
        purpose="recovery support",
        credential=Credential.for_setup(member),
    )


# ----------------------------------------------------------------------------------------------
# Skill uses


def test_a_use_sent_twice_with_the_same_id_is_kept_once(client_as, member) -> None:
    client = client_as("member")
    body = {"client_id": USE_ID, "skill": "grounding", "helped": 4}

    first = client.post("/api/v1/skill-uses", body, content_type="application/json")
    again = client.post("/api/v1/skill-uses", body, content_type="application/json")

    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert SkillUse.objects.filter(member=member).count() == 1


def test_the_same_id_from_two_members_is_two_uses(member, member2) -> None:
    client_id = uuid.UUID(USE_ID)
    services.record_skill_use(member=member, skill="halt", client_id=client_id)
    _use, created = services.record_skill_use(member=member2, skill="halt", client_id=client_id)

    assert created
    assert SkillUse.objects.count() == 2


def test_a_use_queued_offline_keeps_the_time_it_happened(member) -> None:
    earlier = timezone.now() - datetime.timedelta(hours=5)

    use, _created = services.record_skill_use(
        member=member, skill="breathing", client_id=uuid.uuid4(), used_at=earlier
    )

    use.refresh_from_db()
    assert use.used_at == earlier


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"skill": "juggling"}, "skill"),
        ({"skill": "breathing", "helped": 6}, "helped"),
        ({"skill": "breathing", "helped": 0}, "helped"),
        ({"skill": "breathing", "used_at": "2001-01-01T10:00:00Z"}, "used_at"),
    ],
)
def test_a_use_that_cannot_be_right_is_a_422_naming_the_field(client_as, body, field) -> None:
    response = client_as("member").post(
        "/api/v1/skill-uses", {"client_id": USE_ID, **body}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == field
    assert not SkillUse.objects.exists()


def test_a_use_without_a_client_id_is_refused(client_as) -> None:
    response = client_as("member").post(
        "/api/v1/skill-uses", {"skill": "breathing"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert not SkillUse.objects.exists()


# The finish form posted by the browser, for a member without JavaScript


def test_a_member_without_javascript_logs_a_skill_from_its_form(client_as, member) -> None:
    client = client_as("member")
    body = {
        "skill": "grounding",
        "grounding-client_id": USE_ID,
        "grounding-keep": "1",
        "grounding-helped": "4",
    }

    response = client.post("/journey/skills/log/", body, follow=True)

    assert response.redirect_chain == [("/journey/skills/#grounding", 302)]
    assert "Added to your history." in text_of(response.content.decode())
    use = SkillUse.objects.get(member=member)
    assert (use.skill, use.helped, str(use.client_id)) == ("grounding", 4, USE_ID)
    # The same form sent again (back, then Finish once more) keeps the use once.
    client.post("/journey/skills/log/", body)
    assert SkillUse.objects.filter(member=member).count() == 1


def test_the_rating_is_optional_on_the_finish_form(client_as, member) -> None:
    response = client_as("member").post("/journey/skills/log/", {"skill": "halt", "halt-keep": "1"})

    assert response.status_code == 302
    assert SkillUse.objects.get(member=member).helped is None


def test_a_rating_out_of_range_on_the_finish_form_is_shown_beside_it(client_as) -> None:
    response = client_as("member").post(
        "/journey/skills/log/",
        {
            "skill": "breathing",
            "breathing-client_id": USE_ID,
            "breathing-keep": "1",
            "breathing-helped": "9",
        },
    )

    assert response.status_code == 422
    page = response.content.decode()
    form = page[page.index('data-skill="breathing"') :]
    form = form[: form.index("</form>")]
    assert 'aria-describedby="helped-breathing-error"' in form
    assert 'id="helped-breathing-error">Rate how much it helped from 1 to 5.</p>' in form
    # The box stays ticked and the form keeps its id, so fixing the rating keeps it once.
    assert 'name="breathing-keep" value="1" checked' in form and USE_ID in form
    assert not SkillUse.objects.exists()


def test_an_unticked_box_on_the_finish_form_adds_nothing(client_as) -> None:
    response = client_as("member").post(
        "/journey/skills/log/", {"skill": "tape_forward", "tape_forward-helped": "3"}, follow=True
    )

    assert response.redirect_chain == [("/journey/skills/#tape_forward", 302)]
    assert "Nothing was added to your history." in text_of(response.content.decode())
    assert not SkillUse.objects.exists()


def test_each_skill_has_a_finish_form_the_browser_can_post(client_as, member) -> None:
    services.add_coping_card(member=member, front="At night", back="Call Sam")

    page = client_as("member").get("/journey/skills/").content.decode()

    forms = re.findall(r"<form[^>]*data-skill-finish-form[^>]*>.*?</form>", page, re.S)
    assert len(forms) == 5
    for form in forms:
        opening = form[: form.index(">") + 1]
        # Shown without JavaScript: only skills.js hides it until the skill is done.
        assert 'method="post" action="/journey/skills/log/"' in opening
        assert "hidden>" not in opening and " hidden " not in opening
        assert 'name="csrfmiddlewaretoken"' in form


def test_a_member_who_speaks_spanish_reads_the_skills_and_logs_one_in_spanish(
    client_as, member
) -> None:
    member.language = "es"
    member.save(update_fields=["language"])
    client = client_as("member")

    page = text_of(client.get("/journey/skills/").content.decode())
    response = client.post(
        "/journey/skills/log/", {"skill": "grounding", "grounding-keep": "1"}, follow=True
    )

    assert "Habilidades para momentos difíciles" in page
    assert "Nombra cinco cosas que puedes ver." in page
    assert "Añadir esto a mi historial" in page and "¿Cuánto te ayudó? (opcional)" in page
    assert "Añadido a tu historial." in text_of(response.content.decode())


def test_the_history_shows_the_uses_the_member_kept_and_nobody_elses(
    client_as, member, member2
) -> None:
    services.record_skill_use(member=member, skill="grounding", client_id=uuid.uuid4(), helped=5)
    services.record_skill_use(member=member2, skill="tape_forward", client_id=uuid.uuid4())

    page = client_as("member").get("/journey/skills/history/").content.decode()

    assert "5-4-3-2-1 grounding" in page and "5 of 5" in page
    assert "Play the tape forward" not in page


def test_the_support_page_lists_the_best_rated_skills_first(client_as, member) -> None:
    for helped in (2, 3):
        services.record_skill_use(
            member=member, skill="breathing", client_id=uuid.uuid4(), helped=helped
        )
    services.record_skill_use(member=member, skill="halt", client_id=uuid.uuid4(), helped=5)

    page = client_as("member").get("/journey/check-in/support/").content.decode()

    halt, breathing = page.index("HALT check"), page.index("Paced breathing")
    grounding = page.index("5-4-3-2-1 grounding")
    assert halt < breathing < grounding
    assert "helped you 5.0 of 5" in page


@pytest.mark.parametrize(
    ("uses", "order"),
    [
        ([], ["breathing", "grounding", "halt", "tape_forward", "coping_cards"]),
        ([("coping_cards", 4)], ["coping_cards", "breathing", "grounding", "halt", "tape_forward"]),
        (
            [("grounding", 3), ("halt", 3), ("halt", None)],
            ["halt", "grounding", "breathing", "tape_forward", "coping_cards"],
        ),
        (
            [("tape_forward", None)],
            ["tape_forward", "breathing", "grounding", "halt", "coping_cards"],
        ),
    ],
)
def test_skills_are_ordered_by_rating_then_use(member, uses, order) -> None:
    for skill, helped in uses:
        services.record_skill_use(member=member, skill=skill, client_id=uuid.uuid4(), helped=helped)

    assert [r.skill.key for r in services.skills_by_rating(member)] == order


# ----------------------------------------------------------------------------------------------
# Coping cards


def test_a_member_writes_a_coping_card_and_sees_it_on_the_skills_page(client_as, member) -> None:
    client = client_as("member")

    response = client.post(
        "/journey/skills/cards/add/",
        {"front": "When I think one won't hurt", "back": "Remember last March"},
    )

    assert response.status_code == 302
    page = client.get("/journey/skills/").content.decode()
    assert "When I think one won&#x27;t hurt" in page and "Remember last March" in page


def test_an_empty_card_is_refused_beside_the_field(client_as) -> None:
    response = client_as("member").post("/journey/skills/cards/add/", {"front": "", "back": "x"})

    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    assert not CopingCard.objects.exists()


def test_an_empty_card_through_the_api_is_a_422_naming_the_field(client_as) -> None:
    response = client_as("member").post(
        "/api/v1/coping-cards", {"front": "  ", "back": "x"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "front"
    assert not CopingCard.objects.exists()


def test_another_members_card_cannot_be_deleted(client_as, member) -> None:
    card = services.add_coping_card(member=member, front="At night", back="Call Sam")

    refused = client_as("member2").post(f"/journey/skills/cards/{card.pk}/delete/")
    api = client_as("member2").delete(f"/api/v1/coping-cards/{card.pk}")
    allowed = client_as("member").post(f"/journey/skills/cards/{card.pk}/delete/")

    assert refused.status_code == 404 and api.status_code == 404
    assert allowed.status_code == 302
    assert not CopingCard.objects.exists()


# ----------------------------------------------------------------------------------------------
# Suggestions


def test_a_peer_specialist_the_member_shares_with_suggests_a_tool_and_it_shows_on_home(
    client_as, member, peer_specialist
) -> None:
    share_with(member, peer_specialist)

    response = client_as("peer_specialist").post(
        f"/journey/members/{member.pk}/suggest/",
        {"tool": "mi_change_plan", "note": "Let's look at it Thursday"},
    )

    assert response.status_code == 302
    suggestion = ToolSuggestion.objects.get()
    assert suggestion.suggested_by == peer_specialist and suggestion.member == member
    home = client_as("member").get("/home/").content.decode()
    assert "Change plan" in home and "suggested by Lena" in home
    assert "/journey/tools/mi_change_plan/" in home and "Let&#x27;s look at it Thursday" in home


def test_suggesting_to_a_member_who_has_not_shared_is_a_404_and_saves_nothing(
    client_as, member, peer_specialist
) -> None:
    client = client_as("peer_specialist")
    body = {"tool": "mi_change_plan", "note": "try this"}

    page = client.post(f"/journey/members/{member.pk}/suggest/", body)
    api = client.post(
        f"/api/v1/members/{member.pk}/tool-suggestions", body, content_type="application/json"
    )
    missing = client.post(
        "/api/v1/members/999999/tool-suggestions", body, content_type="application/json"
    )

    assert page.status_code == 404
    assert api.status_code == 404 and api.json()["error"]["code"] == missing.json()["error"]["code"]
    assert not ToolSuggestion.objects.exists()
    assert not AccessLogEntry.objects.filter(member=member).exists()

    share_with(member, peer_specialist)
    allowed = client.post(
        f"/api/v1/members/{member.pk}/tool-suggestions", body, content_type="application/json"
    )
    assert allowed.status_code == 201
    assert ToolSuggestion.objects.get().tool == "mi_change_plan"


def test_a_revoked_grant_ends_suggesting(member, peer_specialist) -> None:
    grant = share_with(member, peer_specialist)
    revoke_grant(grant=grant, by=member, credential=Credential.for_setup(member))

    assert not services.may_suggest(peer_specialist, member)
    with pytest.raises(Exception) as refused:
        services.suggest_tool(suggester=peer_specialist, member=member, tool="breathing")
    assert "Not found" in str(refused.value)


def test_an_ally_the_member_shares_with_cannot_suggest(member, ally) -> None:
    share_with(member, ally)

    assert not services.may_suggest(ally, member)


def test_an_unknown_tool_is_a_422_naming_the_field_and_saves_nothing(
    client_as, member, mentor
) -> None:
    share_with(member, mentor)

    api = client_as("mentor").post(
        f"/api/v1/members/{member.pk}/tool-suggestions",
        {"tool": "astrology"},
        content_type="application/json",
    )
    page = client_as("mentor").post(f"/journey/members/{member.pk}/suggest/", {"tool": "astrology"})

    assert api.status_code == 422 and api.json()["error"]["fields"][0]["field"] == "tool"
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
    assert not ToolSuggestion.objects.exists()


def test_a_new_suggestion_shows_on_a_home_already_cached_and_leaves_once_dismissed(
    client_as, member, mentor
) -> None:
    share_with(member, mentor)
    client = client_as("member")
    assert "Suggested for you" not in client.get("/home/").content.decode()  # now cached

    suggestion = services.suggest_tool(suggester=mentor, member=member, tool="grounding")
    home = client.get("/home/").content.decode()
    asked = client.get(f"/journey/suggestions/{suggestion.pk}/dismiss/").content.decode()
    client.post(f"/journey/suggestions/{suggestion.pk}/dismiss/")

    assert "Suggested for you" in home and "suggested by Sam W." in home
    assert "Take “5-4-3-2-1 grounding” off your home page?" in asked
    suggestion.refresh_from_db()
    assert suggestion.dismissed_at is not None
    assert "Suggested for you" not in client.get("/home/").content.decode()
    assert client.get("/api/v1/tool-suggestions").json() == []


def test_nobody_else_can_dismiss_a_members_suggestion(client_as, member, mentor) -> None:
    share_with(member, mentor)
    suggestion = services.suggest_tool(suggester=mentor, member=member, tool="grounding")

    response = client_as("mentor").post(f"/journey/suggestions/{suggestion.pk}/dismiss/")

    assert response.status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.dismissed_at is None


def test_a_note_that_is_too_long_is_refused(member, mentor) -> None:
    share_with(member, mentor)

    with pytest.raises(JourneyError) as refused:
        services.suggest_tool(suggester=mentor, member=member, tool="halt", note="x" * 501)

    assert refused.value.field == "note"
    assert not ToolSuggestion.objects.exists()


def test_erasing_the_suggester_keeps_the_suggestion_without_their_name(member, mentor) -> None:
    from alongside.privacy.services import erase_member

    share_with(member, mentor)
    suggestion = services.suggest_tool(suggester=mentor, member=member, tool="halt")

    erase_member(member=mentor, credential=Credential.for_setup(mentor))

    suggestion.refresh_from_db()
    assert suggestion.suggested_by is None
    assert services.open_suggestions(member)[0].suggested_by == "Someone who has left Alongside"

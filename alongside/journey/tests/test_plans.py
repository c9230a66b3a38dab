"""Relapse-prevention plan, safety plan, recovery goals and the journal: the member's own words,
encrypted; plans shared only by consent; the journal never."""

from __future__ import annotations

import pytest
from django.db import connection

from alongside.accounts.sensitive import Credential
from alongside.journey import services
from alongside.journey.models import CheckIn, JournalEntry, RecoveryGoal, SafetyPlan, Trigger
from alongside.privacy.models import Scope
from alongside.privacy.services import grant_access
from alongside.testing.factories import worksheets_to_share

pytestmark = pytest.mark.django_db


def raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def test_the_member_builds_a_plan_on_the_page_with_errors_beside_the_field(client_as) -> None:
    client = client_as("member")
    client.post(
        "/journey/plan/triggers/add/",
        {"triggers-kind": "places", "triggers-name": "The bar on 5th"},
    )
    trigger = Trigger.objects.get()
    client.post(
        "/journey/plan/coping-strategies/add/",
        {"coping-strategies-text": "Walk the long way", "coping-strategies-triggers": [trigger.pk]},
    )
    bad = client.post(
        "/journey/plan/support-contacts/add/",
        {"support-contacts-name": "Sam", "support-contacts-phone": "call me"},
    )
    assert (
        "Enter a phone number with digits" in bad.content.decode()
        and 'value="Sam"' in bad.content.decode()
    )
    client.post(
        "/journey/plan/support-contacts/add/",
        {"support-contacts-name": "Sam", "support-contacts-phone": "555-0142"},
    )
    page = client.get("/journey/plan/").content.decode()
    assert "The bar on 5th" in page and "helps with" in page and 'href="tel:5550142"' in page


def test_removing_a_trigger_keeps_it_on_past_check_ins(member) -> None:
    trigger = services.add_trigger(member=member, kind="people", name="Old friends")
    services.record_check_in(member=member, mood=3, craving=3, triggers=[trigger.pk])
    check_in = CheckIn.objects.get(member=member)
    services.remove_trigger(trigger=trigger)
    assert list(check_in.triggers.all()) == [trigger]
    assert not Trigger.objects.for_member(member).live().exists()


def test_plan_words_are_encrypted_at_rest(member) -> None:
    services.add_trigger(member=member, kind="feelings", name="Sunday loneliness")
    services.save_safety_plan(member=member, reason_for_living="my nephew")
    services.write_journal_entry(member=member, body="the truest thing I wrote")
    for table, column, plain in [
        ("journey_trigger", "name", "Sunday loneliness"),
        ("journey_safetyplan", "reason_for_living", "my nephew"),
        ("journey_journalentry", "body", "the truest thing I wrote"),
    ]:
        stored = raw(table, column)[0]
        assert plain not in stored and stored.startswith("gAAAA")


def test_the_safety_plan_shows_stanley_brown_sections_in_order_with_local_crisis_lines(
    client_as, member
) -> None:
    services.save_safety_plan(
        member=member, warning_signs="not sleeping", reason_for_living="my nephew"
    )
    page = client_as("member").get("/journey/safety-plan/").content.decode()
    headings = [
        "1. Warning signs",
        "2. Things I can do on my own",
        "3. People and places that distract me",
        "4. People I can ask for help",
        "5. Professionals and services",
        "6. Making my surroundings safe",
        "The one thing most important to me",
    ]
    positions = [page.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "not sleeping" in page and "my nephew" in page
    assert 'href="tel:988"' in page  # Maya is in the United States
    assert "data-print" in page


def test_need_help_now_links_a_signed_in_member_to_the_safety_plan_in_one_tap(
    client_as, client
) -> None:
    assert 'href="/journey/safety-plan/"' in client_as("member").get("/help/").content.decode()
    assert "/journey/safety-plan/" not in client.get("/help/").content.decode()


def test_the_safety_plan_is_edited_and_saved(client_as, member) -> None:
    client = client_as("member")
    client.post(
        "/journey/safety-plan/edit/",
        {"internal_coping": "music loud", "safe_environment": "Ada keeps the pills"},
    )
    plan = SafetyPlan.objects.get(member=member)
    assert (plan.internal_coping, plan.safe_environment, plan.warning_signs) == (
        "music loud",
        "Ada keeps the pills",
        "",
    )
    api = client.put(
        "/api/v1/safety-plan", {"warning_signs": "pacing"}, content_type="application/json"
    ).json()
    assert [s["field"] for s in api["sections"]][0] == "warning_signs" and api["sections"][0][
        "text"
    ] == "pacing"
    assert api["sections"][1]["text"] == "music loud"


def test_goals_across_domains_with_steps_and_progress_marked_by_the_member(
    client_as, member
) -> None:
    client = client_as("member")
    client.post(
        "/journey/goals/",
        {"domain": "housing", "title": "Move into my own place", "status": "not_started"},
    )
    goal = RecoveryGoal.objects.get()
    client.post(f"/journey/goals/{goal.pk}/", {"add_step": "1", "step-text": "Save the deposit"})
    step = goal.steps.get()
    client.post(f"/journey/goals/{goal.pk}/steps/{step.pk}/", {"done": "1"})
    step.refresh_from_db()
    goal.refresh_from_db()
    assert step.done_on == member.local_today() and goal.status == "in_progress"
    client.post(
        f"/journey/goals/{goal.pk}/",
        {
            "save_goal": "1",
            "domain": "housing",
            "title": "Move into my own place",
            "status": "done",
        },
    )
    goal.refresh_from_db()
    assert goal.status == "done"


@pytest.mark.parametrize("persona", ["mentor", "peer_specialist"])
def test_plans_are_visible_to_a_mentor_or_peer_specialist_only_by_consent(
    cast, client_as, member, persona
) -> None:
    services.add_goal(member=member, domain="work_education", title="Finish my GED")
    services.add_support_contact(member=member, name="Ada", phone="312-555-0199")
    client = client_as(persona)
    assert client.get(f"/journey/members/{member.pk}/plans/").status_code == 404
    grant_access(
        member=member,
        grantee_user=cast[persona].user,
        scopes=[Scope.PLANS],
        purpose="support",
        credential=Credential.for_setup(member),
    )
    page = client.get(f"/journey/members/{member.pk}/plans/").content.decode()
    assert "Finish my GED" in page and "Ada" in page and "555-0199" not in page
    body = client.get(f"/api/v1/members/{member.pk}/plans").json()
    assert body["goals"][0]["title"] == "Finish my GED" and body["support_contacts"] == [
        {"name": "Ada", "relationship": ""}
    ]
    assert "555-0199" not in str(body)


def test_the_journal_is_never_shareable_whatever_the_grant(cast, client_as, member) -> None:
    entry = services.write_journal_entry(member=member, body="only mine")
    grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=[s for s in Scope.values if s != Scope.COUNSELING],
        worksheets=worksheets_to_share(member, Scope.values),
        purpose="everything",
        credential=Credential.for_setup(member),
    )
    mentor = client_as("mentor")
    assert mentor.get(f"/journey/journal/{entry.pk}/").status_code == 404
    assert mentor.get(f"/api/v1/journal/{entry.pk}").status_code == 404
    assert "only mine" not in mentor.get("/api/v1/journal").content.decode()
    assert client_as("member").get(f"/journey/journal/{entry.pk}/").status_code == 200


def test_the_journal_has_no_route_for_anyone_but_its_writer() -> None:
    from django.urls import get_resolver

    from alongside.api import api

    journal_pages = [
        str(p.pattern)
        for p in get_resolver("alongside.journey.urls").url_patterns
        if "journal" in str(p.pattern)
    ]
    assert journal_pages and all("member" not in p for p in journal_pages)
    assert not [p for p in api.get_openapi_schema()["paths"] if "journal" in p and "member" in p]


def test_a_journal_entry_needs_words_and_keeps_them_on_error(client_as, member) -> None:
    page = (
        client_as("member")
        .post(
            "/journey/journal/new/",
            {"written_on": "2999-01-01", "title": "someday", "body": "hello"},
        )
        .content.decode()
    )
    assert "has not come yet" in page and 'value="someday"' in page
    assert not JournalEntry.objects.exists()

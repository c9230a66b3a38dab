"""A member shares the worksheets they pick, one by one, through consent: a grant of the
"worksheets" scope names them; the grantee reads exactly those (page and API alike), every look
is in the member's access log, any other worksheet answers 404 as if it did not exist, and a
revocation takes effect on the next request. Accountability partners can be chosen too."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone

from alongside.accounts.sensitive import Credential
from alongside.journey import services as journey
from alongside.messaging.models import Partnership
from alongside.privacy import policy, services
from alongside.privacy.models import AccessLogEntry, ConsentGrant, Scope
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db

CHANGES = "No drinking on weeknights"


@pytest.fixture
def maya(cast):
    return cast["member"].user


@pytest.fixture
def lena(cast):
    return cast["peer_specialist"].user


@pytest.fixture
def sheets(maya):
    """Maya's change plan (to share) and a principle worksheet (to keep to herself)."""
    plan = journey.save_worksheet(
        member=maya,
        tool_key="mi_change_plan",
        answers={"changes": CHANGES, "why": "Mornings with the kids", "steps": "Tell Sam"},
    )
    principle = journey.save_worksheet(
        member=maya,
        tool_key="cr_principle_1",
        answers={"reflection_1": "I cannot do this alone"},
    )
    return {"plan": plan, "principle": principle}


def share(member, grantee, worksheet_ids, scopes=("worksheets",)):
    return services.grant_access(
        member=member,
        grantee_user=grantee,
        scopes=list(scopes),
        worksheets=worksheet_ids,
        purpose="peer support",
        credential=Credential.for_setup(member),
    )


# ---------------------------------------------------------------- the grant


def test_a_worksheets_grant_names_only_the_members_own_worksheets(cast, maya, lena, sheets):
    jordans = journey.save_worksheet(
        member=cast["member2"].user,
        tool_key="cr_principle_2",
        answers={"reflection_1": "not Maya's"},
    )
    with pytest.raises(services.GrantError) as refused:
        share(maya, lena, [sheets["plan"].pk, jordans.pk])
    assert refused.value.field == "worksheets"
    assert not ConsentGrant.objects.filter(member=maya).exists()

    grant = share(maya, lena, [sheets["plan"].pk])
    assert grant.worksheets == [sheets["plan"].pk]


@pytest.mark.parametrize("chosen", [None, []])
def test_a_worksheets_grant_must_name_at_least_one_worksheet(maya, lena, chosen):
    with pytest.raises(services.GrantError) as refused:
        share(maya, lena, chosen)
    assert refused.value.field == "worksheets"
    assert "at least one worksheet" in refused.value.message
    assert not ConsentGrant.objects.filter(member=maya).exists()


def test_worksheets_are_stored_only_when_the_grant_shares_that_scope(maya, lena, sheets):
    grant = share(maya, lena, [sheets["plan"].pk], scopes=["plans"])
    assert grant.worksheets == []
    assert policy.shared_worksheets(lena, maya) == frozenset()


def test_the_policy_covers_the_named_worksheets_of_every_active_grant_together(
    cast, maya, lena, sheets
) -> None:
    assert policy.shared_worksheets(lena, maya) == frozenset()
    share(maya, lena, [sheets["plan"].pk])
    assert policy.shared_worksheets(lena, maya) == {sheets["plan"].pk}
    later = share(maya, lena, [sheets["principle"].pk])
    assert policy.shared_worksheets(lena, maya) == {sheets["plan"].pk, sheets["principle"].pk}
    # Nobody else is covered, and the member sees every worksheet of their own.
    assert policy.shared_worksheets(cast["counselor"].user, maya) == frozenset()
    assert policy.shared_worksheets(maya, maya) is None

    services.revoke_grant(grant=later, by=maya, credential=Credential.for_setup(maya))
    assert policy.shared_worksheets(lena, maya) == {sheets["plan"].pk}


# ---------------------------------------------------------------- the grantee reads


def test_the_grantee_reads_the_shared_worksheet_on_the_page_and_in_the_api(
    client_as, maya, lena, sheets
) -> None:
    grant = share(maya, lena, [sheets["plan"].pk])
    client = client_as("peer_specialist")

    listing = client.get(f"/journey/members/{maya.pk}/worksheets/")
    page = client.get(f"/journey/members/{maya.pk}/worksheets/{sheets['plan'].pk}/")
    api = client.get(f"/api/v1/members/{maya.pk}/worksheets")

    assert listing.status_code == page.status_code == api.status_code == 200
    listed = text_of(listing.content.decode())
    assert "Change plan" in listed and CHANGES in listed
    assert "Principle 1" not in listed and "I cannot do this alone" not in listed
    read = text_of(page.content.decode())
    # Each answer under its label from the tool's definition.
    assert "The changes I want to make" in read and CHANGES in read
    assert "Why these changes matter to me" in read and "Mornings with the kids" in read
    assert [(w["id"], w["tool"], w["answers"]["changes"]) for w in api.json()] == [
        (sheets["plan"].pk, "mi_change_plan", CHANGES)
    ]
    looks = AccessLogEntry.objects.filter(member=maya, actor=lena, action="read")
    assert looks.count() == 3
    assert set(looks.values_list("scope", "grant")) == {(Scope.WORKSHEETS, grant.pk)}
    assert looks.filter(record_type="journey.worksheet", record_id=str(sheets["plan"].pk)).exists()


def test_a_worksheet_the_grant_does_not_name_answers_404_like_a_missing_one(
    client_as, maya, lena, sheets
) -> None:
    share(maya, lena, [sheets["plan"].pk])
    client = client_as("peer_specialist")

    other = client.get(f"/journey/members/{maya.pk}/worksheets/{sheets['principle'].pk}/")
    missing = client.get(f"/journey/members/{maya.pk}/worksheets/999999/")
    # Another member's id in the address does not reach Maya's worksheet either.
    elsewhere = client.get(f"/journey/members/{lena.pk}/worksheets/{sheets['plan'].pk}/")

    assert other.status_code == missing.status_code == elsewhere.status_code == 404
    assert not AccessLogEntry.objects.filter(
        member=maya, action="read", record_id=str(sheets["principle"].pk)
    ).exists()


def test_without_a_grant_everything_answers_404_and_a_grant_opens_it(
    client_as, maya, lena, sheets
) -> None:
    client = client_as("peer_specialist")
    urls = [
        f"/journey/members/{maya.pk}/worksheets/",
        f"/journey/members/{maya.pk}/worksheets/{sheets['plan'].pk}/",
        f"/api/v1/members/{maya.pk}/worksheets",
    ]
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]
    # A grant of other scopes opens no worksheet.
    share(maya, lena, [], scopes=["plans"])
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]
    assert not AccessLogEntry.objects.filter(member=maya, scope=Scope.WORKSHEETS).exists()

    share(maya, lena, [sheets["plan"].pk])
    assert [client.get(u).status_code for u in urls] == [200, 200, 200]


def test_a_revocation_takes_effect_on_the_next_request(client_as, maya, lena, sheets) -> None:
    grant = share(maya, lena, [sheets["plan"].pk])
    client = client_as("peer_specialist")
    url = f"/journey/members/{maya.pk}/worksheets/{sheets['plan'].pk}/"
    assert client.get(url).status_code == 200

    services.revoke_grant(grant=grant, by=maya, credential=Credential.for_setup(maya))

    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/members/{maya.pk}/worksheets").status_code == 404


def test_the_grantee_reads_the_worksheet_as_the_member_updates_it(
    client_as, maya, lena, sheets
) -> None:
    share(maya, lena, [sheets["plan"].pk])
    journey.save_worksheet(
        member=maya,
        tool_key="mi_change_plan",
        answers={**sheets["plan"].values, "changes": "No drinking at all"},
        worksheet=sheets["plan"],
    )
    body = client_as("peer_specialist").get(f"/api/v1/members/{maya.pk}/worksheets").json()
    assert body[0]["answers"]["changes"] == "No drinking at all"


def test_who_it_was_filled_in_with_is_a_name_never_an_account_id(
    cast, client_as, maya, lena, sheets
) -> None:
    counselor = cast["counselor"].user
    share(maya, counselor, [sheets["principle"].pk])
    journey.save_worksheet(
        member=maya,
        tool_key="mi_change_plan",
        answers={**sheets["plan"].values, "filled_in_with": counselor.pk},
        worksheet=sheets["plan"],
    )
    share(maya, lena, [sheets["plan"].pk])
    client = client_as("peer_specialist")

    record = client.get(f"/api/v1/members/{maya.pk}/worksheets").json()[0]
    page = text_of(
        client.get(f"/journey/members/{maya.pk}/worksheets/{sheets['plan'].pk}/").content.decode()
    )

    assert record["filled_in_with"] == "Grace C."
    assert "filled_in_with" not in record["answers"]
    assert "Grace C." in page


# ---------------------------------------------------------------- the member shares


def test_share_this_worksheet_opens_the_form_with_the_scope_and_the_worksheet_ticked(
    client_as, maya, sheets
) -> None:
    client = client_as("member", reauthenticated=True)
    own = client.get(f"/journey/worksheets/{sheets['plan'].pk}/").content.decode()
    link = f"/privacy/share/?scope=worksheets&amp;worksheet={sheets['plan'].pk}"
    assert link in own and "Only you can see this worksheet." in own

    form = client.get(link.replace("&amp;", "&")).content.decode()

    assert _checked(form, "scopes", "worksheets")
    assert not _checked(form, "scopes", "plans")
    assert _checked(form, "worksheets", str(sheets["plan"].pk))
    assert not _checked(form, "worksheets", str(sheets["principle"].pk))
    assert "Change plan — " in form


@pytest.mark.parametrize("asked", ["other", "99999999999999999999999999", "²", "0", "x"])
def test_a_share_link_naming_no_worksheet_of_the_members_ticks_none(
    cast, client_as, sheets, asked
) -> None:
    jordans = journey.save_worksheet(
        member=cast["member2"].user, tool_key="cr_principle_2", answers={"reflection_1": "mine"}
    )
    wanted = str(jordans.pk) if asked == "other" else asked
    form = (
        client_as("member", reauthenticated=True)
        .get(f"/privacy/share/?scope=worksheets&worksheet={wanted}")
        .content.decode()
    )
    assert _checked(form, "scopes", "worksheets")
    assert not re.search(r'name="worksheets"[^>]* checked', form)
    assert "Principle 2" not in form


def _checked(html: str, name: str, value: str) -> bool:
    """Whether the checkbox `name`=`value` is ticked on the page."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    return False


def test_the_grant_form_shares_the_ticked_worksheets_and_says_so(
    client_as, maya, lena, sheets
) -> None:
    client = client_as("member", reauthenticated=True)
    response = client.post(
        "/privacy/share/",
        {
            "grantee_kind": "person",
            "grantee_user": lena.pk,
            "scopes": ["worksheets"],
            "worksheets": [sheets["plan"].pk],
            "purpose": "going through it on Thursday",
        },
    )
    grant = ConsentGrant.objects.get(member=maya)
    assert response.status_code == 302 and response.url == f"/privacy/grants/{grant.pk}/"
    assert grant.worksheets == [sheets["plan"].pk]

    detail = text_of(client.get(response.url).content.decode())
    assert "only these worksheets: Change plan — " in detail
    assert "Principle 1" not in detail
    own = client.get(f"/journey/worksheets/{sheets['plan'].pk}/").content.decode()
    assert "Shared with:" in own and f'href="/privacy/grants/{grant.pk}/">Lena K.</a>' in own
    other = client.get(f"/journey/worksheets/{sheets['principle'].pk}/").content.decode()
    assert "Shared with:" not in other


def test_the_grant_form_refuses_a_worksheets_share_naming_none_next_to_the_field(
    client_as, maya, lena, sheets
) -> None:
    client = client_as("member", reauthenticated=True)
    page = client.post(
        "/privacy/share/",
        {
            "grantee_kind": "person",
            "grantee_user": lena.pk,
            "scopes": ["worksheets"],
            "purpose": "peer support",
        },
    ).content.decode()
    assert 'id="id_worksheets_error">Choose at least one worksheet to share.' in page
    # What was typed is kept.
    assert 'value="peer support"' in page
    assert not ConsentGrant.objects.filter(member=maya).exists()


def test_the_grant_form_refuses_someone_elses_worksheet(cast, client_as, maya, lena) -> None:
    jordans = journey.save_worksheet(
        member=cast["member2"].user, tool_key="cr_principle_2", answers={"reflection_1": "mine"}
    )
    page = (
        client_as("member", reauthenticated=True)
        .post(
            "/privacy/share/",
            {
                "grantee_kind": "person",
                "grantee_user": lena.pk,
                "scopes": ["worksheets"],
                "worksheets": [jordans.pk],
                "purpose": "peer support",
            },
        )
        .content.decode()
    )
    assert 'id="id_worksheets_error">Choose from your own worksheets.' in page
    assert "Principle 2" not in page
    assert not ConsentGrant.objects.filter(member=maya).exists()


def test_the_api_shares_worksheets_and_answers_422_naming_the_field(
    client_as, maya, lena, sheets
) -> None:
    client = client_as("member", reauthenticated=True)
    payload = {"scopes": ["worksheets"], "purpose": "peer support", "grantee_user_id": lena.pk}

    refused = client.post("/api/v1/privacy/grants", payload, content_type="application/json")
    made = client.post(
        "/api/v1/privacy/grants",
        {**payload, "worksheets": [sheets["plan"].pk]},
        content_type="application/json",
    )

    assert refused.status_code == 422
    assert any("worksheets" in str(f) for f in refused.json()["error"]["fields"])
    assert made.status_code == 201
    assert made.json()["worksheets"] == [sheets["plan"].pk]
    assert "only these worksheets: Change plan — " in made.json()["will_see"][0]


# ---------------------------------------------------------------- accountability partners


def test_a_confirmed_accountability_partner_can_be_chosen_on_the_form_and_in_the_api(
    cast, client_as, maya, sheets
) -> None:
    jordan = cast["member2"].user
    partnership = Partnership.objects.create(asked_by=maya, partner=jordan)
    assert jordan not in [p for p, _label in services.sharable_people(maya)]  # only asked yet
    partnership.confirmed_at = timezone.now()
    partnership.save(update_fields=["confirmed_at"])

    people = dict((p.pk, label) for p, label in services.sharable_people(maya))
    assert people[jordan.pk] == f"{jordan.display_name} — accountability partner"
    client = client_as("member", reauthenticated=True)
    form = client.get("/privacy/share/").content.decode()
    assert f"{jordan.display_name} — accountability partner" in text_of(form)
    made = client.post(
        "/api/v1/privacy/grants",
        {
            "scopes": ["worksheets"],
            "worksheets": [sheets["principle"].pk],
            "purpose": "my accountability partner",
            "grantee_user_id": jordan.pk,
        },
        content_type="application/json",
    )
    assert made.status_code == 201

    page = client_as("member2").get(
        f"/journey/members/{maya.pk}/worksheets/{sheets['principle'].pk}/"
    )
    assert page.status_code == 200 and "I cannot do this alone" in page.content.decode()


# ---------------------------------------------------------------- export


def test_the_export_names_the_worksheets_each_grant_shares(maya, lena, sheets) -> None:
    share(maya, lena, [sheets["plan"].pk])

    data = json.loads(json.dumps(services.collect_member_data(maya), default=str))

    grant = data["sections"]["consent_grants"][0]
    assert grant["worksheets"] == [sheets["plan"].pk]
    exported = {w["id"]: w["tool"] for w in data["sections"]["worksheets"]}
    assert exported[sheets["plan"].pk] == "mi_change_plan"

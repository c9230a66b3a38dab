"""Item wording that is not free to reproduce: a paraphrase by default, the organization's own
licensed wording when it sets one."""

from __future__ import annotations

import pytest

from alongside.assessments import services
from alongside.assessments.models import Administration, ItemWording

pytestmark = pytest.mark.django_db

LICENSED = "Licensed wording of DAST item one."


def test_dast10_defaults_to_a_paraphrase_and_says_so(cast, client_as) -> None:
    page = client_as("member").get("/assessments/take/dast10/").content.decode()
    assert "Did you use any drug for a reason other than a medical one?" in page
    assert "Have you used drugs other than those required for medical reasons" not in page


def test_an_org_admin_sets_licensed_wording_that_members_then_see_and_that_is_recorded(
    cast, client_as
) -> None:
    url = "/assessments/organizations/riverbend/wording/dast10/"
    assert client_as("counselor").get(url).status_code == 404
    assert client_as("outsider").post(url, {"item_1": "x"}).status_code == 404
    admin = client_as("org_admin")
    response = admin.post(url, {"item_1": LICENSED})
    assert response.status_code == 302
    assert ItemWording.objects.get().text == LICENSED
    assert (
        "1 item in your wording"
        in admin.get("/assessments/organizations/riverbend/wording/").content.decode()
    )
    member = client_as("member")
    assert LICENSED in member.get("/assessments/take/dast10/").content.decode()
    answers = {f"item_{n}": "no" for n in range(1, 11)}
    member.post("/assessments/take/dast10/", answers)
    administration = Administration.objects.get()
    assert administration.wording == {"1": LICENSED} and administration.total == 1
    body = member.get("/api/v1/assessments/instruments/dast10").json()
    assert body["items"][0]["text"] == LICENSED and body["items"][0]["paraphrased"] is False
    # Another organization's members keep the paraphrase.
    assert LICENSED not in client_as("outsider").get("/assessments/take/dast10/").content.decode()


def test_clearing_an_item_brings_back_the_paraphrase(cast, client_as) -> None:
    organization = cast["org_admin"].user.memberships.get().organization
    services.set_wording(
        organization=organization,
        instrument="dast10",
        texts={"1": LICENSED},
        by=cast["org_admin"].user,
    )
    services.set_wording(
        organization=organization, instrument="dast10", texts={"1": " "}, by=cast["org_admin"].user
    )
    assert not ItemWording.objects.exists()


def test_free_wording_cannot_be_overridden(cast, client_as) -> None:
    assert (
        client_as("org_admin").get("/assessments/organizations/riverbend/wording/phq9/").status_code
        == 404
    )
    organization = cast["org_admin"].user.memberships.get().organization
    with pytest.raises(services.AssessmentError):
        services.set_wording(
            organization=organization,
            instrument="phq9",
            texts={"1": "x"},
            by=cast["org_admin"].user,
        )

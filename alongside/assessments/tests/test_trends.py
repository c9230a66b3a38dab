"""Score over time: an SVG with bands and cut-offs, a text table, BARC-10 change from intake."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alongside.accounts.sensitive import Credential
from alongside.assessments import services
from alongside.privacy.models import Scope
from alongside.privacy.services import grant_access

pytestmark = pytest.mark.django_db

BAM = {
    "1": 1,
    "2": 0,
    "3": 0,
    "4": 0,
    "6": 0,
    "8": 0,
    "9": 2,
    "10": 0,
    "11": 0,
    "12": 2,
    "13": 0,
    "14": "yes",
    "15": 0,
    "16": 0,
    "17": 2,
}


def barc(total: int) -> dict[str, int]:
    answers = {str(n): 1 for n in range(1, 11)}
    extra = total - 10
    for n in range(1, 11):
        step = min(5, extra)
        answers[str(n)] += step
        extra -= step
    return answers


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


def test_barc10_trend_shows_change_from_intake_a_chart_and_a_table(cast, client_as) -> None:
    member = cast["member"].user
    services.submit_administration(
        member=member, instrument="barc10", answers=barc(36), taken_at=days_ago(100)
    )
    middle = services.submit_administration(
        member=member, instrument="barc10", answers=barc(40), taken_at=days_ago(50)
    )
    services.submit_administration(
        member=member, instrument="barc10", answers=barc(47), taken_at=days_ago(10)
    )
    page = client_as("member").get("/assessments/trends/barc10/").content.decode()
    assert "Change since intake" in page and ">+11<" in page
    assert '<svg id="chart-total" viewBox="0 0 640 260" role="img"' in page
    assert (
        '<title id="chart-title-total">' in page
        and "3 scores on a scale from 10 to 60; the latest is 47" in page
    )
    assert 'class="cutoff"' in page and "cut-off 47" in page
    assert page.count('class="point"') == 3
    assert f'href="/assessments/results/{middle.pk}/"' in page  # the table links each score


def test_a_correction_replaces_the_point_it_corrects(cast, client_as) -> None:
    member = cast["member"].user
    first = services.submit_administration(
        member=member, instrument="barc10", answers=barc(30), taken_at=days_ago(30)
    )
    services.submit_administration(
        member=member, instrument="barc10", answers=barc(45), taken_at=days_ago(2)
    )
    services.submit_administration(
        member=member,
        instrument="barc10",
        answers=barc(33),
        corrects=first,
        correction_reason="typo",
    )
    body = client_as("member").get("/api/v1/assessments/trends/barc10").json()
    assert [p["value"] for p in body["series"][0]["points"]] == [33, 45]
    assert body["change_from_intake"]["difference"] == 12


def test_phq9_trend_draws_its_five_bands_and_the_cut_off(cast, client_as) -> None:
    member = cast["member"].user
    services.submit_administration(
        member=member, instrument="phq9", answers={str(n): 1 for n in range(1, 9)} | {"9": 0}
    )
    page = client_as("member").get("/assessments/trends/phq9/").content.decode()
    for index in range(5):
        assert f'class="band band-{index}"' in page
    assert "Moderately severe: 15–19" in page and "cut-off 10" in page
    assert "Mild" in page  # the band column of the table


def test_bam_trend_has_one_chart_per_subscale_and_no_total(cast, client_as) -> None:
    member = cast["member"].user
    services.submit_administration(
        member=member, instrument="bam", answers=BAM, taken_at=days_ago(30)
    )
    services.submit_administration(
        member=member, instrument="bam", answers={**BAM, "4": 3, "5": 1}, taken_at=days_ago(1)
    )
    body = client_as("member").get("/api/v1/assessments/trends/bam").json()
    assert [s["key"] for s in body["series"]] == ["use", "risk", "protective"]
    assert [p["value"] for p in body["series"][0]["points"]] == [0, 2]
    assert body["series"][2]["cutoffs"] == [
        {"value": 12, "label": "Protective factors 12 or less: low protection."}
    ]
    page = client_as("member").get("/assessments/trends/bam/").content.decode()
    assert page.count("<svg") == 3 and "Recovery capital" not in page


def test_the_chart_draws_numbers_the_same_way_in_every_language(cast, client_as) -> None:
    member = cast["member"].user
    services.submit_administration(
        member=member, instrument="phq9", answers={str(n): 1 for n in range(1, 10)}
    )
    client = client_as("member")
    client.post("/i18n/setlang/", {"language": "es"})
    page = client.get("/assessments/trends/phq9/").content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "," not in svg.split("points=")[0].replace('"chart-title-total chart-desc-total"', "")


def test_a_counselor_with_consent_sees_the_members_trend(cast, client_as) -> None:
    member = cast["member"].user
    services.submit_administration(member=member, instrument="barc10", answers=barc(40))
    url = f"/assessments/members/{member.pk}/trends/barc10/"
    assert client_as("counselor").get(url).status_code == 404
    grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=[Scope.ASSESSMENTS],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    page = client_as("counselor").get(url).content.decode()
    assert "Maya O.'s BARC-10 over time" in page and "<svg" in page

"""The resources API: public reads, staff writes, and 422s that name the field."""

from __future__ import annotations

import pytest

from alongside.accounts.models import Organization
from alongside.resources import services
from alongside.resources.models import Article, Service

pytestmark = pytest.mark.django_db


def riverbend() -> Organization:
    return Organization.objects.get(slug="riverbend")


def post(client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


def patch(client, url: str, body: dict):
    return client.patch(url, body, content_type="application/json")


ARTICLE = {
    "title": "Naloxone saves lives",
    "summary": "How to get it and use it.",
    "body": "Give **one spray**.",
    "topic": "harm_reduction",
    "language": "en",
}


def test_staff_write_and_publish_an_article_that_anyone_reads(cast, client_as) -> None:
    lena = client_as("peer_specialist")
    made = post(
        lena,
        "/api/v1/resources/articles",
        {**ARTICLE, "organization_id": riverbend().pk, "pathways": ["na"]},
    )
    assert made.status_code == 201
    slug = made.json()["slug"]
    assert made.json()["status"] == "draft"
    assert client_as(None).get(f"/api/v1/resources/articles/{slug}").status_code == 404
    published = patch(lena, f"/api/v1/resources/articles/{slug}", {"publish": True})
    assert published.json()["status"] == "published"
    read = client_as(None).get(f"/api/v1/resources/articles/{slug}").json()
    assert (
        read["body"] == "Give **one spray**." and "<strong>one spray</strong>" in read["body_html"]
    )
    listing = client_as(None).get("/api/v1/resources/articles?pathway=na&topic=harm_reduction")
    assert [a["slug"] for a in listing.json()] == [slug]
    assert client_as(None).get("/api/v1/resources/articles?pathway=mm").json() == []


def test_unsafe_markup_is_a_422_naming_the_body_and_nothing_is_stored(cast, client_as) -> None:
    response = post(
        client_as("peer_specialist"),
        "/api/v1/resources/articles",
        {**ARTICLE, "organization_id": riverbend().pk, "body": "<img src=x onerror=alert(1)>"},
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert fields[0]["field"] == "body" and "onerror" in fields[0]["message"]
    assert not Article.objects.exists()


def test_a_member_and_another_organizations_staff_cannot_write_for_riverbend(
    cast, client_as
) -> None:
    body = {**ARTICLE, "organization_id": riverbend().pk}
    assert post(client_as("member"), "/api/v1/resources/articles", body).status_code == 404
    assert post(client_as("outsider"), "/api/v1/resources/articles", body).status_code == 404
    made = services.write_article(
        organization=riverbend(),
        author=cast["org_admin"].user,
        publish=True,
        title=ARTICLE["title"],
        summary=ARTICLE["summary"],
        body=ARTICLE["body"],
        topic=ARTICLE["topic"],
        language=ARTICLE["language"],
    )
    url = f"/api/v1/resources/articles/{made.slug}"
    assert patch(client_as("outsider"), url, {"title": "Ours now"}).status_code == 404
    assert patch(client_as("member"), url, {"title": "Mine now"}).status_code == 404
    made.refresh_from_db()
    assert made.title == "Naloxone saves lives"


def test_services_near_a_zip_by_kind_and_open_now(cast, client_as) -> None:
    near = services.save_service(
        organization=riverbend(),
        data={"name": "Northside Drop-in", "kind": "harm_reduction", "postal_code": "60614"},
        hours=services.parse_hours("24/7"),
    )
    services.save_service(
        organization=riverbend(),
        data={"name": "Denver Outreach", "kind": "harm_reduction", "postal_code": "80202"},
    )
    answer = client_as(None).get(
        "/api/v1/resources/services?near=60622&radius_km=10&kind=harm_reduction&open_now=true"
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["place"] == "60622 (Chicago, IL)" and body["count"] == 1
    found = body["results"][0]
    assert found["service"]["id"] == near.pk and found["service"]["open_now"] is True
    assert found["service"]["time_zone"] == "America/Chicago" and found["distance_km"] < 5
    one = client_as(None).get(f"/api/v1/resources/services/{near.pk}").json()
    assert one["always_open"] is True and one["name"] == "Northside Drop-in"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("near=Nowhereville+ZZ", "near"),
        ("kind=spaceport", "kind"),
        ("radius_km=0", "radius_km"),
        ("latitude=100&longitude=0", "latitude"),
    ],
)
def test_a_bad_search_is_a_422_naming_the_field(cast, client_as, query: str, field: str) -> None:
    response = client_as(None).get(f"/api/v1/resources/services?{query}")
    assert response.status_code == 422
    assert field in [f["field"] for f in response.json()["error"]["fields"]]


def test_staff_list_a_service_with_hours_and_change_it(cast, client_as) -> None:
    rosa = client_as("house_manager")
    made = post(
        rosa,
        "/api/v1/resources/services",
        {
            "organization_id": riverbend().pk,
            "name": "Sober housing desk",
            "kind": "housing",
            "postal_code": "60614",
            "hours": [{"weekday": 0, "opens": "09:00", "closes": "17:00"}],
        },
    )
    assert made.status_code == 201
    service_id = made.json()["id"]
    assert made.json()["hours"] == [{"weekday": 0, "opens": "09:00", "closes": "17:00"}]
    changed = patch(rosa, f"/api/v1/resources/services/{service_id}", {"postal_code": "80202"})
    assert changed.json()["time_zone"] == "America/Denver"
    assert changed.json()["hours"] == [{"weekday": 0, "opens": "09:00", "closes": "17:00"}]
    unknown = post(
        rosa,
        "/api/v1/resources/services",
        {"organization_id": riverbend().pk, "name": "Lost", "kind": "food", "postal_code": "00000"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"]["fields"][0]["field"] == "postal_code"
    outsider = patch(
        client_as("outsider"), f"/api/v1/resources/services/{service_id}", {"name": "X"}
    )
    assert outsider.status_code == 404
    assert Service.objects.get(pk=service_id).name == "Sober housing desk"

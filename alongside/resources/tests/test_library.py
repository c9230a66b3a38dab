"""The library: staff write and publish their organization's articles, unsafe markup is refused
with an error naming it, and everyone reads what is published, in their own language first."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from alongside.accounts.models import Organization
from alongside.resources import services
from alongside.resources.models import Article, ArticleStatus

pytestmark = pytest.mark.django_db


def riverbend() -> Organization:
    return Organization.objects.get(slug="riverbend")


def article(cast, *, title="Riding out a craving", publish=True, **fields) -> Article:
    values = {
        "language": "en",
        "topic": "cravings_triggers",
        "summary": "It rises, peaks and passes.",
        "body": "Most cravings pass within **half an hour**.",
        **fields,
    }
    return services.write_article(
        organization=riverbend(),
        author=cast["peer_specialist"].user,
        title=title,
        publish=publish,
        **values,
    )


FORM = {
    "organization": "",
    "title": "Naloxone saves lives",
    "summary": "How to get it and use it.",
    "topic": "harm_reduction",
    "language": "en",
    "body": "Call the emergency number, then give **one spray**.",
}


def test_a_peer_specialist_writes_and_publishes_an_article_that_a_visitor_reads(
    cast, client_as
) -> None:
    lena = client_as("peer_specialist")
    response = lena.post(
        "/resources/library/new/",
        {**FORM, "organization": riverbend().pk, "action": "publish"},
    )
    made = Article.objects.get(title="Naloxone saves lives")
    assert (
        response.status_code == 302 and response["Location"] == f"/resources/library/{made.slug}/"
    )
    assert made.status == ArticleStatus.PUBLISHED and made.author == cast["peer_specialist"].user
    page = client_as(None).get(f"/resources/library/{made.slug}/").content.decode()
    assert "<h1>Naloxone saves lives</h1>" in page
    assert "<strong>one spray</strong>" in page
    assert "From Riverbend Recovery Community" in page and "for every pathway" in page
    assert "Edit this article" not in page
    listing = client_as("member").get("/resources/library/").content.decode()
    assert "Naloxone saves lives" in listing and "How to get it and use it." in listing


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("Read this <script>alert(1)</script>", "Scripts are not allowed: &lt;script&gt;."),
        ('<img src="/x.png" onerror="alert(1)">', "Event handlers are not allowed: onerror"),
        ("[Help](javascript:alert(1))", "these run code instead: javascript:."),
        ("![me](https://tracker.example/p.gif)", "https://tracker.example/p.gif"),
        (
            '<iframe src="https://example.org"></iframe>',
            "Embedded frames and objects are not allowed: &lt;iframe&gt;",
        ),
    ],
)
def test_an_article_with_unsafe_markup_is_refused_beside_its_text_and_nothing_is_stored(
    cast, client_as, body: str, named: str
) -> None:
    response = client_as("peer_specialist").post(
        "/resources/library/new/",
        {**FORM, "organization": riverbend().pk, "body": body, "action": "publish"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_body_error"' in page
    assert "Nothing was saved: the article holds markup that is not allowed." in page
    assert named in page
    assert "Naloxone saves lives" in page  # what was typed is kept in the form
    assert not Article.objects.exists()


def test_changing_a_published_article_to_unsafe_markup_keeps_the_safe_one(cast, client_as) -> None:
    found = article(cast)
    response = client_as("peer_specialist").post(
        f"/resources/library/{found.slug}/edit/",
        {**FORM, "body": "<script>steal()</script>", "action": "publish"},
    )
    assert response.status_code == 422
    found.refresh_from_db()
    assert found.body == "Most cravings pass within **half an hour**."
    with pytest.raises(ValidationError) as caught:
        services.update_article(article=found, by=cast["org_admin"].user, body="<iframe></iframe>")
    assert "body" in caught.value.message_dict


def test_a_draft_is_read_only_by_its_organizations_staff(cast, client_as) -> None:
    draft = article(cast, publish=False)
    url = f"/resources/library/{draft.slug}/"
    assert "Draft: only your organization" in client_as("counselor").get(url).content.decode()
    for persona in (None, "member", "outsider"):
        assert client_as(persona).get(url).status_code == 404
    assert "Talking" not in client_as("member").get("/resources/library/").content.decode()


def test_a_member_cannot_edit_and_another_organizations_staff_cannot_edit_yours(
    cast, client_as
) -> None:
    found = article(cast)
    url = f"/resources/library/{found.slug}/edit/"
    assert client_as("member").get(url).status_code == 404
    assert client_as("member").get("/resources/library/new/").status_code == 404
    assert client_as("outsider").post(url, {**FORM, "action": "publish"}).status_code == 404
    found.refresh_from_db()
    assert found.title == "Riding out a craving"
    assert client_as("org_admin").get(url).status_code == 200


def test_saving_a_published_article_as_a_draft_takes_it_off_the_library(cast, client_as) -> None:
    found = article(cast)
    client_as("org_admin").post(
        f"/resources/library/{found.slug}/edit/",
        {**FORM, "title": found.title, "action": "draft"},
    )
    found.refresh_from_db()
    assert found.status == ArticleStatus.DRAFT
    assert client_as(None).get(f"/resources/library/{found.slug}/").status_code == 404


def test_the_library_is_in_the_readers_language_and_offers_the_other(cast, client_as) -> None:
    english = article(cast, title="Riding out a craving")
    article(cast, title="Cómo atravesar un antojo", language="es", translation_of=english)
    page = client_as("member").get("/resources/library/").content.decode()
    assert "Riding out a craving" in page and "Cómo atravesar un antojo" not in page
    assert "1 more in Spanish" in page
    spanish = client_as("member").get("/resources/library/?language=es").content.decode()
    assert "Cómo atravesar un antojo" in spanish and "Riding out a craving" not in spanish
    both = client_as("member").get("/resources/library/?language=all").content.decode()
    assert "Cómo atravesar un antojo" in both and "Riding out a craving" in both
    reading = client_as(None).get(f"/resources/library/{english.slug}/").content.decode()
    assert "Also in Spanish:" in reading and "Cómo atravesar un antojo" in reading


def test_the_library_searches_words_and_filters_by_topic_and_pathway(cast, client_as) -> None:
    article(cast, title="Riding out a craving")
    article(cast, title="SMART tools for urges", pathways=["smart"], body="Use the **ABC** tool.")
    article(cast, title="Getting a lawyer", topic="legal", body="Legal aid clinics can help.")
    client = client_as(None)

    def titles(query: str) -> set[str]:
        page = client.get(f"/resources/library/?{query}").content.decode()
        found = {"Riding out a craving", "SMART tools for urges", "Getting a lawyer"}
        return {t for t in found if t in page}

    assert titles("q=abc+tool") == {"SMART tools for urges"}
    assert titles("topic=legal") == {"Getting a lawyer"}
    # An article for every pathway is for NA too; the SMART one is not.
    assert titles("pathway=na&topic=cravings_triggers") == {"Riding out a craving"}
    assert titles("pathway=smart&topic=cravings_triggers") == {
        "Riding out a craving",
        "SMART tools for urges",
    }


def test_the_plan_page_suggests_articles_for_the_members_pathways_and_nearby_services(
    cast, client_as
) -> None:
    article(cast, title="Riding out a craving")
    article(cast, title="After a lapse", topic="relapse_lapses", pathways=["na"])
    article(cast, title="For moderation only", pathways=["mm"])
    article(cast, title="A housing article", topic="housing")
    article(cast, title="A draft on urges", publish=False)
    page = client_as("member").get("/journey/plan/").content.decode()  # Maya: NA and SMART
    assert "Read more" in page
    assert "Riding out a craving" in page and "After a lapse" in page
    for absent in ("For moderation only", "A housing article", "A draft on urges"):
        assert absent not in page
    assert 'href="/resources/services/"' in page


def test_a_translation_must_be_in_the_other_language_of_the_same_organization(cast) -> None:
    english = article(cast)
    with pytest.raises(ValidationError) as caught:
        article(cast, title="Another English one", translation_of=english)
    assert caught.value.message_dict["translation_of"] == [
        "A translation is in the other language."
    ]

"""Skills for hard moments in a real Chromium on a 390-px phone: the member opens the skills,
loses the connection, does grounding and breathing anyway, and finds both in their history once
back online; with Alongside in Spanish, the words the page writes as Maya uses the skills
(status, buttons) are in Spanish too; Lena, a peer specialist Maya shares with, suggests the
change plan, Maya finds it on her home, fills it in and shares it with Lena, who reads her
answers; a Celebrate Recovery principle worksheet is shared with a sponsor the same way.
axe-core audits every page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from alongside.accounts.cast import DEMO_PASSWORD
from alongside.accounts.sensitive import Credential
from alongside.journey.models import SkillUse, ToolSuggestion, Worksheet
from alongside.journey.services import save_worksheet
from alongside.journey.services.skills import add_coping_card
from alongside.privacy.services import grant_access, sharable_people
from alongside.testing.browser import PHONE_390, Browser, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE_LENGTH = "() => JSON.parse(localStorage.getItem('alongside.skill-uses') || '[]').length"


@pytest.fixture
def phone390(_playwright_browser, live_server) -> Iterator[Browser]:
    yield from _make_browser(_playwright_browser, live_server, **PHONE_390)


@pytest.fixture
def lenas_phone(_playwright_browser, live_server) -> Iterator[Browser]:
    """A second phone, for a second person signed in at the same time."""
    yield from _make_browser(_playwright_browser, live_server, **PHONE_390)


def finish(b: Browser, section: str, rating: str) -> None:
    box = b.page.locator(f"section#{section}")
    form = box.locator("form[data-skill-finish-form]")
    form.get_by_label("Add this to my history").check()
    form.get_by_role("radio", name=rating).check()
    form.get_by_role("button", name="Finish").click()


def test_member_does_grounding_and_breathing_offline_and_finds_them_in_history(
    phone390, cast
) -> None:
    maya = cast["member"]
    b = phone390
    b.sign_in_as(maya.user)
    b.goto("/journey/skills/")
    assert b.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The page and its files are kept for offline use before the connection goes.
    b.page.wait_for_function(
        "() => caches.open('alongside-skills-v1')"
        ".then((c) => c.match('/journey/skills/')).then((r) => !!r)"
    )
    # Kept is not enough: the worker fills its cache while installing, and a navigation goes
    # to it only once it is active.
    b.page.wait_for_function(
        "() => navigator.serviceWorker.ready"
        ".then((r) => !!r.active && r.active.state === 'activated')"
    )

    b.page.context.set_offline(True)
    # With no connection the page still opens: the service worker serves what it kept.
    reloaded = b.page.reload()
    b.page.wait_for_load_state("load")
    assert b.page.get_by_role("heading", name="Skills for hard moments").is_visible()
    assert reloaded is not None and reloaded.ok and reloaded.from_service_worker
    assert b.page.evaluate("navigator.serviceWorker.controller !== null")

    grounding = b.page.locator("section#grounding")
    grounding.get_by_role("button", name="Start grounding").click()
    assert grounding.get_by_text("Name five things you can see.").is_visible()
    assert not grounding.get_by_text("Notice one thing you can taste.").is_visible()
    for _step in range(4):
        grounding.get_by_role("button", name="Next").click()
    grounding.get_by_role("button", name="Finish grounding").click()
    finish(b, "grounding", "4 a lot")
    status = b.page.locator("[data-skills-status]")
    assert "when you are back online" in status.text_content()

    breathing = b.page.locator("section#breathing")
    breathing.get_by_role("button", name="Start breathing").click()
    b.page.wait_for_function(
        "() => document.querySelector('[data-breath-cue]').textContent === 'Breathe in…'"
    )
    assert breathing.locator("[aria-live=polite]").count() == 1
    breathing.get_by_role("button", name="I'm done").click()
    finish(b, "breathing", "5 very much")
    assert b.page.evaluate(QUEUE_LENGTH) == 2
    assert not SkillUse.objects.exists()

    b.page.context.set_offline(False)
    b.page.wait_for_function(f"() => ({QUEUE_LENGTH})() === 0")
    b.page.wait_for_function(
        "() => document.querySelector('[data-skills-status]').textContent"
        " === 'Added to your history.'"
    )
    b.audit()

    b.page.get_by_role("link", name="Skills I have used").click()
    b.page.wait_for_load_state("load")
    b.audit()
    rows = b.page.locator("table.skill-history tbody tr")
    assert rows.count() == 2
    history = b.page.locator("table.skill-history").text_content()
    assert "5-4-3-2-1 grounding" in history and "4 of 5" in history
    assert "Paced breathing" in history and "5 of 5" in history
    assert sorted(SkillUse.objects.values_list("skill", flat=True)) == ["breathing", "grounding"]


def status_reads(b: Browser, words: str) -> None:
    b.page.wait_for_function(
        "(words) => document.querySelector('[data-skills-status]').textContent === words", arg=words
    )


def test_a_member_who_speaks_spanish_reads_what_the_skills_write_in_spanish(phone390, cast) -> None:
    maya = cast["member"]
    maya.user.language = "es"
    maya.user.save(update_fields=["language"])
    add_coping_card(member=maya.user, front="A las once de la noche", back="Llamar a Sam")
    b = phone390
    b.sign_in_as(maya.user)
    b.goto("/journey/skills/")
    assert b.page.get_by_role("heading", name="Habilidades para momentos difíciles").is_visible()

    b.page.context.set_offline(True)
    status_reads(b, "Estás sin conexión. Las habilidades siguen funcionando aquí.")
    grounding = b.page.locator("section#grounding")
    grounding.get_by_role("button", name="Empezar el anclaje").click()
    for _step in range(4):
        grounding.get_by_role("button", name="Siguiente").click()
    grounding.get_by_role("button", name="Terminar el anclaje").click()
    assert grounding.get_by_role("button", name="Empezar de nuevo").is_visible()
    form = grounding.locator("form[data-skill-finish-form]")
    form.get_by_label("Añadir esto a mi historial").check()
    form.get_by_role("radio", name="4 mucho").check()
    form.get_by_role("button", name="Terminar", exact=True).click()
    status_reads(
        b,
        "Guardado en este teléfono. Se añadirá a tu historial cuando vuelvas a tener conexión.",
    )

    b.page.context.set_offline(False)
    status_reads(b, "Añadido a tu historial.")
    b.audit()
    assert SkillUse.objects.get().helped == 4

    cards = b.page.locator("section#coping_cards")
    cards.get_by_role("button", name="Dar vuelta").click()
    assert cards.get_by_text("Llamar a Sam").is_visible()
    cards.get_by_role("button", name="Volver al frente").click()
    assert not cards.get_by_text("Llamar a Sam").is_visible()
    cards.get_by_role("button", name="Ya terminé").click()
    cards.locator("form[data-skill-finish-form]").get_by_role(
        "button", name="Terminar", exact=True
    ).click()
    status_reads(b, "Listo. No se añadió nada a tu historial.")
    b.audit()
    assert SkillUse.objects.count() == 1


def test_lena_suggests_the_change_plan_and_maya_fills_it_in_and_shares_it(
    phone390, lenas_phone, cast
) -> None:
    maya, lena = cast["member"], cast["peer_specialist"]
    grant_access(
        member=maya.user,
        grantee_user=lena.user,
        scopes=["plans"],
        purpose="peer support",
        credential=Credential.for_setup(maya.user),
    )
    # Lena keeps her own phone signed in throughout (a code from her authenticator app is good
    # for one sign-in only).
    lb = lenas_phone
    lb.sign_in_as(lena.user)
    lb.goto("/privacy/shared-with-me/")
    lb.page.get_by_role("link", name="Plans (recovery, relapse-prevention, safety)").click()
    lb.page.wait_for_load_state("load")
    lb.audit()
    lb.page.get_by_role("link", name="Suggest a tool to Maya O.").click()
    lb.page.wait_for_load_state("load")
    lb.audit()
    lb.page.get_by_label("Tool or skill").select_option(label="Change plan")
    lb.page.get_by_label("A note for them (optional)").fill("Let's go through it on Thursday.")
    lb.page.get_by_role("button", name="Suggest").click()
    lb.page.wait_for_load_state("load")
    lb.audit()
    assert "You suggested Change plan to Maya O." in lb.page.content()
    assert ToolSuggestion.objects.get().suggested_by == lena.user

    b = phone390
    b.sign_in_as(maya.user)
    card = b.page.locator("section.suggestions-home")
    assert "suggested by Lena K." in card.text_content()
    assert "Let's go through it on Thursday." in card.text_content()
    card.get_by_role("link", name="Change plan", exact=True).click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("The changes I want to make").fill("No drinking on weeknights")
    b.page.get_by_label("Why these changes matter to me").fill("Mornings with the kids")
    b.page.get_by_label("The steps I plan to take").fill("Tell Sam; pour it out")
    b.page.get_by_role("button", name="Save", exact=True).click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert "Saved to your history." in b.page.content()
    assert Worksheet.objects.get(member=maya.user).tool == "mi_change_plan"
    assert "Only you can see this worksheet." in b.page.content()

    # Maya shares this one worksheet with Lena: the form opens with it ticked.
    b.page.get_by_role("link", name="Share this worksheet").click()
    b.page.wait_for_load_state("load")
    confirm_password_if_asked(b)
    b.audit()
    assert b.page.get_by_label("Worksheets you choose").is_checked()
    b.page.get_by_label("Person", exact=True).select_option(label=_label_of(maya.user, lena.user))
    b.page.get_by_label("Why you are sharing").fill("so Lena can go through it with me")
    b.page.get_by_role("button", name="Share", exact=True).click()
    b.page.wait_for_load_state("load")
    confirm_password_if_asked(b)
    b.audit()
    assert "only these worksheets: Change plan" in b.page.content()
    sheet = Worksheet.objects.get(member=maya.user)
    b.goto(f"/journey/worksheets/{sheet.pk}/")
    assert "Shared with: Lena K." in b.page.locator(".worksheet-sharing").inner_text()

    # Lena opens what Maya shares with her, and reads Maya's answers.
    lb.goto("/privacy/shared-with-me/")
    lb.page.get_by_role("link", name="Worksheets you choose").click()
    lb.page.wait_for_load_state("load")
    lb.audit()
    lb.page.get_by_role("link", name="Change plan").click()
    lb.page.wait_for_load_state("load")
    lb.audit()
    answers = lb.page.locator(".shared-worksheet").inner_text()
    assert "The changes I want to make" in answers and "No drinking on weeknights" in answers
    assert "Mornings with the kids" in answers
    assert lb.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_celebrate_recovery_member_shares_a_principle_worksheet_with_her_sponsor(
    phone390, cast
) -> None:
    maya, sam = cast["member"], cast["mentor"]
    sheet = save_worksheet(
        member=maya.user,
        tool_key="cr_principle_1",
        answers={"reflection_1": "I stopped pretending I could manage it alone"},
    )
    b = phone390
    b.sign_in_as(maya.user)
    b.goto(f"/journey/worksheets/{sheet.pk}/")
    b.page.get_by_role("link", name="Share this worksheet").click()
    b.page.wait_for_load_state("load")
    confirm_password_if_asked(b)
    b.audit()
    b.page.get_by_label("Person", exact=True).select_option(label=_label_of(maya.user, sam.user))
    b.page.get_by_label("Why you are sharing").fill("Sam is my sponsor")
    b.page.get_by_role("button", name="Share", exact=True).click()
    b.page.wait_for_load_state("load")
    confirm_password_if_asked(b)
    b.audit()
    b.logout()

    b.sign_in_as(sam.user)
    b.goto(f"/journey/members/{maya.user.pk}/worksheets/")
    b.page.get_by_role("link", name="Principle 1").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert "I stopped pretending I could manage it alone" in b.page.content()


def _label_of(member, person) -> str:
    """How the grant form names `person` in its list of people the member may share with."""
    return next(label for user, label in sharable_people(member) if user.pk == person.pk)


def confirm_password_if_asked(b: Browser) -> None:
    if "/reauthenticate/" in b.page.url:
        b.audit()
        b.page.locator("#id_password").fill(DEMO_PASSWORD)
        b.page.get_by_role("button", name="Confirm").click()
        b.page.wait_for_load_state("load")

"""A caseload run in a real browser: Omar, a peer specialist, has left Riverbend, so Abe waits
for someone new (he shares his check-ins with Riverbend's peer specialists, so he shows on
Lena's caseload as needing one). Dana started a run; Grace, who supervises Lena, opens it from
"Assignments", reads why Lena fits Abe, and approves. Lena then finds Abe on her caseload with
nobody left needing a peer specialist. Every page passes axe, and the run page fits a phone."""

from __future__ import annotations

import pytest

from alongside.accounts import services as accounts
from alongside.accounts.models import Membership, Organization, Role, User
from alongside.accounts.sensitive import Credential
from alongside.caseload import services as caseload
from alongside.caseload.models import CaseRecord
from alongside.matching import services
from alongside.matching.models import AssignmentRun, RunStatus
from alongside.privacy.services import grant_access
from alongside.testing.browser import PHONE, _make_browser
from alongside.training import services as training

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_reads_why_and_approves_and_lena_finds_abe_on_her_caseload(
    browse, _playwright_browser, live_server, cast
) -> None:
    lena, dana, grace = (
        cast["peer_specialist"].user,
        cast["org_admin"].user,
        cast["counselor"].user,
    )
    riverbend = Organization.objects.get(slug="riverbend")
    training.set_supervisor(organization=riverbend, supervisee_id=lena.pk, supervisor_id=grace.pk)
    omar = User.objects.create_user(email="omar@example.org", first_name="Omar", last_name="Haddad")
    Membership.objects.create(user=omar, organization=riverbend, role=Role.PEER_SPECIALIST)
    abe = User.objects.create_user(
        email="abe@example.org",
        first_name="Abe",
        last_name="Lincoln",
        time_zone="America/Chicago",
        pathways=["aa"],
    )
    Membership.objects.create(user=abe, organization=riverbend, role=Role.MEMBER)
    grant_access(
        member=abe,
        grantee_organization=riverbend,
        grantee_role=Role.PEER_SPECIALIST,
        scopes=["check_ins"],
        purpose="peer support",
        credential=Credential.for_setup(abe),
    )
    record = CaseRecord.objects.create(member=abe, organization=riverbend)
    caseload.reassign(record=record, to=omar)
    accounts.end_role(
        credential=Credential.for_setup(dana),
        membership=Membership.objects.get(user=omar, role=Role.PEER_SPECIALIST),
    )
    run = services.start_run(organization=riverbend, kind="caseload", by=dana)

    b = browse
    b.sign_in_as(lena)
    b.goto("/caseload/?show=reassign")
    assert (
        b.page.get_by_role("row")
        .filter(has_text="Abe L.")
        .get_by_text("needs a peer specialist")
        .is_visible()
    )
    b.logout()

    b.sign_in_as(grace)
    b.page.get_by_role("link", name="Assignments").first.click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("1 run waits for approval").is_visible()
    b.page.get_by_role("link", name="Caseloads: people waiting to peer specialists").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("Waiting for approval: nobody has been told anything.").is_visible()
    pair = b.page.get_by_role("row").filter(has_text="Abe L.")
    assert pair.get_by_role("cell", name="Lena K.").is_visible()
    assert pair.get_by_text("Both follow Alcoholics Anonymous").is_visible()
    assert pair.get_by_text("Both speak English").is_visible()
    assert pair.get_by_text("Same time zone").is_visible()
    b.page.get_by_role("button", name="Approve").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("Approved. Everyone in a pair has been told.").is_visible()
    assert b.page.get_by_role("button", name="Approve").count() == 0
    run.refresh_from_db()
    assert (run.status, run.decided_by) == (RunStatus.APPROVED, grace)

    phone = next(_make_browser(_playwright_browser, live_server, **PHONE))
    phone.sign_in_as(grace)
    phone.goto(f"/matching/runs/{run.pk}/")
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360
    b.logout()

    b.sign_in_as(lena)
    b.page.get_by_role("link", name="Caseload").first.click()
    b.page.wait_for_load_state("load")
    b.audit()
    row = b.page.get_by_role("row").filter(has_text="Abe L.")
    assert row.get_by_role("link", name="Abe L.").is_visible()
    assert row.get_by_text("needs a peer specialist").count() == 0
    b.goto("/caseload/?show=reassign")
    assert b.page.get_by_text("Nobody here for this view.").is_visible()
    record.refresh_from_db()
    assert record.peer_specialist == lena
    assert AssignmentRun.objects.get().pairs.get().supporter == lena

"""Treatment plan pages, read as a person reads them: Dr. Chen starts Maya's plan, writes it in
the editor (errors beside the field, nothing typed lost), signs it; Maya reads it in plain words
and co-signs it; each sees the signatures in their own time zone; the history keeps every
version; reviews due are listed; Casey, a counselor without Maya's consent, gets 404."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts.models import Organization, Role, User
from alongside.accounts.sensitive import Credential
from alongside.counseling.models import PlanStatus, TreatmentPlan
from alongside.counseling.services import plans as services
from alongside.counseling.tests.test_plans import share_counseling, written
from alongside.privacy.models import AccessLogEntry
from alongside.privacy.services import grant_access

pytestmark = pytest.mark.django_db

# 15:00 UTC: 10:00 in New York (Dr. Chen), 09:00 in Chicago (Maya), before daylight saving time.
# (After Maya's consent, which is given now.)
SIGNED_AT = datetime.datetime(2030, 3, 4, 15, 0, tzinfo=datetime.UTC)


def editor_post(content: dict, action: str = "save") -> dict[str, str]:
    """The editor's form as a browser sends it for this content."""
    data = {"action": action}
    for i, rating in enumerate(content["asam"]):
        data[f"asam[{i}].dimension"] = str(rating["dimension"])
        data[f"asam[{i}].rating"] = "" if rating["rating"] is None else str(rating["rating"])
        data[f"asam[{i}].note"] = rating["note"]
    for p, problem in enumerate(content["problems"]):
        path = f"problems[{p}]"
        data[f"{path}.id"] = problem.get("id", "")
        data[f"{path}.text"] = problem["text"]
        data[f"{path}.dimension"] = str(problem["dimension"])
        for g, goal in enumerate(problem["goals"]):
            data[f"{path}.goals[{g}].id"] = goal.get("id", "")
            data[f"{path}.goals[{g}].text"] = goal["text"]
            for o, objective in enumerate(goal["objectives"]):
                for key in ("id", "text", "measure", "target_on", "status"):
                    data[f"{path}.goals[{g}].objectives[{o}].{key}"] = objective.get(key, "")
        for n, item in enumerate(problem["interventions"]):
            for key in ("id", "what", "who", "how_often"):
                data[f"{path}.interventions[{n}].{key}"] = item.get(key, "")
    return data


@pytest.fixture
def plan(cast) -> TreatmentPlan:
    share_counseling(cast)
    return services.start_plan(member=cast["member"].user, counselor=cast["counselor"].user)


def test_dr_chen_starts_a_plan_with_maya_and_casey_cannot(cast, client_as) -> None:
    maya = cast["member"].user
    chen = client_as("counselor")
    assert "Nobody shares their counseling records with you yet" in chen.get(
        "/counseling/plans/"
    ).content.decode("utf-8")
    share_counseling(cast)
    page = chen.get("/counseling/plans/").content.decode()
    assert "Start a plan" in page and "Maya O." in page
    response = chen.post(
        "/counseling/plans/new/",
        {"member": maya.pk, "edition": "4", "review_every_days": "90"},
    )
    plan = TreatmentPlan.objects.get(member=maya)
    assert response.status_code == 302
    assert response["Location"] == f"/counseling/plans/{plan.pk}/edit/"
    row = AccessLogEntry.objects.filter(member=maya, action="write").get()
    assert (row.actor, row.scope) == (cast["counselor"].user, "counseling")
    # Casey is a counselor, but Maya shares nothing with her: Maya is not hers to choose.
    casey = client_as("outsider")
    refused = casey.post(
        "/counseling/plans/new/", {"member": maya.pk, "edition": "4", "review_every_days": "90"}
    )
    assert refused.status_code == 422
    assert TreatmentPlan.objects.count() == 1
    assert casey.get(f"/counseling/plans/{plan.pk}/").status_code == 404
    assert casey.get(f"/counseling/plans/clients/{maya.pk}/").status_code == 404
    assert client_as("member2").get(f"/counseling/plans/{plan.pk}/").status_code == 404
    assert client_as("mentor").get("/counseling/plans/new/").status_code == 404


def test_the_editor_shows_the_six_dimensions_of_the_plans_edition(plan, client_as) -> None:
    page = client_as("counselor").get(f"/counseling/plans/{plan.pk}/edit/").content.decode()
    for name in (
        "1. Intoxication, Withdrawal, and Addiction Medications",
        "2. Biomedical Conditions",
        "3. Psychiatric and Cognitive Conditions",
        "4. Substance Use-Related Risks",
        "5. Recovery Environment Interactions",
        "6. Person-Centered Considerations",
    ):
        assert name in page
    assert "Readiness to Change" not in page  # a 3rd-edition dimension


def test_rows_are_added_without_saving_then_the_whole_is_saved_as_a_version(
    plan, cast, client_as
) -> None:
    chen = client_as("counselor")
    content = written()
    added = chen.post(
        f"/counseling/plans/{plan.pk}/edit/",
        editor_post({"asam": content["asam"], "problems": []}, "add:problems"),
    )
    assert added.status_code == 200
    page = added.content.decode()
    assert "Problem 1" in page and "Add a goal to problem 1" in page
    assert plan.versions.count() == 1  # nothing saved yet
    saved = chen.post(f"/counseling/plans/{plan.pk}/edit/", editor_post(content))
    assert saved.status_code == 302
    assert plan.versions.count() == 2
    page = chen.get(f"/counseling/plans/{plan.pk}/").content.decode()
    assert "Saved as version 2. Sign it when it is ready." in page
    assert "Problem 1: Drinks most evenings after work" in page
    assert "ASAM dimension 4: Substance Use-Related Risks" in page
    assert "Five alcohol-free evenings a week" in page
    assert "How it is measured: Daily check-ins" in page
    assert "Target date: 30 June 2026" in page
    assert "Status: <strong>In progress</strong>" in page
    assert "3 of 4 (significant)" in page
    assert "Relapse prevention group" in page and "How often: Weekly" in page
    assert "0 of 1 objective met." in page
    assert "You signed" not in page


def test_a_bad_date_is_shown_beside_its_field_and_nothing_typed_is_lost(plan, client_as) -> None:
    content = written(target_on="2026-02-30")
    content["problems"][0]["goals"][0]["objectives"][0]["measure"] = ""
    response = client_as("counselor").post(
        f"/counseling/plans/{plan.pk}/edit/", editor_post(content)
    )
    assert response.status_code == 422
    page = response.content.decode()
    field = "f-problems-0-goals-0-objectives-0-target-on"
    assert f'id="{field}-error">There is no such day. Give the target date as YYYY-MM-DD.' in page
    assert f'aria-describedby="{field}-error"' in page
    assert f'href="#{field}"' in page  # the summary links to the field
    assert "Say how it will be measured, so both of you can tell when it is met." in page
    assert 'value="2026-02-30"' in page and "Drinks most evenings after work" in page
    assert plan.versions.count() == 1


def test_rows_left_empty_are_not_saved(plan, client_as) -> None:
    content = written()
    content["problems"][0]["goals"][0]["objectives"].append(
        {"text": "", "measure": "", "target_on": "", "status": "not_started"}
    )
    content["problems"].append({"text": "", "dimension": "", "goals": [], "interventions": []})
    response = client_as("counselor").post(
        f"/counseling/plans/{plan.pk}/edit/", editor_post(content)
    )
    assert response.status_code == 302
    saved = services.latest_version(plan).content
    assert len(saved["problems"]) == 1
    assert len(saved["problems"][0]["goals"][0]["objectives"]) == 1


def test_an_empty_plan_is_not_signed_and_the_page_says_why(plan, client_as) -> None:
    chen = client_as("counselor")
    response = chen.post(f"/counseling/plans/{plan.pk}/sign/", {"version": "1"}, follow=True)
    page = response.content.decode()
    assert "This plan has no problems yet, so there is nothing to sign." in page
    assert services.latest_version(plan).counselor_signed_at is None


def test_each_reads_the_signatures_in_their_own_zone_and_maya_co_signs(
    plan, cast, client_as
) -> None:
    services.save_version(plan=plan, by=cast["counselor"].user, content=written())
    # Clients signed in at the time each acts (a session started now would have ended by then).
    with time_machine.travel(SIGNED_AT, tick=False):
        response = client_as("counselor").post(
            f"/counseling/plans/{plan.pk}/sign/", {"version": "2"}, follow=True
        )
        page = response.content.decode()
        assert "You signed version 2. Maya O. is asked to read and co-sign it." in page
        assert "Signed by Grace C. on 4 March 2030, 10:00 EST." in page
        assert "Not co-signed by Maya O. yet." in page
        mine = client_as("member").get(f"/counseling/plans/{plan.pk}/").content.decode()
        assert "Your treatment plan" in mine
        assert "This is the plan you and your counselor make together." in mine
        assert "Signed by Grace C. on 4 March 2030, 09:00 CST." in mine
        assert "Co-sign version 2" in mine
        assert "Change the plan" not in mine and "Sign version 2" not in mine
    with time_machine.travel(SIGNED_AT + datetime.timedelta(hours=2), tick=False):
        response = client_as("member").post(
            f"/counseling/plans/{plan.pk}/co-sign/", {"version": "2"}, follow=True
        )
        mine = response.content.decode()
        assert "You co-signed version 2 of your plan. Thank you." in mine
        assert "Co-signed by you on 4 March 2030, 11:00 CST." in mine
        assert "In effect since 4 March 2030." in mine
        page = client_as("counselor").get(f"/counseling/plans/{plan.pk}/").content.decode()
        assert "Co-signed by Maya O. on 4 March 2030, 12:00 EST." in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


def test_maya_reads_but_does_not_write_or_sign_and_dr_chen_does_not_co_sign(
    plan, client_as
) -> None:
    maya, chen = client_as("member"), client_as("counselor")
    assert maya.get(f"/counseling/plans/{plan.pk}/").status_code == 200
    assert maya.get(f"/counseling/plans/{plan.pk}/edit/").status_code == 403
    assert maya.post(f"/counseling/plans/{plan.pk}/sign/", {"version": "1"}).status_code == 403
    assert chen.post(f"/counseling/plans/{plan.pk}/co-sign/", {"version": "1"}).status_code == 403
    assert maya.get("/counseling/plans/").content.decode().count("Plan started") == 1


def test_every_version_can_be_read_with_what_changed(plan, cast, client_as) -> None:
    chen = cast["counselor"].user
    v2, _c = services.save_version(plan=plan, by=chen, content=written())
    changed = dict(v2.content)
    changed["problems"] = [dict(v2.content["problems"][0], text="Drinks after work")]
    services.save_version(plan=plan, by=chen, content=changed)
    page = client_as("member").get(f"/counseling/plans/{plan.pk}/").content.decode()
    assert "What changed in version 3" in page
    assert "Problem reworded: Drinks after work" in page
    old = client_as("member").get(f"/counseling/plans/{plan.pk}/versions/2/").content.decode()
    assert "Your treatment plan, version 2" in old
    assert "A later version has been saved; this one is kept as it was." in old
    assert "Problem added: Drinks most evenings after work" in old
    assert "Drinks most evenings after work" in old
    assert client_as("member").get(f"/counseling/plans/{plan.pk}/versions/9/").status_code == 404


def test_reading_the_plan_is_logged_and_a_change_is_logged_as_one(plan, cast, client_as) -> None:
    maya = cast["member"].user
    before = AccessLogEntry.objects.filter(member=maya, action="read").count()
    client_as("counselor").get(f"/counseling/plans/{plan.pk}/")
    assert AccessLogEntry.objects.filter(member=maya, action="read").count() == before + 1
    client_as("member").get(f"/counseling/plans/{plan.pk}/")  # her own: not logged
    assert AccessLogEntry.objects.filter(member=maya, action="read").count() == before + 1
    client_as("counselor").post(f"/counseling/plans/{plan.pk}/edit/", editor_post(written()))
    row = AccessLogEntry.objects.filter(member=maya, action="write").latest("pk")
    assert row.record_type == "counseling.treatmentplan" and row.record_id == str(plan.pk)


def test_the_reviews_due_list_says_when_each_is_due(plan, cast, client_as) -> None:
    with time_machine.travel(datetime.datetime(2030, 1, 5, 15, tzinfo=datetime.UTC)):
        chen = cast["counselor"].user
        version, _c = services.save_version(plan=plan, by=chen, content=written())
        services.sign_version(plan=plan, by=chen, number=version.number)
        services.cosign_version(plan=plan, member=cast["member"].user, number=version.number)
    with time_machine.travel(datetime.datetime(2030, 3, 25, 15, tzinfo=datetime.UTC)):
        page = client_as("counselor").get("/counseling/plans/").content.decode()
        assert "due 5 April 2030" in page and "overdue since" not in page
    with time_machine.travel(datetime.datetime(2030, 4, 20, 15, tzinfo=datetime.UTC)):
        page = client_as("counselor").get("/counseling/plans/").content.decode()
        assert "overdue since 5 April 2030" in page
        response = client_as("counselor").post(
            f"/counseling/plans/{plan.pk}/review/",
            {"summary": "Four of five evenings; keep going", "revise": "on"},
        )
        assert response["Location"] == f"/counseling/plans/{plan.pk}/edit/"
        page = client_as("counselor").get("/counseling/plans/").content.decode()
        assert "No review is due in the next 14 days." in page
    page = client_as("member").get(f"/counseling/plans/{plan.pk}/").content.decode()
    assert "Four of five evenings; keep going" in page


def test_a_review_without_a_summary_is_shown_beside_the_field(plan, client_as) -> None:
    plan.status = PlanStatus.ACTIVE
    plan.save(update_fields=["status"])
    response = client_as("counselor").post(f"/counseling/plans/{plan.pk}/review/", {})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()


def test_closing_keeps_the_plan_readable_and_unchangeable(plan, client_as) -> None:
    chen = client_as("counselor")
    page = chen.post(f"/counseling/plans/{plan.pk}/close/", follow=True).content.decode()
    assert "The plan is closed. It is kept, and can still be read." in page
    assert "Closed: kept, and no longer changed." in page
    response = chen.get(f"/counseling/plans/{plan.pk}/edit/", follow=True)
    assert "This plan is closed: it can be read, not changed." in response.content.decode()
    refused = chen.post(f"/counseling/plans/{plan.pk}/", {"review_every_days": "30"}, follow=True)
    assert "This plan is closed: it can be read, not changed." in refused.content.decode()


def _another_client(n: int, cast) -> TreatmentPlan:
    person = User.objects.create_user(
        email=f"client{n}@example.org", password="x", first_name=f"Client{n}", last_name="Z"
    )
    grant_access(
        member=person,
        grantee_organization=Organization.objects.get(slug="riverbend"),
        grantee_role=Role.COUNSELOR,
        scopes=["counseling"],
        purpose="counseling",
        credential=Credential.for_setup(person),
    )
    return services.start_plan(member=person, counselor=cast["counselor"].user)


def test_the_counselors_list_reads_and_logs_any_number_of_plans_in_the_same_queries(
    plan, cast, client_as
) -> None:
    chen = client_as("counselor")
    chen.get("/counseling/plans/")
    with CaptureQueriesContext(connection) as one:
        chen.get("/counseling/plans/")
    for n in range(3):
        _another_client(n, cast)
    with CaptureQueriesContext(connection) as four:
        page = chen.get("/counseling/plans/").content.decode()
    assert len(four) == len(one)
    assert page.count("’s plan</a>") == 4
    logged = AccessLogEntry.objects.filter(actor=cast["counselor"].user, action="read")
    assert logged.filter(member=cast["member"].user, record_id=str(plan.pk)).count() == 3


def test_when_maya_stops_sharing_dr_chen_no_longer_reaches_her_plan(plan, cast, client_as) -> None:
    from alongside.privacy.models import ConsentGrant
    from alongside.privacy.services import revoke_grant

    maya = cast["member"].user
    chen = client_as("counselor")
    assert chen.get(f"/counseling/plans/{plan.pk}/").status_code == 200
    for grant in ConsentGrant.objects.active().filter(member=maya):
        revoke_grant(grant=grant, by=maya, credential=Credential.for_setup(maya))
    assert chen.get(f"/counseling/plans/{plan.pk}/").status_code == 404
    assert chen.get(f"/counseling/plans/{plan.pk}/edit/").status_code == 404
    assert "Maya O." not in chen.get("/counseling/plans/").content.decode()
    # Her plan is still hers to read.
    assert client_as("member").get(f"/counseling/plans/{plan.pk}/").status_code == 200

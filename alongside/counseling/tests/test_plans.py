"""Treatment plans, by their services: a plan is started with someone who shares counseling,
written as versions that never change once saved, signed per version by the counselor and
co-signed by the member, put in effect, reviewed on schedule and closed. The content check names
the path of every bad value."""

from __future__ import annotations

import copy
import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from alongside.accounts.models import Organization, Role
from alongside.accounts.sensitive import Credential
from alongside.counseling import access
from alongside.counseling.models import PlanReview, PlanStatus, PlanVersion, TreatmentPlan
from alongside.counseling.services import plan_content
from alongside.counseling.services import plans as services
from alongside.counseling.services.plan_content import ObjectiveStatus
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import Scope
from alongside.privacy.services import grant_access

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def share_counseling(cast) -> None:
    """Maya shares her counseling records with Riverbend's counselors (Dr. Chen is one)."""
    maya = cast["member"].user
    grant_access(
        member=maya,
        grantee_organization=Organization.objects.get(slug="riverbend"),
        grantee_role=Role.COUNSELOR,
        scopes=[Scope.COUNSELING],
        purpose="counseling",
        credential=Credential.for_setup(maya),
    )


def written(target_on: str = "2026-06-30", status: str = "in_progress") -> dict:
    """A whole plan: six ratings, one problem with a goal, an objective and an intervention."""
    return {
        "asam": [
            {"dimension": n, "rating": r, "note": note}
            for n, r, note in [
                (1, 0, ""),
                (2, 1, "Sleep is poor"),
                (3, 2, "Anxious evenings"),
                (4, 3, "Drinks after work most days"),
                (5, 2, "Flatmate drinks"),
                (6, 1, "Wants to keep her job"),
            ]
        ],
        "problems": [
            {
                "text": "Drinks most evenings after work",
                "dimension": 4,
                "goals": [
                    {
                        "text": "Evenings without alcohol",
                        "objectives": [
                            {
                                "text": "Five alcohol-free evenings a week",
                                "measure": "Daily check-ins",
                                "target_on": target_on,
                                "status": status,
                            }
                        ],
                    }
                ],
                "interventions": [
                    {"what": "Relapse prevention group", "who": "Dr. Chen", "how_often": "Weekly"}
                ],
            }
        ],
    }


@pytest.fixture
def plan(cast) -> TreatmentPlan:
    share_counseling(cast)
    return services.start_plan(member=cast["member"].user, counselor=cast["counselor"].user)


def signed_by_both(plan: TreatmentPlan, cast) -> PlanVersion:
    chen, maya = cast["counselor"].user, cast["member"].user
    version, _created = services.save_version(plan=plan, by=chen, content=written())
    services.sign_version(plan=plan, by=chen, number=version.number)
    return services.cosign_version(plan=plan, member=maya, number=version.number)


# ---------------------------------------------------------------- starting


def test_a_plan_starts_as_a_draft_with_the_six_dimensions_unrated(plan, cast) -> None:
    assert plan.status == PlanStatus.DRAFT and plan.edition == "4"
    assert plan.review_every_days == 90 and plan.next_review_on is None
    first = services.latest_version(plan)
    assert first.number == 1 and first.written_by == cast["counselor"].user
    assert [r["dimension"] for r in first.content["asam"]] == [1, 2, 3, 4, 5, 6]
    assert all(r["rating"] is None for r in first.content["asam"])
    assert first.content["problems"] == []


def test_a_second_open_plan_at_the_same_organization_is_refused(plan, cast) -> None:
    with pytest.raises(ValidationError) as refused:
        services.start_plan(member=cast["member"].user, counselor=cast["counselor"].user)
    assert "already has an open treatment plan" in str(refused.value.message_dict["member"])
    services.close_plan(plan=plan)
    services.start_plan(member=cast["member"].user, counselor=cast["counselor"].user)
    assert TreatmentPlan.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [("edition", {"edition": "5"}), ("review_every_days", {"review_every_days": 3})],
)
def test_a_plan_with_an_unknown_edition_or_interval_is_refused(cast, field, kwargs) -> None:
    share_counseling(cast)
    with pytest.raises(ValidationError) as refused:
        services.start_plan(member=cast["member"].user, counselor=cast["counselor"].user, **kwargs)
    assert field in refused.value.message_dict
    assert not TreatmentPlan.objects.exists()


def test_only_people_who_share_counseling_are_clients(cast) -> None:
    chen, casey, maya = cast["counselor"].user, cast["outsider"].user, cast["member"].user
    assert access.clients_of(chen) == []
    share_counseling(cast)
    assert access.clients_of(chen) == [maya]
    assert access.clients_of(casey) == []  # a counselor at Harbor, without her consent


# ---------------------------------------------------------------- versions


def test_every_change_is_a_new_version_and_old_versions_never_change(plan, cast) -> None:
    chen = cast["counselor"].user
    v2, created = services.save_version(plan=plan, by=chen, content=written())
    assert created and v2.number == 2
    kept = copy.deepcopy(PlanVersion.objects.get(pk=v2.pk).content)
    changed = copy.deepcopy(v2.content)
    changed["problems"][0]["goals"][0]["objectives"][0]["status"] = "met"
    v3, created = services.save_version(plan=plan, by=chen, content=changed)
    assert created and v3.number == 3
    assert PlanVersion.objects.get(pk=v2.pk).content == kept
    assert PlanVersion.objects.get(pk=v3.pk).content["problems"][0]["goals"][0]["objectives"][0][
        "status"
    ] == ("met")
    assert list(plan.versions.values_list("number", flat=True)) == [3, 2, 1]


def test_a_written_version_cannot_be_saved_over(plan, cast) -> None:
    version = services.latest_version(plan)
    version.content = {"asam": [], "problems": [{"text": "rewritten"}]}
    with pytest.raises(ValueError, match="never rewritten"):
        version.save()
    with pytest.raises(ValueError, match="never rewritten"):
        version.save(update_fields=["content"])
    assert PlanVersion.objects.get(pk=version.pk).content["problems"] == []


def test_items_keep_their_ids_from_version_to_version(plan, cast) -> None:
    chen = cast["counselor"].user
    v2, _c = services.save_version(plan=plan, by=chen, content=written())
    problem = v2.content["problems"][0]
    assert (problem["id"], problem["goals"][0]["id"]) == ("p1", "g1")
    assert problem["goals"][0]["objectives"][0]["id"] == "o1"
    assert problem["interventions"][0]["id"] == "i1"
    following = copy.deepcopy(v2.content)
    following["problems"].append({**written()["problems"][0], "text": "Sleep"})
    v3, _c = services.save_version(plan=plan, by=chen, content=following)
    assert [p["id"] for p in v3.content["problems"]] == ["p1", "p2"]


def test_saving_the_same_content_saves_no_version(plan, cast) -> None:
    chen = cast["counselor"].user
    v2, _c = services.save_version(plan=plan, by=chen, content=written())
    again, created = services.save_version(plan=plan, by=chen, content=copy.deepcopy(v2.content))
    assert not created and again.pk == v2.pk
    assert plan.versions.count() == 2


def test_bad_content_names_the_path_of_each_bad_value_and_saves_nothing(plan, cast) -> None:
    bad = written(target_on="2026-02-30")
    bad["problems"][0]["goals"].append(
        {"text": "", "objectives": [{"text": "x", "measure": "", "target_on": "soon"}]}
    )
    bad["problems"][0]["dimension"] = 9
    bad["asam"][2]["rating"] = 7
    with pytest.raises(ValidationError) as refused:
        services.save_version(plan=plan, by=cast["counselor"].user, content=bad)
    errors = refused.value.message_dict
    assert set(errors) == {
        "problems[0].goals[0].objectives[0].target_on",
        "problems[0].goals[1].text",
        "problems[0].goals[1].objectives[0].measure",
        "problems[0].goals[1].objectives[0].target_on",
        "problems[0].dimension",
        "asam[2].rating",
    }
    assert errors["problems[0].goals[0].objectives[0].target_on"] == [
        "There is no such day. Give the target date as YYYY-MM-DD."
    ]
    assert errors["problems[0].goals[1].text"] == ["Say what the goal is."]
    assert plan.versions.count() == 1


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda c: c.update(extra=1), "extra", "This is not part of a plan."),
        (
            lambda c: c["problems"][0].update(text=" "),
            "problems[0].text",
            "Say what the problem is.",
        ),
        (
            lambda c: c["problems"][0]["interventions"][0].update(how_often=""),
            "problems[0].interventions[0].how_often",
            "Say how often, for example “weekly”.",
        ),
        (
            lambda c: c["problems"][0]["goals"][0]["objectives"][0].update(status="done"),
            "problems[0].goals[0].objectives[0].status",
            "Choose not started, in progress, met or not met.",
        ),
        (
            lambda c: c["problems"][0]["goals"][0]["objectives"][0].update(target_on=20260301),
            "problems[0].goals[0].objectives[0].target_on",
            "Give the target date as YYYY-MM-DD, like 2026-03-31.",
        ),
        (
            lambda c: c["problems"][0]["goals"][0]["objectives"][0].update(target_on="2050-01-01"),
            "problems[0].goals[0].objectives[0].target_on",
            "Choose a target date within ten years of today.",
        ),
        (
            lambda c: c["problems"][0]["goals"].__setitem__(0, "a goal"),
            "problems[0].goals[0]",
            "Give an object here.",
        ),
        (lambda c: c["problems"][0].update(id="P 1"), "problems[0].id", None),
        (lambda c: c["asam"].append(c["asam"][0]), "asam", None),
        (lambda c: c["asam"][1].update(dimension=1), "asam[1].dimension", None),
        (lambda c: c["problems"][0].update(text="x" * 1001), "problems[0].text", None),
        (lambda c: c["problems"].extend([c["problems"][0]] * 20), "problems", None),
    ],
)
def test_each_kind_of_bad_value_is_named(change, path, message) -> None:
    content = written()
    change(content)
    with pytest.raises(ValidationError) as refused:
        plan_content.clean_content(content, edition="4", today=TODAY)
    assert path in refused.value.message_dict
    if message:
        assert refused.value.message_dict[path] == [message]


def test_the_same_id_twice_is_refused(plan, cast) -> None:
    content = written()
    content["problems"][0]["id"] = "p7"
    content["problems"][0]["goals"][0]["id"] = "p7"
    with pytest.raises(ValidationError) as refused:
        plan_content.clean_content(content, edition="4", today=TODAY)
    assert refused.value.message_dict == {
        "problems[0].goals[0].id": ["This id is used twice in the plan."]
    }


# ---------------------------------------------------------------- signatures


def test_an_empty_plan_is_not_signed(plan, cast) -> None:
    with pytest.raises(ValidationError) as refused:
        services.sign_version(plan=plan, by=cast["counselor"].user, number=1)
    errors = refused.value.message_dict
    assert errors["problems"] == [
        "This plan has no problems yet, so there is nothing to sign. Add at least one problem "
        "with its goals first."
    ]
    assert "asam" in errors
    assert services.latest_version(plan).counselor_signed_at is None


def test_the_member_co_signs_after_the_counselor_and_the_plan_comes_into_effect(plan, cast) -> None:
    chen, maya = cast["counselor"].user, cast["member"].user
    version, _c = services.save_version(plan=plan, by=chen, content=written())
    with pytest.raises(services.PlanConflict, match="signs this version first"):
        services.cosign_version(plan=plan, member=maya, number=2)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 15, tzinfo=datetime.UTC)):
        services.sign_version(plan=plan, by=chen, number=2)
        notice = InAppNotification.objects.get(user=maya, kind=services.TO_SIGN)
        assert notice.title == "A plan is waiting for your signature"
        assert notice.url == f"/counseling/plans/{plan.pk}/"
        assert "Grace C. signed version 2" in notice.body
        services.cosign_version(plan=plan, member=maya, number=2)
    version.refresh_from_db()
    assert version.counselor_signed_by == chen and version.member_signed_at is not None
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    assert plan.next_review_on == datetime.date(2026, 3, 2) + datetime.timedelta(days=90)
    assert services.activated_on(plan) == datetime.date(2026, 3, 2)
    with pytest.raises(services.PlanConflict, match="co-signed this version already"):
        services.cosign_version(plan=plan, member=maya, number=2)
    with pytest.raises(services.PlanConflict, match="signed already"):
        services.sign_version(plan=plan, by=chen, number=2)


def test_signatures_belong_to_a_version_and_a_new_one_needs_signing_again(plan, cast) -> None:
    chen = cast["counselor"].user
    first = signed_by_both(plan, cast)
    changed = copy.deepcopy(first.content)
    changed["problems"][0]["goals"][0]["objectives"][0]["status"] = "met"
    newer, _c = services.save_version(plan=plan, by=chen, content=changed)
    assert newer.counselor_signed_at is None and newer.member_signed_at is None
    versions = services.versions_of(plan)
    assert services.in_effect(versions) == first  # the signed one stays in effect
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    # Signing what one read: the version before the newest is refused.
    with pytest.raises(services.PlanConflict, match="Version 3 was saved after version 2"):
        services.sign_version(plan=plan, by=chen, number=2)
    services.sign_version(plan=plan, by=chen, number=3)
    assert services.in_effect(services.versions_of(plan)) == first
    services.cosign_version(plan=plan, member=cast["member"].user, number=3)
    assert services.in_effect(services.versions_of(plan)).number == 3


def test_a_closed_plan_is_read_but_not_changed(plan, cast) -> None:
    chen = cast["counselor"].user
    services.close_plan(plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    with pytest.raises(services.PlanConflict, match="closed"):
        services.save_version(plan=plan, by=chen, content=written())
    with pytest.raises(services.PlanConflict, match="closed"):
        services.sign_version(plan=plan, by=chen, number=1)
    with pytest.raises(services.PlanConflict, match="closed"):
        services.close_plan(plan=plan)
    assert plan.versions.count() == 1


# ---------------------------------------------------------------- reviews


def test_a_review_sets_the_next_one_from_its_own_day(plan, cast) -> None:
    chen = cast["counselor"].user
    with pytest.raises(services.PlanConflict, match="once it is in effect"):
        services.record_review(plan=plan, by=chen, summary="Too early")
    with time_machine.travel(datetime.datetime(2026, 1, 5, 15, tzinfo=datetime.UTC)):
        signed_by_both(plan, cast)
    plan.refresh_from_db()
    assert plan.next_review_on == datetime.date(2026, 4, 5)
    with time_machine.travel(datetime.datetime(2026, 3, 30, 15, tzinfo=datetime.UTC)):
        with pytest.raises(ValidationError) as refused:
            services.record_review(plan=plan, by=chen, summary="  ")
        assert "summary" in refused.value.message_dict
        review = services.record_review(plan=plan, by=chen, summary="Four of five evenings")
    assert review.reviewed_on == datetime.date(2026, 3, 30) and review.version.number == 2
    plan.refresh_from_db()
    assert plan.next_review_on == datetime.date(2026, 6, 28)
    services.set_review_every(plan=plan, days=30)
    plan.refresh_from_db()
    assert plan.next_review_on == datetime.date(2026, 4, 29)
    with pytest.raises(ValidationError) as refused:
        services.set_review_every(plan=plan, days=400)
    assert "review_every_days" in refused.value.message_dict


def test_a_review_can_carry_the_next_version(plan, cast) -> None:
    chen = cast["counselor"].user
    first = signed_by_both(plan, cast)
    changed = copy.deepcopy(first.content)
    changed["problems"][0]["goals"][0]["objectives"][0]["status"] = "met"
    review = services.record_review(plan=plan, by=chen, summary="Met", content=changed)
    assert review.version.number == 3 and review.summary == "Met"
    bad = copy.deepcopy(first.content)
    bad["problems"][0]["text"] = ""
    with pytest.raises(ValidationError) as refused:
        services.record_review(plan=plan, by=chen, summary="Again", content=bad)
    assert "content.problems[0].text" in refused.value.message_dict
    assert PlanReview.objects.count() == 1


def test_reviews_due_lists_plans_due_within_fourteen_days_or_overdue(plan, cast) -> None:
    chen = cast["counselor"].user
    signed_by_both(plan, cast)
    plan.refresh_from_db()
    due_on = plan.next_review_on
    plans = access.plans_shared_with(chen)
    assert services.reviews_due(plans, today=due_on - datetime.timedelta(days=15)) == []
    assert services.reviews_due(plans, today=due_on - datetime.timedelta(days=14)) == [plan]
    assert services.reviews_due(plans, today=due_on + datetime.timedelta(days=30)) == [plan]
    # Casey, a counselor without Maya's consent, has nothing due and sees nothing.
    assert access.plans_shared_with(cast["outsider"].user) == []


# ---------------------------------------------------------------- progress, for adherence


def test_objective_progress_counts_met_objectives_of_the_newest_version(plan, cast) -> None:
    chen = cast["counselor"].user
    assert services.objective_progress(plan) == (0, 0)
    content = written()
    content["problems"][0]["goals"][0]["objectives"].append(
        {"text": "Call Sam when it is hard", "measure": "Calls", "target_on": "2026-05-01"}
    )
    version, _c = services.save_version(plan=plan, by=chen, content=content)
    assert services.objective_progress(plan) == (0, 2)
    content = copy.deepcopy(version.content)
    content["problems"][0]["goals"][0]["objectives"][1]["status"] = ObjectiveStatus.MET
    services.save_version(plan=plan, by=chen, content=content)
    assert services.objective_progress(plan) == (1, 2)
    rows = services.objectives(plan)
    assert [(r.text, r.status_label, r.target_on) for r in rows] == [
        ("Five alcohol-free evenings a week", "In progress", datetime.date(2026, 6, 30)),
        ("Call Sam when it is hard", "Met", datetime.date(2026, 5, 1)),
    ]
    assert rows[0].problem == "Drinks most evenings after work"


def test_what_changed_between_two_versions_is_said_in_words(plan, cast) -> None:
    chen = cast["counselor"].user
    v2, _c = services.save_version(plan=plan, by=chen, content=written())
    changed = copy.deepcopy(v2.content)
    changed["asam"][3]["rating"] = 2
    objective = changed["problems"][0]["goals"][0]["objectives"][0]
    objective["status"] = "met"
    changed["problems"][0]["interventions"] = []
    v3, _c = services.save_version(plan=plan, by=chen, content=changed)
    lines = plan_content.changes(v2.content, v3.content, edition="4")
    assert lines == [
        "Substance Use-Related Risks: risk from 3 of 4 (significant) to 2 of 4 (moderate).",
        "Objective “Five alcohol-free evenings a week”: In progress → Met.",
        "Intervention removed: Relapse prevention group (Dr. Chen, Weekly)",
    ]
    assert plan_content.changes(v2.content, v2.content, edition="4") == []
    assert plan_content.changes(None, v2.content, edition="4") == []  # the first version


def test_each_edition_names_its_own_dimensions() -> None:
    assert plan_content.dimension_name("3", 4) == "Readiness to Change"
    assert plan_content.dimension_name("4", 4) == "Substance Use-Related Risks"
    assert plan_content.dimension_name("4", 6) == "Person-Centered Considerations"
    assert len(plan_content.DIMENSIONS["3"]) == len(plan_content.DIMENSIONS["4"]) == 6


# ---------------------------------------------------------------- demo and export


def test_the_demo_plan_waits_for_mayas_co_signature_and_loads_twice(cast) -> None:
    from alongside.counseling import demo

    first = demo.demo_plans(cast)
    again = demo.demo_plans(cast)
    assert first != again
    plan = TreatmentPlan.objects.get(member=cast["member"].user)
    assert plan.status == PlanStatus.ACTIVE
    latest = services.latest_version(plan)
    assert latest.number == 3 and latest.counselor_signed_by == cast["counselor"].user
    assert latest.member_signed_at is None
    assert services.in_effect(services.versions_of(plan)).number == 2
    assert services.objective_progress(plan) == (1, 3)
    assert (
        InAppNotification.objects.filter(user=cast["member"].user, kind=services.TO_SIGN).count()
        == 2
    )


def test_the_members_export_holds_every_version_with_who_signed_it(plan, cast) -> None:
    from alongside.counseling.personal_data import _plan_row

    signed_by_both(plan, cast)
    row = _plan_row(plan)
    assert [v["number"] for v in row["versions"]] == [2, 1]
    assert row["versions"][0]["counselor_signed_by"] == "Grace C."
    assert row["versions"][0]["content"]["problems"][0]["text"] == (
        "Drinks most evenings after work"
    )

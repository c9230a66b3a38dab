"""Lena's work with the people on her caseload, beyond engagements: the intake of the
comprehensive pathway, BARC-10 at intake and every 90 days, the member's own recovery goals
worked on together while they share their plans, the gone-quiet list with meeting attendance and
her own threshold, and Dana's view of the caseloads of the team she supervises."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from alongside.accounts.models import Organization
from alongside.accounts.sensitive import Credential
from alongside.assessments.services import submit_administration
from alongside.caseload import services
from alongside.caseload.models import CaseloadSetting, Intake
from alongside.journey import services as journey
from alongside.journey.models import GoalChange, GoalStep, RecoveryGoal
from alongside.meetings.models import AttendanceRecord
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import AccessLogEntry
from alongside.privacy.services import grant_access, revoke_grant
from alongside.training import services as training

pytestmark = pytest.mark.django_db

BARC10_ANSWERS = {str(n): 4 for n in range(1, 11)}  # a total of 40


def share(member, grantee, scopes=("check_ins",)):
    return grant_access(
        member=member,
        grantee_user=grantee,
        scopes=list(scopes),
        purpose="peer support",
        credential=Credential.for_setup(member),
    )


def comprehensive(lena, member):
    record = services.record_for(staff=lena, member=member)
    services.update_record(
        record=record, pathway="comprehensive", ok_to_text=False, ok_to_call=False
    )
    return record


# ---------------------------------------------------------------- intake


def test_an_intake_is_for_the_comprehensive_pathway_and_keeps_their_words_encrypted(
    cast, client_as
) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena)
    client = client_as("peer_specialist")
    page = client.get(f"/caseload/people/{jordan.pk}/").content.decode()
    assert "An intake is for the comprehensive pathway" in page
    day = lena.local_today() - datetime.timedelta(days=2)
    intake = {
        "form": "intake",
        "intake-on": day.isoformat(),
        "intake-referral": "justice",
        "intake-referral_note": "Drug court, Judge Alvarez",
        "intake-pathways": ["smart", "mm"],
        "intake-needs": ["housing", "legal"],
        "intake-help_wanted": "A room before the lease ends in March",
        "intake-contact_times": "Evenings after six",
    }
    refused = client.post(f"/caseload/people/{jordan.pk}/", intake)
    assert refused.status_code == 422
    assert (
        "An intake is for the comprehensive pathway: change it first." in refused.content.decode()
    )
    assert not Intake.objects.exists()

    comprehensive(lena, jordan)
    page = client.get(f"/caseload/people/{jordan.pk}/").content.decode()
    assert "No intake yet: the comprehensive pathway starts with one." in page
    assert client.post(f"/caseload/people/{jordan.pk}/", intake).status_code == 302
    saved = Intake.objects.get()
    assert (saved.on, saved.referral, saved.by) == (day, "justice", lena)
    assert (saved.pathways, saved.needs) == (["smart", "mm"], ["housing", "legal"])
    assert saved.help_wanted == "A room before the lease ends in March"
    with connection.cursor() as cursor:
        cursor.execute("SELECT help_wanted, referral_note, contact_times FROM caseload_intake")
        stored = " ".join(cursor.fetchone())
    assert "lease" not in stored and "Alvarez" not in stored and "six" not in stored
    page = client.get(f"/caseload/people/{jordan.pk}/").content.decode()
    assert f"Intake on {day:%-d %B %Y}." in page and "Last written by Lena K." in page
    assert "A room before the lease ends in March" in page  # the form, filled in to edit

    # Back to brief check-ins: the intake is hidden, not deleted.
    services.update_record(record=saved.record, pathway="brief", ok_to_text=False, ok_to_call=False)
    page = client.get(f"/caseload/people/{jordan.pk}/").content.decode()
    assert "The intake already written is kept" in page and "lease" not in page
    assert Intake.objects.filter(pk=saved.pk).exists()


def test_a_bad_intake_shows_each_error_beside_its_field_and_saves_nothing(cast, client_as) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena)
    comprehensive(lena, jordan)
    response = client_as("peer_specialist").post(
        f"/caseload/people/{jordan.pk}/",
        {
            "form": "intake",
            "intake-on": (lena.local_today() + datetime.timedelta(days=3)).isoformat(),
            "intake-referral": "self",
            "intake-help_wanted": "x" * 2001,
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert '<p class="error" id="id_intake-on_error">That day has not come yet.</p>' in page
    assert (
        '<p class="error" id="id_intake-help_wanted_error">Keep this to 2000 characters.</p>'
        in page
    )
    assert not Intake.objects.exists()


def test_the_api_writes_the_intake_by_the_same_rules(cast, client_as) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena)
    client = client_as("peer_specialist")
    body = {"on": lena.local_today().isoformat(), "referral": "family", "needs": ["work"]}
    brief = client.put(
        f"/api/v1/caseload/{jordan.pk}/intake", body, content_type="application/json"
    )
    assert brief.status_code == 422
    assert brief.json()["error"]["fields"][0]["field"] == "pathway"
    comprehensive(lena, jordan)
    unknown = client.put(
        f"/api/v1/caseload/{jordan.pk}/intake",
        {**body, "needs": ["spaceflight"]},
        content_type="application/json",
    )
    assert unknown.status_code == 422 and not Intake.objects.exists()
    made = client.put(f"/api/v1/caseload/{jordan.pk}/intake", body, content_type="application/json")
    assert made.status_code == 200
    assert made.json()["intake"]["needs"] == ["work"]
    assert client.get(f"/api/v1/caseload/{jordan.pk}").json()["intake"]["referral"] == "family"


# ---------------------------------------------------------------- BARC-10


def test_a_barc10_is_due_at_intake_then_90_days_after_the_last(cast, client_as) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena, ["check_ins", "assessments"])
    record = comprehensive(lena, jordan)
    today = lena.local_today()
    services.save_intake(
        record=record, by=lena, on=today - datetime.timedelta(days=10), referral="self"
    )
    client = client_as("peer_specialist")
    page = client.get(f"/caseload/people/{jordan.pk}/").content.decode()
    assert "No BARC-10 yet." in page
    assert f"Due since {today - datetime.timedelta(days=10):%-d %B %Y}." in page
    assert "JustJordan" in client.get("/caseload/?show=barc10").content.decode()

    taken = timezone.now() - datetime.timedelta(days=100)
    submit_administration(
        member=jordan, instrument="barc10", answers=BARC10_ANSWERS, taken_at=taken
    )
    page = client.get(f"/caseload/people/{jordan.pk}/").content.decode()
    last_on = taken.astimezone(jordan.zone).date()
    assert f"Last score 40 of 60, on {last_on:%-d %B %Y}." in page
    assert f"Due since {last_on + datetime.timedelta(days=90):%-d %B %Y}." in page

    latest = submit_administration(member=jordan, instrument="barc10", answers=BARC10_ANSWERS)
    page = client.get(f"/caseload/people/{jordan.pk}/").content.decode()
    next_on = jordan.local_today() + datetime.timedelta(days=90)
    assert f"Next due {next_on:%-d %B %Y}." in page
    assert "JustJordan" not in client.get("/caseload/?show=barc10").content.decode()
    read = AccessLogEntry.objects.filter(member=jordan, actor=lena, scope="assessments").first()
    assert read.record_id == str(latest.pk)
    row = client.get("/api/v1/caseload").json()[0]
    assert (row["barc10_due"], row["barc10_due_on"]) == (False, next_on.isoformat())


def test_without_assessments_shared_no_score_is_shown_or_read(cast, client_as) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena)
    comprehensive(lena, jordan)
    submit_administration(member=jordan, instrument="barc10", answers=BARC10_ANSWERS)
    client = client_as("peer_specialist")
    page = client.get(f"/caseload/people/{jordan.pk}/").content.decode()
    assert "does not share assessments with you" in page and "40 of 60" not in page
    table = client.get("/caseload/").content.decode()
    assert "not shared" in table
    assert "JustJordan" not in client.get("/caseload/?show=barc10").content.decode()
    assert client.get(f"/api/v1/caseload/{jordan.pk}/barc10").json()["last_score"] is None
    assert not AccessLogEntry.objects.filter(member=jordan, scope="assessments").exists()


def test_asking_for_a_barc10_sends_one_notice_a_day_with_a_link_to_it(cast, client_as) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena)
    client = client_as("peer_specialist")
    response = client.post(f"/caseload/people/{jordan.pk}/", {"form": "barc10"}, follow=True)
    assert "Asked. They have a notice with a link to the BARC-10." in response.content.decode()
    notice = InAppNotification.objects.get(user=jordan)
    assert (notice.url, notice.kind) == ("/assessments/take/barc10/", "assessment_due")
    assert "Lena K., your peer specialist, asks you to complete the BARC-10" in notice.body
    again = client.post(f"/caseload/people/{jordan.pk}/", {"form": "barc10"}, follow=True)
    assert "You asked them today already." in again.content.decode()
    assert client.post(f"/api/v1/caseload/{jordan.pk}/barc10/request").status_code == 409
    assert InAppNotification.objects.filter(user=jordan).count() == 1
    page = client.get(f"/caseload/people/{jordan.pk}/").content.decode()
    assert f"You last asked on {lena.local_today():%-d %B %Y}." in page


# ---------------------------------------------------------------- goals worked on together


def test_lena_adds_and_works_on_jordans_goal_and_he_sees_each_change_was_hers(
    cast, client_as
) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena, ["check_ins", "plans"])
    client = client_as("peer_specialist")
    added = client.post(
        f"/caseload/people/{jordan.pk}/",
        {
            "form": "goal",
            "goal-domain": "housing",
            "goal-title": "A room of my own",
            "goal-status": "not_started",
        },
    )
    assert added.status_code == 302
    goal = RecoveryGoal.objects.get(member=jordan)
    assert (goal.title, goal.domain, goal.status) == ("A room of my own", "housing", "not_started")
    url = f"/caseload/people/{jordan.pk}/goals/{goal.pk}/"
    assert "A room of my own" in client.get(f"/caseload/people/{jordan.pk}/").content.decode()
    assert (
        client.post(url, {"form": "step", "step-text": "Call the housing office"}).status_code
        == 302
    )
    step = GoalStep.objects.get(goal=goal)
    assert client.post(f"{url}steps/{step.pk}/", {"done": "1"}).status_code == 302
    step.refresh_from_db()
    assert step.is_done
    changed = client.post(
        url,
        {
            "form": "goal",
            "goal-domain": "housing",
            "goal-title": "A room of my own by spring",
            "goal-status": "in_progress",
        },
    )
    assert changed.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "A room of my own by spring"

    kinds = list(GoalChange.objects.filter(goal=goal, by=lena).values_list("kind", flat=True))
    assert sorted(kinds) == ["added_goal", "added_step", "changed_goal", "step_done"]
    mine = client_as("member2").get(f"/journey/goals/{goal.pk}/").content.decode()
    assert "Lena K. added this goal" in mine
    assert "Lena K. added a step: Call the housing office" in mine
    assert "Lena K. marked a step done: Call the housing office" in mine
    assert "Lena K. changed this goal (goal)" in mine
    notices = InAppNotification.objects.filter(user=jordan, kind="goal_change")
    assert notices.count() == 4
    assert {n.url for n in notices} == {f"/journey/goals/{goal.pk}/"}
    assert "Lena K. added a step to “A room of my own”: Call the housing office." in [
        n.body for n in notices
    ]
    writes = AccessLogEntry.objects.filter(member=jordan, actor=lena, scope="plans", action="write")
    assert writes.count() == 4


def test_a_goal_change_follows_journeys_rules_with_the_error_beside_the_field(
    cast, client_as
) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena, ["plans"])
    goal = journey.add_goal(member=jordan, domain="health", title="Sleep eight hours")
    response = client_as("peer_specialist").post(
        f"/caseload/people/{jordan.pk}/goals/{goal.pk}/",
        {
            "form": "goal",
            "goal-domain": "health",
            "goal-title": "Sleep eight hours",
            "goal-status": "in_progress",
            "goal-target_on": "2099-01-01",
        },
    )
    assert response.status_code == 422
    assert (
        '<p class="error" id="id_goal-target_on_error">Choose a target date within the next '
        "twenty years.</p>" in response.content.decode()
    )
    goal.refresh_from_db()
    assert (goal.status, goal.target_on) == ("not_started", None)
    assert not GoalChange.objects.exists()
    api = client_as("peer_specialist").patch(
        f"/api/v1/caseload/{jordan.pk}/goals/{goal.pk}",
        {"target_on": "2099-01-01"},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["error"]["fields"][0]["field"] == "target_on"


def test_without_plans_shared_goals_are_not_shown_and_their_routes_answer_404(
    cast, client_as
) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    checks = share(jordan, lena)
    goal = journey.add_goal(member=jordan, domain="health", title="Walk every morning")
    step = journey.add_step(goal=goal, text="Buy shoes")
    client = client_as("peer_specialist")
    goal_url = f"/caseload/people/{jordan.pk}/goals/{goal.pk}/"

    def refused() -> None:
        page = client.get(f"/caseload/people/{jordan.pk}/").content.decode()
        assert "does not share their plans with you" in page and "Walk every morning" not in page
        assert client.get(goal_url).status_code == 404
        assert client.post(f"{goal_url}steps/{step.pk}/", {"done": "1"}).status_code == 404
        adding = {"form": "goal", "goal-domain": "health", "goal-title": "Swim"}
        assert client.post(f"/caseload/people/{jordan.pk}/", adding).status_code == 404
        assert client.get(f"/api/v1/caseload/{jordan.pk}/goals").status_code == 404

    refused()
    plans = share(jordan, lena, ["plans"])
    assert "Walk every morning" in client.get(goal_url).content.decode()
    assert client.get(f"/api/v1/caseload/{jordan.pk}/goals").json()[0]["steps"] == [
        {"id": step.pk, "text": "Buy shoes", "done": False}
    ]
    revoke_grant(grant=plans, by=jordan, credential=Credential.for_setup(jordan))
    refused()
    step.refresh_from_db()
    assert not step.is_done and RecoveryGoal.objects.filter(member=jordan).count() == 1
    assert checks.revoked_at is None  # still on the caseload through check-ins


def test_a_peer_specialist_never_reads_why_a_goal_matters_to_the_member(cast, client_as) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena, ["plans"])
    goal = journey.add_goal(
        member=jordan, domain="relationships", title="Call my sister", why="She stood by me"
    )
    client = client_as("peer_specialist")
    page = client.get(f"/caseload/people/{jordan.pk}/goals/{goal.pk}/").content.decode()
    assert "Call my sister" in page and "She stood by me" not in page
    listed = client.get(f"/api/v1/caseload/{jordan.pk}/goals").json()[0]
    assert "why" not in listed and "She stood by me" not in str(listed)
    refused = client.patch(
        f"/api/v1/caseload/{jordan.pk}/goals/{goal.pk}",
        {"why": "rewritten"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    goal.refresh_from_db()
    assert goal.why == "She stood by me"


# ---------------------------------------------------------------- gone quiet


def test_meeting_attendance_keeps_someone_off_the_quiet_list_only_where_shared(
    cast, client_as
) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena)
    record = services.record_for(staff=lena, member=jordan)
    services.record_engagement(
        record=record,
        by=lena,
        kind="brief",
        on=lena.local_today() - datetime.timedelta(days=20),
        minutes=10,
    )
    AttendanceRecord.objects.create(
        member=jordan,
        meeting_name="Tuesday Night SMART",
        occurred_at=timezone.now() - datetime.timedelta(days=2),
        method="qr",
    )
    client = client_as("peer_specialist")
    assert "JustJordan" in client.get("/caseload/?show=quiet").content.decode()
    share(jordan, lena, ["attendance"])
    assert "JustJordan" not in client.get("/caseload/?show=quiet").content.decode()
    row = client.get("/api/v1/caseload").json()[0]
    expected = (timezone.now() - datetime.timedelta(days=2)).astimezone(jordan.zone).date()
    assert (row["gone_quiet"], row["last_contact"]) == (False, expected.isoformat())


def test_the_quiet_threshold_is_lenas_to_set_and_the_table_says_it(cast, client_as) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena)
    record = services.record_for(staff=lena, member=jordan)
    services.record_engagement(
        record=record,
        by=lena,
        kind="brief",
        on=lena.local_today() - datetime.timedelta(days=20),
        minutes=10,
    )
    client = client_as("peer_specialist")
    page = client.get("/caseload/?show=quiet").content.decode()
    assert "no engagement for 14 days" in page and "JustJordan" in page
    assert client.post("/caseload/?show=quiet", {"quiet_after_days": "30"}).status_code == 302
    assert CaseloadSetting.objects.get(staff=lena).quiet_after_days == 30
    page = client.get("/caseload/?show=quiet").content.decode()
    assert "no engagement for 30 days" in page and "JustJordan" not in page
    bad = client.post("/caseload/", {"quiet_after_days": "0"})
    assert bad.status_code == 422
    assert (
        '<p class="error" id="id_quiet_after_days_error">Choose from 1 to 365 days.</p>'
        in bad.content.decode()
    )
    api = client.put(
        "/api/v1/caseload/settings", {"quiet_after_days": 400}, content_type="application/json"
    )
    assert api.status_code == 422
    assert api.json()["error"]["fields"][0]["field"] == "quiet_after_days"
    assert client.get("/api/v1/caseload/settings").json() == {"quiet_after_days": 30}


# ---------------------------------------------------------------- supervisors


def supervise(cast):
    riverbend = Organization.objects.get(slug="riverbend")
    return training.set_supervisor(
        organization=riverbend,
        supervisee_id=cast["peer_specialist"].user.pk,
        supervisor_id=cast["org_admin"].user.pk,
    )


def test_a_supervisor_sees_her_teams_counts_and_names_only_people_who_share_with_her(
    cast, client_as
) -> None:
    maya, jordan = cast["member"].user, cast["member2"].user
    lena, dana = cast["peer_specialist"].user, cast["org_admin"].user
    supervise(cast)
    share(jordan, lena, ["check_ins", "assessments"])
    grant_access(
        member=maya,
        grantee_organization=Organization.objects.get(slug="riverbend"),
        grantee_role="peer_specialist",
        scopes=["check_ins"],
        purpose="peer support at Riverbend",
        credential=Credential.for_setup(maya),
    )
    record = comprehensive(lena, jordan)
    services.add_follow_up(
        record=record,
        by=lena,
        due_on=lena.local_today() - datetime.timedelta(days=3),
        about="Call about court",
    )
    training_team = client_as("org_admin").get("/training/team/").content.decode()
    assert 'href="/caseload/team/"' in training_team
    team = client_as("org_admin").get("/caseload/team/").content.decode()
    assert "Lena K." in team and "Maya" not in team and "JustJordan" not in team
    counts = client_as("org_admin").get("/api/v1/caseload/team").json()
    assert counts == [
        {
            "supervisee_id": lena.pk,
            "display_name": "Lena K.",
            "counts": {
                "people": 2,
                "quiet": 2,
                "follow_ups_overdue": 1,
                "needs_reassignment": 0,
                "barc10_due": 1,
            },
        }
    ]
    page = client_as("org_admin").get(f"/caseload/team/{lena.pk}/").content.decode()
    assert "2 people on this caseload" in page and "Read-only" in page
    assert "Maya O." in page and "JustJordan" not in page
    assert f'href="/caseload/people/{maya.pk}/"' not in page  # read-only: no record opens
    assert AccessLogEntry.objects.filter(member=maya, actor=dana, scope="caseload").count() == 1
    assert not AccessLogEntry.objects.filter(member=jordan, actor=dana).exists()

    # Jordan shares his milestones with Dana: he is named, but his BARC-10, shared only with
    # Lena, stays out of her view.
    share(jordan, dana, ["milestones"])
    named = client_as("org_admin").get(f"/api/v1/caseload/team/{lena.pk}").json()["named"]
    jordans = next(r for r in named if r["display_name"] == "JustJordan")
    assert (jordans["shares"], jordans["barc10_due"], jordans["follow_ups_overdue"]) == (
        [],
        False,
        1,
    )


def test_only_the_current_supervisor_opens_a_supervisees_caseload(cast, client_as) -> None:
    lena = cast["peer_specialist"].user
    url = f"/caseload/team/{lena.pk}/"
    for persona in ("org_admin", "peer_specialist", "counselor", "mentor", "outsider"):
        assert client_as(persona).get(url).status_code == 404
    supervision = supervise(cast)
    assert client_as("org_admin").get(url).status_code == 200
    assert client_as("counselor").get(url).status_code == 404
    training.end_supervision(supervision=supervision)
    assert client_as("org_admin").get(url).status_code == 404
    assert "You supervise no peer specialist now." in (
        client_as("org_admin").get("/caseload/team/").content.decode()
    )


def test_the_demo_shows_an_intake_a_goal_lena_added_and_a_barc10_due_and_loads_twice(
    cast, client_as
) -> None:
    from alongside.caseload import demo
    from alongside.caseload.models import Engagement

    demo.populate(cast)
    demo.populate(cast)
    jordan = cast["member2"].user
    assert Intake.objects.count() == 1 and Engagement.objects.count() == 2
    goal = RecoveryGoal.objects.get(member=jordan, domain="housing")
    assert GoalChange.objects.filter(goal=goal).count() == 2
    due = client_as("peer_specialist").get("/caseload/?show=barc10").content.decode()
    assert "JustJordan" in due
    mine = client_as("member2").get(f"/journey/goals/{goal.pk}/").content.decode()
    assert "Lena K. added this goal" in mine


def test_the_table_comes_in_pages_that_keep_the_view(cast, client_as) -> None:
    from alongside.accounts.models import User

    lena = cast["peer_specialist"].user
    for n in range(30):
        person = User.objects.create_user(email=f"q{n}@example.org", first_name=f"Quinn{n:02d}")
        share(person, lena)
    client = client_as("peer_specialist")
    first = client.get("/caseload/?show=quiet&sort=name").content.decode()
    assert "30 people (showing 1–25)" in first and "Page 1 of 2" in first
    assert "Quinn00" in first and "Quinn24" in first and "Quinn25" not in first
    assert 'href="?show=quiet&amp;sort=name&amp;page=2"' in first
    second = client.get("/caseload/?show=quiet&sort=name&page=2").content.decode()
    assert "Quinn25" in second and "Quinn29" in second and "Quinn00" not in second
    past_the_end = client.get("/caseload/?page=99").content.decode()
    assert "Page 2 of 2" in past_the_end and "Quinn29" in past_the_end


def test_the_api_works_on_goals_by_the_same_rules_and_the_consent_screen_says_so(
    cast, client_as
) -> None:
    from alongside.privacy.scopes import will_see

    assert "a peer specialist you share them with can add goals and steps" in will_see(["plans"])[0]
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    share(jordan, lena, ["plans"])
    client = client_as("peer_specialist")
    base = f"/api/v1/caseload/{jordan.pk}/goals"
    empty = client.post(base, {"domain": "health", "title": "   "}, content_type="application/json")
    assert empty.status_code == 422 and empty.json()["error"]["fields"][0]["field"] == "title"
    made = client.post(
        base, {"domain": "health", "title": "Walk daily"}, content_type="application/json"
    ).json()
    step = client.post(
        f"{base}/{made['id']}/steps", {"text": "Buy shoes"}, content_type="application/json"
    )
    assert step.status_code == 201
    done = client.patch(
        f"{base}/{made['id']}/steps/{step.json()['id']}",
        {"done": True},
        content_type="application/json",
    )
    assert done.json() == {"id": step.json()["id"], "text": "Buy shoes", "done": True}
    assert client.get(base).json()[0]["status"] == "in_progress"  # as journey's rule has it
    kinds = set(GoalChange.objects.filter(by=lena).values_list("kind", flat=True))
    assert kinds == {"added_goal", "added_step", "step_done"}
    rows = AccessLogEntry.objects.filter(member=jordan, actor=lena, scope="plans")
    assert set(rows.values_list("interface", flat=True)) == {"api"}

"""Journey's routes in the authorization matrix.

A member's tracks, plans, journal and worksheets are theirs alone to change (everyone else: 404).
Their check-ins and medication answers reach the counselor (privacy's subjects grant "check-ins"
and "medication"); their milestones, plans and the worksheet they picked reach the mentor (the
grant below). Pages that act on one's own data (new track, plan, tools…)
answer every signed-in person about their own.
"""

from __future__ import annotations

import datetime

from alongside.accounts.sensitive import Credential
from alongside.privacy.models import Scope
from alongside.testing.authz import (
    ANON,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHENTICATED,
    Route,
    everyone_but_anon,
)


def page(
    key: str, path, who: str = "all", method: str = "get", member: object = OK, data=None
) -> Route:
    if who == "all":
        return Route(key, path, everyone_but_anon(), method=method, data=data or {})
    return Route(
        key,
        path,
        everyone_but_anon(member=member),
        default=NOT_FOUND,
        method=method,
        data=data or {},
    )


def api(
    key: str,
    path,
    who: str = "all",
    method: str = "get",
    ok: object = OK,
    data=None,
    **others: object,
) -> Route:
    if who == "all":
        return Route(key, path, {ANON: UNAUTHENTICATED}, default=ok, method=method, data=data or {})
    return Route(
        key,
        path,
        {ANON: UNAUTHENTICATED, "member": ok, **others},
        default=NOT_FOUND,
        method=method,
        data=data or {},
    )


T = lambda s: s["track"].pk  # noqa: E731
TRACK = {"kind": "substance", "goal": "abstinence", "name": "Alcohol", "sobriety_on": "2025-01-01"}

ROUTES = [
    # pages: one's own journey
    page("journey:overview", "/journey/"),
    page("journey:track-new", "/journey/tracks/new/"),
    page("journey:track", lambda s: f"/journey/tracks/{T(s)}/", "member"),
    page("journey:track-edit", lambda s: f"/journey/tracks/{T(s)}/edit/", "member"),
    page(
        "journey:track-archive",
        lambda s: f"/journey/tracks/{T(s)}/archive/",
        "member",
        method="post",
        member=REDIRECT,
    ),
    page("journey:track-relapse", lambda s: f"/journey/tracks/{T(s)}/lapse/", "member"),
    page("journey:track-use", lambda s: f"/journey/tracks/{T(s)}/use/", "member"),
    page("journey:check-in", "/journey/check-in/"),
    page("journey:check-in-support", "/journey/check-in/support/"),
    page("journey:trends", "/journey/trends/"),
    page("journey:symptoms", "/journey/check-in/symptoms/"),
    Route(
        "journey:celebration",
        lambda s: f"/journey/celebrations/{s['celebration'].pk}/",
        everyone_but_anon(member=OK, mentor=OK),
        default=NOT_FOUND,
    ),
    page("journey:plan", "/journey/plan/"),
    page("journey:plan-edit", "/journey/plan/edit/"),
    page("journey:plan-add", "/journey/plan/triggers/add/", method="post"),
    page(
        "journey:plan-remove",
        lambda s: f"/journey/plan/triggers/{s['trigger'].pk}/remove/",
        "member",
        method="post",
        member=REDIRECT,
    ),
    page("journey:safety-plan", "/journey/safety-plan/"),
    page("journey:safety-plan-edit", "/journey/safety-plan/edit/"),
    page("journey:goals", "/journey/goals/"),
    page("journey:goal", lambda s: f"/journey/goals/{s['goal'].pk}/", "member"),
    page(
        "journey:goal-delete",
        lambda s: f"/journey/goals/{s['goal'].pk}/delete/",
        "member",
        method="post",
        member=REDIRECT,
    ),
    page(
        "journey:goal-step",
        lambda s: f"/journey/goals/{s['goal'].pk}/steps/{s['step'].pk}/",
        "member",
        method="post",
        member=REDIRECT,
        data={"done": "1"},
    ),
    page("journey:journal", "/journey/journal/"),
    page("journey:journal-new", "/journey/journal/new/"),
    page("journey:journal-entry", lambda s: f"/journey/journal/{s['entry'].pk}/", "member"),
    page(
        "journey:journal-delete",
        lambda s: f"/journey/journal/{s['entry'].pk}/delete/",
        "member",
        method="post",
        member=REDIRECT,
    ),
    page("journey:tools", "/journey/tools/"),
    page("journey:tool", "/journey/tools/thought_record/"),
    page("journey:worksheet", lambda s: f"/journey/worksheets/{s['worksheet'].pk}/", "member"),
    page(
        "journey:worksheet-delete",
        lambda s: f"/journey/worksheets/{s['worksheet'].pk}/delete/",
        "member",
        method="post",
        member=REDIRECT,
    ),
    page("journey:reminders", "/journey/reminders/"),
    page("journey:skills", "/journey/skills/"),
    page("journey:skill-history", "/journey/skills/history/"),
    Route(
        "journey:skill-log",
        "/journey/skills/log/",
        everyone_but_anon(),
        default=REDIRECT,
        method="post",
        data={"skill": "grounding", "grounding-keep": "1", "grounding-helped": "4"},
    ),
    Route(
        "journey:coping-card-add",
        "/journey/skills/cards/add/",
        everyone_but_anon(),
        default=REDIRECT,
        method="post",
        data={"front": "When I want to call him", "back": "Call Sam instead"},
    ),
    page(
        "journey:coping-card-delete",
        lambda s: f"/journey/skills/cards/{s['coping_card'].pk}/delete/",
        "member",
        method="post",
        member=REDIRECT,
    ),
    page(
        "journey:suggestion-dismiss",
        lambda s: f"/journey/suggestions/{s['suggestion'].pk}/dismiss/",
        "member",
        method="post",
        member=REDIRECT,
    ),
    # pages: another member's data, by their grant
    Route(
        "journey:member-check-ins",
        lambda s: f"/journey/members/{s['member'].pk}/check-ins/",
        everyone_but_anon(member=OK, counselor=OK),
        default=NOT_FOUND,
    ),
    Route(
        "journey:member-medication",
        lambda s: f"/journey/members/{s['member'].pk}/medication/",
        everyone_but_anon(member=OK, counselor=OK),
        default=NOT_FOUND,
    ),
    Route(
        "journey:member-milestones",
        lambda s: f"/journey/members/{s['member'].pk}/milestones/",
        everyone_but_anon(member=OK, mentor=OK),
        default=NOT_FOUND,
    ),
    Route(
        "journey:member-plans",
        lambda s: f"/journey/members/{s['member'].pk}/plans/",
        everyone_but_anon(member=OK, mentor=OK),
        default=NOT_FOUND,
    ),
    # The worksheets the member picked (the mentor's grant names the step-work worksheet).
    Route(
        "journey:member-worksheets",
        lambda s: f"/journey/members/{s['member'].pk}/worksheets/",
        everyone_but_anon(member=OK, mentor=OK),
        default=NOT_FOUND,
    ),
    Route(
        "journey:member-worksheet",
        lambda s: f"/journey/members/{s['member'].pk}/worksheets/{s['worksheet'].pk}/",
        everyone_but_anon(member=OK, mentor=OK),
        default=NOT_FOUND,
    ),
    # Comments: by the people the worksheet is shared with, and the member's own answers.
    Route(
        "journey:member-worksheet-comment",
        lambda s: f"/journey/members/{s['member'].pk}/worksheets/{s['worksheet'].pk}/comments/",
        everyone_but_anon(member=REDIRECT, mentor=REDIRECT),
        default=NOT_FOUND,
        method="post",
        data={"body": "Step one reads honest. Let's talk Thursday."},
    ),
    Route(
        "journey:worksheet-comment",
        lambda s: f"/journey/worksheets/{s['worksheet'].pk}/comments/",
        everyone_but_anon(member=REDIRECT),
        default=NOT_FOUND,
        method="post",
        data={"body": "Thank you, Thursday works."},
    ),
    # A tool suggestion: for a counselor, peer specialist or mentor the member shares with (the
    # mentor and, by privacy's grant, the counselor); not the member, not an ally.
    Route(
        "journey:suggest",
        lambda s: f"/journey/members/{s['member'].pk}/suggest/",
        everyone_but_anon(mentor=OK, counselor=OK),
        default=NOT_FOUND,
    ),
    # API: check-ins
    api("GET /api/v1/check-ins", "/api/v1/check-ins"),
    Route(
        "POST /api/v1/check-ins",
        "/api/v1/check-ins",
        {ANON: UNAUTHENTICATED, "member": OK},
        default=201,
        method="post",
        data={"mood": 4, "craving": 2},
    ),
    api("GET /api/v1/check-ins/trends", "/api/v1/check-ins/trends?days=7"),
    api("GET /api/v1/check-ins/today/support", "/api/v1/check-ins/today/support"),
    Route(
        "GET /api/v1/members/{member_id}/check-ins",
        lambda s: f"/api/v1/members/{s['member'].pk}/check-ins",
        {ANON: UNAUTHENTICATED, "member": OK, "counselor": OK},
        default=NOT_FOUND,
    ),
    Route(
        "GET /api/v1/members/{member_id}/medication",
        lambda s: f"/api/v1/members/{s['member'].pk}/medication",
        {ANON: UNAUTHENTICATED, "member": OK, "counselor": OK},
        default=NOT_FOUND,
    ),
    # API: dual recovery's symptoms and symptom log
    api("GET /api/v1/symptoms", "/api/v1/symptoms"),
    api(
        "PUT /api/v1/symptoms",
        "/api/v1/symptoms",
        method="put",
        data={"is_enabled": True, "kinds": ["anxiety"]},
    ),
    api("GET /api/v1/symptom-logs", "/api/v1/symptom-logs"),
    api(
        "POST /api/v1/symptom-logs",
        "/api/v1/symptom-logs",
        method="post",
        ok=201,
        data={"mood_state": "steady"},
    ),
    Route(
        "GET /api/v1/members/{member_id}/symptom-logs",
        lambda s: f"/api/v1/members/{s['member'].pk}/symptom-logs",
        {ANON: UNAUTHENTICATED, "member": OK, "counselor": OK},
        default=NOT_FOUND,
    ),
    # API: tracks
    api("GET /api/v1/tracks", "/api/v1/tracks"),
    api("POST /api/v1/tracks", "/api/v1/tracks", method="post", ok=201, data=TRACK),
    api("GET /api/v1/tracks/{track_id}", lambda s: f"/api/v1/tracks/{T(s)}", "member"),
    api(
        "PATCH /api/v1/tracks/{track_id}",
        lambda s: f"/api/v1/tracks/{T(s)}",
        "member",
        method="patch",
        data={"name": "Wine"},
    ),
    api(
        "POST /api/v1/tracks/{track_id}/archive",
        lambda s: f"/api/v1/tracks/{T(s)}/archive",
        "member",
        method="post",
    ),
    api(
        "GET /api/v1/tracks/{track_id}/attempts",
        lambda s: f"/api/v1/tracks/{T(s)}/attempts",
        "member",
    ),
    api(
        "POST /api/v1/tracks/{track_id}/lapses",
        lambda s: f"/api/v1/tracks/{T(s)}/lapses",
        "member",
        method="post",
        ok=201,
        data=lambda s: {"used_on": s["today"].isoformat()},
    ),
    api(
        "PUT /api/v1/tracks/{track_id}/use/{on}",
        lambda s: f"/api/v1/tracks/{s['moderation'].pk}/use/{s['today'].isoformat()}",
        "member",
        method="put",
        data={"amount": 2},
    ),
    # API: celebrations and milestones
    api("GET /api/v1/celebrations", "/api/v1/celebrations"),
    api(
        "GET /api/v1/celebrations/{celebration_id}",
        lambda s: f"/api/v1/celebrations/{s['celebration'].pk}",
        "member",
        mentor=OK,
    ),
    api(
        "POST /api/v1/celebrations/{celebration_id}/congratulations",
        lambda s: f"/api/v1/celebrations/{s['celebration'].pk}/congratulations",
        "member",
        method="post",
        ok=422,
        mentor=201,
        data={"message": "So proud of you"},
    ),
    api(
        "GET /api/v1/members/{member_id}/milestones",
        lambda s: f"/api/v1/members/{s['member'].pk}/milestones",
        "member",
        mentor=OK,
    ),
    # API: relapse-prevention plan
    api("GET /api/v1/relapse-prevention-plan", "/api/v1/relapse-prevention-plan"),
    api(
        "POST /api/v1/relapse-prevention-plan/triggers",
        "/api/v1/relapse-prevention-plan/triggers",
        method="post",
        ok=201,
        data={"kind": "places", "name": "the bar on 5th"},
    ),
    api(
        "POST /api/v1/relapse-prevention-plan/coping-strategies",
        "/api/v1/relapse-prevention-plan/coping-strategies",
        method="post",
        ok=201,
        data={"text": "walk around the block"},
    ),
    api(
        "POST /api/v1/relapse-prevention-plan/warning-signs",
        "/api/v1/relapse-prevention-plan/warning-signs",
        method="post",
        ok=201,
        data={"text": "skipping meals"},
    ),
    api(
        "POST /api/v1/relapse-prevention-plan/support-contacts",
        "/api/v1/relapse-prevention-plan/support-contacts",
        method="post",
        ok=201,
        data={"name": "Sam", "phone": "555-0142"},
    ),
    api(
        "POST /api/v1/relapse-prevention-plan/if-then-plans",
        "/api/v1/relapse-prevention-plan/if-then-plans",
        method="post",
        ok=201,
        data={"if_text": "I pass the bar", "then_text": "call Sam"},
    ),
    api(
        "DELETE /api/v1/relapse-prevention-plan/{kind}/{item_id}",
        lambda s: f"/api/v1/relapse-prevention-plan/triggers/{s['trigger'].pk}",
        "member",
        method="delete",
        ok=204,
    ),
    # API: safety plan and goals
    api("GET /api/v1/safety-plan", "/api/v1/safety-plan"),
    api(
        "PUT /api/v1/safety-plan",
        "/api/v1/safety-plan",
        method="put",
        data={"reason_for_living": "my kids"},
    ),
    api("GET /api/v1/goals", "/api/v1/goals"),
    api(
        "POST /api/v1/goals",
        "/api/v1/goals",
        method="post",
        ok=201,
        data={"domain": "health", "title": "Walk daily"},
    ),
    api("GET /api/v1/goals/{goal_id}", lambda s: f"/api/v1/goals/{s['goal'].pk}", "member"),
    api(
        "PATCH /api/v1/goals/{goal_id}",
        lambda s: f"/api/v1/goals/{s['goal'].pk}",
        "member",
        method="patch",
        data={"status": "in_progress"},
    ),
    api(
        "DELETE /api/v1/goals/{goal_id}",
        lambda s: f"/api/v1/goals/{s['goal'].pk}",
        "member",
        method="delete",
        ok=204,
    ),
    api(
        "POST /api/v1/goals/{goal_id}/steps",
        lambda s: f"/api/v1/goals/{s['goal'].pk}/steps",
        "member",
        method="post",
        ok=201,
        data={"text": "Buy shoes"},
    ),
    api(
        "PATCH /api/v1/goals/{goal_id}/steps/{step_id}",
        lambda s: f"/api/v1/goals/{s['goal'].pk}/steps/{s['step'].pk}",
        "member",
        method="patch",
        data={"done": True},
    ),
    api(
        "DELETE /api/v1/goals/{goal_id}/steps/{step_id}",
        lambda s: f"/api/v1/goals/{s['goal'].pk}/steps/{s['step'].pk}",
        "member",
        method="delete",
        ok=204,
    ),
    api(
        "GET /api/v1/members/{member_id}/plans",
        lambda s: f"/api/v1/members/{s['member'].pk}/plans",
        "member",
        mentor=OK,
    ),
    # API: journal (never anyone else's), tools, worksheets, reminder
    api("GET /api/v1/journal", "/api/v1/journal"),
    api(
        "POST /api/v1/journal",
        "/api/v1/journal",
        method="post",
        ok=201,
        data={"body": "a quiet day"},
    ),
    api("GET /api/v1/journal/{entry_id}", lambda s: f"/api/v1/journal/{s['entry'].pk}", "member"),
    api(
        "PUT /api/v1/journal/{entry_id}",
        lambda s: f"/api/v1/journal/{s['entry'].pk}",
        "member",
        method="put",
        data={"body": "rewritten"},
    ),
    api(
        "DELETE /api/v1/journal/{entry_id}",
        lambda s: f"/api/v1/journal/{s['entry'].pk}",
        "member",
        method="delete",
        ok=204,
    ),
    api(
        "GET /api/v1/members/{member_id}/worksheets",
        lambda s: f"/api/v1/members/{s['member'].pk}/worksheets",
        "member",
        mentor=OK,
    ),
    api(
        "GET /api/v1/members/{member_id}/worksheets/{worksheet_id}/comments",
        lambda s: f"/api/v1/members/{s['member'].pk}/worksheets/{s['worksheet'].pk}/comments",
        "member",
        mentor=OK,
    ),
    api(
        "POST /api/v1/members/{member_id}/worksheets/{worksheet_id}/comments",
        lambda s: f"/api/v1/members/{s['member'].pk}/worksheets/{s['worksheet'].pk}/comments",
        "member",
        method="post",
        ok=201,
        data={"body": "Step one reads honest."},
        mentor=201,
    ),
    api(
        "GET /api/v1/worksheets/{worksheet_id}/comments",
        lambda s: f"/api/v1/worksheets/{s['worksheet'].pk}/comments",
        "member",
    ),
    api(
        "POST /api/v1/worksheets/{worksheet_id}/comments",
        lambda s: f"/api/v1/worksheets/{s['worksheet'].pk}/comments",
        "member",
        method="post",
        ok=201,
        data={"body": "Thank you."},
    ),
    api("GET /api/v1/tools", "/api/v1/tools"),
    api("GET /api/v1/worksheets", "/api/v1/worksheets"),
    api(
        "POST /api/v1/worksheets",
        "/api/v1/worksheets",
        method="post",
        ok=201,
        data={"tool": "step_work", "answers": {"step": "1", "writing": "in my words"}},
    ),
    api(
        "GET /api/v1/worksheets/{worksheet_id}",
        lambda s: f"/api/v1/worksheets/{s['worksheet'].pk}",
        "member",
    ),
    api(
        "PUT /api/v1/worksheets/{worksheet_id}",
        lambda s: f"/api/v1/worksheets/{s['worksheet'].pk}",
        "member",
        method="put",
        data={"answers": {"step": "2", "writing": "more"}},
    ),
    api(
        "DELETE /api/v1/worksheets/{worksheet_id}",
        lambda s: f"/api/v1/worksheets/{s['worksheet'].pk}",
        "member",
        method="delete",
        ok=204,
    ),
    # API: skills for hard moments, coping cards, tool suggestions
    api("GET /api/v1/skill-uses", "/api/v1/skill-uses"),
    api(
        "POST /api/v1/skill-uses",
        "/api/v1/skill-uses",
        method="post",
        ok=201,
        data={"client_id": "5b6f2c1e-0d2a-4c55-9f7e-3a9d8e1b2c40", "skill": "grounding"},
    ),
    api("GET /api/v1/coping-cards", "/api/v1/coping-cards"),
    api(
        "POST /api/v1/coping-cards",
        "/api/v1/coping-cards",
        method="post",
        ok=201,
        data={"front": "When I feel alone", "back": "Text Sam"},
    ),
    api(
        "DELETE /api/v1/coping-cards/{card_id}",
        lambda s: f"/api/v1/coping-cards/{s['coping_card'].pk}",
        "member",
        method="delete",
        ok=204,
    ),
    api("GET /api/v1/tool-suggestions", "/api/v1/tool-suggestions"),
    api(
        "POST /api/v1/tool-suggestions/{suggestion_id}/dismiss",
        lambda s: f"/api/v1/tool-suggestions/{s['suggestion'].pk}/dismiss",
        "member",
        method="post",
        ok=204,
    ),
    Route(
        "POST /api/v1/members/{member_id}/tool-suggestions",
        lambda s: f"/api/v1/members/{s['member'].pk}/tool-suggestions",
        {ANON: UNAUTHENTICATED, "mentor": 201, "counselor": 201},
        default=NOT_FOUND,
        method="post",
        data={"tool": "mi_change_plan", "note": "Try this before Thursday"},
    ),
    api("GET /api/v1/reminders/check-in", "/api/v1/reminders/check-in"),
    api(
        "PUT /api/v1/reminders/check-in",
        "/api/v1/reminders/check-in",
        method="put",
        data={"is_enabled": True, "at": "20:00"},
    ),
]

# Reads of another member's data by id, each of which must write one access-log row.
SENSITIVE_READS = {
    "journey:member-check-ins": ("/journey/members/{member}/check-ins/", Scope.CHECK_INS, "page"),
    "GET /api/v1/members/{member_id}/check-ins": (
        "/api/v1/members/{member}/check-ins",
        Scope.CHECK_INS,
        "api",
    ),
    "GET /api/v1/members/{member_id}/symptom-logs": (
        "/api/v1/members/{member}/symptom-logs",
        Scope.CHECK_INS,
        "api",
    ),
    "journey:member-medication": (
        "/journey/members/{member}/medication/",
        Scope.MEDICATION,
        "page",
    ),
    "GET /api/v1/members/{member_id}/medication": (
        "/api/v1/members/{member}/medication",
        Scope.MEDICATION,
        "api",
    ),
    "journey:member-milestones": (
        "/journey/members/{member}/milestones/",
        Scope.MILESTONES,
        "page",
    ),
    "GET /api/v1/members/{member_id}/milestones": (
        "/api/v1/members/{member}/milestones",
        Scope.MILESTONES,
        "api",
    ),
    "journey:member-plans": ("/journey/members/{member}/plans/", Scope.PLANS, "page"),
    "GET /api/v1/members/{member_id}/plans": ("/api/v1/members/{member}/plans", Scope.PLANS, "api"),
    "journey:member-worksheets": (
        "/journey/members/{member}/worksheets/",
        Scope.WORKSHEETS,
        "page",
    ),
    "journey:member-worksheet": (
        "/journey/members/{member}/worksheets/{worksheet}/",
        Scope.WORKSHEETS,
        "page",
    ),
    "GET /api/v1/members/{member_id}/worksheets/{worksheet_id}/comments": (
        "/api/v1/members/{member}/worksheets/{worksheet}/comments",
        Scope.WORKSHEETS,
        "api",
    ),
    "GET /api/v1/members/{member_id}/worksheets": (
        "/api/v1/members/{member}/worksheets",
        Scope.WORKSHEETS,
        "api",
    ),
}

# Routes with a member's id that read none of their records (so write no access-log row).
MEMBER_ROUTES_THAT_READ_NOTHING = {
    "journey:suggest": "a supporter suggests a tool: the form names the member, nothing more",
    "POST /api/v1/members/{member_id}/tool-suggestions": "the same suggestion through the API",
    "journey:member-worksheet-comment": (
        "a comment on a shared worksheet: a write (reaching the worksheet is logged as its read)"
    ),
    "POST /api/v1/members/{member_id}/worksheets/{worksheet_id}/comments": (
        "the same comment through the API"
    ),
}


def subjects(cast: dict) -> dict:
    """Maya's journey: an abstinence track 40 days in (so a 30-day celebration), a moderation
    track, a trigger, a goal with a step, a journal entry, a worksheet, a coping card; her
    mentor holds a grant of milestones, plans and that worksheet, and suggested a skill to her."""
    from alongside.journey import services
    from alongside.privacy.services import grant_access

    member = cast["member"].user
    today = member.local_today()
    services.record_check_in(member=member, mood=4, craving=1)
    services.choose_symptoms(member=member, is_enabled=True, kinds=["anxiety"])
    track = services.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Opioids",
        sobriety_on=today - datetime.timedelta(days=40),
    )
    moderation = services.start_track(
        member=member,
        kind="substance",
        goal="moderation",
        name="Alcohol",
        daily_limit=2,
        weekly_limit=7,
    )
    celebration = services.sync_celebrations(member=member)[0]
    trigger = services.add_trigger(member=member, kind="places", name="the old block")
    goal = services.add_goal(member=member, domain="health", title="Sleep eight hours")
    step = services.add_step(goal=goal, text="No screens after ten")
    entry = services.write_journal_entry(member=member, body="just for me")
    worksheet = services.save_worksheet(
        member=member, tool_key="step_work", answers={"step": "1", "writing": "mine"}
    )
    grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=["milestones", "plans", "worksheets"],
        worksheets=[worksheet.pk],
        purpose="sponsor",
        credential=Credential.for_setup(member),
    )
    from alongside.journey.services import skills

    coping_card = skills.add_coping_card(member=member, front="When it is 2 a.m.", back="Call Sam")
    suggestion = skills.suggest_tool(
        suggester=cast["mentor"].user, member=member, tool="breathing", note="before meetings"
    )
    return {
        "coping_card": coping_card,
        "suggestion": suggestion,
        "track": track,
        "moderation": moderation,
        "celebration": celebration,
        "trigger": trigger,
        "goal": goal,
        "step": step,
        "entry": entry,
        "worksheet": worksheet,
        "today": today,
    }

"""Believable demo rows for the journey (run by `manage.py demo_data`; safe to run again).

Maya (the demo member) keeps two abstinence tracks — opioids, with a past relapse and
medication, and alcohol — about 45 days of check-ins, a relapse-prevention plan, a safety plan
and two goals, and shares milestones and check-ins with Sam, her mentor. Jordan practises
Moderation Management with daily and weekly limits.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from alongside.accounts.sensitive import Credential
from alongside.journey import services
from alongside.journey.models import CheckIn, Track, Worksheet
from alongside.privacy.models import ConsentGrant, Scope
from alongside.privacy.services import grant_access

CHECK_IN_DAYS = 45


@transaction.atomic
def populate(logins: dict) -> list[str]:
    lines: list[str] = []
    maya = logins["member"].user
    jordan = logins["member2"].user
    lines += _maya_tracks(maya)
    lines += _maya_plan(maya)
    lines += _maya_check_ins(maya)
    lines += _maya_sharing(maya, logins["mentor"].user)
    lines += _jordan(jordan)
    return lines


def _days_ago(member, n: int) -> datetime.date:
    return member.local_today() - datetime.timedelta(days=n)


def _maya_tracks(maya) -> list[str]:
    if Track.objects.for_member(maya).exists():
        return []
    opioids = services.start_track(
        member=maya,
        kind="substance",
        goal="abstinence",
        name="Opioids",
        sobriety_on=_days_ago(maya, 420),
        on_medication=True,
    )
    services.record_relapse(
        track=opioids,
        used_on=_days_ago(maya, 121),
        restart_on=_days_ago(maya, 120),
        kind="relapse",
        note="After the funeral. I called Sam the next morning and went to a meeting that night.",
    )
    services.start_track(
        member=maya,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=_days_ago(maya, 45),
        date_meaning="first_clean",
    )
    services.sync_celebrations(member=maya)
    return ["Maya: two tracks (opioids, with a past relapse; alcohol, 45 days)"]


def _maya_plan(maya) -> list[str]:
    if maya.triggers.exists():
        return []
    triggers = {
        "people": services.add_trigger(
            member=maya, kind="people", name="Old friends from the block"
        ),
        "places": services.add_trigger(
            member=maya, kind="places", name="The corner store on Halsted"
        ),
        "things": services.add_trigger(member=maya, kind="things", name="Payday"),
        "feelings": services.add_trigger(member=maya, kind="feelings", name="Lonely evenings"),
    }
    services.add_coping_strategy(
        member=maya,
        text="Take the long way home, past the park",
        trigger_ids=[triggers["places"].pk],
    )
    services.add_coping_strategy(
        member=maya,
        text="Call my sponsor before I answer them",
        trigger_ids=[triggers["people"].pk],
    )
    services.add_coping_strategy(
        member=maya,
        text="Put payday money straight into savings",
        trigger_ids=[triggers["things"].pk],
    )
    services.add_coping_strategy(
        member=maya,
        text="Evening meeting, or a walk with my sister",
        trigger_ids=[triggers["feelings"].pk],
    )
    services.add_coping_strategy(member=maya, text="Surf the urge for ten minutes with the timer")
    for sign in (
        "Skipping meals and meetings",
        "Telling myself one time won't matter",
        "Not answering Sam's calls",
    ):
        services.add_warning_sign(member=maya, text=sign)
    services.add_support_contact(
        member=maya, name="Sam", phone="312-555-0142", relationship="sponsor"
    )
    services.add_support_contact(
        member=maya, name="Ada (sister)", phone="+1 312 555 0199", relationship="sister"
    )
    services.add_if_then_plan(
        member=maya, if_text="I walk past the corner store", then_text="keep walking and text Ada"
    )
    services.add_if_then_plan(
        member=maya, if_text="I feel lonely after dinner", then_text="go to the 7:30 meeting"
    )
    services.save_safety_plan(
        member=maya,
        warning_signs="Not sleeping, staying in bed, feeling like a burden.",
        internal_coping="Shower, music loud, walk the dog.",
        social_distractions="The coffee shop on Clark; Ada's kitchen.",
        people_to_ask="Sam 312-555-0142; Ada 312-555-0199.",
        professionals="My counselor at Riverbend; 988.",
        safe_environment="Ada keeps my old prescriptions.",
        reason_for_living="My nephew, and the person I am becoming.",
    )
    goal = services.add_goal(
        member=maya,
        domain="work_education",
        title="Finish my GED",
        target_on=_days_ago(maya, -120),
        why="So I can apply for the hospital job.",
    )
    step = services.add_step(goal=goal, text="Sign up for the evening class")
    services.mark_step(step=step, done=True)
    services.add_step(goal=goal, text="Book the math test", target_on=_days_ago(maya, -30))
    services.add_goal(
        member=maya, domain="relationships", title="Weekly dinner with Ada", status="in_progress"
    )
    services.set_check_in_reminder(member=maya, is_enabled=True, at=datetime.time(20, 0))
    return ["Maya: relapse-prevention plan, safety plan, two goals, 8 pm reminder"]


def _maya_check_ins(maya) -> list[str]:
    if CheckIn.objects.for_member(maya).exists():
        return []
    rng = random.Random(4)  # the same believable month every time
    triggers = list(maya.triggers.all())
    coping = list(maya.coping_strategies.all())
    rows = []
    for n in range(CHECK_IN_DAYS, 0, -1):
        if rng.random() < 0.12:
            continue  # a few missed days, as in life
        day = _days_ago(maya, n)
        craving = max(0, min(10, int(rng.gauss(4 if n > 20 else 3, 2))))
        rows.append(
            CheckIn(
                member=maya,
                on=day,
                mood=min(5, max(1, 3 + int(rng.gauss(0.3, 1)))),
                craving=craving,
                hungry=rng.random() < 0.2,
                angry=rng.random() < 0.15,
                lonely=rng.random() < 0.3,
                tired=rng.random() < 0.35,
                sleep_hours=Decimal(str(round(rng.uniform(5, 8.5) * 2) / 2)),
                attended_meeting=rng.random() < 0.6,
                took_medication=rng.random() < 0.95,
                gratitude=rng.choice(
                    ["Ada's soup", "Sunshine on the walk", "A good meeting", "My nephew laughing"]
                ),
                created_at=timezone.now() - datetime.timedelta(days=n),
            )
        )
    created = CheckIn.objects.bulk_create(rows)
    for check_in in created:
        if check_in.craving >= 6 and triggers:
            check_in.triggers.set(rng.sample(triggers, 1))
            check_in.coping_used.set(rng.sample(coping, 1))
    return [f"Maya: {len(created)} check-ins over the last {CHECK_IN_DAYS} days"]


def _maya_sharing(maya, mentor) -> list[str]:
    wanted = {Scope.MILESTONES, Scope.CHECK_INS}
    for grant in ConsentGrant.objects.active().filter(member=maya, grantee_user=mentor):
        if wanted <= set(grant.scopes):
            return []
    grant_access(
        member=maya,
        grantee_user=mentor,
        scopes=sorted(wanted),
        purpose="Sam is my sponsor; I want him to celebrate with me.",
        credential=Credential.for_setup(maya),
    )
    return ["Maya shares milestones and check-ins with Sam (mentor)"]


def _jordan(jordan) -> list[str]:
    if Track.objects.for_member(jordan).exists():
        return []
    track = services.start_track(
        member=jordan,
        kind="substance",
        goal="moderation",
        name="Alcohol",
        daily_limit=3,
        weekly_limit=10,
        unit="drinks",
    )
    today = jordan.local_today()
    for n, amount in [(6, 2), (5, 0), (4, 3), (3, 1), (2, 0), (1, 4)]:
        services.set_use(track=track, on=today - datetime.timedelta(days=n), amount=amount)
    if not Worksheet.objects.filter(member=jordan).exists():
        services.save_worksheet(
            member=jordan,
            tool_key="drink_log",
            on=today - datetime.timedelta(days=1),
            answers={
                "track": track.pk,
                "drinks": 0,
                "where": "Home, with Alex",
                "mood": "tired",
                "note": "Stopped at two was the plan.",
            },
        )
    return ["Jordan: moderation track (3 a day, 10 a week) with a week of use"]

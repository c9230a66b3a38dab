"""Recommendations: rank meetings for a member by what the seeds' advice on choosing a group
names — pathway and philosophy, distance or online, times that fit their week, language, who it
serves, accessibility, newcomer-friendliness and open meetings — and say why for each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import User
from alongside.meetings import catalog
from alongside.meetings.models import Attendance, Goal, MeetingPreference, Program
from alongside.meetings.search import Result, SearchQuery, search

DAY_WORDS = [
    gettext_lazy("Sundays"),
    gettext_lazy("Mondays"),
    gettext_lazy("Tuesdays"),
    gettext_lazy("Wednesdays"),
    gettext_lazy("Thursdays"),
    gettext_lazy("Fridays"),
    gettext_lazy("Saturdays"),
]
# Needs that only a room can meet; an online meeting does not fail them.
PHYSICAL_NEEDS = {"X", "XB", "PARK", "TRANSIT", "QUIET", "FF"}


@dataclass
class Recommendation:
    result: Result
    score: float
    reasons: list[str]
    cautions: list[str]


def preferences_of(member: User) -> MeetingPreference:
    return MeetingPreference.objects.filter(member=member).first() or MeetingPreference(
        member=member
    )


def member_programs(member: User, pref: MeetingPreference) -> list[Program]:
    """Programs of the member's pathways; with none, programs whose approach or goal they chose."""
    programs = list(Program.objects.filter(pathway__in=member.pathways).exclude(pathway=""))
    if not programs and (pref.approaches or pref.goal):
        qs = Program.objects.filter(is_family=False)
        if pref.approaches:
            qs = qs.filter(approach__in=pref.approaches)
        if pref.goal in {Goal.MODERATION, Goal.ABSTINENCE}:
            qs = qs.filter(goal__in=[pref.goal, Goal.EITHER])
        programs = list(qs)
    return programs


def recommend(
    member: User, *, now: dt.datetime | None = None, limit: int = 12
) -> list[Recommendation]:
    pref = preferences_of(member)
    programs = member_programs(member, pref)
    now = now or timezone.now()
    query = SearchQuery(
        near=pref.near,
        latitude=pref.latitude,
        longitude=pref.longitude,
        radius_km=float(pref.max_distance_km or 15),
        programs=[p.slug for p in programs],
        include_online=pref.online_ok,
        viewer_time_zone=member.time_zone,
        now=now,
        limit=80,
    )
    if query.latitude is None and pref.online_ok:
        query.attendance = [Attendance.ONLINE, Attendance.HYBRID]
    found = search(query).all
    ranked = [
        r for r in (_score(result, member, pref, programs) for result in found) if r is not None
    ]
    ranked.sort(key=lambda r: (-r.score, r.result.next_start or now))
    return ranked[:limit]


def _score(
    result: Result, member: User, pref: MeetingPreference, programs: list[Program]
) -> Recommendation | None:
    meeting = result.meeting
    codes = set(meeting.type_codes)
    score, reasons, cautions = 0.0, [], []
    if meeting.program in programs:
        score += 40
        reasons.append(
            _("%(program)s, one of your pathways") % {"program": meeting.program.short_name}
        )
    program = meeting.program
    if pref.approaches and program.approach in pref.approaches:
        score += 15
        reasons.append(str(program.get_approach_display()))
    if pref.goal and (program.goal == pref.goal or program.goal == Goal.EITHER):
        score += 10
        reasons.append(
            _("your goal (%(goal)s) is welcome") % {"goal": Goal(pref.goal).label.lower()}
        )
    if result.distance_km is not None:
        reach = float(pref.max_distance_km or 15)
        score += 20 * max(0.0, 1 - result.distance_km / reach)
        reasons.append(_("%(km).1f km away") % {"km": result.distance_km})
    elif meeting.is_online and pref.online_ok:
        score += 12
        reasons.append(_("online, from wherever you are"))
    local = result.next_start
    if local is not None and _fits_week(local, pref):
        score += 15
        reasons.append(
            _("fits your week: %(day)s at %(time)s")
            % {"day": DAY_WORDS[(local.weekday() + 1) % 7], "time": local.strftime("%H:%M")}
        )
    elif pref.days or pref.earliest or pref.latest:
        cautions.append(_("outside the times you said suit you"))
    if pref.languages:
        if set(meeting.language_codes) & set(pref.languages):
            score += 10
            reasons.append(
                _("in %(language)s")
                % {
                    "language": ", ".join(
                        catalog.language_label(c)
                        for c in meeting.language_codes
                        if c in pref.languages
                    )
                }
            )
        else:
            score -= 30
            cautions.append(_("not in a language you chose"))
    for code in pref.demographics:
        if code in codes:
            score += 10
            reasons.append(catalog.type_label(code))
    needs = [
        c
        for c in pref.needs
        if not (meeting.attendance == Attendance.ONLINE and c in PHYSICAL_NEEDS)
    ]
    missing = [code for code in needs if code not in codes]
    if missing:
        return None  # a meeting you cannot get into is not a recommendation
    if needs:
        score += 10
        reasons.append(", ".join(catalog.type_label(c) for c in needs))
    if "BE" in codes or (meeting.group is not None and meeting.group.is_newcomer_friendly):
        score += 8
        reasons.append(_("newcomers especially welcome"))
    if meeting.openness == "open":
        score += 4
        reasons.append(_("open meeting: anyone may come"))
    return Recommendation(result=result, score=round(score, 1), reasons=reasons, cautions=cautions)


def _fits_week(local: dt.datetime, pref: MeetingPreference) -> bool:
    weekday = (local.weekday() + 1) % 7
    if pref.days and weekday not in pref.days:
        return False
    if pref.earliest and local.time() < pref.earliest:
        return False
    return not (pref.latest and local.time() > pref.latest)


def try_a_few(recommendations: list[Recommendation], *, count: int = 4) -> list[Recommendation]:
    """Different groups to visit before settling: no group twice, programs and formats mixed."""
    chosen: list[Recommendation] = []
    groups: set[str] = set()
    programs: set[int] = set()
    for prefer_new_program in (True, False):
        for rec in recommendations:
            meeting = rec.result.meeting
            group = (
                f"g{meeting.group_id}"
                if meeting.group_id
                else (meeting.group_name or f"m{meeting.pk}")
            )
            if (
                rec in chosen
                or group in groups
                or (prefer_new_program and meeting.program_id in programs)
            ):
                continue
            chosen.append(rec)
            groups.add(group)
            programs.add(meeting.program_id)
            if len(chosen) >= count:
                return chosen
    return chosen

"""What another person gets of a member's journey under each scope: exactly the fields that
`privacy.scopes.DISCLOSURES` lists, read here once and handed both to the grantee's pages (as
tables) and to the API (as the records its grantee schemas describe).

The caller has already passed the access check (journey/access.py), which logs the look.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.journey.models import (
    Celebration,
    CheckIn,
    CopingStrategy,
    Domain,
    GoalStatus,
    IfThenPlan,
    Mood,
    MoodState,
    RecoveryGoal,
    SupportContact,
    SymptomLog,
    Track,
    Trigger,
    TriggerKind,
    WarningSign,
    Worksheet,
    milestone_label,
)
from alongside.journey.services import safety_plan_for, sync_celebrations
from alongside.journey.summary import tracks_with_history
from alongside.journey.tools import CHOICE, CONFIRM, PERSON, TOOLS_BY_KEY, TRACK, Tool
from alongside.lib import milestones
from alongside.privacy.models import Scope
from alongside.privacy.scopes import Table, as_text, pick, table

Record = dict[str, Any]


# ---------------------------------------------------------------- check-ins and medication


def check_ins(rows: QuerySet[CheckIn], limit: int = 90) -> list[Record]:
    """Check-ins as a "check-ins" grantee gets them: never the note, the gratitude line or the
    medication answer (the registry does not list them)."""
    found = rows.prefetch_related("triggers", "coping_used")[:limit]
    return [
        pick(
            Scope.CHECK_INS,
            "check_ins",
            c,
            {
                "triggers": lambda c: [t.name for t in c.triggers.all()],
                "coping_used": lambda c: [s.text for s in c.coping_used.all()],
            },
        )
        for c in found
    ]


def check_in_tables(records: list[Record]) -> list[Table]:
    return [
        table(
            Scope.CHECK_INS,
            "check_ins",
            records,
            words={"mood": lambda v: Mood(v).label, "craving": _out_of_ten},
        )
    ]


def symptom_logs(rows: QuerySet[SymptomLog], limit: int = 90) -> list[Record]:
    """Dual recovery's symptom logs as a "check-ins" grantee gets them: the day, the mood state
    and each symptom with its intensity (an own symptom by the name the member gave it)."""
    found = rows.prefetch_related("ratings__symptom")[:limit]
    return [
        pick(
            Scope.CHECK_INS,
            "symptom_logs",
            log,
            {
                "mood_state": lambda log: log.mood_state or None,
                "symptoms": lambda log: [
                    {"symptom": r.symptom.label, "intensity": r.intensity}
                    for r in log.ratings.all()
                ],
            },
        )
        for log in found
    ]


def symptom_logs_of(member: User) -> list[Record]:
    """A member's symptom logs, for the check-ins page of a grantee already let through."""
    return symptom_logs(SymptomLog.objects.for_member(member))


def symptom_log_tables(records: list[Record]) -> list[Table]:
    if not records:  # most members keep no symptom log: no empty table for them
        return []
    return [
        table(
            Scope.CHECK_INS,
            "symptom_logs",
            records,
            words={
                "mood_state": lambda v: MoodState(v).label if v else None,
                "symptoms": lambda v: [f"{s['symptom']} {s['intensity']}/10" for s in v],
            },
        )
    ]


def medication(rows: QuerySet[CheckIn], limit: int = 90) -> list[Record]:
    """The days the member answered a medication question, and the answers."""
    return [pick(Scope.MEDICATION, "medication", c) for c in rows[:limit]]


def medication_tables(records: list[Record]) -> list[Table]:
    return [table(Scope.MEDICATION, "medication", records)]


def _out_of_ten(value: int) -> str:
    return f"{value}/10"


# ---------------------------------------------------------------- milestones


def _milestone(found: milestones.Milestone | None) -> Record | None:
    if found is None:
        return None
    return {"key": found.key, "label": milestone_label(found.key), "on": found.on}


def _track(track: Track, today: datetime.date) -> Record:
    progress = track.progress(today)
    return pick(
        Scope.MILESTONES,
        "tracks",
        track,
        {
            "track": lambda t: t.label,
            "days": lambda t: progress.days if progress else None,
            "latest_milestone": lambda t: _milestone(progress.latest) if progress else None,
            "next_milestone": lambda t: _milestone(progress.next) if progress else None,
        },
    )


def _celebration(celebration: Celebration) -> Record:
    record = pick(
        Scope.MILESTONES,
        "celebrations",
        celebration,
        {
            "track": lambda c: c.track.label,
            "milestone": lambda c: c.label,
            "congratulations": lambda c: [
                {"author": g.author.display_name, "message": g.message}
                for g in c.congratulations.all()
            ],
        },
    )
    return {"id": celebration.pk, **record}


def milestones_of(member: User, covered: frozenset[int] | None) -> dict[str, list[Record]]:
    """The member's abstinence tracks and celebrations, only of the tracks `covered` (None:
    every track). Never attempts, lapses, longest stretch or medication."""
    today = member.local_today()
    tracks = tracks_with_history(member, today)
    sync_celebrations(member=member, tracks=tracks)
    shown = [t for t in tracks if t.is_abstinence and (covered is None or t.pk in covered)]
    celebrations = Celebration.objects.standing().filter(
        member=member, track__in=[t.pk for t in shown]
    )
    celebrations = celebrations.select_related("track").prefetch_related("congratulations__author")[
        :50
    ]
    return {
        "tracks": [_track(t, today) for t in shown],
        "celebrations": [_celebration(c) for c in celebrations],
    }


def milestone_tables(shared: dict[str, list[Record]]) -> list[Table]:
    def milestone(value: Record | None) -> str | None:
        return f"{value['label']} ({as_text(value['on'])})" if value else None

    def congratulations(value: list[Record]) -> str:
        return "; ".join(
            f"{c['author']}: {c['message']}" if c["message"] else c["author"] for c in value
        )

    return [
        table(
            Scope.MILESTONES,
            "tracks",
            shared["tracks"],
            words={"latest_milestone": milestone, "next_milestone": milestone},
        ),
        table(
            Scope.MILESTONES,
            "celebrations",
            shared["celebrations"],
            words={"congratulations": congratulations},
            url=lambda c: reverse("journey:celebration", args=[c["id"]]),
        ),
    ]


# ---------------------------------------------------------------- plans


def _steps(goal: RecoveryGoal) -> list[Record]:
    return [{"text": s.text, "done": s.is_done} for s in goal.steps.all()]


def plans_of(member: User) -> dict[str, list[Record]]:
    """Goals, the relapse-prevention plan and the safety plan, as a "plans" grantee gets them:
    who the member would call, never their numbers; not why a goal matters to them."""
    plan = safety_plan_for(member)

    def records(key: str, rows: Iterable[Any], getters: dict | None = None) -> list[Record]:
        return [pick(Scope.PLANS, key, row, getters) for row in rows]

    return {
        "goals": records(
            "goals",
            RecoveryGoal.objects.for_member(member).prefetch_related("steps"),
            {"steps": _steps},
        ),
        "triggers": records("triggers", Trigger.objects.for_member(member).live()),
        "warning_signs": records("warning_signs", WarningSign.objects.for_member(member)),
        "coping_strategies": records(
            "coping_strategies",
            CopingStrategy.objects.for_member(member).live().prefetch_related("triggers"),
            {"triggers": lambda s: [t.name for t in s.triggers.all()]},
        ),
        "support_contacts": records("support_contacts", SupportContact.objects.for_member(member)),
        "if_then_plans": records("if_then_plans", IfThenPlan.objects.for_member(member)),
        "safety_plan": records("safety_plan", [s for s in plan.sections() if s["text"].strip()]),
    }


def plan_tables(shared: dict[str, list[Record]]) -> list[Table]:
    def steps(value: list[Record]) -> str:
        return "; ".join(
            _("Done: %(s)s") % {"s": s["text"]} if s["done"] else s["text"] for s in value
        )

    words: dict[str, dict[str, Callable[[Any], Any]]] = {
        "goals": {
            "domain": lambda v: Domain(v).label,
            "status": lambda v: GoalStatus(v).label,
            "steps": steps,
        },
        "triggers": {"kind": lambda v: TriggerKind(v).label},
    }
    return [table(Scope.PLANS, key, shared[key], words=words.get(key)) for key in shared]


# ---------------------------------------------------------------- worksheets


def _filled_in_with(sheets: list[Worksheet]) -> dict[int, str]:
    """Worksheet id → the display name of who it was filled in with (one query for all)."""
    named: dict[int, int] = {}
    for sheet in sheets:
        tool = TOOLS_BY_KEY.get(sheet.tool)
        person = sheet.values.get(tool.person_field) if tool and tool.person_field else None
        if isinstance(person, int) and not isinstance(person, bool):  # the form stores an id
            named[sheet.pk] = person
    names = {u.pk: u.display_name for u in User.objects.filter(pk__in=set(named.values()))}
    return {pk: names[person] for pk, person in named.items() if person in names}


def _answers(sheet: Worksheet) -> Record:
    """The answers to the tool's own fields, by name; who it was filled in with is a field of
    its own (a name, never an account id)."""
    tool = TOOLS_BY_KEY.get(sheet.tool)
    if tool is None:
        return sheet.values
    values = sheet.values
    return {f.name: values.get(f.name) for f in tool.fields if f.kind != PERSON}


def worksheets(rows: Iterable[Worksheet]) -> list[Record]:
    """Worksheets as a "worksheets" grantee gets them: only the rows the caller's access check
    let through (those the grant names), with the worksheet's id to open it."""
    sheets = list(rows)
    together = _filled_in_with(sheets)
    return [
        {
            "id": sheet.pk,
            **pick(
                Scope.WORKSHEETS,
                "worksheets",
                sheet,
                {
                    "filled_in_with": lambda w: together.get(w.pk),
                    "answers": _answers,
                },
            ),
        }
        for sheet in sheets
    ]


def tool_name(key: str) -> str:
    tool = TOOLS_BY_KEY.get(key)
    return str(tool.label) if tool is not None else key


def worksheet_tables(member: User, records: list[Record]) -> list[Table]:
    """The list of shared worksheets: each opens on its own page; the answers column shows the
    line that names the worksheet in the member's own history."""

    def glimpse(record: Record) -> str:
        tool = TOOLS_BY_KEY.get(record["tool"])
        return tool.summarize(record["answers"]) if tool is not None else ""

    glimpses = {r["id"]: glimpse(r) for r in records}
    rows = [{**r, "answers": glimpses[r["id"]]} for r in records]
    return [
        table(
            Scope.WORKSHEETS,
            "worksheets",
            rows,
            words={"tool": tool_name},
            url=lambda r: reverse("journey:member-worksheet", args=[member.pk, r["id"]]),
        )
    ]


@dataclass(frozen=True)
class Answer:
    name: str
    label: str
    text: str


@dataclass(frozen=True)
class Section:
    legend: str
    answers: list[Answer]


def answer_sections(tool: Tool, record: Record, member: User) -> list[Section]:
    """A shared worksheet's answers as the member's own page lays them out: each field's label
    and answer, those of one group under the group's legend."""
    answers = record["answers"]
    track_ids = [answers[f.name] for f in tool.fields if f.kind == TRACK and answers.get(f.name)]
    tracks = {t.pk: t.label for t in Track.objects.filter(member=member, pk__in=track_ids)}
    found: list[Section] = []
    for spec in tool.fields:
        if spec.kind == PERSON:
            continue
        value = answers.get(spec.name)
        if spec.kind == CHOICE and value not in (None, ""):
            value = dict(spec.choices).get(str(value), value)
        elif spec.kind == TRACK:
            value = tracks.get(value)
        elif spec.kind == CONFIRM:
            value = bool(value)
        if not found or found[-1].legend != str(spec.group) or not spec.group:
            found.append(Section(str(spec.group), []))
        found[-1].answers.append(Answer(spec.name, str(spec.label), as_text(value)))
    return found

"""How the journey's rows are exported and erased. Everything here is the member's own and goes
with their account; a supporter's congratulations go with the supporter's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.journey.models import (
    Attempt,
    Celebration,
    CheckIn,
    CheckInReminder,
    Congratulation,
    CopingCard,
    CopingStrategy,
    GoalChange,
    GoalStep,
    IfThenPlan,
    JournalEntry,
    RecoveryGoal,
    SafetyPlan,
    SkillUse,
    SupportContact,
    SymptomLog,
    SymptomTracking,
    ToolSuggestion,
    Track,
    TrackedSymptom,
    Trigger,
    UseDay,
    WarningSign,
    Worksheet,
    WorksheetComment,
)
from alongside.privacy.registry import Erase, clear_field, jsonable, register, serialize_fields


def _check_in_row(check_in: CheckIn) -> dict:
    data = serialize_fields(check_in, exclude=("member",))
    data["triggers"] = [t.name for t in check_in.triggers.all()]
    data["coping_used"] = [c.text for c in check_in.coping_used.all()]
    return data


def _celebration_row(celebration: Celebration) -> dict:
    return {
        "track": celebration.track.label,
        "milestone": celebration.label,
        "reached_on": jsonable(celebration.reached_on),
        "congratulations": [
            {"from": c.author.display_name, "message": c.message, "at": jsonable(c.created_at)}
            for c in celebration.congratulations.select_related("author")
        ],
    }


def _worksheet_row(worksheet: Worksheet) -> dict:
    return {
        # A worksheets grant names worksheets by this id (consent_grants' `worksheets`).
        "id": worksheet.pk,
        "tool": worksheet.tool,
        "on": jsonable(worksheet.on),
        "answers": worksheet.values,
        "created_at": jsonable(worksheet.created_at),
        "updated_at": jsonable(worksheet.updated_at),
        "comments": [
            {"from": c.author.display_name, "comment": c.body, "at": jsonable(c.created_at)}
            for c in worksheet.comments.select_related("author")
        ],
    }


def _symptom_log_row(log: SymptomLog) -> dict:
    data = serialize_fields(log, exclude=("member",))
    data["symptoms"] = [
        {"symptom": r.symptom.label, "intensity": r.intensity}
        for r in log.ratings.select_related("symptom")
    ]
    return data


def _strategy_row(strategy: CopingStrategy) -> dict:
    data = serialize_fields(strategy, exclude=("member",))
    data["helps_with"] = [t.name for t in strategy.triggers.all()]
    return data


MEMBER_ROWS = [
    (Track, "tracks", _("recovery tracks"), _("Every track is deleted.")),
    (
        Attempt,
        "attempts",
        _("attempts and lapse notes"),
        _("Every attempt and its private note is deleted."),
    ),
    (UseDay, "use_log", _("moderation use log"), _("Every day of your use log is deleted.")),
    (Trigger, "triggers", _("triggers"), _("Your triggers are deleted.")),
    (WarningSign, "warning_signs", _("warning signs"), _("Your warning signs are deleted.")),
    (
        SupportContact,
        "support_contacts",
        _("people to call"),
        _("The names and numbers you saved are deleted."),
    ),
    (IfThenPlan, "if_then_plans", _("if-then plans"), _("Your if-then plans are deleted.")),
    (SafetyPlan, "safety_plan", _("safety plan"), _("Your safety plan is deleted.")),
    (RecoveryGoal, "recovery_goals", _("recovery goals"), _("Every goal is deleted.")),
    (GoalStep, "goal_steps", _("goal steps"), _("Every step is deleted.")),
    (JournalEntry, "journal", _("journal entries"), _("Every journal entry is deleted.")),
    (CheckInReminder, "check_in_reminder", _("check-in reminder"), _("Your reminder is deleted.")),
    (
        SymptomTracking,
        "symptom_tracking",
        _("whether you log symptoms"),
        _("Your choice to log symptoms is deleted."),
    ),
    (
        TrackedSymptom,
        "tracked_symptoms",
        _("symptoms you track"),
        _("The symptoms you chose, and the names you gave your own, are deleted."),
    ),
    (SkillUse, "skill_uses", _("skills you used"), _("Your history of skills is deleted.")),
    (CopingCard, "coping_cards", _("coping cards"), _("Every coping card is deleted.")),
]

register(
    CheckIn,
    "member",
    section="check_ins",
    label=_("daily check-ins"),
    erase=Erase.DELETE,
    explain=_("Every check-in is deleted."),
    serialize=_check_in_row,
)
for model, section, label, explain in MEMBER_ROWS:
    register(
        model,
        "member",
        section=section,
        label=label,
        erase=Erase.DELETE,
        explain=explain,
        exclude=("member",),
    )
register(
    SymptomLog,
    "member",
    section="symptom_logs",
    label=_("daily symptom logs"),
    erase=Erase.DELETE,
    explain=_("Every symptom log and each intensity in it is deleted."),
    serialize=_symptom_log_row,
)
register(
    CopingStrategy,
    "member",
    section="coping_strategies",
    label=_("coping strategies"),
    erase=Erase.DELETE,
    explain=_("Your coping strategies are deleted."),
    serialize=_strategy_row,
)
register(
    Celebration,
    "member",
    section="celebrations",
    label=_("milestone celebrations"),
    erase=Erase.DELETE,
    explain=_("Your celebrations and the congratulations on them are deleted."),
    serialize=_celebration_row,
)
register(
    Worksheet,
    "member",
    section="worksheets",
    label=_("pathway worksheets"),
    erase=Erase.DELETE,
    explain=_("Every worksheet is deleted."),
    serialize=_worksheet_row,
)
register(
    WorksheetComment,
    "author",
    section="worksheet_comments_written",
    label=_("comments you wrote on worksheets shared with you"),
    erase=Erase.DELETE,
    explain=_("Comments you wrote on other people's worksheets are deleted."),
    serialize=lambda c: {
        "on_worksheet_of": c.worksheet.member.display_name,
        "comment": c.body,
        "at": jsonable(c.created_at),
    },
)
register(
    Congratulation,
    "author",
    section="congratulations_sent",
    label=_("congratulations you sent"),
    erase=Erase.DELETE,
    explain=_("Congratulations you sent to others are deleted."),
    serialize=lambda c: {"message": c.message, "at": jsonable(c.created_at)},
)


def _suggestion_row(suggestion: ToolSuggestion) -> dict:
    by = suggestion.suggested_by
    return {
        "tool": suggestion.tool,
        "note": suggestion.note,
        "suggested_by": by.display_name if by is not None else "",
        "at": jsonable(suggestion.created_at),
        "dismissed_at": jsonable(suggestion.dismissed_at),
    }


register(
    ToolSuggestion,
    "member",
    section="tool_suggestions",
    label=_("tools suggested to you"),
    erase=Erase.DELETE,
    explain=_("The suggestions made to you are deleted."),
    serialize=_suggestion_row,
)
register(
    ToolSuggestion,
    "suggested_by",
    section="tool_suggestions_made",
    label=_("tools you suggested to others"),
    erase=Erase.ANONYMIZE,
    explain=_("Suggestions you made stay with the people you made them to, without your name."),
    serialize=lambda s: {"tool": s.tool, "note": s.note, "at": jsonable(s.created_at)},
    anonymize=lambda rows: rows.update(suggested_by=None),
)


def _goal_change_row(change: GoalChange) -> dict:
    return {
        "goal": change.goal.title,
        "step": change.step.text if change.step is not None else None,
        "by": change.by.display_name if change.by is not None else None,
        "what": change.kind,
        "fields": change.fields,
        "at": jsonable(change.at),
    }


register(
    GoalChange,
    "member",
    section="goal_changes",
    label=_("changes others made to your recovery goals"),
    erase=Erase.DELETE,
    explain=_("The record of who else changed your goals is deleted with them."),
    serialize=_goal_change_row,
)
register(
    GoalChange,
    "by",
    section="",
    label=_("changes you made to other people's recovery goals"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("The changes stay on the person's goals, without your name."),
    anonymize=clear_field("by"),
)

"""Journey state changes, by resource: tracks and milestones, check-ins, plans, writing,
reminders. Everything is importable from here (`services.record_check_in`)."""

from alongside.journey.services.check_ins import (
    CHECK_IN_FIELDS,
    CheckInSetup,
    Support,
    check_in_setup,
    member_takes_medication,
    record_check_in,
    support_for,
)
from alongside.journey.services.errors import CheckInError, JourneyError
from alongside.journey.services.plans import (
    SAFETY_FIELDS,
    add_coping_strategy,
    add_goal,
    add_if_then_plan,
    add_step,
    add_support_contact,
    add_trigger,
    add_warning_sign,
    delete_goal,
    delete_step,
    link_coping_strategy,
    mark_step,
    remove_coping_strategy,
    remove_plan_item,
    remove_trigger,
    safety_plan_for,
    save_safety_plan,
    update_goal,
)
from alongside.journey.services.reminders import reminder_for, set_check_in_reminder
from alongside.journey.services.tracks import (
    ModerationStatus,
    TrackStats,
    add_use,
    archive_track,
    congratulate,
    moderation_status,
    record_relapse,
    set_use,
    start_track,
    sync_celebrations,
    track_stats,
    update_track,
    week_start,
)
from alongside.journey.services.writing import (
    WorksheetInvalid,
    clean_answers,
    delete_journal_entry,
    delete_worksheet,
    save_worksheet,
    update_journal_entry,
    write_journal_entry,
)

__all__ = [
    "CHECK_IN_FIELDS", "SAFETY_FIELDS", "CheckInError", "CheckInSetup", "check_in_setup", "JourneyError", "ModerationStatus", "Support",
    "TrackStats", "WorksheetInvalid", "add_coping_strategy", "add_goal", "add_if_then_plan", "add_step",
    "add_support_contact", "add_trigger", "add_use", "add_warning_sign", "archive_track", "clean_answers",
    "congratulate", "delete_goal", "delete_journal_entry", "delete_step", "delete_worksheet",
    "link_coping_strategy", "mark_step", "member_takes_medication", "moderation_status", "record_check_in",
    "record_relapse", "reminder_for", "remove_coping_strategy", "remove_plan_item", "remove_trigger",
    "safety_plan_for", "save_safety_plan", "save_worksheet", "set_check_in_reminder", "set_use",
    "start_track", "support_for", "sync_celebrations", "track_stats", "update_goal",
    "update_journal_entry", "update_track", "week_start", "write_journal_entry",
]

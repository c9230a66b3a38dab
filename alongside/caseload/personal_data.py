"""How caseload rows are exported and erased.

A case record is about the member: they get it in their export (the intake, engagements with
their notes, and follow-ups), and it is deleted with them. Staff who wrote engagements or follow-ups keep
nothing of the member's; erasing a staff member keeps the record, without their name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.caseload.models import CaseloadSetting, CaseRecord, Engagement, FollowUp, Intake
from alongside.privacy.registry import Erase, clear_field, jsonable, register


def _intake_row(intake: Intake | None) -> dict | None:
    if intake is None:
        return None
    return {
        "on": jsonable(intake.on),
        "referral": intake.referral,
        "referral_note": intake.referral_note,
        "pathways": intake.pathways,
        "needs": intake.needs,
        "help_wanted": intake.help_wanted,
        "contact_times": intake.contact_times,
    }


def _record_row(record: CaseRecord) -> dict:
    return {
        "organization": record.organization.name,
        "peer_specialist": record.peer_specialist.display_name if record.peer_specialist else None,
        "pathway": record.pathway,
        "ok_to_text": record.ok_to_text,
        "ok_to_call": record.ok_to_call,
        "barc10_requested_on": jsonable(record.barc10_requested_on),
        "intake": _intake_row(Intake.objects.filter(record=record).first()),
        "engagements": [
            {"kind": e.kind, "on": jsonable(e.on), "minutes": e.minutes, "note": e.note}
            for e in record.engagements.all()
        ],
        "follow_ups": [
            {"due_on": jsonable(f.due_on), "about": f.about, "done_at": jsonable(f.done_at)}
            for f in record.follow_ups.all()
        ],
    }


register(
    CaseRecord,
    "member",
    section="peer_support_records",
    label=_("peer specialists' records of their work with you"),
    erase=Erase.DELETE,
    explain=_("Every case record about you, with its engagements and notes, is deleted."),
    serialize=_record_row,
)
register(
    CaseRecord,
    "peer_specialist",
    section="",
    label=_("people on your caseload"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("The records stay with the organization, without your name."),
    anonymize=clear_field("peer_specialist"),
)
register(
    Engagement,
    "by",
    section="",
    label=_("engagements you recorded"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("Engagements you recorded stay in the person's record, without your name."),
    anonymize=clear_field("by"),
)
register(
    FollowUp,
    "by",
    section="",
    label=_("follow-ups you set"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("Follow-ups you set stay in the person's record, without your name."),
    anonymize=clear_field("by"),
)
register(
    Intake,
    "by",
    section="",
    label=_("intakes you wrote"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("Intakes you wrote stay in the person's record, without your name."),
    anonymize=clear_field("by"),
)
register(
    CaseloadSetting,
    "staff",
    section="caseload_settings",
    label=_("your caseload settings"),
    erase=Erase.DELETE,
    explain=_("Your caseload settings are deleted."),
    serialize=lambda s: {"quiet_after_days": s.quiet_after_days},
)

"""How counseling rows are exported and erased.

A member's appointments, treatment plans and session notes are theirs to export. They are
counseling records: erasing the account keeps them for the organization that keeps them, under
the retention rule (privacy.services.erase_member places the hold; `purge_retained` deletes them
when it ends), hidden from everyone else. A counselor's own rows (groups they run, notes they
wrote) stay with the members' records, without the counselor's name where the row allows it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.counseling.models import (
    Addendum,
    Appointment,
    AppointmentSeries,
    Attendee,
    GroupMember,
    PlanReview,
    PlanVersion,
    SessionNote,
    TherapyGroup,
    TreatmentPlan,
)
from alongside.privacy.notices import PART2_REDISCLOSURE_NOTICE
from alongside.privacy.registry import Erase, clear_field, jsonable, register, register_section


def _attendee_row(place: Attendee) -> dict:
    appointment = place.appointment
    return {
        "starts_at": jsonable(appointment.starts_at),
        "ends_at": jsonable(appointment.ends_at),
        "counselor": appointment.counselor.display_name,
        "group": appointment.group.name if appointment.group else None,
        "modality": appointment.modality,
        "location": appointment.location,
        "status": appointment.status,
        "attendance": place.status,
    }


def _plan_row(plan: TreatmentPlan) -> dict:
    return {
        "status": plan.status,
        "edition": plan.edition,
        "next_review_on": jsonable(plan.next_review_on),
        "versions": [
            {
                "number": v.number,
                "written_at": jsonable(v.written_at),
                "content": v.content,
                "counselor_signed_at": jsonable(v.counselor_signed_at),
                "counselor_signed_by": (
                    v.counselor_signed_by.display_name if v.counselor_signed_by else None
                ),
                "member_signed_at": jsonable(v.member_signed_at),
            }
            for v in plan.versions.all()
        ],
        "reviews": [
            {"reviewed_on": jsonable(r.reviewed_on), "summary": r.summary}
            for r in plan.reviews.all()
        ],
    }


def _note_row(note: SessionNote) -> dict:
    return {
        "notice": PART2_REDISCLOSURE_NOTICE,
        "author": note.author.display_name,
        "format": note.format,
        "sections": note.sections,
        "group_part": note.group_part,
        "created_at": jsonable(note.created_at),
        "signed_at": jsonable(note.signed_at),
        "addenda": [
            {"author": a.author.display_name, "text": a.text, "created_at": jsonable(a.created_at)}
            for a in note.addenda.all()
        ],
    }


def _fhir_section(member: User) -> list[dict[str, Any]]:
    # Imported when an export is built: the FHIR models are many and no page needs them.
    from alongside.counseling.services.fhir import export_section

    return export_section(member)


# The same records again as FHIR resources, with the §2.32 notice beside them.
register_section("counseling_fhir", _fhir_section)

KEPT = _(
    "Kept for the organization that keeps your counseling records, for the retention period "
    "the law sets, seen by nobody else; then deleted."
)

register(
    Attendee,
    "member",
    section="counseling_appointments",
    label=_("your counseling appointments"),
    erase=Erase.RETAIN,
    explain=KEPT,
    serialize=_attendee_row,
    queryset=lambda member: Attendee.objects.filter(member=member).select_related(
        "appointment__counselor", "appointment__group"
    ),
)
register(
    TreatmentPlan,
    "member",
    section="treatment_plans",
    label=_("your treatment plans"),
    erase=Erase.RETAIN,
    explain=KEPT,
    serialize=_plan_row,
)
register(
    SessionNote,
    "member",
    section="session_notes",
    label=_("your counselors' session notes"),
    erase=Erase.RETAIN,
    explain=KEPT,
    serialize=_note_row,
)
register(
    GroupMember,
    "member",
    section="therapy_groups",
    label=_("therapy groups you joined"),
    erase=Erase.RETAIN,
    explain=KEPT,
    serialize=lambda g: {
        "group": g.group.name,
        "joined_on": jsonable(g.joined_on),
        "left_on": jsonable(g.left_on),
    },
)

# A counselor's own rows: the members' records keep them.
for model, owner, label in [
    (Appointment, "cancelled_by", _("appointments you cancelled")),
    (Appointment, "requested_by", _("appointments you asked for")),
    (PlanVersion, "written_by", _("treatment plan versions you wrote")),
    (PlanVersion, "counselor_signed_by", _("treatment plan versions you signed")),
    (PlanReview, "by", _("treatment plan reviews you did")),
    (TreatmentPlan, "counselor", _("treatment plans you wrote")),
]:
    register(
        model,
        owner,
        section="",
        label=label,
        export=False,
        erase=Erase.ANONYMIZE,
        explain=_("They stay in the person's record, without your name."),
        anonymize=clear_field(owner),
    )
# Rows that cannot lose their author: signed notes are locked, and a counselor's calendar and
# groups are the organization's record of care given. They hold nothing of the counselor's own.
for model, owner, label in [
    (Appointment, "counselor", _("appointments you held")),
    (AppointmentSeries, "counselor", _("recurring appointments you set")),
    (TherapyGroup, "counselor", _("therapy groups you run")),
    (SessionNote, "author", _("session notes you wrote")),
    (Addendum, "author", _("addenda you wrote")),
]:
    register(
        model,
        owner,
        section="",
        label=label,
        export=False,
        erase=Erase.KEEP,
        explain=_("Kept in the members' records: they are the organization's record of care."),
    )

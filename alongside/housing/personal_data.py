"""How sober-living rows are exported and erased.

A resident's stays and everything of theirs in a house (rules signed, curfew log, chores, drug
tests, house meeting marks, fees) are theirs to export, and are deleted with them: a house keeps
no record of a person who has left the platform, except incidents, which stay with the house
without naming them (the house's own record of what happened there); the member's export holds
the incidents about their stay too. A random draw keeps the stay ids it drew from (numbers that
name nobody once the stay is gone), so the draw can still be checked. Rows a manager recorded
stay, without the manager's name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.housing.models import (
    ChoreAssignment,
    DrugTest,
    DrugTestDraw,
    HouseMeeting,
    Incident,
    LedgerEntry,
    Stay,
    StayPhase,
)
from alongside.privacy.registry import Erase, clear_field, jsonable, register


def _stay_row(stay: Stay) -> dict:
    return {
        "house": stay.house.name,
        "bed": stay.bed.label,
        "status": stay.status,
        "move_in_on": jsonable(stay.move_in_on),
        "move_out_on": jsonable(stay.move_out_on),
        "move_out_reason": stay.move_out_reason,
        "phases": [{"name": p.name, "starts_on": jsonable(p.starts_on)} for p in stay.phases.all()],
        "rules_signed": [
            {"version": a.version, "signed_at": jsonable(a.signed_at)}
            for a in stay.acknowledgements.all()
        ],
        "sign_log": [
            {
                "direction": s.direction,
                "at": jsonable(s.at),
                "destination": s.destination,
                "after_curfew": s.after_curfew,
            }
            for s in stay.sign_log.all()
        ],
        "chores": [
            {"chore": c.chore.name, "week_of": jsonable(c.week_of), "done_at": jsonable(c.done_at)}
            for c in stay.chores.select_related("chore")
        ],
        "drug_tests": [
            {
                "taken_on": jsonable(t.taken_on),
                "reason": t.reason,
                "result": t.result,
                "substances": t.substances,
                "note": t.note,
            }
            for t in stay.drug_tests.all()
        ],
        "house_meetings": [
            {"held_at": jsonable(m.meeting.held_at), "present": m.present, "excused": m.excused}
            for m in stay.house_meetings.select_related("meeting")
        ],
        "ledger": [
            {"kind": e.kind, "amount": str(e.amount), "on": jsonable(e.on), "for": e.description}
            for e in stay.ledger.all()
        ],
        "drawn_for_drug_tests": [
            jsonable(d.drawn_at)
            for d in DrugTestDraw.objects.filter(house_id=stay.house_id)
            if stay.pk in d.chosen
        ],
        "incidents": [
            {
                "kind": i.kind,
                "occurred_at": jsonable(i.occurred_at),
                "what_happened": i.description,
                "follow_up": i.follow_up,
                "closed_at": jsonable(i.closed_at),
            }
            for i in stay.incidents.all()
        ],
    }


register(
    Stay,
    "resident",
    section="sober_living",
    label=_("your stays in sober-living houses"),
    erase=Erase.DELETE,
    explain=_(
        "Your stays are deleted, with the rules you signed, your curfew log, chores, drug "
        "tests, house meeting marks and fees. Incidents stay with the house without your name."
    ),
    serialize=_stay_row,
    queryset=lambda member: Stay.objects.filter(resident=member).select_related("house", "bed"),
)
for model, owner, label in [
    (Stay, "offered_by", _("stays you offered")),
    (StayPhase, "by", _("phases you set")),
    (ChoreAssignment, "checked_by", _("chores you checked")),
    (DrugTest, "recorded_by", _("drug tests you recorded")),
    (DrugTestDraw, "drawn_by", _("random drug-test draws you made")),
    (HouseMeeting, "recorded_by", _("house meetings you recorded")),
    (Incident, "recorded_by", _("incidents you recorded")),
    (LedgerEntry, "recorded_by", _("fees and payments you recorded")),
]:
    register(
        model,
        owner,
        section="",
        label=label,
        export=False,
        erase=Erase.ANONYMIZE,
        explain=_("They stay in the house's records, without your name."),
        anonymize=clear_field(owner),
    )

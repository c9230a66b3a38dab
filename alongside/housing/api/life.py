"""The life of a house in the API — curfew, chores, drug tests, house meetings, incidents, fees
and the weekly report — through the same access functions and services as the pages. Errors:
404 for missing or not-yours, 422 naming the field (a drug test for someone who does not live
there: "stay_id"), 409 for a clash of state (signed out already, a rota made already)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from ninja import Query, Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.housing import access
from alongside.housing.api.houses import conflicts_as_409
from alongside.housing.models import (
    Chore,
    ChoreAssignment,
    DrugTest,
    DrugTestDraw,
    House,
    HouseMeeting,
    Incident,
    LedgerEntry,
    SignLog,
    Stay,
)
from alongside.housing.schemas.life import (
    AssignmentOut,
    ChoreIn,
    ChoreOut,
    ChorePatch,
    ChoreRotaOut,
    CloseIncidentIn,
    CurfewBoardOut,
    DrawIn,
    DrawOut,
    DrugTestIn,
    DrugTestOut,
    DrugTestsOut,
    HouseMeetingBriefOut,
    HouseMeetingIn,
    HouseMeetingOut,
    IncidentIn,
    IncidentOut,
    IncidentsOut,
    LedgerEntryIn,
    LedgerEntryOut,
    LedgerOut,
    MyChoreOut,
    MyHouseLifeOut,
    RotaIn,
    SignEntryOut,
    SignInIn,
    SignOutIn,
    WeekParams,
    WeekReportOut,
)
from alongside.housing.services import (
    chores,
    curfew,
    drug_tests,
    incidents,
    ledger,
    meetings,
    reports,
)
from alongside.housing.services.stays import house_today
from alongside.privacy.models import Interface
from alongside.schemas import Id

router = Router(tags=["housing"])
API = Interface.API


def _person(stay: Stay) -> dict[str, Any]:
    return {"id": stay.resident_id, "display_name": str(stay.resident.display_name)}


def _entry(e: SignLog) -> dict[str, Any]:
    return {
        "id": e.pk,
        "stay_id": e.stay_id,
        "direction": e.direction,
        "at": e.at,
        "destination": e.destination,
        "expected_back_at": e.expected_back_at,
        "after_curfew": e.after_curfew,
    }


def _chore(c: Chore) -> dict[str, Any]:
    return {"id": c.pk, "name": c.name, "difficulty": c.difficulty, "is_active": c.is_active}


def _test(t: DrugTest) -> dict[str, Any]:
    return {
        "id": t.pk,
        "stay_id": t.stay_id,
        "resident": _person(t.stay),
        "taken_on": t.taken_on,
        "reason": t.reason,
        "result": t.result,
        "result_words": t.result_label,
        "substances": t.substances,
        "note": t.note,
    }


def _draw(d: DrugTestDraw) -> dict[str, Any]:
    return {
        "id": d.pk,
        "drawn_at": d.drawn_at,
        "seed": d.seed,
        "count": d.count,
        "pool": d.pool,
        "chosen": d.chosen,
    }


def _ledger_entry(e: LedgerEntry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "stay_id": e.stay_id,
        "kind": e.kind,
        "amount": e.amount,
        "on": e.on,
        "description": e.description,
    }


def _own_current(request: AuthenticatedHttpRequest) -> Stay:
    current = access.own_current_stay(request.user)
    if current is None:
        raise Http404("No current stay.")
    return current


# ---------------------------------------------------------------- the resident


@router.get(
    "/housing/my-stay/life",
    response={200: MyHouseLifeOut, 404: dict},
    summary="Your curfew log, this week's chores, your drug tests and your balance",
)
def get_my_house_life(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    stay = _own_current(request)
    log = list(stay.sign_log.order_by("-at", "-id")[:50])
    for test in (tests := list(stay.drug_tests.all())):
        test.stay = stay
    return {
        "is_out": bool(log) and log[0].direction == "out",
        "curfew": stay.house.curfew,
        "time_zone": stay.house.time_zone,
        "sign_log": [_entry(e) for e in log],
        "chores": [
            {
                "id": a.pk,
                "chore": a.chore.name,
                "difficulty": a.chore.difficulty,
                "week_of": a.week_of,
                "done_at": a.done_at,
                "checked_at": a.checked_at,
            }
            for a in chores.own_chores(stay, chores.this_week(stay.house))
        ],
        "drug_tests": [_test(t) for t in tests],
        "balance": ledger.balance(stay),
        "ledger": [_ledger_entry(e) for e in stay.ledger.order_by("-on", "-id")],
    }


@router.post(
    "/housing/my-stay/sign-out",
    response={201: SignEntryOut, 404: dict, 409: dict},
    summary="Sign out: where to and back by (409 when signed out already)",
)
def post_sign_out(request: AuthenticatedHttpRequest, payload: SignOutIn):
    stay = _own_current(request)
    with conflicts_as_409():
        entry = curfew.sign_out(stay=stay, by=request.user, **payload.model_dump())
    return Status(201, _entry(entry))


@router.post(
    "/housing/my-stay/sign-in",
    response={201: SignEntryOut, 404: dict, 409: dict},
    summary="Sign in (409 when not signed out; 422 for a time before the last entry)",
)
def post_sign_in(request: AuthenticatedHttpRequest, payload: SignInIn):
    stay = _own_current(request)
    with conflicts_as_409():
        entry = curfew.sign_in(stay=stay, by=request.user, at=payload.at)
    return Status(201, _entry(entry))


@router.post(
    "/housing/my-stay/chores/{assignment_id}/done",
    response={200: MyChoreOut, 404: dict, 409: dict},
    summary="Mark your chore done",
)
def post_chore_done(request: AuthenticatedHttpRequest, assignment_id: Id):
    assignment = access.access_own_chore_assignment(request.user, assignment_id)
    with conflicts_as_409():
        a = chores.mark_chore_done(assignment=assignment, by=request.user)
    return {
        "id": a.pk,
        "chore": a.chore.name,
        "difficulty": a.chore.difficulty,
        "week_of": a.week_of,
        "done_at": a.done_at,
        "checked_at": a.checked_at,
    }


# ---------------------------------------------------------------- curfew and chores


@router.get(
    "/housing/houses/{house_id}/curfew",
    response={200: CurfewBoardOut, 404: dict},
    summary="Who is out now, late returns and the latest entries",
)
def get_curfew(request: AuthenticatedHttpRequest, house_id: Id) -> dict[str, Any]:
    house = access.access_house(request.user, house_id)
    board = curfew.curfew_board(viewer=request.user, house=house, interface=API)
    return {
        "curfew": house.curfew,
        "time_zone": house.time_zone,
        "out": [
            {
                "resident": _person(o.stay),
                "stay_id": o.stay.pk,
                "since": o.entry.at,
                "destination": o.entry.destination,
                "expected_back_at": o.entry.expected_back_at,
                "overdue": o.overdue,
            }
            for o in board.out
        ],
        "late": [_entry(e) for e in board.late],
        "log": [_entry(e) for e in board.log],
        "residents_not_sharing": board.unnamed,
    }


@router.get(
    "/housing/houses/{house_id}/chores",
    response={200: list[ChoreOut], 404: dict},
    summary="The house's chore list",
)
def get_chores(request: AuthenticatedHttpRequest, house_id: Id) -> list[dict[str, Any]]:
    house = access.access_house(request.user, house_id)
    return [_chore(c) for c in house.chores.all()]


@router.post(
    "/housing/houses/{house_id}/chores",
    response={201: ChoreOut, 404: dict},
    summary="Add a chore (effort 1 to 5)",
)
def post_chore(request: AuthenticatedHttpRequest, house_id: Id, payload: ChoreIn):
    house = access.access_house(request.user, house_id)
    chore = chores.add_chore(house=house, by=request.user, **payload.model_dump())
    return Status(201, _chore(chore))


@router.patch(
    "/housing/houses/{house_id}/chores/{chore_id}",
    response={200: ChoreOut, 404: dict},
    summary="Rename a chore, change its effort, or take it off the list",
)
def patch_chore(request: AuthenticatedHttpRequest, house_id: Id, chore_id: Id, payload: ChorePatch):
    chore = access.access_chore(request.user, house_id, chore_id)
    sent = payload.model_dump(exclude_none=True)
    chore = chores.update_chore(
        chore=chore,
        by=request.user,
        name=sent.get("name", chore.name),
        difficulty=sent.get("difficulty", chore.difficulty),
        is_active=sent.get("is_active", chore.is_active),
    )
    return _chore(chore)


def _rota(request: AuthenticatedHttpRequest, house: House, week) -> dict[str, Any]:
    found = chores.week_rota(house, week)
    named = access.residents_named(request.user, [a.stay for a in found], interface=API)
    return {
        "week_of": week,
        "assignments": [
            {
                "id": a.pk,
                "chore": _chore(a.chore),
                "week_of": a.week_of,
                "stay_id": a.stay_id if a.stay.resident_id in named else None,
                "resident": _person(a.stay) if a.stay.resident_id in named else None,
                "done_at": a.done_at,
                "checked_at": a.checked_at,
            }
            for a in found
        ],
    }


@router.get(
    "/housing/houses/{house_id}/rota",
    response={200: ChoreRotaOut, 404: dict},
    summary="The chore rota of a week (this week when no week is given)",
)
def get_rota(
    request: AuthenticatedHttpRequest, house_id: Id, params: Query[WeekParams]
) -> dict[str, Any]:
    house = access.access_house(request.user, house_id)
    week = chores.monday_of(params.week) if params.week else chores.this_week(house)
    return _rota(request, house, week)


@router.post(
    "/housing/houses/{house_id}/rota",
    response={201: ChoreRotaOut, 404: dict, 409: dict},
    summary="Make a week's rota, sharing the chores fairly (409 when made already)",
)
def post_rota(request: AuthenticatedHttpRequest, house_id: Id, payload: RotaIn):
    house = access.access_house(request.user, house_id)
    with conflicts_as_409():
        made = chores.make_rota(house=house, by=request.user, week_of=payload.week_of)
    return Status(201, _rota(request, house, made[0].week_of))


@router.post(
    "/housing/chore-assignments/{assignment_id}/check",
    response={200: AssignmentOut, 404: dict, 409: dict},
    summary="Check that a resident's chore is done",
)
def post_check(request: AuthenticatedHttpRequest, assignment_id: Id):
    found = access.access_managed_chore_assignment(request.user, assignment_id, interface=API)
    with conflicts_as_409():
        a: ChoreAssignment = chores.check_chore(assignment=found, by=request.user)
    return {
        "id": a.pk,
        "chore": _chore(found.chore),
        "week_of": a.week_of,
        "stay_id": a.stay_id,
        "resident": _person(found.stay),
        "done_at": a.done_at,
        "checked_at": a.checked_at,
    }


# ---------------------------------------------------------------- drug tests


@router.get(
    "/housing/houses/{house_id}/drug-tests",
    response={200: DrugTestsOut, 404: dict},
    summary="Results of residents who share housing with you, and recent random draws",
)
def get_drug_tests(request: AuthenticatedHttpRequest, house_id: Id) -> dict[str, Any]:
    house = access.access_house(request.user, house_id)
    return {
        "tests": [
            _test(t)
            for t in drug_tests.house_tests(viewer=request.user, house=house, interface=API)
        ],
        "draws": [_draw(d) for d in drug_tests.recent_draws(house)],
    }


@router.post(
    "/housing/houses/{house_id}/drug-tests",
    response={201: DrugTestOut, 404: dict},
    summary="Record a result for a resident living in the house now (422 for anyone else)",
)
def post_drug_test(request: AuthenticatedHttpRequest, house_id: Id, payload: DrugTestIn):
    house = access.access_house(request.user, house_id)
    test = drug_tests.record_drug_test(
        house=house, by=request.user, interface=API, **payload.model_dump()
    )
    return Status(201, _test(test))


@router.post(
    "/housing/houses/{house_id}/drug-test-draws",
    response={201: DrawOut, 404: dict},
    summary="Draw residents at random for a test; the seed is kept so the draw can be checked",
)
def post_draw(request: AuthenticatedHttpRequest, house_id: Id, payload: DrawIn):
    house = access.access_house(request.user, house_id)
    draw = drug_tests.draw_for_tests(house=house, by=request.user, **payload.model_dump())
    return Status(201, _draw(draw))


# ---------------------------------------------------------------- house meetings


def _meeting(request: AuthenticatedHttpRequest, meeting: HouseMeeting) -> dict[str, Any]:
    marks, unnamed = meetings.meeting_marks(viewer=request.user, meeting=meeting, interface=API)
    return {
        "id": meeting.pk,
        "held_at": meeting.held_at,
        "minutes": meeting.minutes,
        "attendance": [
            {"stay_id": m.stay_id, "resident": _person(m.stay), "mark": m.mark} for m in marks
        ],
        "residents_not_sharing": unnamed,
    }


@router.get(
    "/housing/houses/{house_id}/meetings",
    response={200: list[HouseMeetingBriefOut], 404: dict},
    summary="The house meetings held",
)
def get_meetings(request: AuthenticatedHttpRequest, house_id: Id) -> list[dict[str, Any]]:
    house = access.access_house(request.user, house_id)
    return [{"id": m.pk, "held_at": m.held_at} for m in meetings.house_meetings(house)]


@router.post(
    "/housing/houses/{house_id}/meetings",
    response={201: HouseMeetingOut, 404: dict},
    summary="Record a house meeting: minutes and each resident present, excused or absent",
)
def post_meeting(request: AuthenticatedHttpRequest, house_id: Id, payload: HouseMeetingIn):
    house = access.access_house(request.user, house_id)
    meeting = meetings.record_house_meeting(
        house=house,
        by=request.user,
        held_at=payload.held_at,
        minutes=payload.minutes,
        marks={m.stay_id: m.mark for m in payload.attendance},
    )
    return Status(201, _meeting(request, meeting))


@router.get(
    "/housing/houses/{house_id}/meetings/{meeting_id}",
    response={200: HouseMeetingOut, 404: dict},
    summary="A house meeting: its minutes and the marks of residents who share with you",
)
def get_meeting(request: AuthenticatedHttpRequest, house_id: Id, meeting_id: Id) -> dict[str, Any]:
    return _meeting(request, access.access_house_meeting(request.user, house_id, meeting_id))


# ---------------------------------------------------------------- incidents


def _incident(i: Incident, named: set[int], today) -> dict[str, Any]:
    shown = i.stay is not None and i.stay.resident_id in named
    return {
        "id": i.pk,
        "kind": i.kind,
        "occurred_at": i.occurred_at,
        "description": i.description,
        "resident": _person(i.stay) if shown and i.stay else None,
        "follow_up_due_on": i.follow_up_due_on,
        "follow_up": i.follow_up,
        "closed_at": i.closed_at,
        "overdue": incidents.is_overdue(i, today),
    }


@router.get(
    "/housing/houses/{house_id}/incidents",
    response={200: IncidentsOut, 404: dict},
    summary="The house's incidents, and those whose follow-up is overdue",
)
def get_incidents(request: AuthenticatedHttpRequest, house_id: Id) -> dict[str, Any]:
    house = access.access_house(request.user, house_id)
    found, named = incidents.house_incidents(viewer=request.user, house=house, interface=API)
    today = house_today(house)
    return {
        "overdue": [_incident(i, named, today) for i in incidents.overdue(found, today)],
        "incidents": [_incident(i, named, today) for i in found],
    }


@router.post(
    "/housing/houses/{house_id}/incidents",
    response={201: IncidentOut, 404: dict},
    summary="Record an incident, with a follow-up due day",
)
def post_incident(request: AuthenticatedHttpRequest, house_id: Id, payload: IncidentIn):
    house = access.access_house(request.user, house_id)
    found = incidents.open_incident(
        house=house, by=request.user, interface=API, **payload.model_dump()
    )
    named = {found.stay.resident_id} if found.stay else set()
    return Status(201, _incident(found, named, house_today(house)))


@router.post(
    "/housing/houses/{house_id}/incidents/{incident_id}/close",
    response={200: IncidentOut, 404: dict, 409: dict},
    summary="Close an incident with its follow-up (409 when closed already)",
)
def post_close_incident(
    request: AuthenticatedHttpRequest, house_id: Id, incident_id: Id, payload: CloseIncidentIn
):
    found = access.access_incident(request.user, house_id, incident_id)
    with conflicts_as_409():
        closed = incidents.close_incident(
            incident=found, by=request.user, follow_up=payload.follow_up
        )
    closed.stay = found.stay
    named = access.residents_named(request.user, [found.stay] if found.stay else [], interface=API)
    return _incident(closed, named, house_today(found.house))


# ---------------------------------------------------------------- fees and the report


@router.get(
    "/housing/houses/{house_id}/ledger",
    response={200: LedgerOut, 404: dict},
    summary="Balances and the latest charges, payments and credits",
)
def get_ledger(request: AuthenticatedHttpRequest, house_id: Id) -> dict[str, Any]:
    house = access.access_house(request.user, house_id)
    balances, entries = ledger.house_ledger(viewer=request.user, house=house, interface=API)
    return {
        "balances": [
            {"stay_id": s.pk, "resident": _person(s), "balance": owed} for s, owed in balances
        ],
        "entries": [_ledger_entry(e) for e in entries],
    }


@router.post(
    "/housing/houses/{house_id}/ledger",
    response={201: LedgerEntryOut, 404: dict},
    summary="Record a charge, payment or credit on a resident's stay",
)
def post_ledger_entry(request: AuthenticatedHttpRequest, house_id: Id, payload: LedgerEntryIn):
    house = access.access_house(request.user, house_id)
    entry = ledger.record_entry(house=house, by=request.user, interface=API, **payload.model_dump())
    return Status(201, _ledger_entry(entry))


@router.get(
    "/housing/houses/{house_id}/report",
    response={200: WeekReportOut, 404: dict},
    summary="The weekly compliance report, Monday to Sunday in the house's time zone",
)
def get_report(
    request: AuthenticatedHttpRequest, house_id: Id, params: Query[WeekParams]
) -> dict[str, Any]:
    house = access.access_house(request.user, house_id)
    report = reports.weekly_report(
        viewer=request.user, house=house, day=params.week or house_today(house)
    )
    return {
        "house_id": house.pk,
        "week_of": report.monday,
        "through": report.sunday,
        "time_zone": house.time_zone,
        "rows": [{"section": s, "measure": m, "value": v} for s, m, v in report.rows()],
    }

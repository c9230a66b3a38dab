"""Assessments in the JSON API: definitions, pure scoring, administrations, schedules, trends.

The same access functions and services as the pages: staff reads are access-logged, results
are shared only by consent scope "assessments", answers are validated by the instrument's own
rules (422 naming each item at fault)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import ValidationError

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.assessments import access, services, shared
from alongside.assessments.forms import error_message, item_text
from alongside.assessments.models import Administration, AssessmentSchedule, SafetyAlert
from alongside.assessments.schemas import (
    AcknowledgementIn,
    AdministrationIn,
    AdministrationOut,
    AnswersIn,
    AssessmentScheduleIn,
    AssessmentScheduleOut,
    AssessmentTrendOut,
    DueOut,
    InstrumentOut,
    InstrumentSummaryOut,
    ScoredOut,
    SharedResultOut,
)
from alongside.assessments.trends import trend_for
from alongside.lib.instruments import INSTRUMENTS, AnswersInvalid, Instrument, get, score
from alongside.lib.instruments.due import Frequency as FrequencyValue
from alongside.lib.instruments.due import due_state
from alongside.privacy.models import Action, Interface
from alongside.schemas import Id, Text

router = Router(tags=["assessments"])


def _instrument(key: str) -> Instrument:
    if key not in INSTRUMENTS:
        raise Http404("No such instrument.")
    return get(key)


def _invalid(invalid: AnswersInvalid) -> ValidationError:
    return ValidationError(
        [
            {"loc": ("body", "payload", "answers", e.item), "msg": error_message(e)}
            for e in invalid.errors
        ]
    )


def _assessment_error(error: services.AssessmentError) -> ValidationError:
    return ValidationError([{"loc": ("body", "payload", error.field), "msg": error.message}])


# ------------------------------------------------------------------ definitions and scoring


def _instrument_out(instrument: Instrument, wording: dict[str, str]) -> dict:
    return {
        "key": instrument.key,
        "name": _(instrument.name),
        "title": _(instrument.title),
        "purpose": _(instrument.purpose),
        "period": _(instrument.period),
        "stem": _(instrument.stem),
        "version": instrument.version,
        "has_total": instrument.has_total,
        "total_label": _(instrument.total_label),
        "total_range": list(instrument.total_range) if instrument.has_total else None,
        "items": [
            {
                "key": i.key,
                "label": i.label,
                "text": item_text(i, wording),
                "kind": str(i.kind),
                "options": [
                    {"value": o.value, "label": _(o.label), "code": o.code} for o in i.options
                ],
                "scored": i.scored,
                "required": i.required,
                "skip_when": {"item": i.skip_when[0], "equals": i.skip_when[1]}
                if i.skip_when
                else None,
                "context": i.context,
                "default": i.default,
                "help": _(i.help) if i.help else "",
                "group": _(i.group) if i.group else "",
                "paraphrased": i.paraphrased and i.key not in wording,
            }
            for i in instrument.items
        ],
        "day_bins": [{"low": lo, "high": hi, "code": code} for lo, hi, code in instrument.day_bins],
        "bands": [
            {
                "low": b.low,
                "high": b.high,
                "key": b.key,
                "label": _(b.label),
                "action": _(b.action) if b.action else "",
            }
            for b in instrument.bands
        ],
        "cutoffs": [
            {
                "value": c.value,
                "key": c.key,
                "label": _(c.label),
                "kind": str(c.kind),
                "at_or_below": c.at_or_below,
                "subscale": c.subscale,
                "when": {k: list(v) for k, v in c.when.items()},
                "evidence": str(c.evidence),
            }
            for c in instrument.cutoffs
        ],
        "item_flags": [
            {
                "item": f.item,
                "at_least": f.at_least,
                "key": f.key,
                "label": _(f.label),
                "kind": str(f.kind),
                "evidence": str(f.evidence),
            }
            for f in instrument.item_flags
        ],
        "subscales": [
            {
                "key": s.key,
                "label": _(s.label),
                "items": list(s.items),
                "low": s.low,
                "high": s.high,
                "direction": _(s.direction),
            }
            for s in instrument.subscales
        ],
        "notes": [{"text": _(n.text), "evidence": str(n.evidence)} for n in instrument.notes],
        "follow_up": [_(q) for q in instrument.follow_up],
        "citation": _(instrument.citation),
        "licence": {
            "text": _(instrument.licence.text),
            "wording_free": instrument.licence.wording_free,
            "evidence": str(instrument.licence.evidence),
        },
    }


@router.get(
    "/assessments/instruments",
    response=list[InstrumentSummaryOut],
    summary="Every instrument Alongside offers",
)
def instruments(request: HttpRequest) -> list[dict]:
    return [
        {"key": i.key, "name": _(i.name), "title": _(i.title), "purpose": _(i.purpose)}
        for i in INSTRUMENTS.values()
    ]


@router.get(
    "/assessments/instruments/{key}",
    response=InstrumentOut,
    summary="One instrument as data: items, options and codes, skip logic, scoring, bands, flags, source and licence",
)
def instrument(request: AuthenticatedHttpRequest, key: Text) -> dict:
    definition = _instrument(key)
    wording = {}
    if not definition.licence.wording_free:
        wording = services.wording_for(services.wording_organization(request.user, key), key)
    return _instrument_out(definition, wording)


@router.post(
    "/assessments/instruments/{key}/score",
    response=ScoredOut,
    summary="Score answers without storing anything",
    description="Validates and scores a complete set of answers exactly as a submission would, and stores nothing. Incomplete or out-of-range answers get a 422 naming each item.",
)
def score_only(request: HttpRequest, key: Text, payload: AnswersIn) -> dict:
    definition = _instrument(key)
    try:
        result = score(definition, payload.answers)
    except AnswersInvalid as invalid:
        raise _invalid(invalid) from invalid
    return {**result.to_dict(), "answers": result.answers}


# ------------------------------------------------------------------ administrations


def _acknowledgement_out(alert: SafetyAlert | None) -> dict | None:
    if alert is None or alert.acknowledged_at is None:
        return None
    return {
        "acknowledged_at": alert.acknowledged_at,
        "acknowledged_by": alert.acknowledged_by.display_name if alert.acknowledged_by else None,
        "note": alert.acknowledgement_note,
    }


def _administration_out(administration: Administration, viewer: User) -> dict:
    safety = None
    resources = services.safety_resources(administration, viewer)
    if resources is not None:
        safety = {
            "message": _(
                "Item 9 was answered above “not at all”. If you are in danger now, call your local emergency number. These lines are free, confidential and open any time. Alongside is not an emergency service."
            ),
            "crisis_lines": [line.__dict__ for line in resources["lines"]],
            "help_url": resources["help_url"],
            "safety_plan_url": resources["safety_plan_url"],
            "notified": [u.display_name for u in resources["notified"]],
            "acknowledgement": _acknowledgement_out(resources["alert"]),
        }
    corrected_by = (
        administration.corrections.order_by("-submitted_at").values_list("pk", flat=True).first()
    )
    return {
        "id": administration.pk,
        "member_id": administration.member_id,
        "instrument": administration.instrument,
        "instrument_version": administration.instrument_version,
        "mode": administration.mode,
        "administered_by": administration.administered_by.display_name
        if administration.administered_by is not None
        else None,
        "taken_at": administration.taken_at,
        "submitted_at": administration.submitted_at,
        "answers": administration.answers,
        "result": administration.result,
        "corrects_id": administration.corrects_id,
        "correction_reason": administration.correction_reason,
        "corrected_by_id": corrected_by,
        "safety": safety,
    }


def _submit(
    request: HttpRequest, member: User, payload: AdministrationIn, *, staff: User | None, decision
) -> Status:
    corrects = None
    if payload.corrects_id is not None:
        corrects = access.access_correction_target(member, payload.corrects_id)
        if corrects is None:
            raise ValidationError(
                [
                    {
                        "loc": ("body", "payload", "corrects_id"),
                        "msg": _("There is no such result to correct."),
                    }
                ]
            )
    try:
        administration = services.submit_administration(
            member=member,
            instrument=payload.instrument,
            answers=payload.answers,
            administered_by=staff,
            corrects=corrects,
            correction_reason=payload.correction_reason,
            grant=decision.grant if decision else None,
            interface=Interface.API,
        )
    except AnswersInvalid as invalid:
        raise _invalid(invalid) from invalid
    except services.AssessmentError as error:
        raise _assessment_error(error) from error
    return Status(201, _administration_out(administration, staff or member))


@router.get(
    "/assessments", response=list[AdministrationOut], summary="Your own results, newest first"
)
def my_administrations(
    request: AuthenticatedHttpRequest, instrument: Text | None = None
) -> list[dict]:
    found = Administration.objects.for_member(request.user).select_related(
        "administered_by", "member"
    )
    if instrument:
        found = found.of(instrument)
    return [_administration_out(a, request.user) for a in found[:200]]


@router.post(
    "/assessments",
    response={201: AdministrationOut},
    summary="Submit an instrument you completed (or a correction of one of yours)",
    description="Scores and stores the answers. A PHQ-9 with item 9 above 0 returns crisis lines at once and notifies care-team members who hold your assessments consent.",
)
def submit(request: AuthenticatedHttpRequest, payload: AdministrationIn) -> Status:
    return _submit(request, request.user, payload, staff=None, decision=None)


@router.get(
    "/assessments/due",
    response=list[DueOut],
    summary="Your scheduled assessments and whether each is due",
)
def my_due(request: AuthenticatedHttpRequest) -> list[dict]:
    return [
        {
            "schedule_id": d.schedule.pk,
            "instrument": d.instrument.key,
            "name": _(d.instrument.name),
            "is_due": d.is_due,
            "due_since": d.state.due_since,
            "next_on": d.state.next_on,
            "last_done_on": d.last_done_on,
        }
        for d in services.due_for(request.user)
    ]


@router.get(
    "/assessments/results/{administration_id}",
    response=AdministrationOut,
    summary="One result: yours, or a member's who shares assessments with you",
)
def administration(request: AuthenticatedHttpRequest, administration_id: Id) -> dict:
    return _administration_out(
        access.access_administration(request.user, administration_id, interface=Interface.API),
        request.user,
    )


@router.post(
    "/assessments/results/{administration_id}/acknowledge",
    response=AdministrationOut,
    summary="Follow up a result's safety alert, with a note (staff with the member's consent and MFA)",
)
def acknowledge_alert(
    request: AuthenticatedHttpRequest, administration_id: Id, payload: AcknowledgementIn
) -> dict:
    alert = access.access_safety_alert_to_acknowledge(
        request.user, administration_id, interface=Interface.API
    )
    try:
        services.acknowledge_safety_alert(
            alert=alert, staff=request.user, note=payload.note, interface=Interface.API
        )
    except services.AssessmentError as error:
        raise _assessment_error(error) from error
    return _administration_out(alert.administration, request.user)


def _trend_out(member: User, instrument: Instrument) -> dict:
    trend = trend_for(member, instrument)
    change = trend.change
    return {
        "instrument": instrument.key,
        "series": [
            {
                "key": s.key,
                "label": s.label,
                "low": s.low,
                "high": s.high,
                "bands": [
                    {"low": b.low, "high": b.high, "key": b.key, "label": b.label, "action": ""}
                    for b in s.bands
                ],
                "cutoffs": [{"value": c.value, "label": c.label} for c in s.cutoffs],
                "points": [
                    {
                        "administration_id": r.administration.pk,
                        "on": r.on,
                        "value": r.value,
                        "band": r.band,
                    }
                    for r in s.rows
                ],
            }
            for s in trend.series
        ],
        "change_from_intake": None
        if change is None
        else {
            "intake_on": change.intake_on,
            "intake": change.intake,
            "latest_on": change.latest_on,
            "latest": change.latest,
            "difference": change.difference,
        },
    }


@router.get(
    "/assessments/trends/{instrument}",
    response=AssessmentTrendOut,
    summary="Your score over time, with bands and cut-offs; BARC-10 change from intake",
)
def my_trend(request: AuthenticatedHttpRequest, instrument: Text) -> dict:
    return _trend_out(request.user, _instrument(instrument))


# ------------------------------------------------------------------ schedules


def _schedule_out(schedule: AssessmentSchedule, today=None) -> dict:
    due = None
    if schedule.ended_at is None:
        done = services.last_done_dates(schedule.member).get(schedule.instrument)
        state = due_state(
            schedule.starts_on,
            FrequencyValue(schedule.frequency),
            today or schedule.member.local_today(),
            done,
        )
        due = {"is_due": state.is_due, "due_since": state.due_since, "next_on": state.next_on}
    return {
        "id": schedule.pk,
        "member_id": schedule.member_id,
        "instrument": schedule.instrument,
        "frequency": schedule.frequency,
        "starts_on": schedule.starts_on,
        "organization": schedule.organization.name if schedule.organization is not None else None,
        "set_by": schedule.set_by.display_name,
        "created_at": schedule.created_at,
        "ended_at": schedule.ended_at,
        "due": due,
    }


def _schedules_of(member: User) -> list[dict]:
    found = AssessmentSchedule.objects.for_member(member).select_related(
        "member", "set_by", "organization"
    )
    return [_schedule_out(s) for s in found]


def _set_schedule(member: User, payload: AssessmentScheduleIn, *, by: User, decision) -> Status:
    try:
        schedule = services.set_schedule(
            member=member,
            instrument=payload.instrument,
            frequency=payload.frequency,
            starts_on=payload.starts_on,
            set_by=by,
            grant=decision.grant if decision else None,
            interface=Interface.API,
        )
    except services.AssessmentError as error:
        raise _assessment_error(error) from error
    return Status(201, _schedule_out(schedule))


@router.get(
    "/assessment-schedules",
    response=list[AssessmentScheduleOut],
    summary="Your assessment schedules",
)
def my_schedules(request: AuthenticatedHttpRequest) -> list[dict]:
    return _schedules_of(request.user)


@router.post(
    "/assessment-schedules",
    response={201: AssessmentScheduleOut},
    summary="Schedule an instrument for yourself",
)
def add_my_schedule(request: AuthenticatedHttpRequest, payload: AssessmentScheduleIn) -> Status:
    return _set_schedule(request.user, payload, by=request.user, decision=None)


@router.post(
    "/assessment-schedules/{schedule_id}/end",
    response=AssessmentScheduleOut,
    summary="End a schedule (yours, or as staff with consent)",
)
def end_schedule(request: AuthenticatedHttpRequest, schedule_id: Id) -> dict:
    schedule, decision = access.access_schedule(request.user, schedule_id, interface=Interface.API)
    services.end_schedule(
        schedule=schedule, by=request.user, grant=decision.grant, interface=Interface.API
    )
    schedule.refresh_from_db()
    return _schedule_out(schedule)


# ------------------------------------------------------------------ a member's, for their care team


@router.get(
    "/members/{member_id}/assessments",
    response=list[SharedResultOut],  # type: ignore[valid-type]  # a schema built by shared_schema()
    summary="A member's results, when they share assessments with you: the fields the consent screen names (access-logged)",
)
def member_administrations(
    request: AuthenticatedHttpRequest, member_id: Id, instrument: Text | None = None
) -> list[dict]:
    member = access.access_member_assessments(request.user, member_id, interface=Interface.API)
    found = Administration.objects.for_member(member).select_related("administered_by")
    if instrument:
        found = found.of(instrument)
    return shared.results(found[:200])


@router.post(
    "/members/{member_id}/assessments",
    response={201: AdministrationOut},
    summary="Submit an instrument completed with the member (staff with consent and MFA)",
)
def member_submit(
    request: AuthenticatedHttpRequest, member_id: Id, payload: AdministrationIn
) -> Status:
    member, decision = access.access_member_to_administer(
        request.user, member_id, interface=Interface.API, action=Action.WRITE
    )
    staff = None if member.pk == request.user.pk else request.user
    return _submit(request, member, payload, staff=staff, decision=decision)


@router.get(
    "/members/{member_id}/assessments/trends/{instrument}",
    response=AssessmentTrendOut,
    summary="A member's score over time, when they share assessments with you (access-logged)",
)
def member_trend(request: AuthenticatedHttpRequest, member_id: Id, instrument: Text) -> dict:
    definition = _instrument(instrument)
    member = access.access_member_assessments(request.user, member_id, interface=Interface.API)
    return _trend_out(member, definition)


@router.get(
    "/members/{member_id}/assessment-schedules",
    response=list[AssessmentScheduleOut],
    summary="A member's assessment schedules (the member, or staff with consent; access-logged)",
)
def member_schedules(request: AuthenticatedHttpRequest, member_id: Id) -> list[dict]:
    member, _decision = access.access_member_schedules(
        request.user, member_id, interface=Interface.API
    )
    return _schedules_of(member)


@router.post(
    "/members/{member_id}/assessment-schedules",
    response={201: AssessmentScheduleOut},
    summary="Set a member's schedule for an instrument (staff with consent and MFA)",
)
def member_set_schedule(
    request: AuthenticatedHttpRequest, member_id: Id, payload: AssessmentScheduleIn
) -> Status:
    member, decision = access.access_member_schedules(
        request.user, member_id, interface=Interface.API, action=Action.WRITE
    )
    return _set_schedule(member, payload, by=request.user, decision=decision)

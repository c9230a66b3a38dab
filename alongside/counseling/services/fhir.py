"""A member's counseling records as FHIR resources, for their data export (portability: a shape
other clinical systems read, GDPR Art. 20).

One Bundle (type "collection") per member: the Patient; each treatment plan as a CarePlan from
its latest version (problems as Conditions, goals and their measurable objectives as Goals, the
interventions as the plan's activities); each appointment place as an Appointment (whose status
says "noshow") and an Encounter; each session note as a DocumentReference tied to its Encounter;
each consent grant that shares counseling as a Consent. Every resource is built with the
`fhir.resources` models, which refuse a resource that does not match the FHIR structure
definitions, and the Bundle is built again from their JSON, so what the export holds is what
validated. The package ships FHIR R4B (4.3.0), whose resources used here are R4's.

Counseling records fall under 42 CFR Part 2: the Bundle and each note carry the security label
42CFRPart2, and the export section puts the §2.32 notice beside the Bundle."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone
from fhir.resources.R4B.appointment import Appointment as FhirAppointment
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.goal import Goal
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.resource import Resource

from alongside.accounts.models import User
from alongside.counseling.models import (
    AppointmentStatus,
    AttendanceStatus,
    Attendee,
    Modality,
    PlanStatus,
    PlanVersion,
    SessionNote,
    TreatmentPlan,
)
from alongside.privacy.models import ConsentGrant, Scope
from alongside.privacy.notices import PART2_REDISCLOSURE_NOTICE

FHIR_VERSION = "4.3.0"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PART2_LABEL = {"system": ACT_CODE, "code": "42CFRPart2", "display": "42 CFR Part 2"}
PART2_POLICY = "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
GOAL_RELATIONSHIP = "http://hl7.org/fhir/StructureDefinition/goal-relationship"

# Codes from the value sets FHIR binds these elements to ("required" bindings). A status added
# to a model later falls back to a code that is always valid, so an export never fails on it.
CAREPLAN_STATUS: dict[str, str] = {
    PlanStatus.DRAFT: "draft",
    PlanStatus.ACTIVE: "active",
    PlanStatus.CLOSED: "completed",
}
ACTIVITY_STATUS: dict[str, str] = {
    PlanStatus.DRAFT: "not-started",
    PlanStatus.ACTIVE: "in-progress",
    PlanStatus.CLOSED: "completed",
}
GOAL_LIFECYCLE: dict[str, str] = {
    PlanStatus.DRAFT: "proposed",
    PlanStatus.ACTIVE: "active",
    PlanStatus.CLOSED: "completed",
}
ENCOUNTER_STATUS: dict[str, str] = {
    AttendanceStatus.ATTENDED: "finished",
    AttendanceStatus.NO_SHOW: "cancelled",
    AttendanceStatus.CANCELLED: "cancelled",
    AttendanceStatus.LATE_CANCEL: "cancelled",
}
APPOINTMENT_STATUS: dict[str, str] = {
    AttendanceStatus.ATTENDED: "fulfilled",
    AttendanceStatus.NO_SHOW: "noshow",
    AttendanceStatus.CANCELLED: "cancelled",
    AttendanceStatus.LATE_CANCEL: "cancelled",
}
# In person is ambulatory care; by video or phone, virtual (v3 ActEncounterCode).
ENCOUNTER_CLASS: dict[str, str] = {
    Modality.IN_PERSON: "AMB",
    Modality.VIDEO: "VR",
    Modality.PHONE: "VR",
}
CONSENT_STATUS: dict[str, str] = {
    "active": "active",
    "scheduled": "proposed",
    "expired": "inactive",
    "revoked": "inactive",
}


def _namespace() -> uuid.UUID:
    # Ids stable from one export to the next, and different from another site's.
    return uuid.uuid5(uuid.NAMESPACE_URL, settings.SITE_URL)


def urn(kind: str, *key: object) -> str:
    name = "/".join([kind, *(str(k) for k in key)])
    return f"urn:uuid:{uuid.uuid5(_namespace(), name)}"


def _ref(url: str, display: str = "") -> dict[str, str]:
    return {"reference": url, **({"display": display} if display else {})}


def _moment(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


class Entries:
    """The Bundle's entries, each resource validated by its fhir.resources model as added."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    def add(self, model: type[Resource], url: str, data: dict[str, Any]) -> str:
        resource = model.model_validate({"resourceType": model.__name__, **data})
        self.entries.append({"fullUrl": url, "resource": json.loads(resource.model_dump_json())})
        return url


def bundle_for(member: User) -> dict[str, Any]:
    """The member's counseling records as one validated FHIR Bundle, as JSON. Raises pydantic's
    ValidationError if a resource would not validate (a fault here, never the member's)."""
    entries = Entries()
    patient = entries.add(Patient, urn("patient", member.pk), _patient(member))
    for version in _latest_versions(member):
        _plan(entries, patient, version)
    encounters: dict[int, str] = {}
    for place in (
        Attendee.objects.filter(member=member)
        .select_related("appointment__counselor", "appointment__group", "appointment__organization")
        .order_by("appointment__starts_at", "id")
    ):
        encounters[place.appointment_id] = _appointment(entries, patient, place)
    notes = (
        SessionNote.objects.filter(member=member)
        .select_related("author")
        .prefetch_related("addenda__author")
        .order_by("created_at", "id")
    )
    for note in notes:
        encounter = encounters.get(note.appointment_id) if note.appointment_id else None
        _note(entries, patient, note, encounter)
    for grant in _counseling_grants(member):
        entries.add(Consent, urn("consent", grant.pk), _consent(patient, grant))
    bundle = Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "id": str(uuid.uuid5(_namespace(), f"bundle/{member.pk}")),
            "meta": {"security": [PART2_LABEL]},
            "type": "collection",
            "timestamp": timezone.now().isoformat(),
            "entry": entries.entries,
        }
    )
    return json.loads(bundle.model_dump_json())


def has_records(member: User) -> bool:
    return (
        Attendee.objects.filter(member=member).exists()
        or PlanVersion.objects.filter(plan__member=member).exists()
        or SessionNote.objects.filter(member=member).exists()
    )


def export_section(member: User) -> list[dict[str, Any]]:
    """The export's "counseling_fhir" section: the §2.32 notice beside the Bundle (nothing for
    a member without counseling records)."""
    if not has_records(member):
        return []
    return [
        {
            "notice": PART2_REDISCLOSURE_NOTICE,
            "fhir_version": FHIR_VERSION,
            "bundle": bundle_for(member),
        }
    ]


# ---------------------------------------------------------------- resources


def _patient(member: User) -> dict[str, Any]:
    name = {"text": _text(f"{member.first_name} {member.last_name}") or str(member.display_name)}
    if member.first_name:
        name["given"] = [member.first_name]  # type: ignore[assignment]  # FHIR: a list of names
    if member.last_name:
        name["family"] = member.last_name
    return {"active": member.is_active, "name": [name]}


def _latest_versions(member: User) -> Iterable[PlanVersion]:
    versions = (
        PlanVersion.objects.filter(plan__member=member)
        .select_related("plan__counselor")
        .order_by("plan_id", "-number")
    )
    seen: set[int] = set()
    for version in versions:
        if version.plan_id not in seen:
            seen.add(version.plan_id)
            yield version


def _plan(entries: Entries, patient: str, version: PlanVersion) -> None:
    plan = version.plan
    content: Mapping[str, Any] = version.content or {}
    conditions, goals, activities = [], [], []
    for index, problem in enumerate(content.get("problems") or []):
        key = problem.get("id", index)
        condition = {
            "clinicalStatus": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                        "code": "resolved" if plan.status == PlanStatus.CLOSED else "active",
                    }
                ]
            },
            "category": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                            "code": "problem-list-item",
                        }
                    ]
                }
            ],
            "code": {"text": _text(problem.get("text")) or "—"},
            "subject": _ref(patient),
        }
        if problem.get("dimension"):
            condition["note"] = [{"text": f"ASAM dimension {problem['dimension']}"}]
        problem_url = entries.add(Condition, urn("problem", plan.pk, key), condition)
        conditions.append(_ref(problem_url))
        problem_goals = [
            _goal(entries, patient, plan, problem_url, goal, (key, g))
            for g, goal in enumerate(problem.get("goals") or [])
        ]
        goals += [_ref(url) for urls in problem_goals for url in urls]
        for intervention in problem.get("interventions") or []:
            what = " — ".join(
                _text(intervention.get(k))
                for k in ("what", "who", "how_often")
                if intervention.get(k)
            )
            activities.append(
                {
                    "detail": {
                        "status": ACTIVITY_STATUS.get(plan.status, "unknown"),
                        "description": what or "—",
                        "goal": [_ref(urls[0]) for urls in problem_goals],
                    }
                }
            )
    asam = "; ".join(
        f"dimension {row.get('dimension', '?')}: {row.get('rating', '—')}"
        + (f" ({_text(row['note'])})" if row.get("note") else "")
        for row in content.get("asam") or []
    )
    signatures = [
        f"{who} signed on {_moment(at)}"
        for who, at in (
            ("The counselor", version.counselor_signed_at),
            ("The member", version.member_signed_at),
        )
        if at is not None
    ]
    careplan: dict[str, Any] = {
        "status": CAREPLAN_STATUS.get(plan.status, "unknown"),
        "intent": "plan",
        "title": f"Treatment plan, version {version.number}",
        "subject": _ref(patient),
        "created": _moment(plan.created_at),
        "addresses": conditions,
        "goal": goals,
        "activity": activities,
    }
    if asam:
        careplan["description"] = f"ASAM Criteria ({plan.get_edition_display()}): {asam}"
    if plan.counselor is not None:
        careplan["author"] = {"display": str(plan.counselor.display_name)}
    if signatures:
        careplan["note"] = [{"text": "; ".join(signatures)}]
    for field in ("addresses", "goal", "activity"):
        if not careplan[field]:
            del careplan[field]
    entries.add(CarePlan, urn("careplan", plan.pk), careplan)


def _goal(
    entries: Entries,
    patient: str,
    plan: TreatmentPlan,
    problem_url: str,
    goal: Mapping[str, Any],
    key: tuple[object, int],
) -> list[str]:
    """The goal and, as Goals of their own, its objectives (the goal's milestones). Returns
    their URLs, the goal's first."""
    lifecycle = GOAL_LIFECYCLE.get(plan.status, "active")
    goal_key = goal.get("id", key[1])
    objectives = []
    for index, objective in enumerate(goal.get("objectives") or []):
        met = objective.get("status") == "met"
        data: dict[str, Any] = {
            "lifecycleStatus": "completed" if met else lifecycle,
            "achievementStatus": {
                "coding": [
                    {"system": GOAL_ACHIEVEMENT, "code": "achieved" if met else "in-progress"}
                ]
            },
            "description": {"text": _text(objective.get("text")) or "—"},
            "subject": _ref(patient),
            "addresses": [_ref(problem_url)],
        }
        target: dict[str, Any] = {}
        if objective.get("measure"):
            target["detailString"] = _text(objective["measure"])
        if objective.get("target_on"):
            target["dueDate"] = str(objective["target_on"])
        if target:
            data["target"] = [target]
        url = urn("objective", plan.pk, key[0], goal_key, objective.get("id", index))
        objectives.append(entries.add(Goal, url, data))
    goal_data: dict[str, Any] = {
        "lifecycleStatus": lifecycle,
        "description": {"text": _text(goal.get("text")) or "—"},
        "subject": _ref(patient),
        "addresses": [_ref(problem_url)],
    }
    if objectives:
        goal_data["extension"] = [
            {
                "url": GOAL_RELATIONSHIP,
                "extension": [
                    {
                        "url": "type",
                        "valueCodeableConcept": {
                            "coding": [
                                {
                                    "system": "http://hl7.org/fhir/goal-relationship-type",
                                    "code": "milestone",
                                }
                            ]
                        },
                    },
                    {"url": "target", "valueReference": _ref(url)},
                ],
            }
            for url in objectives
        ]
    goal_url = entries.add(Goal, urn("goal", plan.pk, key[0], goal_key), goal_data)
    return [goal_url, *objectives]


def _appointment_status(place: Attendee) -> tuple[str, str]:
    """(Appointment.status, Encounter.status) of the member's place at an appointment."""
    appointment = place.appointment
    if appointment.status in (AppointmentStatus.CANCELLED, AppointmentStatus.DECLINED):
        return "cancelled", "cancelled"
    if appointment.status == AppointmentStatus.REQUESTED:
        return "proposed", "planned"
    if place.status in APPOINTMENT_STATUS:
        return APPOINTMENT_STATUS[place.status], ENCOUNTER_STATUS[place.status]
    # Expected: still ahead, or nobody recorded whether they came.
    if appointment.starts_at > timezone.now():
        return "booked", "planned"
    return "booked", "unknown"


def _appointment(entries: Entries, patient: str, place: Attendee) -> str:
    """The member's place at an appointment, as an Appointment and its Encounter. Returns the
    Encounter's URL."""
    appointment = place.appointment
    counselor = {"display": str(appointment.counselor.display_name)}
    kind = (
        f"Group therapy session: {appointment.group.name}"
        if appointment.group
        else "Individual therapy session"
    )
    appointment_status, encounter_status = _appointment_status(place)
    appointment_data: dict[str, Any] = {
        "status": appointment_status,
        "serviceType": [{"text": "Group therapy" if appointment.group else "Individual therapy"}],
        "description": kind,
        "start": _moment(appointment.starts_at),
        "end": _moment(appointment.ends_at),
        "participant": [
            {"actor": _ref(patient), "status": "accepted"},
            {"actor": counselor, "status": "accepted"},
        ],
    }
    if appointment.cancel_reason:
        appointment_data["cancelationReason"] = {"text": _text(appointment.cancel_reason)}
    appointment_url = entries.add(
        FhirAppointment, urn("appointment", appointment.pk, place.member_id), appointment_data
    )
    return entries.add(
        Encounter,
        urn("encounter", appointment.pk, place.member_id),
        {
            "status": encounter_status,
            "class": {"system": ACT_CODE, "code": ENCOUNTER_CLASS.get(appointment.modality, "AMB")},
            "type": [{"text": kind}],
            "subject": _ref(patient),
            "participant": [{"individual": counselor}],
            "appointment": [_ref(appointment_url)],
            "period": {
                "start": _moment(appointment.starts_at),
                "end": _moment(appointment.ends_at),
            },
            "serviceProvider": {"display": appointment.organization.name},
        },
    )


def note_text(note: SessionNote) -> str:
    """A session note as plain text, the §2.32 notice first."""
    parts = [PART2_REDISCLOSURE_NOTICE, f"{note.get_format_display()} note"]
    parts += [f"{name.capitalize()}: {text}" for name, text in (note.sections or {}).items()]
    if note.group_part:
        parts.append(f"What the group did: {note.group_part}")
    parts += [
        f"Addendum by {a.author.display_name} on {_moment(a.created_at)}: {a.text}"
        for a in note.addenda.all()
    ]
    return "\n\n".join(parts)


def _note(entries: Entries, patient: str, note: SessionNote, encounter: str | None) -> None:
    addenda = list(note.addenda.all())
    if note.signed_at is None:
        doc_status = "preliminary"
    else:
        doc_status = "amended" if addenda else "final"
    author = {"display": str(note.author.display_name)}
    data: dict[str, Any] = {
        "meta": {"security": [PART2_LABEL]},
        "status": "current",
        "docStatus": doc_status,
        "type": {"text": f"Counseling session note ({note.get_format_display()})"},
        "subject": _ref(patient),
        "date": _moment(note.created_at),
        "author": [author],
        "securityLabel": [{"coding": [PART2_LABEL]}],
        "content": [
            {
                "attachment": {
                    "contentType": "text/plain; charset=utf-8",
                    "data": base64.b64encode(note_text(note).encode()).decode(),
                    "title": "Session note",
                    "creation": _moment(note.created_at),
                }
            }
        ],
    }
    if note.signed_at is not None:
        data["authenticator"] = author
    if encounter is not None:
        data["context"] = {"encounter": [_ref(encounter)]}
    entries.add(DocumentReference, urn("note", note.pk), data)


def _counseling_grants(member: User) -> list[ConsentGrant]:
    grants = ConsentGrant.objects.filter(member=member).select_related(
        "grantee_user", "grantee_organization"
    )
    return [g for g in grants.order_by("created_at", "id") if Scope.COUNSELING in g.scopes]


def _consent(patient: str, grant: ConsentGrant) -> dict[str, Any]:
    ended = grant.revoked_at or grant.expires_at
    shared = ", ".join(grant.scope_labels())
    words = f"Shared with {grant.grantee_label}: {shared}."
    if grant.notice_text:
        words += f"\n\nNotice shown when sharing:\n{grant.notice_text}"
    data: dict[str, Any] = {
        "status": CONSENT_STATUS[grant.status()],
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                }
            ]
        },
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
        "patient": _ref(patient),
        "dateTime": _moment(grant.created_at),
        "performer": [_ref(patient)],
        "policy": [{"uri": PART2_POLICY}],
        "sourceAttachment": {
            "contentType": "text/plain; charset=utf-8",
            "data": base64.b64encode(words.encode()).decode(),
            "title": "Consent to share counseling records",
        },
        "provision": {
            "type": "permit",
            "period": {"start": _moment(grant.starts_at), "end": _moment(ended)},
            "actor": [
                {
                    "role": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                "code": "IRCP",
                            }
                        ]
                    },
                    "reference": {"display": str(grant.grantee_label)},
                }
            ],
        },
    }
    if ended is None:
        del data["provision"]["period"]["end"]
    if grant.grantee_organization is not None:
        data["organization"] = [{"display": grant.grantee_organization.name}]
    return data

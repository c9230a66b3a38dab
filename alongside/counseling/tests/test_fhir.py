"""Maya's counseling records travel with her: her export holds them as a FHIR Bundle (CarePlan,
Goal, Encounter, Consent, with the notes as DocumentReferences), each resource validated by the
`fhir.resources` models, every reference resolving inside the Bundle, every status a code of
the value set FHIR binds it to, and the §2.32 notice beside it."""

from __future__ import annotations

import base64
import datetime
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from alongside.accounts.models import Role
from alongside.accounts.sensitive import Credential
from alongside.counseling.models import AppointmentStatus, AttendanceStatus, Modality, TherapyGroup
from alongside.counseling.services import fhir
from alongside.counseling.tests.adherence_fixtures import note, plan, riverbend, session, share
from alongside.privacy import services as privacy
from alongside.privacy.models import DataExport, Scope
from alongside.privacy.notices import PART2_REDISCLOSURE_NOTICE

# The codes FHIR R4 allows where its bindings are "required" (hl7.org/fhir/R4, valueset pages).
REQUIRED = {
    "CarePlan.status": {
        "draft",
        "active",
        "on-hold",
        "revoked",
        "completed",
        "entered-in-error",
        "unknown",
    },
    "CarePlan.intent": {"proposal", "plan", "order", "option"},
    "CarePlan.activity.detail.status": {
        "not-started",
        "scheduled",
        "in-progress",
        "on-hold",
        "completed",
        "cancelled",
        "stopped",
        "unknown",
        "entered-in-error",
    },
    "Goal.lifecycleStatus": {
        "proposed",
        "planned",
        "accepted",
        "active",
        "on-hold",
        "completed",
        "cancelled",
        "entered-in-error",
        "rejected",
    },
    "Encounter.status": {
        "planned",
        "arrived",
        "triaged",
        "in-progress",
        "onleave",
        "finished",
        "cancelled",
        "entered-in-error",
        "unknown",
    },
    "Appointment.status": {
        "proposed",
        "pending",
        "booked",
        "arrived",
        "fulfilled",
        "cancelled",
        "noshow",
        "entered-in-error",
        "checked-in",
        "waitlist",
    },
    "Appointment.participant.status": {"accepted", "declined", "tentative", "needs-action"},
    "DocumentReference.status": {"current", "superseded", "entered-in-error"},
    "DocumentReference.docStatus": {"preliminary", "final", "amended", "entered-in-error"},
    "Consent.status": {
        "draft",
        "proposed",
        "active",
        "rejected",
        "inactive",
        "entered-in-error",
    },
    "Consent.provision.type": {"deny", "permit"},
}


def _records(cast):
    """Maya's sessions (attended, a no-show, a late and an early cancellation, one ahead, a
    group session by video), her plan with one objective met, a signed note with an addendum
    and a draft, and her counseling consent: to Riverbend's counselors, and one to Dr. Chen
    she revoked. Jordan has a session and a note of his own."""
    maya, chen, jordan = cast["member"].user, cast["counselor"].user, cast["member2"].user
    now = timezone.now().replace(microsecond=0)
    week = datetime.timedelta(days=7)
    attended = session(maya, chen, now - 4 * week)
    session(maya, chen, now - 3 * week, AttendanceStatus.NO_SHOW)
    session(maya, chen, now - 2 * week, AttendanceStatus.LATE_CANCEL)
    session(maya, chen, now - week, AttendanceStatus.CANCELLED)
    session(maya, chen, now + week, AttendanceStatus.EXPECTED)
    session(maya, chen, now + 2 * week, status=AppointmentStatus.CANCELLED)
    group = TherapyGroup.objects.create(
        organization=riverbend(), counselor=chen, name="Relapse prevention skills"
    )
    session(maya, chen, now - 5 * week, group=group, modality=Modality.VIDEO)
    plan(maya, chen, ["met", "open"])
    signed = note(maya, chen, attended, addendum="Her sister joined for the last ten minutes.")
    draft = note(maya, chen, signed=False)
    privacy.grant_access(
        member=maya,
        grantee_organization=riverbend(),
        grantee_role=Role.COUNSELOR,
        scopes=[Scope.COUNSELING, Scope.ASSESSMENTS],
        purpose="my care team",
        credential=Credential.for_setup(maya),
    )
    revoked = share(maya, chen, [Scope.COUNSELING])
    privacy.revoke_grant(grant=revoked, by=maya, credential=Credential.for_setup(maya))
    share(maya, cast["mentor"].user, [Scope.MILESTONES])  # not counseling: no Consent
    session(jordan, chen, now - week)
    note(jordan, chen, addendum="Jordan's own words.")
    return {"maya": maya, "attended": attended, "signed": signed, "draft": draft}


def _by_type(bundle: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for entry in bundle["entry"]:
        found.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return found


def _references(value: object) -> list[str]:
    if isinstance(value, dict):
        own = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return own + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


@pytest.mark.django_db
def test_maya_records_are_one_bundle_that_validates_and_round_trips(cast) -> None:
    made = _records(cast)
    bundle = fhir.bundle_for(made["maya"])

    parsed = Bundle.model_validate_json(json.dumps(bundle))
    assert json.loads(parsed.model_dump_json()) == bundle
    assert bundle["type"] == "collection"
    assert bundle["meta"]["security"][0]["code"] == "42CFRPart2"
    types = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    assert types == {
        "Patient": 1,
        "CarePlan": 1,
        "Condition": 1,
        "Goal": 3,  # the goal and its two objectives
        "Appointment": 7,
        "Encounter": 7,
        "DocumentReference": 2,
        "Consent": 2,
    }
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert len(urls) == len(bundle["entry"])
    assert set(_references(bundle)) <= urls  # every reference resolves inside the Bundle
    text = json.dumps(bundle)
    assert "Jordan" not in text and "Reyes" not in text
    # The same records have the same ids in the next export.
    assert {e["fullUrl"] for e in fhir.bundle_for(made["maya"])["entry"]} == urls


@pytest.mark.django_db
def test_the_plan_goals_encounters_notes_and_consent_say_what_happened(cast) -> None:
    made = _records(cast)
    found = _by_type(fhir.bundle_for(made["maya"]))

    patient = found["Patient"][0]
    assert patient["name"][0] == {"text": "Maya Okafor", "given": ["Maya"], "family": "Okafor"}
    careplan = found["CarePlan"][0]
    assert (careplan["status"], careplan["intent"]) == ("active", "plan")
    assert careplan["activity"][0]["detail"]["description"] == (
        "CBT for cravings — Dr. Chen — weekly"
    )
    assert careplan["description"].startswith("ASAM Criteria (ASAM Criteria, 4th edition)")
    goals = {g["description"]["text"]: g for g in found["Goal"]}
    assert goals["Objective 1"]["achievementStatus"]["coding"][0]["code"] == "achieved"
    assert goals["Objective 2"]["target"][0] == {
        "detailString": "days without a drink, from check-ins",
        "dueDate": "2027-03-01",
    }
    assert len(goals["Evenings without alcohol"]["extension"]) == 2  # its objectives

    statuses = Counter(
        (a["status"], e["status"])
        for a, e in zip(found["Appointment"], found["Encounter"], strict=True)
    )
    assert statuses == {
        ("fulfilled", "finished"): 2,
        ("noshow", "cancelled"): 1,
        ("cancelled", "cancelled"): 3,
        ("booked", "planned"): 1,
    }
    group = next(e for e in found["Encounter"] if "Group" in e["type"][0]["text"])
    assert group["class"]["code"] == "VR"

    notes = {d["docStatus"]: d for d in found["DocumentReference"]}
    assert set(notes) == {"amended", "preliminary"}
    amended = notes["amended"]
    encounter_url = fhir.urn("encounter", made["attended"].pk, made["maya"].pk)
    assert amended["context"]["encounter"] == [{"reference": encounter_url}]
    body = base64.b64decode(amended["content"][0]["attachment"]["data"]).decode()
    assert body.startswith(PART2_REDISCLOSURE_NOTICE)
    assert "Data: Talked about the weekend" in body and "Her sister joined" in body
    assert amended["securityLabel"][0]["coding"][0]["code"] == "42CFRPart2"

    consents = sorted(found["Consent"], key=lambda c: c["status"])
    assert [c["status"] for c in consents] == ["active", "inactive"]
    assert consents[0]["provision"]["actor"][0]["reference"]["display"] == (
        "every counselor at Riverbend Recovery Community"
    )
    assert "end" in consents[1]["provision"]["period"]  # revoked: the day it ended
    assert consents[0]["scope"]["coding"][0]["code"] == "patient-privacy"


@pytest.mark.django_db
def test_every_status_is_a_code_of_the_value_set_fhir_binds_it_to(cast) -> None:
    found = _by_type(fhir.bundle_for(_records(cast)["maya"]))

    seen = {
        "CarePlan.status": {c["status"] for c in found["CarePlan"]},
        "CarePlan.intent": {c["intent"] for c in found["CarePlan"]},
        "CarePlan.activity.detail.status": {
            a["detail"]["status"] for c in found["CarePlan"] for a in c["activity"]
        },
        "Goal.lifecycleStatus": {g["lifecycleStatus"] for g in found["Goal"]},
        "Encounter.status": {e["status"] for e in found["Encounter"]},
        "Appointment.status": {a["status"] for a in found["Appointment"]},
        "Appointment.participant.status": {
            p["status"] for a in found["Appointment"] for p in a["participant"]
        },
        "DocumentReference.status": {d["status"] for d in found["DocumentReference"]},
        "DocumentReference.docStatus": {d["docStatus"] for d in found["DocumentReference"]},
        "Consent.status": {c["status"] for c in found["Consent"]},
        "Consent.provision.type": {c["provision"]["type"] for c in found["Consent"]},
    }
    for element, codes in seen.items():
        assert codes and codes <= REQUIRED[element], element
    # And every status a mapping can give, not only those Maya's records use.
    for element, mapping in [
        ("CarePlan.status", fhir.CAREPLAN_STATUS),
        ("CarePlan.activity.detail.status", fhir.ACTIVITY_STATUS),
        ("Goal.lifecycleStatus", fhir.GOAL_LIFECYCLE),
        ("Encounter.status", fhir.ENCOUNTER_STATUS),
        ("Appointment.status", fhir.APPOINTMENT_STATUS),
        ("Consent.status", fhir.CONSENT_STATUS),
    ]:
        assert set(mapping.values()) <= REQUIRED[element], element


@pytest.mark.django_db
def test_a_member_without_counseling_records_exports_no_fhir(cast) -> None:
    data = privacy.collect_member_data(cast["member2"].user)
    assert "counseling_fhir" not in data["sections"]


@pytest.mark.django_db(transaction=True)
def test_maya_finds_her_records_as_fhir_in_her_export_beside_the_notice(cast, client_as) -> None:
    made = _records(cast)
    client = client_as("member", reauthenticated=True)
    assert client.post("/privacy/export/").status_code == 302
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    export = DataExport.objects.get(member=made["maya"])
    assert export.status == "ready"

    data = json.loads(client.get(f"/privacy/export/{export.pk}/download.json").content)

    (section,) = data["sections"]["counseling_fhir"]
    assert section["notice"] == PART2_REDISCLOSURE_NOTICE
    assert section["fhir_version"] == "4.3.0"
    bundle = Bundle.model_validate(section["bundle"])
    kinds = Counter(e.resource.get_resource_type() for e in bundle.entry or [])
    assert kinds["CarePlan"] == 1 and kinds["Encounter"] == 7 and kinds["Consent"] == 2
    assert kinds["DocumentReference"] == 2

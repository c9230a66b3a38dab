"""Sober living's routes in the authorization matrix.

Rosa runs Riverbend's Lakeview House (a house manager there). Maya lives in its bed A: she
accepted the stay and shares "housing" with Riverbend's house managers, so her stay is Rosa's to
work and Maya's to read; bed B is vacant and the house is listed, so the public sees it and its
vacancy. Nobody else reaches the stay. Bed C is offered to Jordan, who has not answered: the
offer is his to accept or decline, and the house's (Rosa's and Dana's, Riverbend's admin, who
runs its houses too) to withdraw. Dana sees Maya's bed as occupied only: Maya shares with the
house managers, not with the admin.
"""

from __future__ import annotations

import datetime

from alongside.testing.authz import (
    ANON,
    CONFIRM,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHENTICATED,
    Route,
    everyone_but_anon,
)

H = lambda s: s["housing_house"].pk  # noqa: E731
BED = lambda s: s["housing_vacant_bed"].pk  # noqa: E731
STAY = lambda s: s["housing_stay"].pk  # noqa: E731
OFFER = lambda s: s["housing_offer"].pk  # noqa: E731
MAYA = lambda s: s["housing_resident"].pk  # noqa: E731
CHORE = lambda s: s["housing_chore"].pk  # noqa: E731
ASSIGNMENT = lambda s: s["housing_chore_assignment"].pk  # noqa: E731
MEETING = lambda s: s["housing_meeting"].pk  # noqa: E731
INCIDENT = lambda s: s["housing_incident"].pk  # noqa: E731
RUNS = {"house_manager": OK, "org_admin": OK}  # both run Riverbend's houses


def page(key, path, expect=None, method="get", data=None) -> Route:
    """A page nobody else reaches (404), anonymous visitors sent to sign in."""
    return Route(
        key,
        path,
        everyone_but_anon(**(expect if expect is not None else RUNS)),
        default=NOT_FOUND,
        method=method,
        data=data or {},
    )


def api(key, path, expect=None, method="get", data=None) -> Route:
    return Route(
        key,
        path,
        {ANON: UNAUTHENTICATED, **(expect if expect is not None else RUNS)},
        default=NOT_FOUND,
        method=method,
        data=data or {},
    )


def _yesterday(_s: dict) -> dict:
    # A day that is today or earlier in Chicago whatever the clock's own zone.
    return {
        "move_out_on": str(datetime.date.today() - datetime.timedelta(days=1)),
        "reason": "completed",
    }


ROUTES: list = [
    Route("housing:houses", "/housing/houses/", everyone_but_anon()),
    page("housing:house-new", "/housing/houses/new/"),
    page("housing:house", lambda s: f"/housing/houses/{H(s)}/"),
    page("housing:house-edit", lambda s: f"/housing/houses/{H(s)}/edit/"),
    page("housing:house-rules", lambda s: f"/housing/houses/{H(s)}/rules/"),
    page("housing:bed", lambda s: f"/housing/houses/{H(s)}/beds/{BED(s)}/"),
    page("housing:house-offer", lambda s: f"/housing/houses/{H(s)}/offer/"),
    page("housing:stay", lambda s: f"/housing/stays/{STAY(s)}/", {"house_manager": OK}),
    page("housing:offer", lambda s: f"/housing/offers/{OFFER(s)}/", {"member2": OK}),
    page(
        "housing:offer-decline",
        lambda s: f"/housing/offers/{OFFER(s)}/decline/",
        {"member2": REDIRECT},
        method="post",
    ),
    Route("housing:my-stay", "/housing/my-stay/", everyone_but_anon()),
    # House life: Maya's own curfew and chore; the house's pages for those who run it (Dana
    # reads them too, naming nobody: Maya shares with the house managers only).
    page("housing:my-sign-out", "/housing/my-stay/sign-out/", {"member": REDIRECT}, "post"),
    page("housing:my-sign-in", "/housing/my-stay/sign-in/", {"member": REDIRECT}, "post"),
    page(
        "housing:my-chore-done",
        lambda s: f"/housing/my-stay/chores/{ASSIGNMENT(s)}/done/",
        {"member": REDIRECT},
        method="post",
    ),
    page("housing:house-curfew", lambda s: f"/housing/houses/{H(s)}/curfew/"),
    page("housing:house-chores", lambda s: f"/housing/houses/{H(s)}/chores/"),
    page("housing:house-chore", lambda s: f"/housing/houses/{H(s)}/chores/{CHORE(s)}/"),
    page("housing:house-drug-tests", lambda s: f"/housing/houses/{H(s)}/drug-tests/"),
    page("housing:house-meetings", lambda s: f"/housing/houses/{H(s)}/meetings/"),
    page("housing:house-meeting", lambda s: f"/housing/houses/{H(s)}/meetings/{MEETING(s)}/"),
    page("housing:house-incidents", lambda s: f"/housing/houses/{H(s)}/incidents/"),
    page("housing:house-incident", lambda s: f"/housing/houses/{H(s)}/incidents/{INCIDENT(s)}/"),
    page("housing:house-ledger", lambda s: f"/housing/houses/{H(s)}/ledger/"),
    page("housing:house-report", lambda s: f"/housing/houses/{H(s)}/report/"),
    page("housing:house-report-csv", lambda s: f"/housing/houses/{H(s)}/report.csv"),
    page("housing:resident", lambda s: f"/housing/residents/{MAYA(s)}/", {"house_manager": OK}),
    Route("housing:vacancies", "/housing/vacancies/?near=60614", {}),
    Route("housing:vacancies-feed", "/housing/vacancies.json", {}),
    # API
    Route("GET /api/v1/housing/houses", "/api/v1/housing/houses", {ANON: UNAUTHENTICATED}),
    api(
        "POST /api/v1/housing/houses",
        "/api/v1/housing/houses",
        {"house_manager": 201, "org_admin": 201},
        method="post",
        data={"name": "Matrix House", "city": "Chicago", "region": "IL", "postal_code": "60614"},
    ),
    api("GET /api/v1/housing/houses/{house_id}", lambda s: f"/api/v1/housing/houses/{H(s)}"),
    api(
        "PATCH /api/v1/housing/houses/{house_id}",
        lambda s: f"/api/v1/housing/houses/{H(s)}",
        method="patch",
        data={"phone": "312-555-0100"},
    ),
    api(
        "PUT /api/v1/housing/houses/{house_id}/rules",
        lambda s: f"/api/v1/housing/houses/{H(s)}/rules",
        method="put",
        data={"rules": ["Be kind to each other."]},
    ),
    api(
        "POST /api/v1/housing/houses/{house_id}/beds",
        lambda s: f"/api/v1/housing/houses/{H(s)}/beds",
        {"house_manager": 201, "org_admin": 201},
        method="post",
        data={"label": "Z"},
    ),
    api(
        "PATCH /api/v1/housing/houses/{house_id}/beds/{bed_id}",
        lambda s: f"/api/v1/housing/houses/{H(s)}/beds/{BED(s)}",
        method="patch",
        data={"room": "3"},
    ),
    api(
        "POST /api/v1/housing/houses/{house_id}/offers",
        lambda s: f"/api/v1/housing/houses/{H(s)}/offers",
        {"house_manager": 201, "org_admin": 201},
        method="post",
        data=lambda s: {"bed_id": BED(s), "email": "sam@example.org"},
    ),
    api(
        "GET /api/v1/housing/stays/{stay_id}",
        lambda s: f"/api/v1/housing/stays/{STAY(s)}",
        {"house_manager": OK},
    ),
    api(
        "POST /api/v1/housing/stays/{stay_id}/withdraw",
        lambda s: f"/api/v1/housing/stays/{OFFER(s)}/withdraw",
        method="post",
    ),
    api(
        "POST /api/v1/housing/stays/{stay_id}/phase",
        lambda s: f"/api/v1/housing/stays/{STAY(s)}/phase",
        {"house_manager": 201},
        method="post",
        data={"name": "Phase 2"},
    ),
    api(
        "POST /api/v1/housing/stays/{stay_id}/move-out",
        lambda s: f"/api/v1/housing/stays/{STAY(s)}/move-out",
        {"house_manager": OK},
        method="post",
        data=_yesterday,
    ),
    Route("GET /api/v1/housing/my-stay", "/api/v1/housing/my-stay", {ANON: UNAUTHENTICATED}),
    # Maya signed the rules in force already (409); nobody else lives in a house (404).
    api(
        "POST /api/v1/housing/my-stay/rules/signature",
        "/api/v1/housing/my-stay/rules/signature",
        {"member": 409},
        method="post",
        data={"signed_name": "Maya"},
    ),
    # Jordan accepts by sharing "housing": a sensitive action, confirmed first.
    api(
        "POST /api/v1/housing/offers/{stay_id}/accept",
        lambda s: f"/api/v1/housing/offers/{OFFER(s)}/accept",
        {"member2": CONFIRM},
        method="post",
        data={"share_housing": True, "signed_name": "Jordan Reyes"},
    ),
    api(
        "POST /api/v1/housing/offers/{stay_id}/decline",
        lambda s: f"/api/v1/housing/offers/{OFFER(s)}/decline",
        {"member2": OK},
        method="post",
    ),
    api(
        "GET /api/v1/members/{member_id}/housing",
        lambda s: f"/api/v1/members/{MAYA(s)}/housing",
        {"house_manager": OK},
    ),
    # House life in the API: Maya's own; the house's for those who run it. Dana runs the house
    # but Maya does not share with her: nothing of Maya's is hers to write (422, as for anyone
    # not living there) or to check (404).
    api("GET /api/v1/housing/my-stay/life", "/api/v1/housing/my-stay/life", {"member": OK}),
    api(
        "POST /api/v1/housing/my-stay/sign-out",
        "/api/v1/housing/my-stay/sign-out",
        {"member": 201},
        method="post",
        data={"destination": "Work"},
    ),
    api(
        "POST /api/v1/housing/my-stay/sign-in",
        "/api/v1/housing/my-stay/sign-in",
        {"member": 409},
        method="post",
    ),
    api(
        "POST /api/v1/housing/my-stay/chores/{assignment_id}/done",
        lambda s: f"/api/v1/housing/my-stay/chores/{ASSIGNMENT(s)}/done",
        {"member": OK},
        method="post",
    ),
    api(
        "GET /api/v1/housing/houses/{house_id}/curfew",
        lambda s: f"/api/v1/housing/houses/{H(s)}/curfew",
    ),
    api(
        "GET /api/v1/housing/houses/{house_id}/chores",
        lambda s: f"/api/v1/housing/houses/{H(s)}/chores",
    ),
    api(
        "POST /api/v1/housing/houses/{house_id}/chores",
        lambda s: f"/api/v1/housing/houses/{H(s)}/chores",
        {"house_manager": 201, "org_admin": 201},
        method="post",
        data={"name": "Yard", "difficulty": 2},
    ),
    api(
        "PATCH /api/v1/housing/houses/{house_id}/chores/{chore_id}",
        lambda s: f"/api/v1/housing/houses/{H(s)}/chores/{CHORE(s)}",
        method="patch",
        data={"difficulty": 4},
    ),
    api(
        "GET /api/v1/housing/houses/{house_id}/rota",
        lambda s: f"/api/v1/housing/houses/{H(s)}/rota",
    ),
    # This week's rota is made already.
    api(
        "POST /api/v1/housing/houses/{house_id}/rota",
        lambda s: f"/api/v1/housing/houses/{H(s)}/rota",
        {"house_manager": 409, "org_admin": 409},
        method="post",
    ),
    api(
        "POST /api/v1/housing/chore-assignments/{assignment_id}/check",
        lambda s: f"/api/v1/housing/chore-assignments/{ASSIGNMENT(s)}/check",
        {"house_manager": OK},
        method="post",
    ),
    api(
        "GET /api/v1/housing/houses/{house_id}/drug-tests",
        lambda s: f"/api/v1/housing/houses/{H(s)}/drug-tests",
    ),
    api(
        "POST /api/v1/housing/houses/{house_id}/drug-tests",
        lambda s: f"/api/v1/housing/houses/{H(s)}/drug-tests",
        {"house_manager": 201, "org_admin": 422},
        method="post",
        data=lambda s: {
            "stay_id": STAY(s),
            "taken_on": str(datetime.date.today() - datetime.timedelta(days=1)),
            "result": "negative",
        },
    ),
    api(
        "POST /api/v1/housing/houses/{house_id}/drug-test-draws",
        lambda s: f"/api/v1/housing/houses/{H(s)}/drug-test-draws",
        {"house_manager": 201, "org_admin": 422},
        method="post",
        data={"count": 1},
    ),
    api(
        "GET /api/v1/housing/houses/{house_id}/meetings",
        lambda s: f"/api/v1/housing/houses/{H(s)}/meetings",
    ),
    api(
        "POST /api/v1/housing/houses/{house_id}/meetings",
        lambda s: f"/api/v1/housing/houses/{H(s)}/meetings",
        {"house_manager": 201, "org_admin": 201},
        method="post",
        data={"held_at": "2026-01-04T19:00:00-06:00", "minutes": "Quiet hours."},
    ),
    api(
        "GET /api/v1/housing/houses/{house_id}/meetings/{meeting_id}",
        lambda s: f"/api/v1/housing/houses/{H(s)}/meetings/{MEETING(s)}",
    ),
    api(
        "GET /api/v1/housing/houses/{house_id}/incidents",
        lambda s: f"/api/v1/housing/houses/{H(s)}/incidents",
    ),
    api(
        "POST /api/v1/housing/houses/{house_id}/incidents",
        lambda s: f"/api/v1/housing/houses/{H(s)}/incidents",
        {"house_manager": 201, "org_admin": 201},
        method="post",
        data={
            "kind": "property",
            "occurred_at": "2026-01-04T10:00:00-06:00",
            "description": "A tap leaks.",
        },
    ),
    api(
        "POST /api/v1/housing/houses/{house_id}/incidents/{incident_id}/close",
        lambda s: f"/api/v1/housing/houses/{H(s)}/incidents/{INCIDENT(s)}/close",
        method="post",
        data={"follow_up": "Glazier came."},
    ),
    api(
        "GET /api/v1/housing/houses/{house_id}/ledger",
        lambda s: f"/api/v1/housing/houses/{H(s)}/ledger",
    ),
    api(
        "POST /api/v1/housing/houses/{house_id}/ledger",
        lambda s: f"/api/v1/housing/houses/{H(s)}/ledger",
        {"house_manager": 201, "org_admin": 422},
        method="post",
        data=lambda s: {
            "stay_id": STAY(s),
            "kind": "charge",
            "amount": "175.00",
            "on": str(datetime.date.today() - datetime.timedelta(days=1)),
        },
    ),
    api(
        "GET /api/v1/housing/houses/{house_id}/report",
        lambda s: f"/api/v1/housing/houses/{H(s)}/report",
    ),
    Route("GET /api/v1/housing/vacancies", "/api/v1/housing/vacancies", {}),
    Route(
        "GET /api/v1/housing/vacancies/search",
        "/api/v1/housing/vacancies/search?near=60614",
        {},
    ),
]

# A house manager's views of a resident: they need "housing" shared with a house manager, which
# the access-log test (granting to a counselor) cannot arrange; housing/tests/test_stays.py
# tests their log rows.
MEMBER_ROUTES_THAT_READ_NOTHING = {
    "housing:resident": "a house manager's view of a resident's stays, logged under housing",
    "GET /api/v1/members/{member_id}/housing": "the same through the API, logged under housing",
}


def subjects(cast: dict) -> dict:
    import datetime

    from django.utils import timezone

    from alongside.accounts.models import Organization, Role
    from alongside.accounts.sensitive import Credential
    from alongside.housing.models import (
        Bed,
        Chore,
        ChoreAssignment,
        House,
        HouseMeeting,
        HouseRule,
        Incident,
        RulesAcknowledgement,
        Stay,
    )
    from alongside.housing.services.chores import this_week
    from alongside.privacy.services import grant_access

    maya, rosa = cast["member"].user, cast["house_manager"].user
    riverbend = Organization.objects.get(slug="riverbend")
    house = House.objects.create(
        organization=riverbend,
        name="Lakeview House",
        slug="lakeview-house",
        city="Chicago",
        region="IL",
        postal_code="60614",
        latitude=41.9227,
        longitude=-87.6533,
    )
    HouseRule.objects.create(house=house, position=1, text="Home by 11 pm on weeknights.")
    bed_a = Bed.objects.create(house=house, label="A", room="1")
    bed_b = Bed.objects.create(house=house, label="B", room="1")
    grant_access(
        member=maya,
        grantee_organization=riverbend,
        grantee_role=Role.HOUSE_MANAGER,
        scopes=["housing"],
        purpose="my stay at Lakeview House",
        credential=Credential.for_setup(maya),
    )
    stay = Stay.objects.create(
        house=house,
        bed=bed_a,
        resident=maya,
        status="current",
        offered_by=rosa,
        move_in_on=datetime.date.today() - datetime.timedelta(days=30),
    )
    RulesAcknowledgement.objects.create(stay=stay, version=1, signed_name="Maya")
    bed_c = Bed.objects.create(house=house, label="C", room="2")
    offer = Stay.objects.create(
        house=house, bed=bed_c, resident=cast["member2"].user, offered_by=rosa
    )
    chore = Chore.objects.create(house=house, name="Kitchen", difficulty=3)
    assignment = ChoreAssignment.objects.create(chore=chore, stay=stay, week_of=this_week(house))
    meeting = HouseMeeting.objects.create(house=house, held_at=timezone.now(), recorded_by=rosa)
    incident = Incident.objects.create(
        house=house,
        stay=stay,
        kind="property",
        occurred_at=timezone.now(),
        description="A window broke.",
        recorded_by=rosa,
    )
    return {
        "housing_chore": chore,
        "housing_chore_assignment": assignment,
        "housing_meeting": meeting,
        "housing_incident": incident,
        "housing_house": house,
        "housing_manager": rosa,
        "housing_resident": maya,
        "housing_stay": stay,
        "housing_vacant_bed": bed_b,
        "housing_offer": offer,
    }

"""Meetings' routes in the authorization matrix. The directory, feeds and calendars are public;
attendance is the member's (and their "attendance" grantees'); leading a group (codes,
confirmations, service, new meetings, imports) is for its facilitators and organization admins."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from alongside.accounts.sensitive import Credential
from alongside.privacy.models import Scope
from alongside.testing.authz import (
    ANON,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHENTICATED,
    Route,
    everyone_but_anon,
)

LEADERS = {"facilitator": OK, "org_admin": OK}
GONE = 410


def _days_ago(n: int) -> str:
    return (timezone.now() - dt.timedelta(days=n)).date().isoformat()


ROUTES = [
    Route("meetings:directory", "/meetings/?near=60614&program=smart", {}),
    Route("meetings:feed", "/meetings/feed.json", {}),
    Route("meetings:feed-schema", "/meetings/feed.schema.json", {}),
    Route(
        "meetings:bmlt",
        "/meetings/bmlt/client_interface/json/?switcher=GetSearchResults&lat_val=41.93&long_val=-87.64&geo_width=10",
        {},
    ),
    Route("meetings:programs", "/meetings/programs/", {}),
    Route("meetings:meeting", lambda s: f"/meetings/m/{s['meeting'].pk}/", {}),
    Route("meetings:meeting-calendar", lambda s: f"/meetings/m/{s['meeting'].pk}/calendar.ics", {}),
    Route(
        "meetings:join",
        lambda s: f"/meetings/m/{s['meeting'].pk}/join/",
        everyone_but_anon(),
        default=REDIRECT,
        method="post",
    ),
    Route(
        "meetings:save",
        lambda s: f"/meetings/m/{s['meeting'].pk}/save/",
        everyone_but_anon(),
        default=REDIRECT,
        method="post",
    ),
    Route(
        "meetings:attended",
        lambda s: f"/meetings/m/{s['meeting'].pk}/attended/",
        everyone_but_anon(),
        default=422,
        method="post",
    ),
    Route(
        "meetings:attendance-code",
        lambda s: f"/meetings/m/{s['meeting'].pk}/code/",
        everyone_but_anon(**LEADERS),
        default=NOT_FOUND,
    ),
    Route(
        "meetings:meeting-edit",
        lambda s: f"/meetings/m/{s['meeting'].pk}/edit/",
        everyone_but_anon(**LEADERS),
        default=NOT_FOUND,
    ),
    Route("meetings:check-in", "/meetings/check-in/not-a-code/", everyone_but_anon(), default=GONE),
    Route("meetings:mine", "/meetings/mine/", everyone_but_anon()),
    Route(
        "meetings:rotate-calendar",
        "/meetings/mine/calendar/new-address/",
        everyone_but_anon(),
        default=REDIRECT,
        method="post",
    ),
    Route("meetings:my-calendar", lambda s: f"/meetings/calendar/{s['calendar'].key}.ics", {}),
    Route("meetings:recommended", "/meetings/recommended/", everyone_but_anon()),
    Route(
        "meetings:try-these",
        "/meetings/recommended/try-these/",
        everyone_but_anon(),
        default=REDIRECT,
        method="post",
    ),
    Route("meetings:preferences", "/meetings/preferences/", everyone_but_anon()),
    Route("meetings:attendance", "/meetings/attendance/", everyone_but_anon()),
    Route(
        "meetings:attendance-delete",
        lambda s: f"/meetings/attendance/{s['record'].pk}/delete/",
        everyone_but_anon(member=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "meetings:proof",
        "/meetings/attendance/proof.pdf",
        everyone_but_anon(),
        default=422,
        method="post",
    ),
    Route("meetings:proof-check", lambda s: f"/meetings/proof/{s['proof_code']}/", {}),
    Route(
        "meetings:member-attendance",
        lambda s: f"/meetings/members/{s['member'].pk}/attendance/",
        everyone_but_anon(member=OK, mentor=OK),
        default=NOT_FOUND,
    ),
    Route("meetings:facilitating", "/meetings/facilitating/", everyone_but_anon()),
    Route(
        "meetings:confirm",
        lambda s: f"/meetings/confirm/{s['request'].pk}/",
        everyone_but_anon(facilitator=REDIRECT, org_admin=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route("meetings:group", lambda s: f"/meetings/groups/{s['group'].slug}/", {}),
    Route(
        "meetings:group-new",
        "/meetings/groups/new/",
        everyone_but_anon(**LEADERS),
        default=NOT_FOUND,
    ),
    Route(
        "meetings:group-edit",
        lambda s: f"/meetings/groups/{s['group'].slug}/edit/",
        everyone_but_anon(**LEADERS),
        default=NOT_FOUND,
    ),
    Route(
        "meetings:group-service",
        lambda s: f"/meetings/groups/{s['group'].slug}/service/",
        everyone_but_anon(**LEADERS),
        default=NOT_FOUND,
    ),
    Route(
        "meetings:group-attendance",
        lambda s: f"/meetings/groups/{s['group'].slug}/attendance/",
        everyone_but_anon(**LEADERS),
        default=NOT_FOUND,
    ),
    Route(
        "meetings:meeting-new",
        lambda s: f"/meetings/groups/{s['group'].slug}/new-meeting/",
        everyone_but_anon(**LEADERS),
        default=NOT_FOUND,
    ),
    Route("meetings:import", "/meetings/import/", everyone_but_anon(**LEADERS), default=NOT_FOUND),
    Route(
        "meetings:import-run",
        lambda s: f"/meetings/import/runs/{s['import_run'].pk}/",
        everyone_but_anon(**LEADERS),
        default=NOT_FOUND,
    ),
    Route(
        "meetings:import-confirm",
        lambda s: f"/meetings/import/runs/{s['import_run'].pk}/confirm/",
        everyone_but_anon(facilitator=REDIRECT, org_admin=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    # Directory stewards hold a permission nobody in the cast has: everyone else learns nothing.
    Route(
        "meetings:link-review", "/meetings/review/links/", everyone_but_anon(), default=NOT_FOUND
    ),
    Route(
        "meetings:link-approve",
        lambda s: f"/meetings/review/links/{s['unreviewed'].pk}/approve/",
        everyone_but_anon(),
        default=NOT_FOUND,
        method="post",
    ),
    # API
    Route("GET /api/v1/meetings/search", "/api/v1/meetings/search?near=60614&within_hours=48", {}),
    Route("GET /api/v1/meetings/programs", "/api/v1/meetings/programs", {}),
    Route("GET /api/v1/meetings/feed", "/api/v1/meetings/feed", {}),
    Route("GET /api/v1/meetings/feed/schema", "/api/v1/meetings/feed/schema", {}),
    Route("GET /api/v1/meetings/{meeting_id}", lambda s: f"/api/v1/meetings/{s['meeting'].pk}", {}),
    Route(
        "GET /api/v1/meetings/{meeting_id}/calendar",
        lambda s: f"/api/v1/meetings/{s['meeting'].pk}/calendar",
        {},
    ),
    Route(
        "POST /api/v1/meetings/{meeting_id}/save",
        lambda s: f"/api/v1/meetings/{s['meeting'].pk}/save",
        {ANON: UNAUTHENTICATED},
        default=201,
        method="post",
    ),
    Route(
        "DELETE /api/v1/meetings/{meeting_id}/save",
        lambda s: f"/api/v1/meetings/{s['meeting'].pk}/save",
        {ANON: UNAUTHENTICATED},
        default=204,
        method="delete",
    ),
    Route(
        "GET /api/v1/meetings/recommendations",
        "/api/v1/meetings/recommendations",
        {ANON: UNAUTHENTICATED},
    ),
    Route("GET /api/v1/attendance", "/api/v1/attendance", {ANON: UNAUTHENTICATED}),
    Route(
        "POST /api/v1/attendance",
        "/api/v1/attendance",
        {ANON: UNAUTHENTICATED},
        default=201,
        method="post",
        data=lambda s: {"meeting_id": s["meeting"].pk, "on": _days_ago(3)},
    ),
    Route(
        "POST /api/v1/attendance/check-in",
        "/api/v1/attendance/check-in",
        {ANON: UNAUTHENTICATED},
        default=422,
        method="post",
        data={"token": "not-a-code"},
    ),
    Route(
        "GET /api/v1/members/{member_id}/attendance",
        lambda s: f"/api/v1/members/{s['member'].pk}/attendance",
        {ANON: UNAUTHENTICATED, "member": OK, "mentor": OK},
        default=NOT_FOUND,
    ),
    Route(
        "POST /api/v1/meetings/imports",
        "/api/v1/meetings/imports",
        {ANON: UNAUTHENTICATED, "facilitator": 201, "org_admin": 201},
        default=NOT_FOUND,
        method="post",
        data={"source": "riverbend-feed", "feed": "[]"},
    ),
    Route(
        "GET /api/v1/meetings/imports/{run_id}",
        lambda s: f"/api/v1/meetings/imports/{s['import_run'].pk}",
        {ANON: UNAUTHENTICATED, "facilitator": OK, "org_admin": OK},
        default=NOT_FOUND,
    ),
    Route(
        "POST /api/v1/meetings/imports/{run_id}/confirm",
        lambda s: f"/api/v1/meetings/imports/{s['import_run'].pk}/confirm",
        {ANON: UNAUTHENTICATED, "facilitator": 422, "org_admin": 422},
        default=NOT_FOUND,
        method="post",
    ),
]

SENSITIVE_READS = {
    "meetings:member-attendance": (
        "/meetings/members/{member}/attendance/",
        Scope.ATTENDANCE,
        "page",
    ),
    "GET /api/v1/members/{member_id}/attendance": (
        "/api/v1/members/{member}/attendance",
        Scope.ATTENDANCE,
        "api",
    ),
}

__all__ = ["ROUTES", "SENSITIVE_READS", "subjects"]


def subjects(cast: dict) -> dict:
    """A SMART group facilitated by the cast's facilitator at Riverbend, an online meeting every
    day, the member's attendance (one asking for confirmation), a grant of attendance to the
    mentor, the member's calendar, a proof code, an import source with a refused import, and a
    meeting whose conference link waits for a steward."""
    from alongside.meetings import services
    from alongside.meetings.catalog import ensure_programs
    from alongside.meetings.models import (
        AttendanceRecord,
        Group,
        ImportRun,
        ImportSource,
        Meeting,
        Program,
    )
    from alongside.privacy import services as privacy

    ensure_programs()
    member = cast["member"].user
    riverbend = cast["org_admin"].user.memberships.first().organization
    smart = Program.objects.get(slug="smart")
    group, _c = Group.objects.get_or_create(
        slug="riverbend-smart",
        defaults={"name": "Riverbend SMART", "program": smart, "organization": riverbend},
    )
    group.facilitators.get_or_create(
        user=cast["facilitator"].user, defaults={"experience": "Trained SMART facilitator"}
    )
    meeting = services.save_meeting(
        meeting=Meeting(
            slug="riverbend-smart-daily",
            name="SMART daily check-in",
            program=smart,
            group=group,
            days=[0, 1, 2, 3, 4, 5, 6],
            start_time=dt.time(18, 0),
            time_zone="America/Chicago",
            attendance="online",
            conference_url="https://zoom.us/j/1",
            conference_is_protected=True,
            openness="open",
        )
    )
    record = services.record_manual_attendance(
        member=member, meeting=meeting, on=(timezone.now() - dt.timedelta(days=5)).date()
    )
    request = services.record_manual_attendance(
        member=member,
        meeting=meeting,
        on=(timezone.now() - dt.timedelta(days=6)).date(),
        ask_confirmation=True,
    )
    privacy.grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=[Scope.ATTENDANCE],
        purpose="sponsor",
        credential=Credential.for_setup(member),
    )
    confirmed = services.confirm_attendance(record=request, facilitator=cast["facilitator"].user)
    AttendanceRecord.objects.filter(pk=confirmed.pk).update(
        confirmation_requested=True, confirmed_at=None
    )
    source, _c = ImportSource.objects.get_or_create(
        slug="riverbend-feed",
        defaults={
            "name": "Riverbend feed",
            "program": smart,
            "organization": riverbend,
            "default_time_zone": "America/Chicago",
        },
    )
    import_run = ImportRun.objects.create(
        source=source, status="refused", message="Not a feed.", origin="riverbend.json"
    )
    unreviewed = services.save_meeting(
        meeting=Meeting(
            slug="riverbend-smart-elsewhere",
            name="SMART elsewhere",
            program=smart,
            group=group,
            days=[3],
            start_time=dt.time(19, 0),
            time_zone="America/Chicago",
            attendance="online",
            conference_url="https://rooms.example.org/smart",
        )
    )
    return {
        "import_run": import_run,
        "unreviewed": unreviewed,
        "member": member,
        "group": group,
        "meeting": meeting,
        "record": record,
        "request": request,
        "calendar": services.calendar_feed(member=member),
        "proof_code": services.issue_proof_sheet(
            member=member,
            start=confirmed.occurred_at.date(),
            end=timezone.now().date(),
            name_on_sheet="",
            purpose="",
        )[0].code,
    }

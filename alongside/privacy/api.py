from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import ValidationError

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import Organization
from alongside.accounts.sensitive import Credential
from alongside.api_errors import ApiError
from alongside.privacy import access, policy, services
from alongside.privacy.models import AccessLogEntry, ConsentGrant, DataExport, Interface, Scope
from alongside.privacy.schemas import AccessLogOut, ExportOut, GrantIn, GrantOut, SharedWithMeOut
from alongside.privacy.scopes import produced_scopes, will_not_see, will_see
from alongside.schemas import Day, Id, Text

router = Router(tags=["privacy"])


def _grant_out(grant: ConsentGrant) -> GrantOut:
    return GrantOut(
        id=grant.pk,
        grantee=grant.grantee_label,
        scopes=grant.scopes,
        milestone_tracks=grant.milestone_tracks,
        worksheets=grant.worksheets,
        purpose=grant.purpose,
        starts_at=grant.starts_at,
        expires_at=grant.expires_at,
        revoked_at=grant.revoked_at,
        status=grant.status(),
        will_see=will_see(
            grant.scopes,
            track_labels=services.track_labels(grant),
            worksheet_labels=services.worksheet_labels(grant),
        ),
        will_not_see=will_not_see(grant.scopes),
        notice=grant.notice_text,
    )


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ("body", "payload", field), "msg": message}])


@router.get("/privacy/grants", response=list[GrantOut], summary="Grants you gave")
def list_grants(request: AuthenticatedHttpRequest) -> list[GrantOut]:
    grants = ConsentGrant.objects.for_member(request.user).select_related(
        "grantee_user", "grantee_organization"
    )
    return [_grant_out(g) for g in grants]


@router.post("/privacy/grants", response={201: GrantOut}, summary="Share some scopes with someone")
def create_grant(request: AuthenticatedHttpRequest, payload: GrantIn):
    people = {u.pk: u for u, _label in services.sharable_people(request.user)}
    grantee_user = None
    organization = None
    if payload.grantee_user_id is not None:
        grantee_user = people.get(payload.grantee_user_id)
        if grantee_user is None:
            raise _invalid(
                "grantee_user_id",
                "No one by that id shares an organization with you or is your accountability "
                "partner.",
            )
    elif payload.grantee_organization_slug:
        organization = (
            Organization.objects.filter(
                slug=payload.grantee_organization_slug, memberships__user=request.user
            )
            .distinct()
            .first()
        )
        if organization is None:
            raise _invalid("grantee_organization_slug", "You do not belong to that organization.")
    offered = produced_scopes()
    unused = [scope for scope in payload.scopes if scope not in offered]
    if unused:
        raise _invalid(
            "scopes",
            _("Nothing is shared through %(scopes)s yet, so it cannot be chosen.")
            % {"scopes": ", ".join(str(Scope(s).label) for s in unused)},
        )
    try:
        grant = services.grant_access(
            member=request.user,
            scopes=list(payload.scopes),
            purpose=payload.purpose,
            grantee_user=grantee_user,
            grantee_organization=organization,
            grantee_role=payload.grantee_role or "",
            starts_at=payload.starts_at,
            expires_at=payload.expires_at,
            milestone_tracks=payload.milestone_tracks,
            worksheets=payload.worksheets,
            interface=Interface.API,
            credential=Credential.of(request),
        )
    except services.GrantError as error:
        raise _invalid(error.field, error.message) from error
    return Status(201, _grant_out(grant))


@router.post(
    "/privacy/grants/{grant_id}/revoke",
    response={200: GrantOut, 409: dict},
    summary="Revoke a grant at once",
)
def revoke_grant(request: AuthenticatedHttpRequest, grant_id: Id):
    grant = access.access_own_grant(request.user, grant_id)
    if not services.revoke_grant(
        grant=grant, by=request.user, credential=Credential.of(request), interface=Interface.API
    ):
        raise ApiError(409, "already_revoked", "This grant was already revoked.")
    return Status(200, _grant_out(grant))


@router.get("/privacy/access-log", response=list[AccessLogOut], summary="Who looked at your data")
def access_log(
    request: AuthenticatedHttpRequest,
    scope: Text | None = None,
    since: Day | None = None,
    until: Day | None = None,
    limit: int = Query(100, ge=1, le=1000),
) -> list[AccessLogOut]:
    entries = AccessLogEntry.objects.filter(member=request.user).select_related("actor")
    if scope:
        entries = entries.filter(scope__contains=scope)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return [
        AccessLogOut(
            at=e.at,
            who=e.actor.display_name if e.actor is not None else None,
            scope=e.scope,
            action=e.action,
            interface=e.interface,
            record_type=e.record_type,
            record_id=e.record_id,
            grant_id=e.grant_id,
        )
        for e in entries[:limit]
    ]


@router.get(
    "/privacy/shared-with-me", response=list[SharedWithMeOut], summary="Members sharing with you"
)
def shared_with_me(request: AuthenticatedHttpRequest) -> list[SharedWithMeOut]:
    return [
        SharedWithMeOut(member_id=u.pk, display_name=u.display_name, scopes=scopes)
        for u, scopes in policy.members_sharing_with(request.user)
    ]


def _export_out(export: DataExport) -> ExportOut:
    ready = export.status == "ready" and not export.is_expired
    return ExportOut(
        id=export.pk,
        status=export.status,
        progress=export.progress,
        requested_at=export.requested_at,
        ready_at=export.ready_at,
        expires_at=export.expires_at,
        json_url=reverse("privacy:export-download", args=[export.pk, "json"]) if ready else None,
        html_url=reverse("privacy:export-download", args=[export.pk, "html"]) if ready else None,
    )


@router.post(
    "/privacy/exports", response={202: ExportOut}, summary="Prepare an export of all your data"
)
def create_export(request: AuthenticatedHttpRequest):
    export, _created = services.request_export(
        member=request.user, credential=Credential.of(request)
    )
    return Status(202, _export_out(export))


@router.get("/privacy/exports/{export_id}", response=ExportOut, summary="An export's progress")
def get_export(request: AuthenticatedHttpRequest, export_id: Id) -> ExportOut:
    return _export_out(access.access_own_export(request.user, export_id))

from __future__ import annotations

from ninja import Router, Status
from ninja.errors import ValidationError

from alongside import shell
from alongside.accounts import access, services
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import ApiToken, Country, Language, Role, TokenScope
from alongside.accounts.roles import roles_of
from alongside.accounts.schemas import (
    ApiTokenCreatedOut,
    ApiTokenIn,
    ApiTokenOut,
    MembershipOut,
    MeOut,
    ProfilePatch,
)
from alongside.accounts.sensitive import Credential
from alongside.api_errors import ApiError
from alongside.lib.errors import FieldError
from alongside.schemas import Id

router = Router(tags=["accounts"])


def _me(request: AuthenticatedHttpRequest) -> MeOut:
    user = request.user
    roles = roles_of(user)
    return MeOut(
        id=user.pk,
        email=user.email,
        display_name=user.display_name,
        first_name=user.first_name,
        last_name=user.last_name,
        handle=user.handle,
        pronouns=user.pronouns,
        time_zone=user.time_zone,
        language=Language(user.language),
        country=Country(user.country),
        pathways=user.pathways,
        in_recovery=shell.is_in_recovery(user, roles),
        has_mfa=roles.has_mfa,
        memberships=[
            MembershipOut(
                organization=m.organization.name,
                organization_slug=m.organization.slug,
                role=Role(m.role),
            )
            for m in roles.memberships
        ],
    )


@router.get("/me", response=MeOut, summary="Your own profile and roles")
def get_me(request: AuthenticatedHttpRequest) -> MeOut:
    return _me(request)


@router.patch("/me", response=MeOut, summary="Change your own profile")
def patch_me(request: AuthenticatedHttpRequest, payload: ProfilePatch) -> MeOut:
    changes = payload.dict(exclude_unset=True)
    services.update_profile(user=request.user, **changes)
    return _me(request)


def _token_out(token: ApiToken) -> ApiTokenOut:
    return ApiTokenOut(
        id=token.pk,
        name=token.name,
        scope=TokenScope(token.scope),
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
        status=token.status(),
    )


@router.get("/tokens", response=list[ApiTokenOut], summary="Your API tokens")
def list_tokens(request: AuthenticatedHttpRequest) -> list[ApiTokenOut]:
    return [_token_out(t) for t in ApiToken.objects.filter(user=request.user)]


@router.post(
    "/tokens",
    response={201: ApiTokenCreatedOut},
    summary="Create an API token (signed-in session with recent authentication only)",
)
def create_token(request: AuthenticatedHttpRequest, payload: ApiTokenIn):
    try:
        token, key = services.create_api_token(
            user=request.user,
            credential=Credential.of(request),
            name=payload.name,
            scope=payload.scope,
            days=payload.days,
        )
    except FieldError as error:
        raise ValidationError(
            [{"loc": ("body", "payload", error.field), "msg": error.message}]
        ) from error
    return Status(201, ApiTokenCreatedOut(token=_token_out(token), key=key))


@router.post(
    "/tokens/{token_id}/revoke",
    response={200: ApiTokenOut, 409: dict},
    summary="Revoke a token at once",
)
def revoke_token(request: AuthenticatedHttpRequest, token_id: Id):
    token = access.access_api_token(request.user, token_id)
    if not services.revoke_api_token(token=token):
        raise ApiError(409, "already_revoked", "This token was already revoked.")
    token.refresh_from_db()
    return Status(200, _token_out(token))

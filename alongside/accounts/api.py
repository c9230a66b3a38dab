from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from alongside.accounts import services
from alongside.accounts.roles import roles_of
from alongside.accounts.schemas import MembershipOut, MeOut, ProfilePatch

router = Router(tags=["accounts"])


def _me(request: HttpRequest) -> MeOut:
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
        language=user.language,
        country=user.country,
        pathways=user.pathways,
        has_mfa=roles.has_mfa,
        memberships=[
            MembershipOut(
                organization=m.organization.name,
                organization_slug=m.organization.slug,
                role=m.role,
            )
            for m in roles.memberships
        ],
    )


@router.get("/me", response=MeOut, summary="Your own profile and roles")
def get_me(request: HttpRequest) -> MeOut:
    return _me(request)


@router.patch("/me", response=MeOut, summary="Change your own profile")
def patch_me(request: HttpRequest, payload: ProfilePatch) -> MeOut:
    changes = payload.dict(exclude_unset=True)
    services.update_profile(user=request.user, **changes)
    return _me(request)

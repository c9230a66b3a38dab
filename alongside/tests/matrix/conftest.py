"""The matrix's thousands of requests read the same people and rows: they are built once per
module (testing.personas.rows_for_the_module); each test's own writes still roll back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from alongside.accounts.sensitive import Credential
from alongside.testing.authz import subjects_for
from alongside.testing.factories import worksheets_to_share
from alongside.testing.personas import Login


@pytest.fixture
def cast(db, module_cast: dict[str, Login]) -> dict[str, Login]:
    return module_cast


@pytest.fixture(scope="module")
def _module_subjects(module_cast: dict[str, Login], django_db_blocker) -> Iterator[dict]:
    from alongside.accounts import services

    with django_db_blocker.unblock():  # inside module_cast's transaction, rolled back with it
        member = module_cast["member"].user
        token, _key = services.create_api_token(
            user=member, name="phone", credential=Credential.for_setup(member)
        )
        yield {"member_token": token, **subjects_for(module_cast)}


@pytest.fixture
def subjects(db, _module_subjects: dict) -> dict:
    return _module_subjects


@pytest.fixture
def pending_counselor_invitations(cast: dict, subjects: dict) -> None:
    """The member shares everything with every counselor at Riverbend, and a counselor role at
    Riverbend waits for an answer from each pending invitee: offered to the facilitator (already
    in Riverbend, as the rules allow) and, arranged directly as the strongest case, to the
    outsider, whom the rules would refuse."""
    from alongside.accounts import services
    from alongside.accounts.models import Organization, Role, RoleInvitation
    from alongside.privacy.models import Scope
    from alongside.privacy.services import grant_access

    riverbend = Organization.objects.get(slug="riverbend")
    member = cast["member"].user
    grant_access(
        member=member,
        grantee_organization=riverbend,
        grantee_role=Role.COUNSELOR,
        scopes=list(Scope.values),
        worksheets=worksheets_to_share(member, Scope.values),
        purpose="care team",
        credential=Credential.for_setup(member),
    )
    services.offer_role(
        credential=Credential.for_setup(cast["org_admin"].user),
        organization=riverbend,
        email=cast["facilitator"].user.email,
        role=Role.COUNSELOR,
    )
    RoleInvitation.objects.create(
        organization=riverbend,
        email=cast["outsider"].user.email,
        role=Role.COUNSELOR,
        invitee=cast["outsider"].user,
        invited_by=cast["org_admin"].user,
    )

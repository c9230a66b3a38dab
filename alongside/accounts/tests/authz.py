"""Organization roles in the authorization matrix: invitations are their invitee's alone, an
organization's audit log and role changes are its admins' alone (everyone else: 404), and every
role change first asks for recent authentication.

The shell's own accounts pages (profile, tokens, people) are listed in
alongside/tests/matrix/.
"""

from __future__ import annotations

from alongside.testing.authz import NOT_FOUND, OK, REAUTH, REDIRECT, Route, everyone_but_anon

ROUTES = [
    Route("accounts:invitations", "/account/invitations/", everyone_but_anon()),
    Route(
        "accounts:invitation-accept",
        lambda s: f"/account/invitations/{s['role_invitation'].pk}/accept/",
        everyone_but_anon(member2=REAUTH),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "accounts:invitation-decline",
        lambda s: f"/account/invitations/{s['role_invitation'].pk}/decline/",
        everyone_but_anon(member2=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "accounts:organization-audit",
        "/account/organizations/riverbend/audit/",
        everyone_but_anon(org_admin=OK),
        default=NOT_FOUND,
    ),
    Route(
        "accounts:organization-invitation-withdraw",
        "/account/organizations/riverbend/invitations/withdraw/",
        everyone_but_anon(org_admin=REAUTH),
        default=NOT_FOUND,
        method="post",
        data={"email": "jordan@example.org", "role": "facilitator"},
    ),
    Route(
        "accounts:organization-role-end",
        lambda s: f"/account/organizations/riverbend/people/{s['ally_membership'].pk}/end/",
        everyone_but_anon(org_admin=REAUTH),
        default=NOT_FOUND,
        method="post",
    ),
]


def subjects(cast: dict) -> dict:
    """A facilitator role offered to the second member, and the ally's role at Riverbend."""
    from alongside.accounts import services
    from alongside.accounts.models import Membership, Organization, Role
    from alongside.accounts.sensitive import Credential

    riverbend = Organization.objects.get(slug="riverbend")
    invitation = services.offer_role(
        credential=Credential.for_setup(cast["org_admin"].user),
        organization=riverbend,
        email=cast["member2"].user.email,
        role=Role.FACILITATOR,
    )
    ally = Membership.objects.get(user=cast["ally"].user, organization=riverbend, role=Role.ALLY)
    return {"role_invitation": invitation, "ally_membership": ally}

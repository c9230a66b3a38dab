"""The cast: one believable organization with a person in every role, and an outsider.

The demo and the tests use this same cast, so what a newcomer clicks through is what the
tests check. Building it twice changes nothing (every row is found or created by a natural key).
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import transaction

from alongside.accounts.models import (
    Membership,
    Organization,
    OrganizationKind,
    Pathway,
    Role,
    User,
)
from alongside.accounts.roles import STAFF_ROLES
from alongside.lib import crypto

DEMO_PASSWORD = "walk-alongside-2026"


@dataclass(frozen=True)
class Person:
    key: str
    email: str
    first_name: str
    last_name: str
    role: Role
    time_zone: str
    pathways: tuple[str, ...] = ()
    handle: str = ""
    pronouns: str = ""
    organization: str = "riverbend"
    in_recovery: bool = False  # for roles other than member: in recovery themselves too


PEOPLE = [
    Person(
        "member",
        "maya@example.org",
        "Maya",
        "Okafor",
        Role.MEMBER,
        "America/Chicago",
        (Pathway.NA, Pathway.SMART),
        pronouns="she/her",
    ),
    Person(
        "member2",
        "jordan@example.org",
        "Jordan",
        "Reyes",
        Role.MEMBER,
        "America/Denver",
        (Pathway.MODERATION,),
        handle="JustJordan",
        pronouns="they/them",
    ),
    Person(
        "mentor",
        "sam@example.org",
        "Sam",
        "Whitaker",
        Role.MENTOR,
        "America/Chicago",
        (Pathway.NA,),
        pronouns="he/him",
        in_recovery=True,  # a sponsor in recovery himself: a mentor and a member both
    ),
    Person(
        "peer_specialist",
        "lena@example.org",
        "Lena",
        "Kowalski",
        Role.PEER_SPECIALIST,
        "America/Chicago",
        (Pathway.AA,),
    ),
    Person("counselor", "dr.chen@example.org", "Grace", "Chen", Role.COUNSELOR, "America/New_York"),
    Person(
        "facilitator",
        "theo@example.org",
        "Theo",
        "Brandt",
        Role.FACILITATOR,
        "America/Chicago",
        (Pathway.SMART,),
    ),
    Person(
        "house_manager",
        "rosa@example.org",
        "Rosa",
        "Delgado",
        Role.HOUSE_MANAGER,
        "America/Chicago",
        (Pathway.CELEBRATE,),
    ),
    Person("ally", "pat@example.org", "Pat", "Okafor", Role.ALLY, "America/Chicago"),
    Person(
        "org_admin",
        "admin@riverbend.example.org",
        "Dana",
        "Price",
        Role.ORG_ADMIN,
        "America/Chicago",
    ),
    Person(
        "outsider",
        "casey@elsewhere.example.org",
        "Casey",
        "Lund",
        Role.COUNSELOR,
        "Europe/London",
        organization="harbor",
    ),
]

ORGANIZATIONS = {
    "riverbend": ("Riverbend Recovery Community", OrganizationKind.RECOVERY_COMMUNITY, "US"),
    "harbor": ("Harbor Treatment Services", OrganizationKind.TREATMENT_PROVIDER, "GB"),
}


@dataclass
class Login:
    person: Person
    user: User
    totp_secret: str = ""
    recovery_code: str = ""


@transaction.atomic
def build_cast(*, with_mfa: bool = True, password: str = DEMO_PASSWORD) -> dict[str, Login]:
    """Create (or find) every persona. Staff get TOTP and recovery codes when `with_mfa`."""
    orgs = {
        slug: Organization.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "country": country}
        )[0]
        for slug, (name, kind, country) in ORGANIZATIONS.items()
    }
    logins: dict[str, Login] = {}
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                email=person.email,
                password=password,
                first_name=person.first_name,
                last_name=person.last_name,
                handle=person.handle,
                pronouns=person.pronouns,
                time_zone=person.time_zone,
                country=orgs[person.organization].country,
                pathways=list(person.pathways),
                in_recovery=person.in_recovery,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(
            user=user, organization=orgs[person.organization], role=person.role
        )
        login = Login(person=person, user=user)
        if with_mfa and person.role in STAFF_ROLES:
            login.totp_secret, login.recovery_code = _ensure_mfa(user)
        logins[person.key] = login
    return logins


def _ensure_mfa(user: User) -> tuple[str, str]:
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
    else:
        secret = crypto.decrypt(totp.data["secret"])
    codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    recovery = RecoveryCodes(codes) if codes else RecoveryCodes.activate(user)
    unused = recovery.get_unused_codes()
    return secret, unused[0] if unused else ""

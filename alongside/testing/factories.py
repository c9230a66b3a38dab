"""factory_boy factories for rows outside the fixed cast."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from alongside.accounts.models import Membership, Organization, OrganizationKind, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    time_zone = "America/Chicago"
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def verified(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganizationKind.RECOVERY_COMMUNITY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.MEMBER


def worksheets_to_share(member: User, scopes: list[str]) -> list[int]:
    """For a grant of `scopes`: a worksheet of the member's to name when the scopes include
    "worksheets" (such a grant names at least one), else nothing."""
    if "worksheets" not in scopes:
        return []
    from alongside.journey.services import save_worksheet

    sheet = save_worksheet(
        member=member, tool_key="step_work", answers={"step": "1", "writing": "in my words"}
    )
    return [sheet.pk]
